"""Archiving or restoring one unit's progress report.

Access goes through progress.access (editors, or the reporting unit); the writes and their rules (reason,
quarter lock) are in progress.services.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.archive import live
from core.periods import quarter_period
from plans.services import change_reason_required
from progress import services
from progress.access import get_update_for_archiving
from progress.locks import PeriodLocked, active_lock, locked_message


def _update_label(update):
    return _("cập nhật tiến độ %(period)s của %(unit)s") % {
        "period": quarter_period(update.year, update.quarter).label, "unit": update.unit.name}


@login_required
@require_http_methods(["GET", "POST"])
def update_archive(request, pk):
    """GET: what archiving the report keeps aside. POST: archive it (refused while its quarter is locked)."""
    update = get_update_for_archiving(request.user, pk)
    activity, plan = update.activity, update.activity.plan
    back = reverse("progress:activity", args=[activity.pk])
    reason_error = None
    if request.method == "POST":
        try:
            services.update_archive(update=update, user=request.user, reason=request.POST.get("change_reason"))
        except PeriodLocked as locked:
            messages.error(request, locked.message)
            return redirect(back)
        except ValidationError as error:
            reason_error = " ".join(error.messages)
        else:
            messages.success(request, _("Đã lưu trữ %(what)s.") % {"what": _update_label(update)})
            return redirect(back)
    spent = update.expenditures.filter(live("budget_line")).aggregate(n=Count("pk"), total=Sum("amount"))
    lock = active_lock(plan.province, quarter_period(update.year, update.quarter))
    return render(request, "progress/update_archive.html", {
        "update": update, "activity": activity, "plan": plan, "back": back, "what": _update_label(update),
        "achievements": update.achievements.count(), "attachments": update.attachments.count(),
        "expenditures": spent["n"], "spent_total": spent["total"] or 0,
        "lock_message": locked_message(lock) if lock else "",
        "reason_required": change_reason_required(plan), "change_reason": request.POST.get("change_reason", ""),
        "reason_error": reason_error,
    }, status=400 if reason_error else 200)


@login_required
@require_POST
def update_restore(request, pk):
    """Bring an archived report back; to the plan's archive page (editors) or the activity page."""
    update = get_update_for_archiving(request.user, pk, include_archived=True)
    try:
        services.update_restore(update=update, user=request.user, reason=request.POST.get("change_reason"))
    except PeriodLocked as locked:
        messages.error(request, locked.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã khôi phục %(what)s.") % {"what": _update_label(update)})
    if request.POST.get("back") == "archive":
        return redirect("reports:plan_archive", pk=update.activity.plan_id)
    return redirect("progress:activity", pk=update.activity_id)
