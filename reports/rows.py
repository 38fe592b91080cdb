"""The quarterly progress and cost report, built once as plain rows.

The HTML preview, the PDF and the Excel workbook are all drawn from one `Report`; none of them
queries or sums on its own, so their totals cannot disagree. A fixed number of queries per report.
"""
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import FINISHED_STATUSES, Activity, ProgressUpdate, Status
from budgets.models import BudgetLine, Expenditure, FundingSource
from core.numbering import number_nodes, ordered_tree
from core.periods import WindowKind
from plans.models import Plan, Province, Unit


class ScopeError(ValueError):
    """A scope that does not name something the user may report on."""


@dataclass(frozen=True)
class Scope:
    """What a report covers: one plan, all plans of a year in a province, or one unit's work."""

    kind: str  # "plan" | "year" | "unit"
    province: object
    plan: object = None
    unit: object = None
    year: int | None = None

    @property
    def code(self):
        if self.kind == "plan":
            return f"plan:{self.plan.pk}"
        if self.kind == "unit":
            return f"unit:{self.unit.pk}"
        return f"year:{self.year}:{self.province.code}"

    @property
    def label(self):
        if self.kind == "plan":
            return self.plan.number or self.plan.title
        if self.kind == "unit":
            return self.unit.name
        return _("Các kế hoạch năm %(year)s") % {"year": self.year}


def parse_scope(text, plans, *, year=None):
    """Read "plan:19/KH-TGPL" / "plan:ID", "year:2021", "unit:ID" against the plans a user may see.

    `plans` is the user's `Plan.objects.for_user(user)`; anything outside it is a ScopeError (→ 404).
    """
    kind, _sep, value = (text or "").partition(":")
    value = value.strip()
    if kind == "plan":
        match = plans.filter(pk=int(value)) if value.isdigit() else plans.filter(number=value)
        plan = match.select_related("province", "issuing_unit__parent").first()
        if plan is None:
            raise ScopeError(_("Không tìm thấy kế hoạch %(value)s.") % {"value": value})
        return Scope("plan", plan.province, plan=plan, year=year)
    if kind == "year" and re.fullmatch(r"\d{4}(:[-\w]+)?", value):
        value, _sep, province_code = value.partition(":")
        if province_code:
            plans = plans.filter(province__code=province_code)
        province_ids = set(plans.values_list("province", flat=True))
        if len(province_ids) != 1:
            raise ScopeError(_("Báo cáo theo năm cần đúng một tỉnh."))
        return Scope("year", Province.objects.get(pk=province_ids.pop()), year=int(value))
    if kind == "unit" and value.isdigit():
        unit = Unit.objects.filter(pk=int(value), province__in=plans.values("province")).select_related(
            "province", "parent"
        ).first()
        if unit is None:
            raise ScopeError(_("Không tìm thấy đơn vị %(value)s.") % {"value": value})
        return Scope("unit", unit.province, unit=unit, year=year)
    raise ScopeError(_("Phạm vi báo cáo phải có dạng plan:SỐ, year:NĂM hoặc unit:MÃ."))


@dataclass
class Row:
    """One line of the appendix table (a heading or an activity)."""

    number: str
    title: str
    depth: int
    is_section: bool
    lead: str = ""
    coordinating: str = ""
    timeframe: str = ""
    status: str = ""
    status_label: str = ""
    result: str = ""
    planned: int = 0
    spent: int = 0
    note: str = ""
    overdue: bool = False
    activity_id: int | None = None
    due: datetime.date | None = None


@dataclass
class PlanBlock:
    plan: object
    rows: list
    planned: int = 0
    spent: int = 0


@dataclass
class SourceLine:
    name: str
    planned: int = 0
    allocated: int = 0
    spent_in_period: int = 0
    spent: int = 0

    @property
    def remaining(self):
        return self.planned - self.spent

    @property
    def rate(self):
        """Execution rate: spent so far against what was allocated (None when nothing was)."""
        return 100 * self.spent / self.allocated if self.allocated else None


@dataclass
class Report:
    scope: Scope
    period: object
    window_kind: str
    window: tuple
    blocks: list
    by_source: list
    by_unit: list
    status_counts: dict
    difficulties: list
    proposals: list
    issued_on: datetime.date
    totals: SourceLine = field(default_factory=lambda: SourceLine(_("Tổng cộng")))

    @property
    def rows(self):
        return [row for block in self.blocks for row in block.rows]

    @property
    def activity_count(self):
        return sum(self.status_counts.values())

    @property
    def done_count(self):
        return self.status_counts.get(Status.DONE, 0)

    @property
    def window_label(self):
        first, last = self.window
        if self.window_kind == WindowKind.ND09:
            return _("Số liệu tính từ ngày %(first)s đến ngày %(last)s (theo Nghị định 09/2019/NĐ-CP)") % {
                "first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
        return _("Số liệu tính từ ngày %(first)s đến ngày %(last)s") % {
            "first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}


def _plans_in_scope(scope):
    plans = Plan.objects.filter(province=scope.province).exclude(status=Plan.Status.DRAFT)
    if scope.kind == "plan":
        return Plan.objects.filter(pk=scope.plan.pk)
    year = scope.year
    covers = Q(start_year__lte=year) & (Q(open_ended=True) | Q(end_year__gte=year) |
                                        (Q(end_year__isnull=True) & Q(start_year=year)))
    return plans.filter(covers).order_by("start_year", "issued_on", "pk")


def activities_in_scope(scope):
    """How many nodes a report would cover: one cheap query to decide whether to build it in the background."""
    return Activity.objects.filter(plan__in=_plans_in_scope(scope)).count()


def build_report(scope, period, *, today=None):
    """Everything the report shows, for one scope and one ReportingPeriod."""
    window_kind = scope.province.reporting_window
    window = period.window(window_kind)
    today = today or timezone.localdate()
    plans = list(_plans_in_scope(scope).select_related("province", "issuing_unit__parent"))
    plan_ids = [p.pk for p in plans]

    units = Unit.objects.only("name", "short_name")
    activities = list(
        Activity.objects.filter(plan__in=plan_ids)
        .prefetch_related(Prefetch("lead_units", queryset=units), Prefetch("coordinating_units", queryset=units),
                          Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("funding_source")))
    )
    unit_ids = None
    if scope.kind == "unit":
        unit_ids = scope.unit.descendant_ids()

    updates = defaultdict(list)
    period_updates = (
        ProgressUpdate.objects.filter(activity__plan__in=plan_ids, year=period.year, quarter__in=period.quarters)
        .select_related("unit").order_by("quarter", "unit__name", "pk")
    )
    for update in period_updates:
        updates[update.activity_id].append(update)

    # Status as it stood at the end of the period: the lead unit's latest report up to then.
    as_of = {}
    reported_until = ProgressUpdate.objects.filter(activity__plan__in=plan_ids).filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.last_quarter)
    ).order_by("year", "quarter", "updated_at", "pk").values_list("activity_id", "unit_id", "status")
    lead_ids = {a.pk: {u.pk for u in a.lead_units.all()} for a in activities}
    for activity_id, unit_id, status in reported_until:
        if unit_id in lead_ids.get(activity_id, ()):
            as_of[activity_id] = status

    line_ids = [line.pk for a in activities for line in a.budget_lines.all()]
    # Managers leave out archived plans, activities, lines and updates; spending is counted() by hand.
    spent_so_far = dict(
        Expenditure.objects.counted().filter(budget_line__in=line_ids, spent_on__lte=window[1])
        .values_list("budget_line").annotate(total=Sum("amount"))
    )
    spent_in_window = dict(
        Expenditure.objects.counted().filter(budget_line__in=line_ids, spent_on__gte=window[0], spent_on__lte=window[1])
        .values_list("budget_line").annotate(total=Sum("amount"))
    )

    sources = {s.pk: SourceLine(s.name) for s in FundingSource.objects.order_by("position", "name")}
    per_unit = {}
    status_counts = defaultdict(int)
    difficulties, proposals = [], []
    blocks = []
    by_plan = defaultdict(list)
    for activity in activities:
        by_plan[activity.plan_id].append(activity)

    for plan in plans:
        nodes = by_plan.get(plan.pk, [])
        numbers = number_nodes(nodes)
        block = PlanBlock(plan, [])
        wanted = _wanted_ids(nodes, unit_ids)
        for node, depth in ordered_tree(nodes):
            if node.pk not in wanted:
                continue
            leads = list(node.lead_units.all())
            coordinating = list(node.coordinating_units.all())
            row = Row(
                number=numbers[node.pk], title=node.title, depth=depth, is_section=not node.is_trackable,
                lead=node.lead_text or "; ".join(u.display_name for u in leads),
                coordinating=node.coordinating_text or "; ".join(u.display_name for u in coordinating),
                timeframe=node.timeframe_text, activity_id=node.pk, due=node.due,
            )
            lines = list(node.budget_lines.all())
            row.planned = sum(line.amount for line in lines)
            row.spent = sum(spent_so_far.get(line.pk, 0) for line in lines)
            for line in lines:
                source = sources[line.funding_source_id]
                source.planned += line.amount
                source.allocated += line.amount if line.allocated else 0
                source.spent += spent_so_far.get(line.pk, 0)
                source.spent_in_period += spent_in_window.get(line.pk, 0)
            if node.is_trackable and (unit_ids is None or _touches(node, unit_ids)):
                row.status = str(as_of.get(node.pk, Status.NOT_STARTED))
                row.status_label = Status(row.status).label
                # Overdue as of the end of the window (or today, if the window is still running).
                row.overdue = bool(node.due and node.due < min(today, window[1]) and row.status not in FINISHED_STATUSES)
                status_counts[row.status] += 1
                reported = updates.get(node.pk, [])
                row.result = "\n".join(
                    f"{update.unit.display_name} (Quý {_roman(update.quarter)}): {update.result}".strip()
                    for update in reported if update.result
                )
                notes = []
                for update in reported:
                    if update.difficulties:
                        difficulties.append((row.number, node.title, update.unit.display_name, update.difficulties))
                    if update.proposals:
                        proposals.append((row.number, node.title, update.unit.display_name, update.proposals))
                unallocated = [line for line in lines if not line.allocated]
                if unallocated:
                    notes.append(_("Có nội dung chưa được cấp kinh phí"))
                if row.overdue:
                    notes.append(_("Quá hạn"))
                row.note = "; ".join(notes)
                for unit in leads:
                    stats = per_unit.setdefault(unit.pk, {"name": unit.name, "total": 0, "done": 0, "overdue": 0,
                                                          "planned": 0, "spent": 0})
                    stats["total"] += 1
                    stats["done"] += row.status == Status.DONE
                    stats["overdue"] += row.overdue
                    stats["planned"] += row.planned
                    stats["spent"] += row.spent
            block.rows.append(row)
            block.planned += row.planned
            block.spent += row.spent
        blocks.append(block)

    by_source = [line for line in sources.values() if line.planned or line.spent]
    totals = SourceLine(_("Tổng cộng"))
    for line in by_source:
        totals.planned += line.planned
        totals.allocated += line.allocated
        totals.spent += line.spent
        totals.spent_in_period += line.spent_in_period
    return Report(
        scope=scope, period=period, window_kind=window_kind, window=window, blocks=blocks, by_source=by_source,
        by_unit=sorted(per_unit.values(), key=lambda s: s["name"]), status_counts=dict(status_counts),
        difficulties=difficulties, proposals=proposals, issued_on=today, totals=totals,
    )


def _touches(node, unit_ids):
    return any(u.pk in unit_ids for u in node.lead_units.all()) or any(
        u.pk in unit_ids for u in node.coordinating_units.all()
    )


def _wanted_ids(nodes, unit_ids):
    """Every node for a whole-plan report; for a unit, its activities and the headings above them."""
    if unit_ids is None:
        return {n.pk for n in nodes}
    parents = {n.pk: n.parent_id for n in nodes}
    wanted = set()
    for node in nodes:
        if node.is_trackable and _touches(node, unit_ids):
            pk = node.pk
            while pk is not None and pk not in wanted:
                wanted.add(pk)
                pk = parents.get(pk)
    return wanted


def _roman(quarter):
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
