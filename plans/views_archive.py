"""Archiving a whole plan, restoring it, and the province's list of archived plans (editors only).

An archived plan is a 404 everywhere else; its archive page (reports:plan_archive) and these views reach it
through plans.access with `include_archived`.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plans.access import get_plan_for_editor, get_provinces_for_editor
from plans.models import Plan
from plans.services import change_reason_required, plan_archive, plan_archive_impact, plan_restore


def _reason_context(request, plan, error=None):
    return {"reason_required": change_reason_required(plan), "change_reason": request.POST.get("change_reason", ""),
            "reason_error": error}


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive_view(request, pk):
    """GET: what archiving the plan takes with it. POST: archive it (the province's archive list restores it)."""
    plan = get_plan_for_editor(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            plan_archive(plan=plan, user=request.user, reason=request.POST.get("change_reason"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Đã lưu trữ kế hoạch “%(plan)s”; có thể khôi phục trong “Kế hoạch đã lưu trữ”.")
                             % {"plan": plan.number or plan.title[:80]})
            return redirect("plans:list")
    return render(request, "plans/plan_archive.html", {
        "plan": plan, "impact": plan_archive_impact(plan), **_reason_context(request, plan, error),
    }, status=400 if error else 200)


@login_required
@require_POST
def plan_restore_view(request, pk):
    plan = get_plan_for_editor(request.user, pk, include_archived=True)
    try:
        plan_restore(plan=plan, user=request.user, reason=request.POST.get("change_reason"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:archived")
    messages.success(request, _("Đã khôi phục kế hoạch “%(plan)s”.") % {"plan": plan.number or plan.title[:80]})
    return redirect(plan)


@login_required
@require_GET
def archived_plans(request):
    """The archived plans of the provinces where the user edits plans, newest archive first."""
    provinces = get_provinces_for_editor(
        request.user, _("Chỉ cán bộ biên tập kế hoạch mới xem được các kế hoạch đã lưu trữ."),
    )
    plans = list(
        Plan.all_objects.filter(province__in=provinces, archived_at__isnull=False)
        .select_related("province", "issuing_unit", "archived_by").order_by("-archived_at", "pk")
    )
    for plan in plans:
        plan.reason_required = change_reason_required(plan)
    return render(request, "plans/archived_plans.html", {"plans": plans})
