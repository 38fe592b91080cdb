"""Reporting periods at every boundary day, calendar and Nghị định 09/2019 windows."""
import datetime

import pytest

from core.periods import (
    PeriodKind,
    ReportingPeriod,
    WindowKind,
    parse_period,
    period_of_day,
    periods_of_year,
    quarter_bounds,
    quarter_period,
)

D = datetime.date
CAL, ND09 = WindowKind.CALENDAR, WindowKind.ND09


@pytest.mark.parametrize("code, window, first, last", [
    ("2021-Q1", CAL, D(2021, 1, 1), D(2021, 3, 31)),
    ("2021-Q2", CAL, D(2021, 4, 1), D(2021, 6, 30)),
    ("2021-Q3", CAL, D(2021, 7, 1), D(2021, 9, 30)),
    ("2021-Q4", CAL, D(2021, 10, 1), D(2021, 12, 31)),
    ("2021-H1", CAL, D(2021, 1, 1), D(2021, 6, 30)),
    ("2021-9M", CAL, D(2021, 1, 1), D(2021, 9, 30)),
    ("2021", CAL, D(2021, 1, 1), D(2021, 12, 31)),
    ("2021-Q1", ND09, D(2020, 12, 15), D(2021, 3, 14)),
    ("2021-Q2", ND09, D(2021, 3, 15), D(2021, 6, 14)),
    ("2021-Q3", ND09, D(2021, 6, 15), D(2021, 9, 14)),
    ("2021-Q4", ND09, D(2021, 9, 15), D(2021, 12, 14)),
    ("2021-H1", ND09, D(2020, 12, 15), D(2021, 6, 14)),
    ("2021-9M", ND09, D(2020, 12, 15), D(2021, 9, 14)),
    ("2021", ND09, D(2020, 12, 15), D(2021, 12, 14)),
    ("2024-Q1", CAL, D(2024, 1, 1), D(2024, 3, 31)),
])
def test_window_and_every_boundary_day(code, window, first, last):
    period = parse_period(code)
    assert period.window(window) == (first, last)
    one = datetime.timedelta(days=1)
    assert period.contains(first, window) and period.contains(last, window)
    assert not period.contains(first - one, window)
    assert not period.contains(last + one, window)


@pytest.mark.parametrize("day, window, code", [
    (D(2021, 3, 31), CAL, "2021-Q1"),
    (D(2021, 4, 1), CAL, "2021-Q2"),
    (D(2021, 12, 31), CAL, "2021-Q4"),
    (D(2021, 3, 14), ND09, "2021-Q1"),
    (D(2021, 3, 15), ND09, "2021-Q2"),
    (D(2021, 6, 14), ND09, "2021-Q2"),
    (D(2021, 6, 15), ND09, "2021-Q3"),
    (D(2021, 9, 15), ND09, "2021-Q4"),
    (D(2021, 12, 14), ND09, "2021-Q4"),
    (D(2021, 12, 15), ND09, "2022-Q1"),
    (D(2022, 1, 1), ND09, "2022-Q1"),
])
def test_period_of_day_matches_the_windows(day, window, code):
    period = period_of_day(day, window)
    assert period.code == code
    assert period.contains(day, window)


def test_every_day_of_a_year_falls_in_exactly_one_quarter_of_each_kind():
    day = D(2020, 12, 1)
    while day < D(2022, 1, 31):
        for window in (CAL, ND09):
            holders = [q for y in (2020, 2021, 2022) for q in range(1, 5) if quarter_period(y, q).contains(day, window)]
            assert len(holders) == 1, (day, window)
        day += datetime.timedelta(days=1)


def test_labels_codes_and_quarters():
    assert quarter_period(2021, 4).label == "Quý IV/2021"
    assert ReportingPeriod(2021, PeriodKind.HALF).label == "6 tháng đầu năm 2021"
    assert ReportingPeriod(2021, PeriodKind.NINE).label == "9 tháng đầu năm 2021"
    assert ReportingPeriod(2021, PeriodKind.YEAR).label == "năm 2021"
    assert ReportingPeriod(2021, PeriodKind.NINE).quarters == (1, 2, 3)
    assert [p.code for p in periods_of_year(2021)] == [
        "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2021-H1", "2021-9M", "2021",
    ]
    assert all(parse_period(p.code) == p for p in periods_of_year(2021))


@pytest.mark.parametrize("bad", ["", "2021-Q5", "2021-Q0", "21-Q1", "2021-H2", "quý 1", None])
def test_bad_codes_raise_value_error(bad):
    with pytest.raises(ValueError):
        parse_period(bad)


def test_bad_periods_are_refused():
    with pytest.raises(ValueError):
        ReportingPeriod(2021, PeriodKind.QUARTER, 5)
    with pytest.raises(ValueError):
        ReportingPeriod(2021, PeriodKind.YEAR, 1)
    with pytest.raises(ValueError):
        quarter_bounds(2021, 0)
