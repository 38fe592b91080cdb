"""Reads of the quarter coming in: what the activity page and the progress form show, each built in a fixed
number of queries. Access is checked before (progress.access); these only read.
"""
from collections import defaultdict

from django.db.models import Max, Prefetch, Q, Sum

from activities.models import Activity, PeriodLock, ProgressUpdate, TargetProgress
from core.archive import live
from core.history import Names, changes, m2m_snapshots, worth_showing
from plans.access import can_edit_plans
from plans.models import Unit
from progress.access import may_archive_update

HISTORY_LIMIT = 30


def activity_for_page(activity):
    """The activity again, with its plan, province, parent and unit names loaded for the page."""
    units = Unit.objects.only("name", "short_name")
    return (
        Activity.objects.filter(pk=activity.pk).select_related("plan__province", "parent")
        .prefetch_related(Prefetch("lead_units", queryset=units), Prefetch("coordinating_units", queryset=units))
        .get()
    )


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


def share_done(quantity, achieved_to_date):
    """Per cent of the target reached, or None for a target of 0."""
    return 100 * achieved_to_date / quantity if quantity else None


def targets_with_achieved(activity):
    """The activity's targets, each with `achieved_total` (achieved to date over live reports, `achieved`) and
    `share` (per cent, or None)."""
    targets = list(activity.targets.all())
    reports = target_reports(Q(target__in=targets))
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


def updates_for_page(user, activity):
    """(live reports, archived reports the user could bring back), newest quarter first.

    Each carries `is_locked` (its quarter is locked in the province) and, if live, `can_archive`.
    """
    province = activity.plan.province
    locked = set(PeriodLock.objects.active().filter(province=province).values_list("year", "quarter"))
    order = ("-year", "-quarter", "unit__position", "unit_id")
    live_updates = list(
        ProgressUpdate.objects.filter(activity=activity)
        .select_related("unit", "author")
        .prefetch_related("achievements__target", "attachments", "expenditures__budget_line")
        .order_by(*order)
    )
    editor = can_edit_plans(user, province)
    for update in live_updates:
        update.activity = activity  # already loaded: may_archive_update reads its plan
        update.is_locked = (update.year, update.quarter) in locked
        update.can_archive = not update.is_locked and may_archive_update(user, update, editor=editor)
    archived = []
    for update in (ProgressUpdate.all_objects.filter(activity=activity, archived_at__isnull=False)
                   .select_related("unit", "archived_by").order_by(*order)):
        update.activity = activity
        if may_archive_update(user, update, editor=editor):
            update.is_locked = (update.year, update.quarter) in locked
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
