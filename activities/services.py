"""Writes that touch an activity and what hangs off it, each in one function (docs/architecture.md).

Structural writes (add, move, nest, archive, restore) lock the plan row first, so two editors moving nodes of the
same plan at once take turns and sibling positions always end up 1..n. Every write of an issued plan
carries the editor's reason into the history (`_change_reason`).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from activities.models import Activity, Status, Target
from core import archive
from core.archive import live
from core.concurrency import claim_version
from core.signals import data_changed
from core.timeframes import parse_timeframe
from core.trees import descendants
from plans.models import Plan, Unit
from plans.services import clean_change_reason


@transaction.atomic
def refresh_activity_status(activity):
    """Make the activity's status the one its lead unit reported last.

    A co-ordinating unit reports only its own contribution; it never moves the activity's status.
    With no report from a lead unit the activity is "not started". Returns the status.
    """
    latest = (
        activity.updates.filter(unit__in=activity.lead_units.all())
        .order_by("-year", "-quarter", "-updated_at", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    status = latest or Status.NOT_STARTED
    if activity.status != status:
        activity.status = status
        Activity.objects.filter(pk=activity.pk).update(status=status)
        data_changed.send(sender=Activity, province_ids=[activity.plan.province_id])  # the reports' data version
    return status


# --- the content tree -------------------------------------------------------------------------------

# Fields the activity form edits; structure (parent, position), status and version are written elsewhere.
ACTIVITY_FORM_FIELDS = (
    "kind", "number_style", "title", "description", "lead_text", "coordinating_text",
    "timeframe_text", "expected_result", "funding_text",
)
TIMEFRAME_FIELDS = ("start", "due", "recurrence", "timeframe_understood")

DEFAULT_TITLES = {
    Activity.Kind.SECTION: "Mục mới",
    Activity.Kind.ACTIVITY: "Hoạt động mới",
}


def _lock_plan(plan):
    """Take the plan's row lock: structural changes of one plan run one after another."""
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _save(instance, reason, update_fields=None):
    if reason:
        instance._change_reason = reason
    instance.save(update_fields=update_fields)


def _siblings(plan, parent_id):
    """The nodes under one parent in document order, locked until the transaction ends."""
    return list(
        Activity.objects.select_for_update()
        .filter(plan=plan, parent_id=parent_id)
        .order_by("position", "pk")
    )


def _renumber(nodes, reason, parent_id=None, moved=None):
    """Give `nodes` (already in their new order) positions 1..n; save only the rows that changed."""
    for index, node in enumerate(nodes, start=1):
        fields = []
        if node.position != index:
            node.position = index
            fields.append("position")
        if moved is not None and node.pk == moved.pk and node.parent_id != parent_id:
            node.parent_id = parent_id
            fields.append("parent")
        if fields:
            # Only the structure is written, so a concurrent form save of the same row is never undone.
            _save(node, reason, update_fields=fields)


def _fresh(activity):
    return Activity.objects.select_for_update().get(pk=activity.pk)


@transaction.atomic
def activity_create(*, plan, kind, title="", parent=None, after=None, reason=""):
    """Add a section or activity: after `after` among its siblings, else last under `parent` (or at top)."""
    reason = clean_change_reason(plan, reason)
    plan = _lock_plan(plan)
    if after is not None:
        after = _fresh(after)
        parent_id = after.parent_id
    else:
        parent_id = parent.pk if parent is not None else None
    if parent_id is not None and not Activity.objects.filter(plan=plan, pk=parent_id).exists():
        raise ValidationError(_("Mục cha không thuộc kế hoạch này."))
    kind = kind if kind in Activity.Kind.values else Activity.Kind.ACTIVITY
    siblings = _siblings(plan, parent_id)
    index = next((i + 1 for i, s in enumerate(siblings) if after is not None and s.pk == after.pk), len(siblings))
    node = Activity(
        plan=plan, parent_id=parent_id, kind=kind, title=(title or "").strip() or DEFAULT_TITLES[kind],
        position=index + 1,
    )
    node.full_clean()
    _save(node, reason)
    siblings.insert(index, node)
    _renumber(siblings, reason)
    return node


@transaction.atomic
def activity_move(*, activity, direction, reason=""):
    """Swap the node with its previous ("up") or next ("down") sibling. Returns False at either end."""
    reason = clean_change_reason(activity.plan, reason)
    plan = _lock_plan(activity.plan)
    activity = _fresh(activity)
    siblings = _siblings(plan, activity.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == activity.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        _renumber(siblings, reason)
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings, reason)
    return True


@transaction.atomic
def activity_indent(*, activity, reason=""):
    """Nest the node as the last child of its previous sibling. Returns False when it is the first."""
    reason = clean_change_reason(activity.plan, reason)
    plan = _lock_plan(activity.plan)
    activity = _fresh(activity)
    siblings = _siblings(plan, activity.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == activity.pk)
    if index == 0:
        return False
    new_parent = siblings[index - 1]
    del siblings[index]
    _renumber(siblings, reason)
    children = _siblings(plan, new_parent.pk)
    children.append(activity)
    _renumber(children, reason, parent_id=new_parent.pk, moved=activity)
    return True


@transaction.atomic
def activity_outdent(*, activity, reason=""):
    """Lift the node out of its parent, to just after that parent. Returns False at the top level."""
    reason = clean_change_reason(activity.plan, reason)
    plan = _lock_plan(activity.plan)
    activity = _fresh(activity)
    if activity.parent_id is None:
        return False
    parent = _fresh(activity.parent)
    siblings = [s for s in _siblings(plan, parent.pk) if s.pk != activity.pk]
    _renumber(siblings, reason)
    outer = _siblings(plan, parent.parent_id)
    index = next(i for i, s in enumerate(outer) if s.pk == parent.pk)
    outer.insert(index + 1, activity)
    _renumber(outer, reason, parent_id=parent.parent_id, moved=activity)
    return True


def subtree_ids(activity):
    """Ids of the activity and every node under it (one query for the plan's parent links)."""
    return descendants(Activity.objects.filter(plan_id=activity.plan_id).values_list("pk", "parent_id"), [activity.pk])


def archive_impact(activity):
    """What archiving the activity takes with it: the nodes below and the live rows hanging off them.

    Budget lines and their spending are reached by relation name: budgets sits above this app. Joins
    bypass the managers, so rows archived earlier are left out by hand.
    """
    ids = subtree_ids(activity)
    nodes = Activity.objects.filter(pk__in=ids)
    lines = live("budget_lines")
    # One aggregate per relation, so the joins of one never multiply the rows of another.
    targets = nodes.aggregate(n=Count("targets"))["n"]
    budget = nodes.aggregate(n=Count("budget_lines", filter=lines), total=Sum("budget_lines__amount", filter=lines))
    updates = nodes.aggregate(n=Count("updates", filter=live("updates")))["n"]
    spent = nodes.aggregate(n=Count("budget_lines__expenditures", filter=lines & live(
        "budget_lines__expenditures__progress_update")))["n"]
    return {
        "descendants": len(ids) - 1,
        "targets": targets,
        "budget_lines": budget["n"],
        "budget_total": budget["total"] or 0,
        "updates": updates,
        "expenditures": spent,
    }


@transaction.atomic
def activity_archive(*, activity, user, reason=""):
    """Archive the node with everything under it (one stamp), then close the gap among its siblings.

    Progress, spending and evidence files stay in the database; they count nowhere until a restore.
    """
    reason = clean_change_reason(activity.plan, reason)
    plan = _lock_plan(activity.plan)
    activity = _fresh(activity)
    impact = archive_impact(activity)
    archive.archive(activity, user=user, reason=reason)
    _renumber(_siblings(plan, activity.parent_id), reason)
    return impact


@transaction.atomic
def activity_restore(*, activity, user, reason=""):
    """Bring back the node and what was archived with it, at its old place among its siblings."""
    reason = clean_change_reason(activity.plan, reason)
    plan = Plan.all_objects.select_for_update().get(pk=activity.plan_id)
    activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
    if activity.archived_at is None:
        raise ValidationError(_("Mục này không nằm trong lưu trữ."), code="not_archived")
    if plan.archived_at is not None:
        raise ValidationError(_("Kế hoạch đang được lưu trữ: hãy khôi phục kế hoạch trước."), code="plan_archived")
    if activity.parent_id is not None and not Activity.objects.filter(pk=activity.parent_id).exists():
        raise ValidationError(_("Mục chứa nội dung này đang được lưu trữ: hãy khôi phục mục đó trước."),
                              code="parent_archived")
    siblings = _siblings(plan, activity.parent_id)
    index = min(max(activity.position - 1, 0), len(siblings))
    archive.restore(activity, user=user, reason=reason)
    siblings.insert(index, activity)
    _renumber(siblings, reason)
    return activity


@transaction.atomic
def activity_update(*, activity, version, data, lead_units, coordinating_units, reason=""):
    """Save the activity form: raises core.concurrency.StaleVersion when someone saved it first.

    The timeframe's dates are read from the words with the plan's years; the words are kept as typed.
    """
    reason = clean_change_reason(activity.plan, reason)
    plan = activity.plan
    claim_version(activity, version)
    fresh = Activity.objects.get(pk=activity.pk)
    for name in ACTIVITY_FORM_FIELDS:
        setattr(fresh, name, data[name])
    timeframe = parse_timeframe(fresh.timeframe_text, plan.start_year, plan.last_year)
    fresh.start, fresh.due = timeframe.start, timeframe.due
    fresh.recurrence, fresh.timeframe_understood = timeframe.recurrence, timeframe.understood
    fresh.full_clean()
    _save(fresh, reason, update_fields=[*ACTIVITY_FORM_FIELDS, *TIMEFRAME_FIELDS])
    for field, units in (("lead_units", lead_units), ("coordinating_units", coordinating_units)):
        units = list(units)
        if any(unit.province_id != plan.province_id for unit in units):
            raise ValidationError(_("Đơn vị đã chọn không thuộc tỉnh của kế hoạch này."))
        getattr(fresh, field).set(units)
    return fresh


@transaction.atomic
def external_unit_create(*, plan, name):
    """Add an outside body (Tòa án, UBND huyện …) to the plan's province, or return the one of that name."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Hãy nhập tên cơ quan cần thêm."), code="required")
    existing = Unit.objects.filter(province=plan.province, name__iexact=name).first()
    if existing:
        return existing
    unit = Unit(province=plan.province, name=name, kind=Unit.Kind.EXTERNAL)
    unit.full_clean()
    unit.save()
    return unit


# --- targets ------------------------------------------------------------------------------------------

@transaction.atomic
def target_create(*, activity, quantity, measure, description="", reason=""):
    reason = clean_change_reason(activity.plan, reason)
    last = activity.targets.order_by("-position").values_list("position", flat=True).first() or 0
    target = Target(activity=activity, quantity=quantity, measure=measure, description=description, position=last + 1)
    target.full_clean()
    _save(target, reason)
    return target


@transaction.atomic
def target_update(*, target, quantity, measure, description="", reason=""):
    reason = clean_change_reason(target.activity.plan, reason)
    target = Target.objects.select_for_update().get(pk=target.pk)
    target.quantity, target.measure, target.description = quantity, measure, description
    target.full_clean()
    _save(target, reason)
    return target


@transaction.atomic
def target_delete(*, target, reason=""):
    reason = clean_change_reason(target.activity.plan, reason)
    if target.achievements.exists():
        raise ValidationError(
            _("Không thể xóa chỉ tiêu này: các đơn vị đã báo cáo kết quả đạt được theo chỉ tiêu."),
            code="has_progress",
        )
    target._change_reason = reason or None
    target.delete()
