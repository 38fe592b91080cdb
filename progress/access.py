"""Who reports on which activity and for which quarter; who may lock a quarter.

A reporter (REPORT_PROGRESS, plans/roles.py) reports for the units they belong to and every unit under them
(the Trung tâm's staff report for its rooms); seeing an activity, a report, an expenditure or an evidence file
follows its plan (another province → 404), changing it needs one of those units (→ 403). Locking a quarter
needs LOCK_PERIODS in its province.
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Attachment, ProgressUpdate
from budgets.models import Expenditure
from core.archive import live
from core.formatting import format_date
from core.periods import ReportingPeriod, parse_period, period_of_day, quarter_period
from plans.access import can_edit_plans, provinces_where
from plans.models import Plan, memberships_of
from plans.roles import Capability


def reporting_unit_ids(user):
    """Units the user may report for: their reporting units and everything under them."""
    return memberships_of(user).units_under(Capability.REPORT_PROGRESS)


def work_unit_ids(user):
    """Units whose work the "Việc của đơn vị" page lists: every unit the user belongs to and those under it."""
    return memberships_of(user).units_under(Capability.READ_OWN_UNITS)


def may_open_work_list(user):
    """Every signed-in user has a work list (with no unit it says so and how to get one)."""
    return user.is_authenticated


def get_activity_for_user(user, pk):
    """A trackable activity the user may see (its plan's province); 404 otherwise."""
    return get_object_or_404(
        Activity.objects.for_user(user).trackable().select_related("plan__province", "parent"), pk=pk,
    )


def reporting_units(user, activity):
    """The activity's lead and co-ordinating units the user reports for, as (unit, is_lead), leads first."""
    allowed = reporting_unit_ids(user)
    if not allowed:
        return []
    leads = [(u, True) for u in activity.lead_units.all() if u.pk in allowed]
    lead_ids = {u.pk for u, _lead in leads}
    coords = [(u, False) for u in activity.coordinating_units.all() if u.pk in allowed and u.pk not in lead_ids]
    return leads + coords


def get_activity_for_reporter(user, pk):
    """(activity, [(unit, is_lead)…]) when the user may report on it: 404 if unseen, 403 if not theirs."""
    activity = get_activity_for_user(user, pk)
    if activity.plan.status != Plan.Status.ISSUED:
        raise PermissionDenied(_("Chỉ cập nhật tiến độ cho hoạt động của kế hoạch đã ban hành."))
    units = reporting_units(user, activity)
    if not units:
        raise PermissionDenied(_("Đơn vị của bạn không chủ trì hay phối hợp hoạt động này nên không thể cập nhật."))
    return activity, units


def may_archive_update(user, update, *, editor=None):
    """An editor of the province may archive or restore any report; a reporter only their own unit's, while the
    plan is issued (the quarter's lock is checked by the service, for everyone). `editor`: can_edit_plans, if known."""
    if editor is None:
        editor = can_edit_plans(user, update.activity.plan.province)
    if editor:
        return True
    return update.activity.plan.status == Plan.Status.ISSUED and update.unit_id in reporting_unit_ids(user)


def get_update_for_archiving(user, pk, *, include_archived=False):
    """A progress update the user may archive (a live one) or restore (`include_archived`; the service says
    when it is not archived). Its activity must be live and seen by the user (another province → 404); not
    theirs to change → 403."""
    updates = ProgressUpdate.all_objects if include_archived else ProgressUpdate.objects
    update = get_object_or_404(
        updates.filter(activity__in=Activity.objects.for_user(user))
        .select_related("activity__plan__province", "unit", "author", "archived_by"),
        pk=pk,
    )
    if not may_archive_update(user, update):
        raise PermissionDenied(_("Chỉ cán bộ biên tập kế hoạch hoặc đơn vị đã báo cáo mới được lưu trữ, "
                                 "khôi phục cập nhật này."))
    return update


def get_unit_for_reporter(units, asked):
    """(unit, is_lead) of the unit asked for (`?don_vi=`), from the user's `units` of the activity; the first
    of them when none is asked for; a 403 for a unit the user does not report for."""
    if not asked:
        return units[0]
    by_id = {unit.pk: (unit, is_lead) for unit, is_lead in units}
    if not asked.isdigit() or int(asked) not in by_id:
        raise PermissionDenied(_("Bạn không báo cáo thay cho đơn vị này."))
    return by_id[int(asked)]


def get_period_for_reporter(plan, code, today=None):
    """The quarter to report for (`choose_period`); a 403 while the plan has not begun."""
    period = choose_period(plan, code, today)
    if period is None:
        raise PermissionDenied(_("Kế hoạch chưa bắt đầu nên chưa có kỳ nào để cập nhật."))
    return period


def get_attachment_for_user(user, pk):
    """The evidence file if the user may see its activity; 404 otherwise (its existence is not revealed).

    An archived update, activity or plan is not served either: the file and its row stay for a restore.
    (Activity.objects leaves out archived activities, and for_user() archived plans.)
    """
    return get_object_or_404(
        Attachment.objects.select_related("update__activity__plan__province", "update__unit")
        .filter(live("update"), update__activity__in=Activity.objects.for_user(user)),
        pk=pk,
    )


def get_attachment_for_reporter(user, pk):
    """The evidence file if the user reports for its unit: 404 if unseen, 403 if another unit's."""
    attachment = get_attachment_for_user(user, pk)
    if attachment.update.unit_id not in reporting_unit_ids(user):
        raise PermissionDenied(_("Chỉ đơn vị đã báo cáo mới được xóa tệp minh chứng của mình."))
    return attachment


def get_expenditure_for_reporter(user, pk):
    """A counted expenditure recorded with a report of one of the user's units: 404 if unseen, 403 otherwise."""
    expenditure = get_object_or_404(
        Expenditure.objects.counted().select_related("budget_line__activity", "progress_update__unit")
        .filter(budget_line__activity__in=Activity.objects.for_user(user)),
        pk=pk,
    )
    update = expenditure.progress_update
    if update is None or update.unit_id not in reporting_unit_ids(user):
        raise PermissionDenied(_("Chỉ đơn vị đã ghi khoản chi mới được xóa khoản chi đó."))
    return expenditure


def plan_quarters(plan, today=None):
    """Quarters a unit may report for: from the plan's first quarter to the current one (or the plan's last)."""
    today = today or timezone.localdate()
    current = period_of_day(today, plan.province.reporting_window)
    last_year = plan.last_year or current.year
    quarters = []
    for year in range(plan.start_year, min(last_year, current.year) + 1):
        for quarter in range(1, 5):
            period = quarter_period(year, quarter)
            if period <= current:
                quarters.append(period)
    return quarters


def reporting_opens(plan, today=None):
    """While none of the plan's quarters has begun: (its first quarter, the first day reports for it are taken,
    under the province's window). None once reporting is open."""
    if plan_quarters(plan, today):
        return None
    first = quarter_period(plan.start_year, 1)
    return first, first.window(plan.province.reporting_window)[0]


def reporting_opens_message(opens):
    period, day = opens
    return _("Kế hoạch bắt đầu từ %(period)s nên chưa có kỳ nào để cập nhật; cập nhật tiến độ được từ ngày %(date)s.") % {
        "period": period.label, "date": format_date(day)}


def choose_period(plan, code, today=None):
    """The quarter asked for by `code` if the plan allows it, else the default (current or last quarter)."""
    quarters = plan_quarters(plan, today)
    if code:
        try:
            asked = parse_period(code)
        except ValueError:
            asked = None
        if isinstance(asked, ReportingPeriod) and asked in quarters:
            return asked
    return quarters[-1] if quarters else None


def can_lock_periods(user, province=None):
    """True when the user may lock and unlock the province's quarters (some province's, without one)."""
    return memberships_of(user).holds(Capability.LOCK_PERIODS, province)


def lockable_provinces(user):
    """The provinces whose quarters the user may lock, by name."""
    return list(provinces_where(user, Capability.LOCK_PERIODS))


def get_provinces_for_locker(user):
    """The provinces of the locks page; a 403 for a user who may lock none (the menu offers it to the others)."""
    if not can_lock_periods(user):
        raise PermissionDenied(_("Chỉ lãnh đạo mới được khóa, mở khóa kỳ báo cáo."))
    return lockable_provinces(user)


def get_province_for_locker(user, province_id):
    """The province of a lock or unlock form if the user may lock its quarters; a 403 otherwise."""
    province = next((p for p in lockable_provinces(user) if p.pk == province_id), None)
    if province is None:
        raise PermissionDenied(_("Chỉ lãnh đạo của tỉnh mới được khóa, mở khóa kỳ báo cáo."))
    return province
