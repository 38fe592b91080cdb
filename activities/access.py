"""Who may change a plan's content: every editor view fetches its objects through these helpers.

Both defer to `plans.access.get_plan_for_editor` (another province → 404, read-only role → 403); an id
that does not belong to the plan in the URL is a 404, so crafted ids from elsewhere never resolve.
"""
from django.shortcuts import get_object_or_404

from activities.models import Activity
from plans.access import get_plan_for_editor


def get_activity_for_editor(user, plan_pk, pk):
    """(plan, activity) when the user may edit the plan and the activity is part of it."""
    plan = get_plan_for_editor(user, plan_pk)
    return plan, get_object_or_404(Activity, plan=plan, pk=pk)
