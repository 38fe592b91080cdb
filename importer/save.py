"""Saving a plan read from a document (importer.reading) as a draft plan: header, legal bases, content tree,
units, timeframes, targets and budget lines, all in one transaction.
"""
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from activities.models import Activity, Target
from activities.services import external_unit_create
from budgets.models import BudgetLine, FundingSource
from core.signals import data_changed
from core.timeframes import Recurrence, parse_timeframe
from importer.reading import ImportProblem, suggest_units
from importer.reading.patterns import key
from plans.models import LegalBasis, Plan, Unit

IMPORT_REASON = "Nhập từ văn bản kế hoạch"
_BATCH = 500
UNTITLED = "Hoạt động chưa có tên"
# Families of funding sources: a source written in a document joins the existing one of its family.
_SOURCE_FAMILIES = (
    r"\btrung uong\b|\btw\b", r"\bdia phuong\b|\bngan sach (?:cap )?(?:tinh|huyen|xa)\b", r"muc tieu quoc gia|mtqg|1719",
    r"xa hoi hoa", r"tai tro|vien tro", r"\bkhac\b", r"\bnha nuoc\b",
)


@transaction.atomic
def save_draft(parsed, *, province, issuing_unit=None, user=None, unit_choices=None):
    """Create a DRAFT plan from a ParsedPlan and return it.

    `unit_choices` maps a unit name as written to the Unit the editor chose, to a list of Units (a name
    standing for several, "Các Phòng"), or to None: a new outside unit of that name is created in the
    province. Names missing from it are matched automatically (importer.reading.suggest_units), and
    created when nothing matches. Raises ImportProblem, and writes nothing, when the draft cannot be saved.
    """
    if issuing_unit is not None and issuing_unit.province_id != province.pk:
        raise ImportProblem(_("Cơ quan ban hành không thuộc tỉnh đã chọn."), code="draft")
    plan = _plan(parsed, province, issuing_unit, user)
    for position, basis in enumerate(parsed.legal_bases, start=1):
        cited = Plan.objects.filter(province=province, pk=basis.plan_id).first() if basis.plan_id else None
        _save(LegalBasis(
            plan=plan, position=position, doc_type=basis.doc_type[:100], number=basis.number[:100],
            issued_on=basis.issued_on, issuer=basis.issuer[:255], summary=basis.summary, cited_plan=cited,
        ), user)
    units = _Units(plan, issuing_unit, unit_choices, parsed.unit_names())
    sources = _Sources(parsed.funding_sources)
    _add_nodes(parsed.activities, plan, units, sources, user)
    # The nodes, units, targets and lines were bulk-inserted, without model signals: the reports' data version.
    data_changed.send(sender=Plan, province_ids=[province.pk])
    return plan


def _plan(parsed, province, issuing_unit, user):
    start = parsed.start_year or (parsed.issued_on.year if parsed.issued_on else timezone.localdate().year)
    end = None if parsed.open_ended else max(parsed.end_year or start, start)
    plan = Plan(
        province=province, issuing_unit=issuing_unit, number=parsed.number[:50], place=parsed.place[:100],
        issued_on=parsed.issued_on, kind=parsed.kind if parsed.kind in Plan.Kind.values else Plan.Kind.OTHER,
        title=parsed.title.strip() or _("Kế hoạch nhập từ văn bản"), start_year=start, end_year=end,
        open_ended=parsed.open_ended, status=Plan.Status.DRAFT, purpose=parsed.purpose,
        requirements=parsed.requirements, funding_note=parsed.funding_note,
        implementation_note=parsed.implementation_note, recipients="\n".join(parsed.recipients),
        signer_title=parsed.signer_title[:100], signer_name=parsed.signer_name[:100],
    )
    return _save(plan, user)


def _save(instance, user):
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ImportProblem(_("Không lưu được kế hoạch: %(problem)s") % {"problem": "; ".join(error.messages)},
                            code="draft") from error
    instance._change_reason = IMPORT_REASON
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    instance.save()
    return instance


def _add_nodes(roots, plan, units, sources, user):
    """The content tree, written in bulk: one insert per level of the tree for the activities, then their units,
    targets and budget lines, each with its history (the record of the import, with its reason and user)."""
    pairs = []
    level = [(None, position, node) for position, node in enumerate(roots, start=1)]
    while level:
        activities = []
        for parent, position, node in level:
            activity = Activity(
                plan=plan, parent=parent, position=position,
                kind=Activity.Kind.SECTION if node.is_heading else Activity.Kind.ACTIVITY,
                number_style=node.number_style if node.number_style in Activity.NumberStyle.values else "decimal",
                title=node.title.strip() or (node.description.split("\n")[0].strip() if node.description else "")
                or UNTITLED,
                description=node.description, lead_text=node.lead_text[:500],
                coordinating_text=node.coordinating_text[:500], timeframe_text=node.timeframe_text[:255],
                expected_result=node.expected_result, funding_text=node.funding_text,
            )
            _timeframe(activity, node, plan)
            if activity.start and activity.due and activity.due < activity.start:
                raise ImportProblem(_("Không lưu được kế hoạch: hạn hoàn thành của “%(title)s” trước ngày bắt đầu.")
                                    % {"title": activity.title[:80]}, code="draft")
            _clean(activity, ("plan", "parent"))
            activities.append(activity)
        _bulk_insert(Activity, activities)
        level_pairs = list(zip(activities, (node for _parent, _position, node in level)))
        pairs.extend(level_pairs)
        level = [(activity, position, child) for activity, node in level_pairs
                 for position, child in enumerate(node.children, start=1)]

    leads, coordinating = [], []
    for activity, node in pairs:
        lead_units = units.resolve(node.lead_units)
        leads.extend(Activity.lead_units.through(activity=activity, unit=unit) for unit in lead_units)
        coordinating.extend(Activity.coordinating_units.through(activity=activity, unit=unit)
                            for unit in units.resolve(node.coordinating_units) if unit not in lead_units)
    _bulk_insert(Activity.lead_units.through, leads)
    _bulk_insert(Activity.coordinating_units.through, coordinating)
    history = _history(Activity, [activity for activity, _node in pairs], user)
    # The activity's history record lists the units it was created with, as a change of units would.
    record_of = {record.id: record for record in history}
    for field, rows in (("lead_units", leads), ("coordinating_units", coordinating)):
        m2m_history = Activity.history.model._meta.get_field(f"historicalactivity_{field}").related_model
        _bulk_insert(m2m_history, [m2m_history(history=record_of[row.activity_id], id=row.id, activity_id=row.activity_id,
                                               unit_id=row.unit_id) for row in rows])

    targets, lines = [], []
    for activity, node in pairs:
        for position, target in enumerate(node.targets, start=1):
            targets.append(_clean(Target(activity=activity, position=position, quantity=max(target.quantity, 0),
                                         measure=(target.measure or "")[:100] or "?"), ("activity",)))
        for position, line in enumerate(node.budget_lines, start=1):
            lines.append(_clean(BudgetLine(
                activity=activity, position=position, description=line.description or activity.title,
                amount=max(line.amount or 0, 0), funding_source=sources.resolve(line.funding_source),
                fiscal_year=_plausible(line.fiscal_year), allocated=line.allocated,
                decision_reference=line.decision_reference[:100], note=_note(line),
            ), ("activity", "funding_source")))
    for model, rows in ((Target, targets), (BudgetLine, lines)):
        _bulk_insert(model, rows)
        _history(model, rows, user)


def _clean(instance, own_relations):
    """The model's own validation of each field; the relations named were made here and need no lookup, and
    the table's checks are the database's (a refusal becomes an ImportProblem in _bulk_insert)."""
    try:
        instance.full_clean(exclude=own_relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ImportProblem(_("Không lưu được kế hoạch: %(problem)s") % {"problem": "; ".join(error.messages)},
                            code="draft") from error
    return instance


def _bulk_insert(model, rows):
    if not rows:
        return rows
    try:
        with transaction.atomic():
            return model._default_manager.bulk_create(rows, batch_size=_BATCH)
    except IntegrityError as error:
        raise ImportProblem(_("Không lưu được kế hoạch: dữ liệu không hợp lệ (%(model)s).")
                            % {"model": model._meta.verbose_name}, code="draft") from error


def _history(model, rows, user):
    """One history record per row, "+" (created), with the import's reason and the user who imported."""
    if not rows:
        return []
    person = user if user is not None and getattr(user, "is_authenticated", False) else None
    return model.history.bulk_history_create(rows, batch_size=_BATCH, default_user=person,
                                             default_change_reason=IMPORT_REASON)


def _timeframe(activity, node, plan):
    """Dates from the time words, read against the plan's years as typed words are. Dates the review
    supplied for words the reader could not understand are kept (the words themselves stay as written)."""
    reading = parse_timeframe(activity.timeframe_text, year=plan.start_year, end_year=plan.last_year)
    start, due = reading.start, reading.due
    recurrence, understood = reading.recurrence, reading.understood
    supplied = (node.start or node.due) and not node.timeframe_understood and not reading.understood
    if supplied and not (node.start and node.due and node.due < node.start):
        start, due, understood = node.start, node.due, True
        recurrence = node.recurrence if node.recurrence in Recurrence.values else reading.recurrence
    activity.start, activity.due = start, due
    activity.recurrence, activity.timeframe_understood = recurrence, understood


def _plausible(year):
    return year if year and 1945 <= year <= 2200 else None


def _note(line):
    if line.amount is None and not line.allocated:
        return _("Kinh phí chưa được cấp")
    if line.amount is None:
        return _("Kế hoạch không ghi số tiền")
    return ""


class _Units:
    """Unit names → units of the plan's province, each name resolved once."""

    def __init__(self, plan, issuing_unit, choices, names):
        self.plan = plan
        self.choices = dict(choices or {})
        self.issuing_unit = issuing_unit
        self.names = [name for name in names if name not in self.choices]
        self.cache = {}
        self.suggested = None
        self.on = plan.issued_on or timezone.localdate()  # names matched automatically: the units of that day

    def resolve(self, names):
        units = []
        for name in names:
            for unit in self._units_of(name):
                if unit not in units:
                    units.append(unit)
        return units

    def _units_of(self, name):
        if name not in self.cache:
            self.cache[name] = self._lookup(name)
        return self.cache[name]

    def _lookup(self, name):
        if name in self.choices:
            choice = self.choices[name]
            if choice is None:
                return [external_unit_create(plan=self.plan, name=name[:255])]
            chosen = list(choice) if isinstance(choice, (list, tuple, set)) else [choice]
            for unit in chosen:
                if not isinstance(unit, Unit) or unit.province_id != self.plan.province_id:
                    raise ImportProblem(_("Đơn vị đã chọn cho “%(name)s” không thuộc tỉnh của kế hoạch.")
                                        % {"name": name}, code="draft")
            return chosen
        if self.suggested is None:
            self.suggested = suggest_units(self.names, self.plan.province, issuing_unit=self.issuing_unit, on=self.on)
        if name not in self.suggested:
            self.suggested.update(suggest_units([name], self.plan.province, issuing_unit=self.issuing_unit, on=self.on))
        return self.suggested[name] or [external_unit_create(plan=self.plan, name=name[:255])]


class _Sources:
    """Funding sources as written → FundingSource rows: the existing one of the same family, else a new one."""

    def __init__(self, plan_sources):
        self.cache = {}
        self.default = plan_sources[0] if len(plan_sources) == 1 else ""

    def resolve(self, written):
        written = (written or self.default or "").strip()
        if not written:
            return None
        folded = key(written)
        if folded not in self.cache:
            self.cache[folded] = self._lookup(written, folded)
        return self.cache[folded]

    def _lookup(self, written, folded):
        existing = list(FundingSource.objects.all())
        for source in existing:
            if key(source.name) == folded or source.code == slugify(folded):
                return source
        for family in _SOURCE_FAMILIES:
            if re.search(family, folded):
                kin = [s for s in existing if re.search(family, key(s.name))]
                if len(kin) == 1:
                    return kin[0]
                break
        code = base = slugify(folded)[:24] or "nguon"
        suffix = 1
        while FundingSource.objects.filter(code=code).exists():
            suffix += 1
            code = f"{base}-{suffix}"
        position = (FundingSource.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        source = FundingSource(code=code, name=written[:1].upper() + written[1:255], position=position)
        source.full_clean()
        source.save()
        return source
