"""Who may change a plan's content: every editor view fetches its objects through these helpers.

Both defer to `plans.access.get_plan_for_editor` (another province → 404, read-only role → 403); an id
that does not belong to the plan in the URL is a 404, so crafted ids from elsewhere never resolve.
"""
from django.shortcuts import get_object_or_404

from activities.models import Activity
from plans.access import get_plan_for_editor


def get_activity_for_editor(user, plan_pk, pk, *, include_archived=False):
    """(plan, activity) when the user may edit the plan and the activity is part of it.

    An archived activity is a 404 unless `include_archived` (restoring it); its plan must be live either way.
    """
    plan = get_plan_for_editor(user, plan_pk)
    activities = Activity.all_objects if include_archived else Activity.objects
    return plan, get_object_or_404(activities, plan=plan, pk=pk)
