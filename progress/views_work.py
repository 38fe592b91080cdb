"""Pages of a unit's work: the "Việc của đơn vị" list, the activity page, evidence files, quarter locks."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.models import Activity, PeriodLock
from budgets.selectors import Money, activity_expenditures, figure_labels, lines_with_spending
from core.periods import period_of_day, quarter_period
from core.widgets import TypeAheadField, resolves_typed, suggestions_response
from plans.models import Plan, Unit
from plans.services import change_reason_required
from plans.suggest import plan_label, plan_suggestions
from progress import services
from progress.access import (
    get_activity_for_user,
    get_attachment_for_reporter,
    get_attachment_for_user,
    get_province_for_locker,
    get_provinces_for_locker,
    reporting_opens,
    reporting_opens_message,
    reporting_unit_ids,
    reporting_units,
    work_unit_ids,
)
from progress.filters import WorkFilter
from progress.locks import PeriodLocked
from progress.selectors import activity_for_page, activity_history, targets_with_achieved, updates_for_page

WORK_PAGE_SIZE = 100


def _work_queryset(user, unit_ids):
    leads = Activity.lead_units.through.objects.filter(activity_id=OuterRef("pk"), unit_id__in=unit_ids)
    coords = Activity.coordinating_units.through.objects.filter(activity_id=OuterRef("pk"), unit_id__in=unit_ids)
    units = Unit.objects.only("name", "short_name")
    return (
        Activity.objects.for_user(user).trackable()
        .filter(plan__status=Plan.Status.ISSUED)
        .annotate(is_lead=Exists(leads), is_coordinating=Exists(coords))
        .filter(Q(is_lead=True) | Q(is_coordinating=True))
        .select_related("plan__province")
        .prefetch_related(Prefetch("lead_units", queryset=units), Prefetch("coordinating_units", queryset=units))
        .order_by(F("due").asc(nulls_last=True), "plan__start_year", "plan_id", "position", "pk")
    )


def work_plans(user):
    """The plans of the user's work: those the user sees (Plan.objects.for_user) with an activity on the page."""
    return Plan.objects.for_user(user).filter(pk__in=_work_queryset(user, work_unit_ids(user)).values("plan_id"))


def _search_work_plans(request, text):
    return plan_suggestions(work_plans(request.user), text)


@login_required
@require_GET
def work_plan_suggest(request):
    """?q=words: at most ten plans of the user's work answering the words, best first (JSON for the type-ahead)."""
    text = request.GET.get("q", "")[:200]
    return suggestions_response(_search_work_plans(request, text) if text.strip() else [])


def plan_field(request, work_filter):
    """The page's plan filter as a type-ahead field showing the plan chosen (read by the filter's own check)."""
    work_filter.form.is_valid()  # cleaned_data: every valid field, as the filter applies them, even beside a bad one
    plan = work_filter.form.cleaned_data.get("ke_hoach")
    return TypeAheadField.for_request(
        request, "ke_hoach", label=work_filter.form.fields["ke_hoach"].label, url=reverse("progress:work_plan_suggest"),
        value=str(plan.pk) if plan else "", text=plan_label(plan.number, plan.title, plan.status) if plan else "",
        hint=_("Gõ số hoặc vài chữ của tên kế hoạch (không dấu cũng được); để trống: tất cả kế hoạch."),
        not_found=_("Không tìm thấy kế hoạch nào khớp với “%(text)s” trong việc của đơn vị."),
    )


@login_required
@resolves_typed("ke_hoach", _search_work_plans)
def work_list(request):
    """Every activity of an issued plan that the user's unit, or a unit under it, leads or co-ordinates."""
    unit_ids = work_unit_ids(request.user)
    today = timezone.localdate()
    work_filter = WorkFilter(request.GET, queryset=_work_queryset(request.user, unit_ids), request=request, today=today)
    page = Paginator(work_filter.qs, WORK_PAGE_SIZE).get_page(request.GET.get("trang"))
    current = {
        province.pk: period_of_day(today, province.reporting_window).window(province.reporting_window)
        for province in work_filter.provinces
    }
    for activity in page:
        activity.overdue = activity.is_overdue_on(today)
        window = current.get(activity.plan.province_id)
        activity.due_this_quarter = bool(
            window and activity.due and window[0] <= activity.due <= window[1] and not activity.overdue
        )
        # The phone's card offers one action: the progress form when the user reports for one of its units.
        activity.can_report = bool(reporting_units(request.user, activity))
    return render(request, "progress/work_list.html", {
        "page": page,
        "work_filter": work_filter,
        "plan_field": plan_field(request, work_filter),
        "today": today,
        "has_units": bool(unit_ids),
        "my_units": Unit.objects.filter(pk__in=unit_ids, memberships__user=request.user).distinct(),
    })


@login_required
def activity_page(request, pk):
    activity, units, achievements = activity_for_page(get_activity_for_user(request.user, pk))
    today = timezone.localdate()
    expenditures = activity_expenditures(activity)  # listed under their updates and summed under their lines
    updates, archived_updates = updates_for_page(request.user, activity, expenditures, units, achievements)
    targets = targets_with_achieved(activity, updates)  # the targets and achievements read above: no query
    province = activity.plan.province
    budget_lines = lines_with_spending(activity, today=today, window_kind=province.reporting_window,
                                       expenditures=expenditures)
    can_report = bool(activity.plan.status == Plan.Status.ISSUED and reporting_units(request.user, activity))
    opens = reporting_opens(activity.plan, today) if can_report else None
    current = period_of_day(today, province.reporting_window)
    window = current.window(province.reporting_window)
    return render(request, "progress/activity.html", {
        "activity": activity,
        "targets": targets,
        "budget_lines": budget_lines,
        "budget_total": sum((line.money for line in budget_lines), Money()),
        "labels": figure_labels(),
        "today": today,
        "updates": updates,
        "archived_updates": archived_updates,
        "reason_required": change_reason_required(activity.plan),
        "history": activity_history(activity),
        "can_report": can_report,
        # Before the plan's first quarter the button is shown disabled, saying from when it can be used.
        "report_opens": reporting_opens_message(opens) if opens else "",
        "my_unit_ids": reporting_unit_ids(request.user) if can_report else frozenset(),
        "overdue": activity.is_overdue_on(today),
        "due_this_quarter": bool(activity.due and window[0] <= activity.due <= window[1]),
        "current_period": current,
    })


@login_required
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_delete(request, pk):
    """Confirm, then remove an evidence file: only its unit's reporters, only while its quarter is open."""
    attachment = get_attachment_for_reporter(request.user, pk)
    update = attachment.update
    back = reverse("progress:activity", args=[update.activity_id])
    if request.method == "POST":
        try:
            services.attachment_delete(attachment=attachment)
        except PeriodLocked as locked:
            messages.error(request, locked.message)
            return redirect(back)
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
        return redirect(back)
    return render(request, "progress/attachment_delete.html", {
        "activity": update.activity,
        "what": _("tệp minh chứng “%(name)s” của %(unit)s, %(period)s") % {
            "name": attachment.original_name, "unit": update.unit.name,
            "period": quarter_period(update.year, update.quarter).label,
        },
        "back": back,
    })


@login_required
def period_locks(request):
    """A leader's page: the quarters of a year, which are locked (by whom, when), lock and unlock."""
    provinces = get_provinces_for_locker(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam") or today.year)
        quarter_period(year, 1)
    except ValueError:
        year = today.year
    locks = {
        (lock.province_id, lock.quarter): lock
        for lock in PeriodLock.objects.active().filter(province__in=provinces, year=year).select_related("locked_by")
    }
    past = (
        PeriodLock.objects.filter(province__in=provinces, year=year, unlocked_at__isnull=False)
        .select_related("locked_by", "unlocked_by", "province").order_by("-unlocked_at")
    )
    rows = [
        (province, [(quarter_period(year, q), locks.get((province.pk, q))) for q in range(1, 5)])
        for province in provinces
    ]
    return render(request, "progress/locks.html", {
        "rows": rows, "year": year, "past": past, "years": range(today.year + 1, today.year - 8, -1),
    })


def _lock_target(user, data):
    """(province, year, quarter) from a lock form, refusing provinces the user may not lock."""
    try:
        province_id, year, quarter = int(data["tinh"]), int(data["nam"]), int(data["quy"])
        quarter_period(year, quarter)
    except (KeyError, ValueError):
        raise Http404 from None
    return get_province_for_locker(user, province_id), year, quarter


@login_required
@require_POST
def period_lock(request):
    province, year, quarter = _lock_target(request.user, request.POST)
    period = quarter_period(year, quarter)
    services.period_lock(province=province, year=year, quarter=quarter, user=request.user)
    messages.success(request, _("Đã khóa %(period)s của %(province)s.") % {"period": period.label, "province": province})
    return redirect(f"{reverse('progress:locks')}?nam={year}")


@login_required
def period_unlock(request):
    """Confirm, give a reason, then unlock: the lock row keeps who unlocked it, when and why."""
    province, year, quarter = _lock_target(request.user, request.POST if request.method == "POST" else request.GET)
    period = quarter_period(year, quarter)
    lock = PeriodLock.objects.active().filter(province=province, year=year, quarter=quarter).first()
    back = f"{reverse('progress:locks')}?nam={year}"
    if lock is None:
        messages.info(request, _("%(period)s chưa bị khóa.") % {"period": period.label})
        return redirect(back)
    error = ""
    reason = (request.POST.get("ly_do") or "").strip()
    if request.method == "POST":
        try:
            services.period_unlock(lock=lock, user=request.user, reason=reason)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Đã mở khóa %(period)s của %(province)s.") % {
                "period": period.label, "province": province})
            return redirect(back)
    return render(request, "progress/unlock.html", {
        "lock": lock, "period": period, "province": province, "reason": reason, "error": error, "back": back,
    }, status=400 if error else 200)
