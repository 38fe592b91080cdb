"""Reads of the quarter coming in: what the activity page and the progress form show, each built in a fixed
number of queries. Access is checked before (progress.access); these only read.
"""
from collections import defaultdict

from django.db.models import Exists, F, Max, OuterRef, Q, Sum

from activities.models import Activity, PeriodLock, ProgressUpdate, TargetProgress
from core.archive import live
from core.history import Names, changes, m2m_snapshots, worth_showing
from plans.access import can_edit_plans
from plans.models import Unit, UnitName
from progress.access import may_archive_update

HISTORY_LIMIT = 30


def activity_for_page(activity):
    """The activity (as progress.access fetched it, with its plan, province and parent) made ready for its page
    in two queries: (activity, {unit id: Unit}, {update id: [TargetProgress]}).

    Its units — leading, co-ordinating, or that reported on it (a unit merged away keeps its reports) — are read
    with their former names in one query (a row per former name) and kept where `lead_units.all()`,
    `coordinating_units.all()` and `unit.former_names.all()` find them, so that `Unit.name_on` needs no query. Its
    targets are read with every achievement reported on them in one query (a row per achievement) and kept where
    `targets.all()` finds them; the achievements are returned by update for `updates_for_page`.
    """
    lead = Activity.lead_units.through.objects.filter(activity=activity).values("unit")
    coordinating = Activity.coordinating_units.through.objects.filter(activity=activity).values("unit")
    reported = ProgressUpdate.all_objects.filter(activity=activity).values("unit")
    units, former = {}, defaultdict(list)
    for row in (
        Unit.objects.filter(Q(pk__in=lead) | Q(pk__in=coordinating) | Q(pk__in=reported))
        .annotate(is_lead=Exists(lead.filter(unit=OuterRef("pk"))),
                  is_coordinating=Exists(coordinating.filter(unit=OuterRef("pk"))),
                  former_id=F("former_names__id"), former_name=F("former_names__name"),
                  former_short_name=F("former_names__short_name"), former_until=F("former_names__used_until"))
        .order_by("province__name", "position", "name", "pk", "former_names__used_until")  # Unit's own order
    ):
        unit = units.setdefault(row.pk, row)
        if row.former_id is not None:
            former[row.pk].append(UnitName(pk=row.former_id, unit=unit, name=row.former_name,
                                           short_name=row.former_short_name, used_until=row.former_until))
    for unit in units.values():
        _set_prefetched(unit, "former_names", former[unit.pk])
    _set_prefetched(activity, "lead_units", [unit for unit in units.values() if unit.is_lead])
    _set_prefetched(activity, "coordinating_units", [unit for unit in units.values() if unit.is_coordinating])

    targets, achievements = {}, defaultdict(list)
    for row in activity.targets.annotate(
        achievement_id=F("achievements__id"), achievement_update_id=F("achievements__update_id"),
        achievement_achieved=F("achievements__achieved"),
    ).order_by("position", "pk", "achievements__id"):  # Target's own order within one activity
        target = targets.setdefault(row.pk, row)
        if row.achievement_id is not None:
            achievements[row.achievement_update_id].append(TargetProgress(
                pk=row.achievement_id, update_id=row.achievement_update_id, target=target,
                achieved=row.achievement_achieved))
    _set_prefetched(activity, "targets", list(targets.values()))
    return activity, units, achievements


def _set_prefetched(instance, relation, objects):
    """Keep `objects` (in the relation's order) as what `instance.<relation>.all()` returns, as prefetch_related
    would after a query of its own: for rows read together with others."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation] = queryset


def is_level(measure):
    """A target measured in per cent ("100 %") states a level reached, not a count: quarters don't add up."""
    return "%" in (measure or "")


def achieved(measure, reports, quarters=None):
    """The quantity achieved for one target from its live reports [(year, quarter, sum of the units' values,
    highest unit value)], limited to `quarters` [(year, quarter)] when given.

    A count ("80.000 tờ gấp", "10 đợt") adds every unit's value of every quarter; a level ("100 %") is the
    value of the latest quarter reported, the highest when several units reported it.
    """
    reports = [r for r in reports if quarters is None or (r[0], r[1]) in quarters]
    if not reports:
        return 0
    if is_level(measure):
        return max(reports, key=lambda r: (r[0], r[1], r[3]))[3]
    return sum(r[2] for r in reports)


def target_reports(target_filter, until=None):
    """{target id: [(year, quarter, sum, highest)]} of live reports, up to `until` = (year, last quarter); one query."""
    rows = TargetProgress.objects.filter(live("update"), target_filter)
    if until is not None:
        year, quarter = until
        rows = rows.filter(Q(update__year__lt=year) | Q(update__year=year, update__quarter__lte=quarter))
    reports = defaultdict(list)
    for target_id, year, quarter, total, highest in (
        rows.values_list("target_id", "update__year", "update__quarter")
        .annotate(total=Sum("achieved"), highest=Max("achieved")).order_by()
    ):
        reports[target_id].append((year, quarter, total, highest))
    return reports


def _reports_of(updates, target_ids):
    """`target_reports` of the given live updates' loaded achievements: {target id: [(year, quarter, sum,
    highest)]}, for the targets asked."""
    quarters = defaultdict(list)
    for update in updates:
        for achievement in update.achievements.all():
            if achievement.target_id in target_ids:
                quarters[achievement.target_id, update.year, update.quarter].append(achievement.achieved)
    reports = defaultdict(list)
    for (target_id, year, quarter), values in quarters.items():
        reports[target_id].append((year, quarter, sum(values), max(values)))
    return reports


def share_done(quantity, achieved_to_date):
    """Per cent of the target reached, or None for a target of 0."""
    return 100 * achieved_to_date / quantity if quantity else None


def targets_with_achieved(activity, live_updates=None):
    """The activity's targets, each with `achieved_total` (achieved to date over live reports, `achieved`) and
    `share` (per cent, or None). Given the activity's live updates with their achievements loaded
    (`updates_for_page`), the reports are summed from those instead of read again."""
    targets = list(activity.targets.all())
    if live_updates is None:
        reports = target_reports(Q(target__in=targets))
    else:
        reports = _reports_of(live_updates, {target.pk for target in targets})
    for target in targets:
        target.achieved_total = achieved(target.measure, reports.get(target.pk, []))
        target.share = share_done(target.quantity, target.achieved_total)
        target.is_level = is_level(target.measure)
    return targets


def find_update(activity, unit, period):
    """The unit's live report on the activity for the quarter, with what hangs off it; None if not yet made."""
    return (
        ProgressUpdate.objects.filter(activity=activity, unit=unit, year=period.year, quarter=period.quarter)
        .select_related("author").prefetch_related("achievements__target", "attachments", "expenditures__budget_line")
        .first()
    )


def updates_for_page(user, activity, expenditures, units, achievements):
    """(live reports, archived reports the user could bring back), newest quarter first.

    Each carries `is_locked` (its quarter is locked in the province) and, if live, `can_archive`; its unit is
    taken from `units`, its `achievements.all()` from `achievements` (both from `activity_for_page`) and its
    `expenditures.all()` from `expenditures` (budgets.selectors.activity_expenditures).
    """
    province = activity.plan.province
    locks = PeriodLock.objects.active().filter(province=province, year=OuterRef("year"), quarter=OuterRef("quarter"))
    updates = (
        ProgressUpdate.all_objects.filter(activity=activity)
        .select_related("author", "archived_by")
        .annotate(is_locked=Exists(locks))
        .prefetch_related("attachments")
        .order_by("-year", "-quarter", "unit__position", "unit_id")
    )
    editor = can_edit_plans(user, province)
    live_updates, archived = [], []
    recorded = defaultdict(list)
    for expenditure in expenditures:
        recorded[expenditure.progress_update_id].append(expenditure)
    for update in updates:
        # Its unit with its former names (the name in the report's quarter); a unit whose first report came in
        # between the two reads is read on its own.
        if update.unit_id in units:
            update.unit = units[update.unit_id]
        # Live and archived in one read; the archived ones' rows go unused.
        _set_prefetched(update, "expenditures", recorded[update.pk])
        _set_prefetched(update, "achievements", achievements[update.pk])
        update.activity = activity  # already loaded: may_archive_update reads its plan
        if update.archived_at is None:
            update.can_archive = not update.is_locked and may_archive_update(user, update, editor=editor)
            live_updates.append(update)
        elif may_archive_update(user, update, editor=editor):
            archived.append(update)
    return live_updates, archived


def activity_history(activity, limit=HISTORY_LIMIT):
    """The last changes of the activity's own fields and units, newest first: [(record, [Change])]."""
    records = activity.history.select_related("history_user").order_by("-history_date", "-history_id")
    newest = list(records[: limit + 1])
    m2m = m2m_snapshots(Activity, records.filter(history_id__in=[r.history_id for r in newest]))
    names = Names()
    rows = []
    for newer, older in zip(newest, newest[1:] + [None]):
        if len(rows) == limit:
            break
        found = changes(Activity, older, newer, m2m, names)
        if worth_showing(newer, found):
            rows.append((newer, found))
    return rows
