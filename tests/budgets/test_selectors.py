"""The one definition of each money figure (budgets/selectors.py): baskets by fiscal year, the windows of
"spent in the period" and "spent to date" (calendar and Nghị định 09/2019), remaining and the execution rate."""
import datetime

import pytest
from django.contrib.auth import get_user_model

from activities.models import Activity, ProgressUpdate
from budgets.models import BudgetLine, Expenditure
from budgets.selectors import (
    FIGURES,
    Money,
    MoneyWindows,
    YearBasis,
    line_basis,
    line_fiscal_year,
    lines_with_spending,
    spending_by_line,
    year_start,
)
from core import archive
from core.periods import WindowKind, parse_period
from plans.models import Plan
from tests.factories import make_plan, make_province

D = datetime.date


def test_remaining_and_rate_are_on_the_allocated_base():
    money = Money(planned=100, allocated=80, spent_in_period=10, spent_to_date=60)
    assert money.remaining == 20 and money.execution_rate == 75
    assert Money(planned=100, allocated=0, spent_to_date=5).execution_rate is None
    assert Money(allocated=10, spent_to_date=15).remaining == -5  # spent more than granted: shown, not hidden
    assert (money + money).as_dict() == {"planned": 200, "allocated": 160, "spent_in_period": 20,
                                         "spent_to_date": 120, "remaining": 40}


def test_every_figure_has_one_label_and_a_meaning():
    labels = [str(figure.label) for figure in FIGURES.values()]
    assert labels == ["Kinh phí kế hoạch", "Kinh phí được cấp", "Chi trong kỳ", "Lũy kế đã chi", "Còn lại",
                      "Tỷ lệ giải ngân"]
    assert len(set(labels)) == len(labels)
    legend = dict(MoneyWindows.of(parse_period("2021-Q3")).legend())
    assert "năm ngân sách 2021" in legend["Kinh phí kế hoạch"] and "chưa được cấp" in legend["Kinh phí kế hoạch"]
    assert "trong Quý III/2021 (từ 01/07/2021 đến 30/09/2021)" in legend["Chi trong kỳ"]
    assert "lũy kế từ 01/01/2021 đến 30/09/2021" in legend["Lũy kế đã chi"]


@pytest.mark.parametrize("code, kind, period, to_date", [
    ("2021-Q3", WindowKind.CALENDAR, (D(2021, 7, 1), D(2021, 9, 30)), (D(2021, 1, 1), D(2021, 9, 30))),
    ("2021-Q1", WindowKind.CALENDAR, (D(2021, 1, 1), D(2021, 3, 31)), (D(2021, 1, 1), D(2021, 3, 31))),
    ("2021-H1", WindowKind.CALENDAR, (D(2021, 1, 1), D(2021, 6, 30)), (D(2021, 1, 1), D(2021, 6, 30))),
    ("2021", WindowKind.CALENDAR, (D(2021, 1, 1), D(2021, 12, 31)), (D(2021, 1, 1), D(2021, 12, 31))),
    # Nghị định 09/2019: the fiscal year's data start on 15/12 of the year before; a quarter ends on the 14th.
    ("2021-Q3", WindowKind.ND09, (D(2021, 6, 15), D(2021, 9, 14)), (D(2020, 12, 15), D(2021, 9, 14))),
    ("2021-Q1", WindowKind.ND09, (D(2020, 12, 15), D(2021, 3, 14)), (D(2020, 12, 15), D(2021, 3, 14))),
    ("2021-9M", WindowKind.ND09, (D(2020, 12, 15), D(2021, 9, 14)), (D(2020, 12, 15), D(2021, 9, 14))),
])
def test_windows_of_each_figure(code, kind, period, to_date):
    windows = MoneyWindows.of(parse_period(code), kind)
    assert (windows.fiscal_year, windows.period, windows.to_date) == (2021, period, to_date)
    assert windows.to_date_caption == f"lũy kế từ {to_date[0]:%d/%m/%Y} đến {to_date[1]:%d/%m/%Y}"


def test_year_start():
    assert year_start(2021) == D(2021, 1, 1) and year_start(2021, WindowKind.ND09) == D(2020, 12, 15)


class _Plan:
    def __init__(self, start_year, end_year=None, open_ended=False):
        self.start_year, self.end_year, self.open_ended = start_year, end_year, open_ended


class _Line:
    def __init__(self, fiscal_year):
        self.fiscal_year = fiscal_year


@pytest.mark.parametrize("plan, fiscal_year, basis_2021, counts_in", [
    (_Plan(2021), 2021, YearBasis.IN_YEAR, 2021),
    (_Plan(2021), None, YearBasis.IN_YEAR, 2021),  # a single-year plan gives its year
    (_Plan(2021, 2021), None, YearBasis.IN_YEAR, 2021),
    (_Plan(2021), 2022, YearBasis.OTHER_YEAR, 2022),  # the line's own year wins
    (_Plan(2021, 2025), None, YearBasis.NOT_ASSIGNED, None),  # several years: not assigned to one
    (_Plan(2021, open_ended=True), None, YearBasis.NOT_ASSIGNED, None),
    (_Plan(2021, 2025), 2021, YearBasis.IN_YEAR, 2021),
    (_Plan(2020), None, YearBasis.OTHER_YEAR, 2020),
])
def test_which_year_a_line_counts_in(plan, fiscal_year, basis_2021, counts_in):
    line = _Line(fiscal_year)
    assert line_fiscal_year(line, plan) == counts_in
    assert line_basis(line, plan, 2021) == basis_2021


@pytest.fixture
def spending_world():
    province, department, centre, _branch = make_province()
    user = get_user_model().objects.create_user("chi", password="x" * 12)
    plan = make_plan(province, centre, status=Plan.Status.ISSUED, start_year=2021)
    activity = Activity.objects.create(plan=plan, title="In tờ gấp")
    line = BudgetLine.objects.create(activity=activity, amount=10_000_000, fiscal_year=2021)
    update = ProgressUpdate.objects.create(activity=activity, unit=centre, year=2021, quarter=3, status="in_progress",
                                           author=user)
    for day, amount in [(D(2020, 12, 20), 1), (D(2021, 2, 1), 10), (D(2021, 6, 20), 100), (D(2021, 8, 1), 1000),
                        (D(2021, 9, 20), 10_000), (D(2022, 1, 5), 100_000)]:
        Expenditure.objects.create(budget_line=line, amount=amount, spent_on=day, recorded_by=user,
                                   progress_update=update if day == D(2021, 8, 1) else None)
    return plan, activity, line, update, user


@pytest.mark.django_db
def test_spending_by_line_counts_each_window(spending_world):
    plan, _activity, line, update, user = spending_world
    q3 = parse_period("2021-Q3")
    assert spending_by_line(MoneyWindows.of(q3), plan_ids=[plan.pk]) == {line.pk: (11_000, 11_110)}
    # Under ND09, Quý III runs 15/06–14/09 and the year from 15/12/2020.
    assert spending_by_line(MoneyWindows.of(q3, WindowKind.ND09), plan_ids=[plan.pk]) == {line.pk: (1_100, 1_111)}
    # The four quarters add up to the year.
    quarters = [spending_by_line(MoneyWindows.of(parse_period(f"2021-Q{q}")), plan_ids=[plan.pk])[line.pk][0]
                for q in range(1, 5)]
    assert sum(quarters) == spending_by_line(MoneyWindows.of(parse_period("2021")), plan_ids=[plan.pk])[line.pk][1]
    # An archived update's spending stops counting; so does everything on an archived line.
    archive.archive(update, user=user)
    assert spending_by_line(MoneyWindows.of(q3), plan_ids=[plan.pk]) == {line.pk: (10_000, 10_110)}
    archive.archive(line, user=user)
    assert spending_by_line(MoneyWindows.of(q3), plan_ids=[plan.pk]) == {}


@pytest.mark.django_db
def test_lines_with_spending_runs_from_the_lines_year_to_today(spending_world):
    _plan, activity, _line, _update, _user = spending_world
    activity = Activity.objects.select_related("plan").get(pk=activity.pk)
    [line] = lines_with_spending(activity, today=D(2021, 9, 30))
    assert line.money.spent_to_date == 11_110 and line.money.remaining == 10_000_000 - 11_110
    [line] = lines_with_spending(activity, today=D(2022, 6, 30))
    assert line.money.spent_to_date == 111_110  # spent on the 2021 line after its year: still on the line
    [line] = lines_with_spending(activity, today=D(2021, 9, 30), window_kind=WindowKind.ND09)
    assert line.money.spent_to_date == 11_111
