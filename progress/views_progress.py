"""The quarterly progress page of one activity for one of the user's units, and removing an expenditure."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.selectors import figure_labels, lines_with_spending
from core.concurrency import StaleVersion
from core.formatting import format_date, format_money
from core.periods import quarter_period
from progress.access import (
    get_activity_for_reporter,
    get_expenditure_for_reporter,
    get_period_for_reporter,
    get_unit_for_reporter,
    plan_quarters,
    reporting_opens,
    reporting_opens_message,
)
from progress.forms import ExpenditureFormSet, ProgressForm, progress_input
from progress.locks import PeriodLocked, active_lock, locked_message
from progress.selectors import find_update
from progress.services import expenditure_delete, progress_save


def _initial(update, targets, activity):
    if update is None:
        # A first report of the quarter starts from where the activity stands, so saving it without touching
        # the status never sets an activity under way back to "not started".
        return {"version": 0, "status": activity.status}
    initial = {
        "status": update.status, "result": update.result, "difficulties": update.difficulties,
        "proposals": update.proposals, "version": update.version,
    }
    achieved = {tp.target_id: tp.achieved for tp in update.achievements.all()}
    for target in targets:
        if target.pk in achieved:
            initial[f"target_{target.pk}"] = f"{achieved[target.pk]:,}".replace(",", ".")
    return initial


@login_required
def progress_update(request, pk):
    """GET: the form for ?ky=2021-Q3&don_vi=<unit>; POST: save it (refused for a locked quarter)."""
    activity, units = get_activity_for_reporter(request.user, pk)
    plan, province = activity.plan, activity.plan.province
    today = timezone.localdate()
    opens = reporting_opens(plan, today)
    if opens is not None:  # not a matter of rights: the quarter has not begun; the activity page says from when
        messages.info(request, reporting_opens_message(opens))
        return redirect("progress:activity", pk=activity.pk)
    params = request.POST if request.method == "POST" else request.GET
    period = get_period_for_reporter(plan, params.get("ky"), today)
    unit, is_lead = get_unit_for_reporter(units, params.get("don_vi"))

    targets = list(activity.targets.all())
    budget_lines = activity.budget_lines.select_related("funding_source")
    # The lines with their spending, read once: the page's table and the options of every expenditure row.
    lines = lines_with_spending(activity, today=today, window_kind=province.reporting_window)
    window = period.window(province.reporting_window)
    update = find_update(activity, unit, period)
    lock = active_lock(province, period)
    conflict = None
    status = 200

    form_kwargs = {"targets": targets}
    set_kwargs = {"budget_lines": budget_lines, "window": window, "prefix": "chi", "loaded_lines": lines}
    form = formset = None
    if request.method == "POST" and lock is not None:
        status = 403  # the page below says why; nothing was read from the post
    elif request.method == "POST":
        form = ProgressForm(request.POST, request.FILES, **form_kwargs)
        formset = ExpenditureFormSet(request.POST, **set_kwargs)
        status = 400
        if form.is_valid() and formset.is_valid():
            try:
                progress_save(
                    activity=activity, unit=unit, year=period.year, quarter=period.quarter, author=request.user,
                    expected_version=form.cleaned_data["version"], data=progress_input(form, formset),
                )
            except StaleVersion as stale:
                # Show what the other person saved; keep what this user typed, now against the new version,
                # so that saving again is a deliberate choice.
                conflict = update = find_update(activity, unit, period)
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = ProgressForm(data, **form_kwargs)
                formset = ExpenditureFormSet(data, **set_kwargs)
                form.is_valid(), formset.is_valid()
                status = 409
            except PeriodLocked as locked:
                lock, status = locked.lock, 403
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu cập nhật tiến độ %(period)s của %(unit)s.") % {
                    "period": period.label, "unit": unit.name})
                return redirect("progress:activity", pk=activity.pk)
    if form is None:
        form = ProgressForm(initial=_initial(update, targets, activity), **form_kwargs)
        formset = ExpenditureFormSet(**set_kwargs)

    return render(request, "progress/progress_form.html", {
        "activity": activity,
        "plan": plan,
        "unit": unit,
        "is_lead": is_lead,
        "units": units,
        "period": period,
        "periods": plan_quarters(plan, today),
        "window": window,
        "update": update,
        "form": form,
        "formset": formset,
        "budget_lines": lines,
        "labels": figure_labels(),
        "lock_message": locked_message(lock) if lock else "",
        "conflict": conflict,
    }, status=status)


@login_required
def expenditure_remove(request, pk):
    """Confirm, then remove an expenditure recorded by mistake (its unit's reporters, open quarter only)."""
    expenditure = get_expenditure_for_reporter(request.user, pk)
    update = expenditure.progress_update
    activity = expenditure.budget_line.activity
    back = reverse("progress:activity", args=[activity.pk])
    if request.method == "POST":
        try:
            expenditure_delete(expenditure=expenditure)
        except PeriodLocked as locked:
            messages.error(request, locked.message)
        else:
            messages.success(request, _("Đã xóa khoản chi."))
        return redirect(back)
    return render(request, "progress/attachment_delete.html", {
        "activity": activity,
        "what": _("khoản chi %(amount)s ngày %(date)s (%(unit)s, %(period)s)") % {
            "amount": format_money(expenditure.amount), "date": format_date(expenditure.spent_on),
            "unit": update.unit.name, "period": quarter_period(update.year, update.quarter).label,
        },
        "back": back,
    })
