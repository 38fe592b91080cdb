"""Pages where an editor writes a plan's header and legal bases and moves the plan through its lifecycle.

Every view goes through plans.access: another province's plan is a 404, a read-only member gets a 403.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleVersion
from core.formatting import format_date
from plans.access import get_plan_for_editor, get_provinces_for_editor
from plans.forms import PlanForm, PlanIssueForm, legal_basis_formset
from plans.models import Plan
from plans.services import (
    TransitionRefused,
    close_problems,
    issue_problems,
    plan_close,
    plan_issue,
    plan_save,
)


@login_required
def plan_create(request):
    provinces = get_provinces_for_editor(request.user, _("Chỉ cán bộ biên tập kế hoạch mới được tạo kế hoạch."))
    return _edit(request, Plan(), provinces)


@login_required
def plan_edit(request, pk):
    plan = get_plan_for_editor(request.user, pk)
    return _edit(request, plan, None)


def _edit(request, plan, provinces):
    province_ids = [plan.province_id] if plan.pk else list(provinces.values_list("pk", flat=True))
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan, provinces=provinces)
    formset = legal_basis_formset(plan, province_ids, data)
    conflict = None
    if data is not None and "them-can-cu" in data:
        # Without JavaScript the "add a legal basis" button posts the form back with one more empty row.
        return _render_form(request, plan, form, _with_extra_row(plan, province_ids, data))
    if data is not None and form.is_valid() and formset.is_valid() and formset.check_province(form.chosen_province):
        try:
            saved = plan_save(
                plan=form.save(commit=False), legal_bases=formset,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except StaleVersion as stale:
            conflict = _conflict(stale.current, form, formset)
            # Keep everything typed; the next save is made knowingly against the version now stored.
            data = data.copy()
            data["version"] = stale.current.version
            fresh = Plan.objects.select_related("province").get(pk=plan.pk)
            form = PlanForm(data, instance=fresh, provinces=provinces)
            formset = legal_basis_formset(fresh, province_ids, data)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(saved)
    status = 409 if conflict else 400 if data is not None else 200
    return _render_form(request, plan, form, formset, conflict=conflict, status=status)


def _with_extra_row(plan, province_ids, data):
    data = data.copy()
    total = "can-cu-TOTAL_FORMS"
    data[total] = int(data.get(total) or 0) + 1
    return legal_basis_formset(plan, province_ids, data)


def _render_form(request, plan, form, formset, conflict=None, status=200):
    return render(
        request, "plans/plan_form.html",
        {"plan": plan, "form": form, "formset": formset, "conflict": conflict},
        status=status,
    )


def _shown(form, name, value):
    """A header value as the editor reads it (choice labels, dd/mm/yyyy dates, units by name)."""
    if value in (None, ""):
        return "—"
    if name == "period":
        return dict(PlanForm.PERIOD_CHOICES)[value]
    if name == "kind":
        return Plan.Kind(value).label
    if hasattr(value, "strftime"):
        return format_date(value)
    return str(value)


def _period_of(plan):
    if plan.open_ended:
        return PlanForm.OPEN
    return PlanForm.RANGE if plan.end_year and plan.end_year != plan.start_year else PlanForm.SINGLE


def _conflict(current, form, formset):
    """What the other editor saved, field by field beside what this editor typed."""
    typed = form.cleaned_data
    rows = []
    for name in form.fields:
        if name in ("version", "change_reason", "province"):
            continue
        theirs = _period_of(current) if name == "period" else getattr(current, name)
        yours = typed.get(name)
        if name == "end_year" and typed.get("period") != PlanForm.RANGE:
            continue
        if (theirs or None) != (yours or None):
            rows.append((form.fields[name].label, _shown(form, name, theirs), _shown(form, name, yours)))
    saved_bases = [basis.citation for basis in current.legal_bases.order_by("position", "pk")]
    typed_bases = [basis.citation for basis in formset.typed_bases()]
    if saved_bases != typed_bases:
        rows.append((_("Căn cứ"), "\n".join(saved_bases) or "—", "\n".join(typed_bases) or "—"))
    last = current.history.select_related("history_user").first()
    who = last.history_user.get_full_name() or last.history_user.username if last and last.history_user else ""
    return {
        "who": who,
        "when": timezone.localtime(current.updated_at),
        "rows": rows,
        "plan": current,
    }


def _transition(request, pk, problems_of, move, template):
    plan = get_plan_for_editor(request.user, pk)
    problems = problems_of(plan)
    if request.method == "POST" and not (request.POST.get("version") or "").isdigit():
        # Only the confirmation form, which carries the version it was shown, may move a plan on.
        messages.error(request, _("Yêu cầu không hợp lệ; hãy xác nhận lại trên trang này."))
        return redirect(request.path)
    if request.method == "POST":
        try:
            move(plan=plan, expected_version=request.POST.get("version"))
        except TransitionRefused as refused:
            problems = refused.messages
        except StaleVersion:
            messages.error(request, _("Người khác vừa thay đổi kế hoạch này; hãy xem lại trước khi thực hiện."))
            return redirect(plan)
        else:
            messages.success(request, _("Kế hoạch đã chuyển sang trạng thái “%(status)s”.") % {
                "status": plan.get_status_display()})
            return redirect(plan)
    return render(request, template, {"plan": plan, "problems": problems},
                  status=409 if request.method == "POST" else 200)


@login_required
def plan_issue_view(request, pk):
    """Confirm issuing; the number and date are fields of this form, so a draft without them is issued here."""
    plan = get_plan_for_editor(request.user, pk)
    posted = request.method == "POST"
    if posted and not (request.POST.get("version") or "").isdigit():
        # Only the confirmation form, which carries the version it was shown, may move a plan on.
        messages.error(request, _("Yêu cầu không hợp lệ; hãy xác nhận lại trên trang này."))
        return redirect(request.path)
    data = None
    if posted:
        data = request.POST.copy()  # a post without the fields keeps the plan's own number and date
        data.setdefault("number", plan.number)
        data.setdefault("issued_on", format_date(plan.issued_on) if plan.issued_on else "")
    form = PlanIssueForm(data, initial={"number": plan.number, "issued_on": plan.issued_on, "version": plan.version})
    problems = issue_problems(plan, header=False)
    if posted and form.is_valid() and not problems:
        try:
            plan_issue(plan=plan, expected_version=form.cleaned_data["version"],
                       number=form.cleaned_data["number"], issued_on=form.cleaned_data["issued_on"])
        except TransitionRefused as refused:
            problems = refused.messages
        except StaleVersion:
            messages.error(request, _("Người khác vừa thay đổi kế hoạch này; hãy xem lại trước khi thực hiện."))
            return redirect(plan)
        else:
            messages.success(request, _("Kế hoạch đã chuyển sang trạng thái “%(status)s”.") % {
                "status": plan.get_status_display()})
            return redirect(plan)
    status = 200 if not posted else (409 if problems else 400)
    return render(request, "plans/plan_issue.html", {"plan": plan, "problems": problems, "form": form}, status=status)


@login_required
def plan_close_view(request, pk):
    return _transition(request, pk, close_problems, plan_close, "plans/plan_close.html")
