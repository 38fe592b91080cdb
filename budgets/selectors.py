"""Reads of money, and the one definition of every money figure a page, the dashboard or a report shows.

For a report of fiscal year Y and one of its periods (core.periods), each budget line of the report's activities
falls into one of three baskets (`line_basis`):

- in year Y: its fiscal year is Y, or it has none and its plan covers the single year Y;
- not assigned to a year: it has no fiscal year and its plan runs several years (or open-ended); such lines
  are shown apart ("chưa xác định năm ngân sách") and never enter the year's figures;
- another year: left out of this year's report (it belongs to that year's).

The figures of a set of lines (`Money`), all integer đồng:

- planned ("Kinh phí kế hoạch"): the amounts of the lines, granted or not;
- allocated ("Kinh phí được cấp"): the amounts of the lines marked granted (`allocated`);
- spent in the period ("Chi trong kỳ"): spending on the lines dated inside the period's window;
- spent to date ("Lũy kế đã chi"): spending on the lines dated from the first day of the fiscal year's window
  (01/01/Y, or 15/12/Y-1 under the Nghị định 09/2019 cut-off) to the last day of the period's window;
- remaining ("Còn lại") = allocated − spent to date (negative when more was spent than granted);
- execution rate ("Tỷ lệ giải ngân") = spent to date / allocated, none when nothing was granted.

Spending counts only while neither its budget line nor the progress update that recorded it is archived
(`Expenditure.objects.counted()`, built on `core.archive.live`), the one filter for archived rows.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import Expenditure
from core.archive import live
from core.formatting import format_date
from core.periods import PeriodKind, ReportingPeriod, WindowKind


@dataclass(frozen=True)
class Figure:
    key: str
    label: object  # the column heading, the same in every page and document
    meaning: object  # one sentence for the legend; placeholders filled from MoneyWindows.placeholders()


FIGURES = {figure.key: figure for figure in (
    Figure("planned", gettext_lazy("Kinh phí kế hoạch"), gettext_lazy(
        "tổng số tiền các dòng kinh phí của năm ngân sách %(year)s, kể cả dòng chưa được cấp.")),
    Figure("allocated", gettext_lazy("Kinh phí được cấp"), gettext_lazy(
        "phần kinh phí kế hoạch của năm %(year)s đã được cấp (dòng kinh phí đánh dấu “đã được cấp”).")),
    Figure("spent_in_period", gettext_lazy("Chi trong kỳ"), gettext_lazy(
        "số đã chi %(period)s.")),
    Figure("spent_to_date", gettext_lazy("Lũy kế đã chi"), gettext_lazy(
        "số đã chi %(to_date)s (từ đầu năm ngân sách đến hết kỳ báo cáo).")),
    Figure("remaining", gettext_lazy("Còn lại"), gettext_lazy(
        "kinh phí được cấp trừ lũy kế đã chi; số âm là đã chi quá số được cấp.")),
    Figure("execution_rate", gettext_lazy("Tỷ lệ giải ngân"), gettext_lazy(
        "lũy kế đã chi chia cho kinh phí được cấp (để trống khi chưa được cấp đồng nào).")),
)}
MONEY_KEYS = ("planned", "allocated", "spent_in_period", "spent_to_date", "remaining")


def label(key):
    """The heading of one figure, as every page and document writes it."""
    return str(FIGURES[key].label)


def figure_labels():
    """{key: heading} of every figure, for templates (`{{ labels.spent_to_date }}`)."""
    return {key: str(figure.label) for key, figure in FIGURES.items()}


@dataclass
class Money:
    """The figures of a set of budget lines, in đồng."""

    planned: int = 0
    allocated: int = 0
    spent_in_period: int = 0
    spent_to_date: int = 0

    @property
    def remaining(self):
        return self.allocated - self.spent_to_date

    @property
    def execution_rate(self):
        """Per cent (a float), or None when nothing was granted."""
        return 100 * self.spent_to_date / self.allocated if self.allocated else None

    def add(self, other):
        """Add another set's figures to this one (in place) and return it."""
        self.planned += other.planned
        self.allocated += other.allocated
        self.spent_in_period += other.spent_in_period
        self.spent_to_date += other.spent_to_date
        return self

    def __add__(self, other):
        return Money().add(self).add(other)

    def __bool__(self):
        return bool(self.planned or self.allocated or self.spent_in_period or self.spent_to_date)

    def as_dict(self):
        """The money figures as integer đồng (the rate is left to the reader: spent_to_date / allocated)."""
        return {key: getattr(self, key) for key in MONEY_KEYS}


class WithMoney:
    """Rows that carry a `money` attribute read its figures directly: `row.planned`, `row.remaining` …"""

    planned = property(lambda self: self.money.planned)
    allocated = property(lambda self: self.money.allocated)
    spent_in_period = property(lambda self: self.money.spent_in_period)
    spent_to_date = property(lambda self: self.money.spent_to_date)
    remaining = property(lambda self: self.money.remaining)
    execution_rate = property(lambda self: self.money.execution_rate)


def year_start(year, window_kind=WindowKind.CALENDAR):
    """First day of fiscal year `year`'s data: 01/01/Y, or 15/12/Y-1 under the Nghị định 09/2019 cut-off."""
    return ReportingPeriod(year, PeriodKind.YEAR).window(window_kind)[0]


@dataclass(frozen=True)
class MoneyWindows:
    """Which year and which days each figure of a report covers."""

    fiscal_year: int
    period_label: str  # "Quý III/2021"
    period: tuple  # (first, last) of "spent in the period"
    to_date: tuple  # (first, last) of "spent to date"

    @classmethod
    def of(cls, period, window_kind=WindowKind.CALENDAR):
        first, last = period.window(window_kind)
        return cls(period.year, period.label, (first, last), (year_start(period.year, window_kind), last))

    @property
    def period_caption(self):
        """"trong Quý III/2021 (từ 01/07/2021 đến 30/09/2021)"."""
        first, last = self.period
        return _("trong %(period)s (từ %(first)s đến %(last)s)") % {
            "period": self.period_label, "first": format_date(first), "last": format_date(last)}

    @property
    def to_date_caption(self):
        """"lũy kế từ 01/01/2021 đến 30/09/2021"."""
        first, last = self.to_date
        return _("lũy kế từ %(first)s đến %(last)s") % {"first": format_date(first), "last": format_date(last)}

    @property
    def year_caption(self):
        return _("năm ngân sách %(year)s") % {"year": self.fiscal_year}

    def legend(self):
        """[(label, meaning)] of every figure, with this report's year and days filled in."""
        values = {"year": self.fiscal_year, "period": self.period_caption, "to_date": self.to_date_caption}
        return [(str(figure.label), str(figure.meaning) % values) for figure in FIGURES.values()]


class YearBasis:
    IN_YEAR = "in_year"
    NOT_ASSIGNED = "not_assigned"
    OTHER_YEAR = "other_year"


def plan_single_year(plan):
    """The one year a plan covers, or None for a plan of several years or with no end."""
    if plan.open_ended:
        return None
    if plan.end_year is None or plan.end_year == plan.start_year:
        return plan.start_year
    return None


def line_fiscal_year(line, plan):
    """The fiscal year a line counts in: its own, else its single-year plan's, else None (not assigned)."""
    return line.fiscal_year if line.fiscal_year is not None else plan_single_year(plan)


def line_basis(line, plan, year):
    """Which basket the line falls into for a report of fiscal year `year` (see the module docstring)."""
    fiscal_year = line_fiscal_year(line, plan)
    if fiscal_year is None:
        return YearBasis.NOT_ASSIGNED
    return YearBasis.IN_YEAR if fiscal_year == year else YearBasis.OTHER_YEAR


def line_money(line, spending):
    """The figures of one line, given `spending` = {line id: (spent in period, spent to date)}."""
    in_period, to_date = spending.get(line.pk, (0, 0))
    return Money(planned=line.amount, allocated=line.amount if line.allocated else 0,
                 spent_in_period=in_period, spent_to_date=to_date)


def spending_by_line(windows, *, plan_ids):
    """{budget line id: (spent in the period, spent to date)} for the lines of the plans, in one query.

    Only counted spending (neither the line, its activity, nor the recording update archived) dated inside
    the to-date window; lines with nothing spent there are absent.
    """
    first, last = windows.to_date
    rows = (
        Expenditure.objects.counted().filter(live("budget_line__activity"))
        .filter(budget_line__activity__plan__in=plan_ids, spent_on__gte=first, spent_on__lte=last)
        .values("budget_line")
        .annotate(to_date=Sum("amount"), in_period=Sum("amount", filter=Q(spent_on__gte=windows.period[0])))
    )
    return {row["budget_line"]: (row["in_period"] or 0, row["to_date"]) for row in rows}


def spent_by_line(line_ids):
    """{budget line id: đồng spent, whenever}, for the lines that have counted spending.

    Not a report figure: the check that a new expenditure does not exceed its line's amount.
    """
    rows = (Expenditure.objects.counted().filter(budget_line_id__in=line_ids)
            .values("budget_line_id").annotate(total=Sum("amount")))
    return {row["budget_line_id"]: row["total"] for row in rows}


def activity_expenditures(activity):
    """Every expenditure on the activity's budget lines or recorded by its progress updates (archived lines and
    updates included), with its budget line and `counts` (`Expenditure.objects.counted()`), in the model's
    order; one query, for a page that both lists them and sums them (`lines_with_spending`)."""
    counts = ExpressionWrapper(live("budget_line", "progress_update"), output_field=BooleanField())
    # The two ways in as a union of ids: an OR across the two joins makes PostgreSQL join every expenditure of the
    # database (100 ms with the country's 190,000) where each side alone is an index look-up (3 ms).
    ids = Expenditure.objects.filter(budget_line__activity=activity).values("pk").union(
        Expenditure.objects.filter(progress_update__activity=activity).values("pk"))
    return list(Expenditure.objects.filter(pk__in=ids).select_related("budget_line").annotate(counts=counts))


def lines_with_spending(activity, *, today, window_kind=WindowKind.CALENDAR, expenditures=None):
    """The activity's live lines with their source, each carrying `money` (a Money) and `fiscal_year_used`.

    Without a reporting period (the activity page, the progress form) "spent to date" runs from the start of
    the line's fiscal year to `today`; a line not assigned to a year counts everything spent up to today.
    "Spent in the period" is not shown there and stays 0. Two queries, or one given the activity's
    `activity_expenditures`.
    """
    plan = activity.plan
    lines = list(activity.budget_lines.select_related("funding_source"))
    line_ids = [line.pk for line in lines]
    by_day = defaultdict(list)
    if expenditures is None:
        rows = (Expenditure.objects.counted().filter(budget_line__in=line_ids, spent_on__lte=today)
                .values_list("budget_line", "spent_on").annotate(total=Sum("amount")))
    else:
        totals = defaultdict(int)
        for expenditure in expenditures:
            if expenditure.counts and expenditure.budget_line_id in line_ids and expenditure.spent_on <= today:
                totals[expenditure.budget_line_id, expenditure.spent_on] += expenditure.amount
        rows = [(line_id, day, total) for (line_id, day), total in totals.items()]
    for row in rows:
        by_day[row[0]].append((row[1], row[2]))
    for line in lines:
        line.fiscal_year_used = line_fiscal_year(line, plan)
        first = year_start(line.fiscal_year_used, window_kind) if line.fiscal_year_used else datetime.date.min
        spent = sum(total for day, total in by_day[line.pk] if day >= first)
        line.money = Money(planned=line.amount, allocated=line.amount if line.allocated else 0, spent_to_date=spent)
        line.spent_from = first if line.fiscal_year_used else None
    return lines
