"""Budget lines of one activity, edited inside the content editor's panel (fetched there with htmx)
or on a page of their own without JavaScript; archived and restored, never deleted. Access goes through
activities.access like the editor.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from activities.access import get_activity_for_editor
from activities.views import fragments_response, reason_needed_response
from budgets import services
from budgets.forms import BudgetLineForm
from budgets.models import BudgetLine
from core.archive import live
from core.formatting import format_money
from core.htmx import is_htmx
from plans.services import change_reason_required, clean_change_reason


def _context(plan, activity, editing=None, form=None, status=None, error=None):
    spent = live("expenditures__progress_update")
    lines = list(activity.budget_lines.select_related("funding_source").annotate(
        spent_count=Count("expenditures", filter=spent)))
    new_form = form if form is not None and editing is None else BudgetLineForm(initial={"fiscal_year": plan.start_year})
    edit_form = None
    if editing is not None:
        edit_form = form if form is not None else BudgetLineForm.for_line(editing)
    return {
        "plan": plan,
        "activity": activity,
        "lines": lines,
        "total": sum(line.amount for line in lines),
        "unallocated": sum(line.amount for line in lines if not line.allocated),
        "editing": editing,
        "edit_form": edit_form,
        "new_form": new_form,
        "status": status,
        "error": error,
        "reason_required": change_reason_required(plan),
    }


def _respond(request, plan, activity, status=None, **context):
    if is_htmx(request):
        return fragments_response(request, plan, ("budgets/_budget_lines.html",
                                                  _context(plan, activity, status=status, **context)))
    if not context and status:
        messages.success(request, status)
        return redirect(reverse("budgets:activity_lines", args=[plan.pk, activity.pk]))
    return render(request, "budgets/budget_lines.html", _context(plan, activity, status=status, **context))


def _reason(request, plan):
    return clean_change_reason(plan, request.POST.get("change_reason"))


@login_required
@require_http_methods(["GET", "POST"])
def activity_lines(request, plan_pk, activity_pk):
    """GET: the activity's budget lines and total. POST: add one."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, activity_pk)
    if request.method == "GET":
        template = "budgets/_budget_lines.html" if is_htmx(request) else "budgets/budget_lines.html"
        return render(request, template, _context(plan, activity))
    try:
        reason = _reason(request, plan)
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    form = BudgetLineForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan, activity, form=form)
    try:
        services.budget_line_create(activity=activity, reason=reason, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _respond(request, plan, activity, form=form)
    return _respond(request, plan, activity, status=_("Đã thêm dòng kinh phí."))


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, plan_pk, activity_pk, pk):
    plan, activity = get_activity_for_editor(request.user, plan_pk, activity_pk)
    line = get_object_or_404(BudgetLine, activity=activity, pk=pk)
    if request.method == "GET":
        template = "budgets/_budget_lines.html" if is_htmx(request) else "budgets/budget_lines.html"
        return render(request, template, _context(plan, activity, editing=line))
    try:
        reason = _reason(request, plan)
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    form = BudgetLineForm(request.POST)
    if not form.is_valid():
        return _respond(request, plan, activity, editing=line, form=form)
    try:
        services.budget_line_update(line=line, reason=reason, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _respond(request, plan, activity, editing=line, form=form)
    return _respond(request, plan, activity, status=_("Đã lưu dòng kinh phí."))


@login_required
@require_POST
def line_delete(request, plan_pk, activity_pk, pk):
    """Archive ("Lưu trữ") the line: nothing is deleted; the plan's archive page restores it."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, activity_pk)
    line = get_object_or_404(BudgetLine, activity=activity, pk=pk)
    try:
        reason = _reason(request, plan)
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    try:
        services.budget_line_archive(line=line, user=request.user, reason=reason)
    except ValidationError as error:
        return _respond(request, plan, activity, error=" ".join(error.messages))
    return _respond(request, plan, activity, status=_("Đã lưu trữ dòng kinh phí; có thể khôi phục trong trang Lưu trữ của kế hoạch."))


@login_required
@require_POST
def line_restore(request, plan_pk, activity_pk, pk):
    """Bring an archived line back (from the plan's archive page, which it returns to)."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, activity_pk)
    line = get_object_or_404(BudgetLine.all_objects, activity=activity, pk=pk)
    try:
        services.budget_line_restore(line=line, user=request.user, reason=request.POST.get("change_reason"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã khôi phục dòng kinh phí “%(line)s”.") % {
            "line": line.description[:80] or format_money(line.amount)})
    return redirect("reports:plan_archive", pk=plan.pk)
