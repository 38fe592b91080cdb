"""The quarterly progress and cost report, built once as plain rows.

The HTML page, the PDF, the Excel workbook, the JSON file and the dashboard are all drawn from one `Report`;
none of them queries or sums on its own, so their figures cannot disagree. The money figures are defined in
budgets/selectors.py, the target figures in progress/selectors.py; this module only decides which rows a
scope covers and whose money each row is. A fixed number of queries per report, whatever its size.

Who owns what:
- a plan or a year reports every activity of its plans (issued or closed; a draft only as a marked preview
  of that one plan);
- a unit reports the activities it (or a unit under it) leads, with their targets and money; those it only
  co-ordinates are listed apart, without money;
- the money of an activity led by several units is counted once, under its first lead unit in the order of
  the province's unit list (position, then name); the others show the activity with its money "counted under"
  that unit. Money of a node with no lead unit is counted under "Chưa xác định đơn vị chủ trì". So the sum over
  lead units is the plan's total, and a year is the sum of its plans.
"""
import datetime
import re
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import FINISHED_STATUSES, Activity, ProgressUpdate, Status, Target
from budgets.models import BudgetLine
from budgets.selectors import (
    Money,
    MoneyWindows,
    WithMoney,
    YearBasis,
    line_basis,
    line_fiscal_year,
    line_money,
    spending_by_line,
)
from core.formatting import format_date, format_number, format_percent
from core.numbering import number_nodes, ordered_tree
from core.periods import WindowKind
from core.timeframes import Recurrence
from plans.models import Plan, Province, Unit, UnitName
from progress.selectors import achieved, is_level, share_done, target_reports

PREVIEW_SUFFIX = ":du-thao"


class ScopeError(ValueError):
    """A scope that does not name something the user may report on."""


class DraftNotReportable(ScopeError):
    """A draft plan is reported only as a preview asked for on purpose."""


def no_source_label():
    return _("Chưa xác định nguồn")


def no_lead_label():
    return _("Chưa xác định đơn vị chủ trì")


@dataclass(frozen=True)
class Scope:
    """What a report covers: one plan, all plans of a year in a province, or one unit's work."""

    kind: str  # "plan" | "year" | "unit"
    province: object
    plan: object = None
    unit: object = None
    year: int | None = None
    preview: bool = False  # a draft plan's preview, asked for on purpose

    @property
    def code(self):
        if self.kind == "plan":
            return f"plan:{self.plan.pk}" + (PREVIEW_SUFFIX if self.preview else "")
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

    @property
    def is_draft(self):
        return self.kind == "plan" and self.plan.status == Plan.Status.DRAFT


def parse_scope(text, plans, *, year=None, preview=False):
    """Read "plan:19/KH-TGPL" / "plan:ID", "year:2021", "unit:ID" against the plans a user may see.

    `plans` is the user's `Plan.objects.for_user(user)`; anything outside it is a ScopeError (→ 404). A plan
    scope ending in ":du-thao" (or `preview=True`) asks for a draft plan's preview.
    """
    kind, _sep, value = (text or "").partition(":")
    value = value.strip()
    if kind == "plan":
        if value.endswith(PREVIEW_SUFFIX):
            value, preview = value[: -len(PREVIEW_SUFFIX)], True
        match = plans.filter(pk=int(value)) if value.isdigit() else plans.filter(number=value)
        plan = match.select_related("province", "issuing_unit__parent").first()
        if plan is None:
            raise ScopeError(_("Không tìm thấy kế hoạch %(value)s.") % {"value": value})
        return Scope("plan", plan.province, plan=plan, year=year, preview=preview and plan.status == Plan.Status.DRAFT)
    if kind == "year" and re.fullmatch(r"\d{4}(:[-\w]+)?", value):
        value, _sep, province_code = value.partition(":")
        if province_code:
            # A province's year takes in the plans of the provinces merged into it (Province.heir).
            province = Province.objects.filter(code=province_code).first()
            if province is None or not plans.filter(Q(province=province) | Q(province__heir=province)).exists():
                raise ScopeError(_("Không tìm thấy kế hoạch của tỉnh %(code)s.") % {"code": province_code})
            return Scope("year", province, year=int(value))
        province_ids = set(plans.values_list("province", flat=True))
        if len(province_ids) != 1:
            raise ScopeError(_("Báo cáo theo năm cần đúng một tỉnh."))
        return Scope("year", Province.objects.get(pk=province_ids.pop()), year=int(value))
    if kind == "unit" and value.isdigit():
        # A unit of a province that inherited the plans' province (a merger, plans/reform.py) reports on them too.
        visible = plans.values("province")
        unit = Unit.objects.filter(Q(province__in=visible) | Q(province__inherited__in=visible), pk=int(value)).distinct().select_related(
            "province", "parent"
        ).first()
        if unit is None:
            raise ScopeError(_("Không tìm thấy đơn vị %(value)s.") % {"value": value})
        return Scope("unit", unit.province, unit=unit, year=year)
    raise ScopeError(_("Phạm vi báo cáo phải có dạng plan:SỐ, year:NĂM hoặc unit:MÃ."))


@dataclass
class TargetRow:
    """One target of an activity against what was reported."""

    quantity: int
    measure: str
    description: str
    achieved_in_period: int
    achieved_to_date: int

    @property
    def is_level(self):
        return is_level(self.measure)

    @property
    def share(self):
        return share_done(self.quantity, self.achieved_to_date)

    @property
    def reached(self):
        return self.achieved_to_date >= self.quantity

    @property
    def label(self):
        return f"{format_number(self.quantity)} {self.measure}".strip()


@dataclass
class LineRow(WithMoney):
    """One budget line, itemised under its activity."""

    pk: int
    description: str
    funding_source: str | None  # name; None when the line has no source
    fiscal_year: int | None  # the year it counts in (its own, or its single-year plan's); None: not assigned
    allocated_flag: bool
    decision_reference: str
    amount: int
    money: Money
    assigned_to_year: bool = True

    @property
    def source_label(self):
        return self.funding_source or no_source_label()


@dataclass
class Row(WithMoney):
    """One node of a plan as the report shows it (a heading or an activity)."""

    number: str
    title: str
    depth: int
    is_section: bool
    lead: str = ""
    coordinating: str = ""
    lead_units: list = field(default_factory=list)  # names, in the order of the unit list
    coordinating_units: list = field(default_factory=list)
    timeframe: str = ""
    status: str = ""
    status_label: str = ""
    result: str = ""
    note: str = ""
    overdue: bool = False
    activity_id: int | None = None
    plan_id: int | None = None
    due: datetime.date | None = None
    recurring: bool = False  # done again every period (Activity.recurrence)
    money: Money = field(default_factory=Money)  # its own lines of the year, when counted in this report
    counted: bool = True  # False: whatever money it has is counted under another unit (`money_owner`)
    money_owner: str = ""
    money_elsewhere: bool = False  # it has budget lines, counted under another unit
    lines: list = field(default_factory=list)  # [LineRow] of the year, when counted
    unassigned_lines: list = field(default_factory=list)  # [LineRow] not assigned to a year, when counted
    targets: list = field(default_factory=list)  # [TargetRow]
    flag: str = ""  # targets and status disagree

    @property
    def targets_met(self):
        """True/False for an activity with targets to reach, None otherwise."""
        wanted = [t for t in self.targets if t.quantity > 0]
        return all(t.reached for t in wanted) if wanted else None


@dataclass
class CostRow(WithMoney):
    """A row of the itemised cost table: a plan, a node (with the subtotal of everything under it) or a line."""

    kind: str  # "plan" | "node" | "line"
    number: str
    title: str
    depth: int
    money: Money
    line: LineRow | None = None
    is_section: bool = False


@dataclass
class PlanBlock(WithMoney):
    plan: object
    rows: list
    coordinated: list = field(default_factory=list)
    money: Money = field(default_factory=Money)
    unassigned: Money = field(default_factory=Money)
    cost_rows: list = field(default_factory=list)

    @property
    def target_rows(self):
        return [row for row in self.rows if row.targets]


@dataclass
class SourceLine(WithMoney):
    name: str
    money: Money = field(default_factory=Money)
    known: bool = True  # False for "Chưa xác định nguồn"


@dataclass
class UnitLine(WithMoney):
    name: str
    total: int = 0
    done: int = 0
    overdue: int = 0
    money: Money = field(default_factory=Money)
    known: bool = True  # False for "Chưa xác định đơn vị chủ trì"

    def __getitem__(self, key):  # templates and callers written for dicts keep working
        return getattr(self, key)


@dataclass
class Report:
    scope: Scope
    period: object
    window_kind: str
    window: tuple
    windows: MoneyWindows
    blocks: list
    by_source: list
    by_unit: list
    status_counts: dict
    difficulties: list
    proposals: list
    issued_on: datetime.date
    totals: Money
    unassigned: Money
    draft: bool = False

    @property
    def rows(self):
        return [row for block in self.blocks for row in block.rows]

    @property
    def coordinated_rows(self):
        return [row for block in self.blocks for row in block.coordinated]

    @property
    def activity_count(self):
        return sum(self.status_counts.values())

    @property
    def done_count(self):
        return self.status_counts.get(Status.DONE, 0)

    @property
    def unassigned_lines(self):
        return [(row, line) for row in self.rows for line in row.unassigned_lines]

    @property
    def lines_without_source(self):
        """(row, line) of every line in the report with no funding source: something for an editor to complete."""
        return [(row, line) for row in self.rows for line in row.lines + row.unassigned_lines
                if line.funding_source is None]

    @property
    def targets(self):
        return [target for row in self.rows for target in row.targets]

    @property
    def targets_reached(self):
        return sum(1 for target in self.targets if target.reached)

    @property
    def targets_behind(self):
        return len(self.targets) - self.targets_reached

    @property
    def flagged_rows(self):
        return [row for row in self.rows if row.flag]

    @property
    def has_lead_rule(self):
        """Whether an activity with several lead units is in the report (the rule is then stated)."""
        return any(len(row.lead_units) > 1 for row in self.rows)

    @property
    def window_label(self):
        first, last = self.window
        if self.window_kind == WindowKind.ND09:
            return _("Số liệu tính từ ngày %(first)s đến ngày %(last)s (theo Nghị định 09/2019/NĐ-CP)") % {
                "first": format_date(first), "last": format_date(last)}
        return _("Số liệu tính từ ngày %(first)s đến ngày %(last)s") % {
            "first": format_date(first), "last": format_date(last)}

    @property
    def status_caption(self):
        return _("tính đến %(last)s") % {"last": format_date(self.window[1])}

    @property
    def targets_period_caption(self):
        return _("trong %(period)s") % {"period": self.period.label}

    @property
    def targets_to_date_caption(self):
        return _("lũy kế đến hết %(period)s") % {"period": self.period.label}

    @property
    def execution_rate_text(self):
        rate = self.totals.execution_rate
        return format_percent(rate) if rate is not None else "—"

    def legend(self):
        """[(label, meaning)] of each money figure, with this report's year and days (see also `rules()`)."""
        return self.windows.legend()

    def rules(self):
        """The counting rules the leader signs under, as sentences."""
        rules = [
            _("Dòng kinh phí của kế hoạch nhiều năm không ghi năm ngân sách được báo cáo riêng là “chưa xác định "
              "năm ngân sách”, không cộng vào số liệu của năm."),
            _("Dòng kinh phí chưa ghi nguồn được tổng hợp vào “Chưa xác định nguồn”."),
            _("Kinh phí của hoạt động do nhiều đơn vị chủ trì được tính một lần cho đơn vị chủ trì đứng đầu theo "
              "thứ tự danh mục đơn vị; các đơn vị chủ trì khác vẫn báo cáo hoạt động nhưng không tính lại kinh phí."),
            _("Chỉ tiêu tính bằng % lấy kết quả của quý báo cáo gần nhất; chỉ tiêu khác cộng dồn kết quả các quý."),
            _("Nội dung, dòng kinh phí, khoản chi và cập nhật tiến độ đã lưu trữ không được tính."),
        ]
        if self.scope.kind == "unit":
            rules.insert(2, _("Báo cáo của đơn vị tính kinh phí và chỉ tiêu của các hoạt động đơn vị chủ trì; các "
                              "hoạt động đơn vị chỉ phối hợp được liệt kê riêng, không tính kinh phí."))
        return rules


def _plans_in_scope(scope):
    if scope.kind == "plan":
        return Plan.objects.filter(pk=scope.plan.pk)
    # With the plans of provinces merged into this one (Province.heir): their work goes on here.
    plans = Plan.objects.filter(Q(province=scope.province) | Q(province__heir=scope.province))
    return plans.in_force(scope.year).order_by("start_year", "issued_on", "pk")


def check_reportable(scope):
    """Raise DraftNotReportable for a draft plan asked for without a preview."""
    if scope.is_draft and not scope.preview:
        raise DraftNotReportable(_("Kế hoạch %(plan)s đang là dự thảo, chưa được báo cáo như kế hoạch đã ban hành. "
                                   "Có thể xem bản xem trước có đóng dấu “DỰ THẢO”.") % {"plan": scope.label})


def activities_in_scope(scope):
    """How many nodes a report would cover: one cheap query to decide whether to build it in the background."""
    return Activity.objects.filter(plan__in=_plans_in_scope(scope)).count()


def _unit_order(unit):
    return (unit.position, unit.name, unit.pk)


class _Unit:
    """A unit as a report row names it, with the names it had before a rename (plans.models.UnitName), so that
    a row shows the name the plan was made with, as Unit.name_on does on the pages."""

    __slots__ = ("pk", "name", "short_name", "position", "former")

    def __init__(self, pk, name, short_name, position):
        self.pk, self.name, self.short_name, self.position = pk, name, short_name, position
        self.former = []  # (used until, name, short name), oldest first

    @property
    def display_name(self):
        return self.short_name or self.name

    def _on(self, day):
        return next((row for row in self.former if day is not None and day < row[0]), None)

    def name_on(self, day):
        former = self._on(day)
        return former[1] if former else self.name

    def display_name_on(self, day):
        former = self._on(day)
        return (former[2] or former[1]) if former else self.display_name


class _Node:
    """One node of a plan's tree with what the report reads of it, its units, budget lines and targets: plain
    values from flat queries, so that walking thousands of them costs no model instances or related managers."""

    FIELDS = ("pk", "plan_id", "parent_id", "position", "number_style", "kind", "title", "lead_text",
              "coordinating_text", "timeframe_text", "due", "recurrence")
    __slots__ = FIELDS + ("is_trackable", "leads", "coordinating", "lines", "targets")

    def __init__(self, values):
        (self.pk, self.plan_id, self.parent_id, self.position, self.number_style, self.kind, self.title,
         self.lead_text, self.coordinating_text, self.timeframe_text, self.due, self.recurrence) = values
        self.is_trackable = self.kind == Activity.Kind.ACTIVITY
        self.leads, self.coordinating, self.lines, self.targets = [], [], [], []


# A budget line (the attribute names budgets.selectors reads), a target and one unit's quarterly report.
_Line = namedtuple("_Line", "pk activity_id description amount fiscal_year allocated decision_reference "
                            "source_id source_name source_position")
_Target = namedtuple("_Target", "pk activity_id quantity measure description")
_Update = namedtuple("_Update", "activity_id unit_id quarter unit_short_name unit_name result difficulties proposals")


def _update_unit_name(update):
    return update.unit_short_name or update.unit_name


def _load_nodes(plan_ids):
    """{plan id: [_Node]} of the live nodes of the plans, with their units (sorted as the unit list is), their live
    budget lines and their targets, and the units' former names: six queries."""
    nodes = {values[0]: _Node(values)
             for values in Activity.objects.filter(plan__in=plan_ids).values_list(*_Node.FIELDS)}
    units = {}
    for relation, attribute in ((Activity.lead_units.through, "leads"),
                                (Activity.coordinating_units.through, "coordinating")):
        for activity_id, *unit in relation.objects.filter(activity__plan__in=plan_ids).values_list(
                "activity_id", "unit_id", "unit__name", "unit__short_name", "unit__position"):
            node = nodes.get(activity_id)
            if node is not None:
                getattr(node, attribute).append(units.get(unit[0]) or units.setdefault(unit[0], _Unit(*unit)))
    for values in BudgetLine.objects.filter(activity__plan__in=plan_ids).values_list(
            "pk", "activity_id", "description", "amount", "fiscal_year", "allocated", "decision_reference",
            "funding_source_id", "funding_source__name", "funding_source__position"):
        node = nodes.get(values[1])
        if node is not None:
            node.lines.append(_Line(*values))
    for values in Target.objects.filter(activity__plan__in=plan_ids).values_list(
            "pk", "activity_id", "quantity", "measure", "description"):
        node = nodes.get(values[1])
        if node is not None:
            node.targets.append(_Target(*values))
    for unit_id, used_until, name, short_name in UnitName.objects.filter(unit__in=list(units)).order_by(
            "used_until").values_list("unit_id", "used_until", "name", "short_name"):
        units[unit_id].former.append((used_until, name, short_name))
    by_plan = defaultdict(list)
    for node in nodes.values():
        node.leads.sort(key=_unit_order)
        node.coordinating.sort(key=_unit_order)
        by_plan[node.plan_id].append(node)
    return by_plan


def build_report(scope, period, *, today=None):
    """Everything the report shows, for one scope and one ReportingPeriod.

    Ten queries whatever the size: the plans, five flat reads of their nodes (with units, lines and targets), the
    period's reports, the statuses as of the period's end, and two SQL sums (spending per line, and achieved
    quantities per target and quarter). The rows and every total are then assembled from plain values.
    """
    check_reportable(scope)
    window_kind = scope.province.reporting_window
    window = period.window(window_kind)
    windows = MoneyWindows.of(period, window_kind)
    today = today or timezone.localdate()
    plans = list(_plans_in_scope(scope).select_related("province", "issuing_unit__parent"))
    plan_ids = [p.pk for p in plans]
    by_plan = _load_nodes(plan_ids)
    unit_ids = scope.unit.descendant_ids() if scope.kind == "unit" else None

    updates = defaultdict(list)
    period_updates = (
        ProgressUpdate.objects.filter(activity__plan__in=plan_ids, year=period.year, quarter__in=period.quarters)
        .order_by("quarter", "unit__name", "pk")
        .values_list("activity_id", "unit_id", "quarter", "unit__short_name", "unit__name", "result",
                     "difficulties", "proposals")
    )
    for values in period_updates:
        updates[values[0]].append(_Update(*values))

    # Status as it stood at the end of the period: the lead unit's latest report up to then.
    as_of = {}
    reported_until = ProgressUpdate.objects.filter(activity__plan__in=plan_ids).filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.last_quarter)
    ).order_by("year", "quarter", "updated_at", "pk").values_list("activity_id", "unit_id", "status")
    lead_ids = {node.pk: {u.pk for u in node.leads} for nodes in by_plan.values() for node in nodes}
    for activity_id, unit_id, status in reported_until:
        if unit_id in lead_ids.get(activity_id, ()):
            as_of[activity_id] = status

    spending = spending_by_line(windows, plan_ids=plan_ids)
    reports = target_reports(Q(target__activity__plan__in=plan_ids), until=(period.year, period.last_quarter))
    period_quarters = {(period.year, quarter) for quarter in period.quarters}

    builder = _Builder(scope, period, window, today, unit_ids, updates, as_of, spending, reports, period_quarters)
    # Units under the names the plan was made with (a unit renamed since keeps its old name here).
    builder.names_days = {plan.pk: plan.names_day for plan in plans}
    blocks = [builder.block(plan, by_plan.get(plan.pk, [])) for plan in plans]
    if unit_ids is not None:  # a unit's report leaves out the plans it has no part in
        blocks = [block for block in blocks if block.rows or block.coordinated]

    totals, unassigned = Money(), Money()
    for block in blocks:
        totals.add(block.money)
        unassigned.add(block.unassigned)
    return Report(
        scope=scope, period=period, window_kind=window_kind, window=window, windows=windows, blocks=blocks,
        by_source=builder.sources(), by_unit=builder.units(), status_counts=dict(builder.status_counts),
        difficulties=builder.difficulties, proposals=builder.proposals, issued_on=today, totals=totals,
        unassigned=unassigned, draft=scope.is_draft,
    )


class _Builder:
    """Walks each plan's tree once, filling the rows and every sum the report shows."""

    def __init__(self, scope, period, window, today, unit_ids, updates, as_of, spending, reports, period_quarters):
        self.scope, self.period, self.window, self.today = scope, period, window, today
        self.unit_ids, self.updates, self.as_of = unit_ids, updates, as_of
        self.spending, self.reports, self.period_quarters = spending, reports, period_quarters
        self.per_source = {}
        self.per_unit = {}
        self.status_counts = defaultdict(int)
        self.difficulties, self.proposals = [], []
        self.names_days = {}  # plan id → the day whose unit names it reads with (Plan.names_day)
        self.status_labels = {status.value: str(status.label) for status in Status}  # translated once
        # The rows' flags and notes, translated once per report rather than once per row (gettext is not free).
        self.texts = {
            "reached_not_done": _("Đã đạt đủ chỉ tiêu nhưng chưa báo cáo hoàn thành"),
            "done_not_reached": _("Báo cáo hoàn thành nhưng chưa đạt đủ chỉ tiêu"),
            "not_granted": _("Có nội dung chưa được cấp kinh phí"),
            "overdue": _("Quá hạn"),
            "review": _("Xem lại chỉ tiêu, trạng thái"),
            "counted_under": _("Kinh phí tính cho %(unit)s"),
            "no_owner": _("Kinh phí chưa xác định đơn vị chủ trì"),
        }

    # -- who -------------------------------------------------------------------------------------------------

    def _mine(self, units):
        return [u for u in units if self.unit_ids is None or u.pk in self.unit_ids]

    def _leads(self, node):
        """Whether the scope leads the node (every node, outside a unit scope). A heading may have lead units
        too: then it is the unit's as well, so its money lands in exactly one unit's report."""
        if self.unit_ids is None:
            return True
        return bool(self._mine(node.leads))

    def _coordinates(self, node):
        return (self.unit_ids is not None and node.is_trackable and not self._leads(node)
                and bool(self._mine(node.coordinating)))

    # -- one plan --------------------------------------------------------------------------------------------

    def block(self, plan, nodes):
        numbers = number_nodes(nodes)
        block = PlanBlock(plan, [])
        wanted = self._wanted_ids(nodes)
        rows_by_pk = {}
        for node, depth in ordered_tree(nodes):
            if self._coordinates(node):
                block.coordinated.append(self._coordinated_row(node, depth, numbers[node.pk]))
            if node.pk not in wanted:
                continue
            row = self._row(plan, node, depth, numbers[node.pk])
            rows_by_pk[node.pk] = row
            block.rows.append(row)
            block.money.add(row.money)
            for line in row.unassigned_lines:
                block.unassigned.add(line.money)
        block.cost_rows = self._cost_rows(block, nodes, rows_by_pk, numbers)
        return block

    def _wanted_ids(self, nodes):
        """Every node for a plan or a year; for a unit, the activities it leads and the headings above them."""
        if self.unit_ids is None:
            return {n.pk for n in nodes}
        parents = {n.pk: n.parent_id for n in nodes}
        wanted = set()
        for node in nodes:
            if self._leads(node):
                pk = node.pk
                while pk is not None and pk not in wanted:
                    wanted.add(pk)
                    pk = parents.get(pk)
        return wanted

    def _base_row(self, node, depth, number):
        leads, coordinating = node.leads, node.coordinating
        day = self.names_days.get(node.plan_id)
        return Row(
            number=number, title=node.title, depth=depth, is_section=not node.is_trackable,
            lead=node.lead_text or "; ".join(u.display_name_on(day) for u in leads),
            coordinating=node.coordinating_text or "; ".join(u.display_name_on(day) for u in coordinating),
            lead_units=[u.name_on(day) for u in leads], coordinating_units=[u.name_on(day) for u in coordinating],
            timeframe=node.timeframe_text, activity_id=node.pk, plan_id=node.plan_id, due=node.due,
            recurring=node.recurrence != Recurrence.NONE,
        ), leads

    def _status(self, row, node):
        row.status = str(self.as_of.get(node.pk, Status.NOT_STARTED))
        row.status_label = self.status_labels[row.status]
        # Overdue as of the end of the window (or today, if the window is still running).
        row.overdue = bool(node.due and node.due < min(self.today, self.window[1])
                           and row.status not in FINISHED_STATUSES)

    def _coordinated_row(self, node, depth, number):
        row, _leads = self._base_row(node, depth, number)
        row.counted = False
        self._status(row, node)
        for update in self.updates.get(node.pk, []):
            if update.unit_id in self.unit_ids:
                self._collect_texts(row, update)
        return row

    def _row(self, plan, node, depth, number):
        row, leads = self._base_row(node, depth, number)
        owner = leads[0] if leads else None
        row.counted = self.unit_ids is None or (owner is not None and owner.pk in self.unit_ids)
        if owner is not None and (len(leads) > 1 or not row.counted):
            row.money_owner = owner.display_name
        if row.counted:
            self._money(row, plan, node, owner)
        trackable = node.is_trackable and self._leads(node)
        notes = []
        if trackable:
            self._status(row, node)
            self.status_counts[row.status] += 1
            reported = self.updates.get(node.pk, [])
            row.result = "\n".join(
                f"{_update_unit_name(update)} (Quý {_roman(update.quarter)}): {update.result}".strip()
                for update in reported if update.result
            )
            for update in reported:
                self._collect_texts(row, update)
            row.targets = [self._target(target) for target in node.targets]
            met = row.targets_met
            texts = self.texts
            if met is True and row.status != Status.DONE:
                row.flag = texts["reached_not_done"]
            elif met is False and row.status == Status.DONE:
                row.flag = texts["done_not_reached"]
            self._count_unit(leads, row)
            if any(not line.allocated_flag for line in row.lines + row.unassigned_lines):
                notes.append(texts["not_granted"])
            if row.overdue:
                notes.append(texts["overdue"])
            if row.flag:  # spelt out in the targets appendix and the "Cần xem lại" list
                notes.append(texts["review"])
        if not row.counted and node.lines:
            row.money_elsewhere = True
            notes.append(self.texts["counted_under"] % {"unit": row.money_owner} if row.money_owner
                         else self.texts["no_owner"])
        row.note = "; ".join(notes)
        return row

    def _collect_texts(self, row, update):
        if update.difficulties:
            self.difficulties.append((row.number, row.title, _update_unit_name(update), update.difficulties))
        if update.proposals:
            self.proposals.append((row.number, row.title, _update_unit_name(update), update.proposals))

    def _target(self, target):
        reports = self.reports.get(target.pk, [])
        return TargetRow(
            quantity=target.quantity, measure=target.measure, description=target.description,
            achieved_in_period=achieved(target.measure, reports, self.period_quarters),
            achieved_to_date=achieved(target.measure, reports),
        )

    def _money(self, row, plan, node, owner):
        """The node's lines of the year (and those not assigned to a year), counted once: under `owner`."""
        year = self.period.year
        for line in node.lines:
            basis = line_basis(line, plan, year)
            if basis == YearBasis.OTHER_YEAR:
                continue
            known = line.source_id is not None
            item = LineRow(
                pk=line.pk, description=line.description, funding_source=line.source_name if known else None,
                fiscal_year=line_fiscal_year(line, plan), allocated_flag=line.allocated,
                decision_reference=line.decision_reference, amount=line.amount,
                money=line_money(line, self.spending), assigned_to_year=basis == YearBasis.IN_YEAR,
            )
            if basis == YearBasis.NOT_ASSIGNED:
                row.unassigned_lines.append(item)
                continue
            row.lines.append(item)
            row.money.add(item.money)
            key = line.source_id
            if key not in self.per_source:
                self.per_source[key] = (
                    (line.source_position, line.source_name) if known else (float("inf"), ""),
                    SourceLine(line.source_name if known else no_source_label(), known=known),
                )
            self.per_source[key][1].money.add(item.money)
        if row.money or row.lines:
            self._unit_line(owner).money.add(row.money)

    def _unit_line(self, unit):
        key = unit.pk if unit is not None else None
        if key not in self.per_unit:
            self.per_unit[key] = (
                _unit_order(unit) if unit is not None else (float("inf"), "", 0),
                UnitLine(unit.name if unit is not None else no_lead_label(), known=unit is not None),
            )
        return self.per_unit[key][1]

    def _count_unit(self, leads, row):
        for unit in self._mine(leads) or ([None] if not leads else []):
            stats = self._unit_line(unit)
            stats.total += 1
            stats.done += row.status == Status.DONE
            stats.overdue += row.overdue

    def _cost_rows(self, block, nodes, rows_by_pk, numbers):
        """The itemised cost table of one plan: the plan, then each node with the subtotal of its subtree and
        its own lines; nodes with nothing of the year under them are left out."""
        children = defaultdict(list)
        for node in nodes:
            children[node.parent_id].append(node)
        for siblings in children.values():
            siblings.sort(key=lambda n: (n.position, n.pk))
        subtotal = {}

        def total(node):
            money = Money()
            row = rows_by_pk.get(node.pk)
            if row is not None:
                money.add(row.money)
            has_lines = bool(row and row.lines)
            for child in children.get(node.pk, []):
                child_money, child_lines = total(child)
                money.add(child_money)
                has_lines = has_lines or child_lines
            subtotal[node.pk] = (money, has_lines)
            return money, has_lines

        for root in children.get(None, []):
            total(root)
        plan = block.plan
        cost_rows = [CostRow("plan", plan.number, plan.title, 0, block.money)]
        for node, depth in ordered_tree(nodes):
            money, has_lines = subtotal.get(node.pk, (Money(), False))
            row = rows_by_pk.get(node.pk)
            if row is None or not has_lines:
                continue
            cost_rows.append(CostRow("node", numbers[node.pk], node.title, depth + 1, money,
                                     is_section=not node.is_trackable))
            for line in row.lines:
                cost_rows.append(CostRow("line", "", line.description, depth + 2, line.money, line=line))
        return cost_rows

    # -- sums over the whole report --------------------------------------------------------------------------

    def sources(self):
        return [line for _order, line in sorted(self.per_source.values(), key=lambda item: item[0])]

    def units(self):
        return [line for _order, line in sorted(self.per_unit.values(), key=lambda item: item[0])]


def _roman(quarter):
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
