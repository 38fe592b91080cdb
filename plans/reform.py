"""Organisations change: a unit renamed, merged into another, split or dissolved, a province merged, each at a
date and under a recorded decision (OrganisationChange); and the reads that follow a unit through time.

Writes: `unit_rename`, `unit_merge`, `unit_split`, `unit_dissolve`, `province_rename`, `province_merge` (each one transaction,
keyword-only, the decision first). Reads: `with_names_on` (the one way a page or a document shows the names a
plan was made with), `successor_on` (the unit that carries a name's work on a given day, for the importer),
`unit_chain` (a unit's history page).

A unit that ends keeps its row and its name: plans, activities, updates and reports made before keep pointing at
it and read as they were written. Its work goes on in its successors: plans.models.subtree_ids puts the units
merged into a member's unit inside that member's scope, and Province.heir the provinces merged into theirs.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from core.formatting import format_date
from core.signals import data_changed
from plans.models import OrganisationChange, Province, ProvinceName, Unit, UnitName, UnitSuccession


def plan_day(plan):
    """The day whose names a plan reads with (Plan.names_day)."""
    return plan.names_day


def with_names_on(units):
    """Load every former name of `units` (any iterable of Unit, possibly repeated) in one query, so that
    `unit.name_on(day)` and the `name_on` template filter need no query of their own. Returns the list."""
    units = [unit for unit in units if unit is not None]
    missing = [unit for unit in units if "former_names" not in getattr(unit, "_prefetched_objects_cache", {})]
    if missing:
        prefetch_related_objects(missing, "former_names")
    return units


def _unit_label(unit):
    return f"{unit.name} ({unit.province.name})"


def _check_valid(unit, day):
    if not unit.is_valid_on(day) or not unit.province_is_valid_on(day):
        raise ValidationError(
            _("Đơn vị “%(unit)s” không còn hoặc chưa có vào ngày %(day)s.")
            % {"unit": unit.name, "day": format_date(day)}, code="unit_not_valid",
        )


def _record(kind, decision, user):
    change = OrganisationChange(kind=kind, recorded_by=user, **decision)
    change.full_clean()
    change.save()
    return change


def _end(unit, change):
    unit.valid_to = change.effective_on
    unit.ended_by = change
    unit.save(update_fields=["valid_to", "ended_by"])


def _hand_over(predecessors, successors, change):
    for predecessor in predecessors:
        # It existed the day before, and no earlier change has ended it since (its province may end that day).
        _check_valid(predecessor, change.effective_on - datetime.timedelta(days=1))
        if predecessor.valid_to is not None:
            raise ValidationError(
                _("Đơn vị “%(unit)s” đã không còn từ ngày %(day)s.")
                % {"unit": predecessor.name, "day": format_date(predecessor.valid_to)}, code="unit_ended",
            )
        _end(predecessor, change)
        for successor in successors:
            UnitSuccession.objects.create(change=change, predecessor=predecessor, successor=successor)


def _distinct(units, successors):
    overlap = {u.pk for u in units} & {u.pk for u in successors}
    if overlap:
        raise ValidationError(_("Một đơn vị không thể kế thừa chính nó."), code="unit_succeeds_itself")


@transaction.atomic
def unit_rename(*, unit, name, short_name="", decision, user=None):
    """From `decision["effective_on"]` the unit is called `name`; before it, what it was called until then."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Hãy nhập tên mới của đơn vị."), code="name_required")
    change = _record(OrganisationChange.Kind.RENAME, decision, user)
    day = change.effective_on
    _check_valid(unit, day)
    last = unit.former_names.order_by("-used_until").first()
    if last is not None and last.used_until >= day:
        raise ValidationError(
            _("Đơn vị đã đổi tên từ ngày %(day)s; lần đổi tên mới phải có hiệu lực sau ngày đó.")
            % {"day": format_date(last.used_until)}, code="rename_out_of_order",
        )
    if Unit.objects.filter(province=unit.province_id, name=name).exclude(pk=unit.pk).exists():
        raise ValidationError(_("Tỉnh đã có đơn vị tên “%(name)s”.") % {"name": name}, code="name_taken")
    UnitName.objects.create(unit=unit, name=unit.name, short_name=unit.short_name, used_until=day, change=change)
    unit.name = name
    unit.short_name = " ".join(short_name.split())
    unit.save(update_fields=["name", "short_name"])
    return change


@transaction.atomic
def unit_merge(*, units, into, decision, user=None):
    """The `units` end on the effective day; their work, and their open activities, go on in `into`."""
    if not units:
        raise ValidationError(_("Hãy chọn đơn vị được sáp nhập."), code="units_required")
    _distinct(units, [into])
    change = _record(OrganisationChange.Kind.MERGE, decision, user)
    _check_valid(into, change.effective_on)
    _hand_over(units, [into], change)
    return change


@transaction.atomic
def unit_split(*, unit, into, decision, user=None):
    """`unit` ends on the effective day and its work goes on in each of `into` (two or more)."""
    if len(into) < 2:
        raise ValidationError(_("Chia tách cần ít nhất hai đơn vị kế thừa."), code="split_needs_two")
    _distinct([unit], into)
    change = _record(OrganisationChange.Kind.SPLIT, decision, user)
    for successor in into:
        _check_valid(successor, change.effective_on)
    _hand_over([unit], into, change)
    return change


@transaction.atomic
def unit_dissolve(*, unit, successor=None, decision, user=None):
    """`unit` ends on the effective day; its work goes to `successor` when there is one."""
    successors = [successor] if successor is not None else []
    _distinct([unit], successors)
    change = _record(OrganisationChange.Kind.DISSOLVE, decision, user)
    for other in successors:
        _check_valid(other, change.effective_on)
    _hand_over([unit], successors, change)
    return change


@transaction.atomic
def province_rename(*, province, name, decision, user=None):
    """From `decision["effective_on"]` the province is called `name`; before it, what it was called until then
    (Province.name_on). Its code, units and plans stay."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Hãy nhập tên mới của tỉnh."), code="name_required")
    if name == province.name:
        raise ValidationError(_("Tên mới trùng tên hiện tại của tỉnh."), code="name_unchanged")
    change = _record(OrganisationChange.Kind.RENAME, decision, user)
    day = change.effective_on
    if not province.is_valid_on(day):
        raise ValidationError(_("Tỉnh “%(name)s” không còn hoặc chưa có vào ngày %(day)s.")
                              % {"name": province.name, "day": format_date(day)}, code="province_not_valid")
    last = province.former_names.order_by("-used_until").first()
    if last is not None and last.used_until >= day:
        raise ValidationError(
            _("Tỉnh đã đổi tên từ ngày %(day)s; lần đổi tên mới phải có hiệu lực sau ngày đó.")
            % {"day": format_date(last.used_until)}, code="rename_out_of_order",
        )
    if Province.objects.filter(name=name).exclude(pk=province.pk).exists():
        raise ValidationError(_("Đã có tỉnh tên “%(name)s”.") % {"name": name}, code="name_taken")
    ProvinceName.objects.create(province=province, name=province.name, used_until=day, change=change)
    province.name = name
    province.save(update_fields=["name"])
    return change


@transaction.atomic
def province_merge(*, provinces, into, decision, user=None):
    """The `provinces` end on the effective day and `into` carries them on: its members read and work on their
    plans (UserMemberships follows Province.heir). Their units stay for the plans that name them; pair the
    units that go on with unit_merge."""
    if not provinces:
        raise ValidationError(_("Hãy chọn tỉnh được sáp nhập."), code="provinces_required")
    if into.pk in {p.pk for p in provinces}:
        raise ValidationError(_("Một tỉnh không thể sáp nhập vào chính nó."), code="province_into_itself")
    change = _record(OrganisationChange.Kind.MERGE, decision, user)
    day = change.effective_on
    if not into.is_valid_on(day):
        raise ValidationError(_("Tỉnh “%(name)s” không còn vào ngày %(day)s.") % {"name": into.name, "day": format_date(day)})
    heir = into.heir or into
    for province in provinces:
        if not province.is_valid_on(day - datetime.timedelta(days=1)):
            raise ValidationError(_("Tỉnh “%(name)s” đã không còn trước ngày %(day)s.")
                                  % {"name": province.name, "day": format_date(day)})
        province.valid_to, province.merged_into, province.heir, province.change = day, into, heir, change
        province.save(update_fields=["valid_to", "merged_into", "heir", "change"])
    # Provinces merged earlier into the ones merged now follow them to the same heir.
    Province.objects.filter(heir__in=provinces).update(heir=heir)
    data_changed.send(sender=Province, everywhere=True)  # no model signal above: the reports' data versions
    return change


def successor_on(unit, day):
    """The unit that carries `unit`'s work on `day`: itself while it exists, else its successor existing then
    (followed through later changes); None when the work went nowhere or split (the reader must choose)."""
    seen = set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        if unit.valid_to is None or day < unit.valid_to:
            return unit if unit.valid_from is None or unit.valid_from <= day else None
        successors = [link.successor for link in unit.succeeded_by.select_related("successor__province")]
        unit = successors[0] if len(successors) == 1 else None
    return None


def unit_chain(unit):
    """A unit's history, oldest first: (day, text, change) for its names, its predecessors and its end.

    Also the units before it and after it, each with the change that linked them."""
    with_names_on([unit])
    events = []
    names = sorted(unit.former_names.all(), key=lambda f: f.used_until)
    for former, following in zip(names, [*names[1:], None]):
        new_name = following.name if following else unit.name
        events.append((former.used_until, _("Đổi tên từ “%(old)s” thành “%(new)s”") % {"old": former.name, "new": new_name},
                       former.change))
    before = list(UnitSuccession.objects.filter(successor=unit).select_related("predecessor__province", "change"))
    after = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor__province", "change"))
    for link in before:
        events.append((link.change.effective_on, _("Tiếp nhận %(unit)s (%(kind)s)")
                       % {"unit": _unit_label(link.predecessor), "kind": link.change.get_kind_display().lower()},
                       link.change))
    if unit.valid_to:
        if after:
            text = _("Không còn; công việc chuyển sang %(units)s") % {
                "units": "; ".join(_unit_label(link.successor) for link in after)}
        else:
            text = _("Không còn (giải thể, không có đơn vị kế thừa)")
        events.append((unit.valid_to, text, unit.ended_by))
    if unit.valid_from:
        events.append((unit.valid_from, _("Bắt đầu hoạt động"), unit.begun_by))
    events.sort(key=lambda event: event[0])
    return {
        "events": events,
        "predecessors": [link.predecessor for link in before],
        "successors": [link.successor for link in after],
    }
