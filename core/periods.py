"""Reporting periods: calendar quarters, 6 and 9 months, years, and the Nghị định 09/2019 cut-off windows.

A period says *which* quarter/half/year a report covers; a window kind says which days of data
fall into it. Every report, dashboard and progress form asks this module, never does date sums itself.
"""
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class WindowKind(models.TextChoices):
    CALENDAR = "calendar", _("Theo quý dương lịch")
    ND09 = "nd09", _("Theo kỳ chốt số liệu của Nghị định 09/2019/NĐ-CP")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE = "nine", _("9 tháng")
    YEAR = "year", _("Năm")


# How many quarters, counted from Quý I, each longer period covers.
_QUARTERS_COVERED = {PeriodKind.HALF: 2, PeriodKind.NINE: 3, PeriodKind.YEAR: 4}


def quarter_of(day):
    """The calendar quarter (1–4) a day falls in."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    """First and last day of a calendar quarter."""
    if quarter not in ROMAN_QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    first = datetime.date(year, 3 * quarter - 2, 1)
    last = _month_end(year, 3 * quarter)
    return first, last


def _month_end(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _nd09_start(year, first_quarter):
    """The 15th of the month before the first month of the quarter (Quý I → 15/12 of the year before)."""
    month = 3 * first_quarter - 3
    if month == 0:
        return datetime.date(year - 1, 12, 15)
    return datetime.date(year, month, 15)


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    year: int
    kind: str = PeriodKind.QUARTER
    quarter: int | None = None

    def __post_init__(self):
        if self.kind not in PeriodKind.values:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.kind == PeriodKind.QUARTER:
            if self.quarter not in ROMAN_QUARTERS:
                raise ValueError(f"a quarter period needs a quarter 1–4, not {self.quarter!r}")
        elif self.quarter is not None:
            raise ValueError("only a quarter period has a quarter number")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"year {self.year} is out of range")

    @property
    def quarters(self):
        """The calendar quarters this period adds up (Quý I–II for 6 tháng)."""
        if self.kind == PeriodKind.QUARTER:
            return (self.quarter,)
        return tuple(range(1, _QUARTERS_COVERED[self.kind] + 1))

    @property
    def last_quarter(self):
        return self.quarters[-1]

    def window(self, window_kind=WindowKind.CALENDAR):
        """First and last day (both included) whose data this period reports."""
        first_quarter, last_quarter = self.quarters[0], self.quarters[-1]
        if window_kind == WindowKind.ND09:
            return _nd09_start(self.year, first_quarter), datetime.date(self.year, 3 * last_quarter, 14)
        return quarter_bounds(self.year, first_quarter)[0], quarter_bounds(self.year, last_quarter)[1]

    def contains(self, day, window_kind=WindowKind.CALENDAR):
        first, last = self.window(window_kind)
        return first <= day <= last

    @property
    def code(self):
        """Stable text form used in URLs and files: 2021-Q4, 2021-H1, 2021-9M, 2021."""
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.quarter}"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}-H1"
        if self.kind == PeriodKind.NINE:
            return f"{self.year}-9M"
        return str(self.year)

    @property
    def label(self):
        """How the period is written in a report title: Quý IV/2021, 6 tháng đầu năm 2021 …"""
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {ROMAN_QUARTERS[self.quarter]}/{self.year}"
        if self.kind == PeriodKind.HALF:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == PeriodKind.NINE:
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    def __str__(self):
        return self.label


def quarter_period(year, quarter):
    return ReportingPeriod(year, PeriodKind.QUARTER, quarter)


def period_of_day(day, window_kind=WindowKind.CALENDAR):
    """The quarter whose data a day belongs to (under ND09, 15/12/2021 is already Quý I/2022)."""
    if window_kind == WindowKind.ND09:
        if day.month == 12 and day.day >= 15:
            return quarter_period(day.year + 1, 1)
        quarter = quarter_of(day)
        if day.month == 3 * quarter and day.day >= 15:
            quarter += 1
        return quarter_period(day.year, quarter)
    return quarter_period(day.year, quarter_of(day))


_CODE = re.compile(r"^\s*(\d{4})(?:-(Q[1-4]|H1|9M))?\s*$", re.IGNORECASE)


def parse_period(code):
    """Read a period code (2021-Q2, 2021-H1, 2021-9M, 2021); raise ValueError on anything else."""
    match = _CODE.match(code or "")
    if not match:
        raise ValueError(f"not a reporting period: {code!r}")
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if not part:
        return ReportingPeriod(year, PeriodKind.YEAR)
    if part == "H1":
        return ReportingPeriod(year, PeriodKind.HALF)
    if part == "9M":
        return ReportingPeriod(year, PeriodKind.NINE)
    return quarter_period(year, int(part[1]))


def periods_of_year(year):
    """Every period a report can be asked for in one year, in the order a menu shows them."""
    return [
        *(quarter_period(year, q) for q in ROMAN_QUARTERS),
        ReportingPeriod(year, PeriodKind.HALF),
        ReportingPeriod(year, PeriodKind.NINE),
        ReportingPeriod(year, PeriodKind.YEAR),
    ]
