"""The national year report: the provinces' ISSUED reports of a year added up, never live data.

Each province's figures are the JSON frozen on its report when it was issued (Report.snapshot, reports/jsondoc.py),
so the national report does not move when a province edits its data afterwards; only a new issued version does.

Which report of a province counts, for year Y:
- its issued province-wide report ("year:" scope) of the whole year (period code "Y"), the latest version (one no
  other issued report supersedes);
- failing that, its latest issued province-wide report of a part of the year (9 tháng, Quý III, 6 tháng …, the
  one reaching furthest into the year, the longer one on a tie) stands in, so the country's figures are as
  complete as what has been issued: it is added up too but marked, and the province still counts as one that has
  not issued its year report. Quarterly reports are not summed: their "to date" figures already include the
  earlier quarters, and an activity's status is that at the end of the period.

Provinces expected to report for Y are those existing on 31/12/Y (Province.valid_on); a province merged into
another later is shown under the province that carries on its work today (Province.heir), as the national
dashboard does. Queries: provinces, and the issued reports of the year (with their snapshots, not their files).
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from activities.models import Status
from budgets.selectors import Money, WithMoney
from core.periods import parse_period
from plans.models import Province
from reports.models import Report

SCHEMA = "tgpl-national-report/1"
YEAR_SCOPE = "year:"


def period_codes(year):
    return [str(year), f"{year}-9M", f"{year}-H1", *(f"{year}-Q{q}" for q in (1, 2, 3, 4))]


def days_late(report):
    """Days from the end of the period's data window (under the report's own window kind) to its issue date."""
    period = parse_period(report.period_code)
    return (report.issued_on - period.window(report.window_kind)[1]).days


@dataclass
class UsedReport:
    """One province's issued report counted in the national report."""

    report: Report
    partial: bool  # a report of part of the year standing in for a missing year report

    @property
    def period_label(self):
        return parse_period(self.report.period_code).label

    @property
    def days_late(self):
        return days_late(self.report)


@dataclass
class IssuedFigures(WithMoney):
    """A current province's frozen figures: the sum of the reports counted for it (its own and its predecessors')."""

    province: Province | None
    merged: list = field(default_factory=list)
    used: list = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)
    overdue: int = 0
    targets: int = 0
    targets_reached: int = 0
    money: Money = field(default_factory=Money)

    @property
    def activities(self):
        return sum(self.status_counts.values())

    @property
    def done(self):
        return self.status_counts.get(Status.DONE, 0)

    def add_snapshot(self, snapshot):
        for status, count in snapshot["status_counts"].items():
            self.status_counts[status] = self.status_counts.get(status, 0) + count
        self.money.add(Money(**{key: snapshot["totals"][key] for key in
                                ("planned", "allocated", "spent_in_period", "spent_to_date")}))
        for plan in snapshot["plans"]:
            for activity in plan["activities"]:
                if activity["kind"] != "activity":
                    continue
                self.overdue += bool(activity["overdue"])
                self.targets += len(activity["targets"])
                self.targets_reached += sum(1 for target in activity["targets"] if target["reached"])

    def add(self, other):
        for status, count in other.status_counts.items():
            self.status_counts[status] = self.status_counts.get(status, 0) + count
        self.money.add(other.money)
        self.overdue += other.overdue
        self.targets += other.targets
        self.targets_reached += other.targets_reached


@dataclass
class Missing:
    """A province that had to report for the year and has not issued its year report."""

    province: Province
    heir: Province | None  # the province it is counted under today, when merged since
    stand_in: UsedReport | None  # the part-year report counted instead, if any


@dataclass
class NationalYearReport:
    year: int
    rows: list
    total: IssuedFigures
    missing: list
    expected: int

    @property
    def issued_count(self):
        return self.expected - len(self.missing)


def _ranked(report):
    period = parse_period(report.period_code)
    return (period.last_quarter, len(period.quarters), report.version, report.issued_at)


def latest_issued(reports):
    """The issued reports a newer issued version does not supersede."""
    superseded = {report.supersedes_id for report in reports if report.supersedes_id}
    return [report for report in reports if report.pk not in superseded]


def national_year_report(year):
    """The NationalYearReport of `year` from the provinces' issued reports (two queries)."""
    provinces = list(Province.objects.order_by("name"))
    expected_ids = {p.pk for p in provinces if _exists_on(p, datetime.date(year, 12, 31))}
    by_pk = {p.pk: p for p in provinces}
    heir = {p.pk: p.heir_id or p.pk for p in provinces}
    rows = {p.pk: IssuedFigures(p) for p in provinces if p.heir_id is None}
    for province in provinces:
        if province.heir_id in rows and province.pk in expected_ids:
            rows[province.heir_id].merged.append(province)

    issued = Report.objects.filter(
        state=Report.State.ISSUED, year=year, scope_code__startswith=YEAR_SCOPE, period_code__in=period_codes(year),
    ).only("pk", "province", "number", "issued_on", "issued_at", "period_code", "window_kind", "version",
           "supersedes", "snapshot").order_by("pk")
    by_province = defaultdict(list)
    for report in latest_issued(list(issued)):
        by_province[report.province_id].append(report)

    missing = []
    for province in provinces:
        if province.pk not in expected_ids:
            continue
        candidates = sorted(by_province.get(province.pk, []), key=_ranked, reverse=True)
        whole = [r for r in candidates if r.period_code == str(year)]
        used = UsedReport(whole[0], False) if whole else (UsedReport(candidates[0], True) if candidates else None)
        if used is None or used.partial:
            missing.append(Missing(province, by_pk.get(province.heir_id), used))
        if used is None:
            continue
        row = rows[heir[province.pk]]
        used.report.province = province
        row.used.append(used)
        row.add_snapshot(used.report.snapshot)

    result = [row for row in sorted(rows.values(), key=lambda row: row.province.name)
              if row.province.pk in expected_ids or row.merged or row.used]
    total = IssuedFigures(None)
    for row in result:
        total.add(row)
    return NationalYearReport(year=year, rows=result, total=total, missing=missing, expected=len(expected_ids))


def _exists_on(province, day):
    """plans.models.valid_on_q for a loaded province."""
    return (province.valid_from is None or province.valid_from <= day) and (
        province.valid_to is None or province.valid_to > day)


def issued_by_quarter(year, rows):
    """{current province pk: [(period label, days late, province name if a predecessor's)]} of the province-wide
    reports issued for `year`: the first issue of each period (a later correction does not make it later).

    One query whatever the number of provinces; `rows` are national_figures rows (a province and `merged`)."""
    owner = {}
    for row in rows:
        owner[row.province.pk] = (row.province.pk, None)
        for merged in row.merged:
            owner[merged.pk] = (row.province.pk, merged.name)
    first = {}
    reports = Report.objects.filter(state=Report.State.ISSUED, year=year, scope_code__startswith=YEAR_SCOPE,
                                    period_code__in=period_codes(year)).values_list(
        "province_id", "period_code", "window_kind", "issued_on")
    for province_id, code, window_kind, issued_on in reports:
        key = (province_id, code)
        if key not in first or issued_on < first[key][1]:
            first[key] = (window_kind, issued_on)
    order = {code: index for index, code in enumerate(
        [f"{year}-Q1", f"{year}-Q2", f"{year}-H1", f"{year}-Q3", f"{year}-9M", f"{year}-Q4", str(year)])}
    cells = defaultdict(list)
    for (province_id, code), (window_kind, issued_on) in sorted(first.items(), key=lambda item: order[item[0][1]]):
        if province_id not in owner:
            continue
        pk, name = owner[province_id]
        period = parse_period(code)
        cells[pk].append((period.label, (issued_on - period.window(window_kind)[1]).days, name))
    return dict(cells)
