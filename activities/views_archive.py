"""Restoring an archived section or activity (from the plan's archive page).

Access goes through activities.access; the write and its rules (reason, what comes back with what) are in
activities.services.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.access import get_activity_for_editor


@login_required
@require_POST
def activity_restore(request, plan_pk, pk):
    """Bring back an archived node with what was archived with it; back to the plan's archive page."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk, include_archived=True)
    try:
        services.activity_restore(activity=activity, user=request.user, reason=request.POST.get("change_reason"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã khôi phục “%(title)s” về vị trí cũ trong kế hoạch.") % {"title": activity.title})
    return redirect("reports:plan_archive", pk=plan.pk)

