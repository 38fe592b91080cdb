"""Quarter locks, the one place they are checked: once leaders have reviewed a quarter and locked it, no write
may change a figure of that quarter, whoever makes it.

Every write that could change a locked quarter's figures calls one of the checks below inside its transaction:
progress saves, expenditure and evidence removals (`ensure_open`), a budget line's amount (`ensure_lines_open`),
and every archive or restore of a plan, an activity, a budget line or a report (`ensure_rows_open`, run by
core.archive for whatever rows it is about to stamp; registered in activities/apps.py, since plans, below this
app, archive too).

No save slips in after a lock: each check first holds the province's row in share mode, and locking a quarter
(`hold_province(..., exclusive=True)` in progress.services.period_lock) waits for those to commit and makes
later checks wait for the lock to commit. On SQLite every write transaction takes the database's write lock
when it opens (tgpl/settings.py), which serialises them all the same way.
"""
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import PeriodLock, ProgressUpdate
from core.formatting import format_date, format_quarter


def locked_message(lock):
    who = lock.locked_by.get_full_name() or lock.locked_by.get_username()
    return _(
        "%(period)s đã được khóa sau khi rà soát (%(who)s, ngày %(date)s): không thể thêm hay sửa cập nhật, "
        "khoản chi, tệp minh chứng của kỳ này. Nếu cần sửa, hãy đề nghị lãnh đạo mở khóa kỳ."
    ) % {
        "period": format_quarter(lock.year, lock.quarter),
        "who": who,
        "date": format_date(timezone.localtime(lock.locked_at).date()),
    }


class PeriodLocked(ValidationError):
    """The quarter was locked after review: nothing reported for it may change. A ValidationError, so every form
    and view that shows a refused save shows the lock's message."""

    def __init__(self, lock):
        super().__init__(locked_message(lock), code="period_locked")
        self.lock = lock


def hold_province(province_id, *, exclusive=False):
    """Hold the province's row until the transaction ends: shared by writers, exclusive for locking a quarter.

    PostgreSQL: FOR SHARE / FOR UPDATE. SQLite needs nothing: its write transactions run one at a time.
    """
    if connection.vendor != "postgresql":
        return
    mode = "UPDATE" if exclusive else "SHARE"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM plans_province WHERE id = %s FOR {mode}", [province_id])


def _first_lock(pairs):
    """The active lock of the first locked (province id, year, quarter) among `pairs`, or None."""
    pairs = set(pairs)
    if not pairs:
        return None
    condition = Q()
    for province_id, year, quarter in pairs:
        condition |= Q(province_id=province_id, year=year, quarter=quarter)
    return PeriodLock.objects.active().select_related("locked_by").filter(condition).order_by("year", "quarter").first()


def active_lock(province, period):
    return _first_lock([(province.pk, period.year, period.quarter)])


def ensure_open(province, year, quarter):
    """Raise PeriodLocked when the quarter is locked for the province (call inside the writing transaction)."""
    hold_province(province.pk)
    lock = _first_lock([(province.pk, year, quarter)])
    if lock is not None:
        raise PeriodLocked(lock)


def _quarters(updates):
    return updates.values_list("activity__plan__province_id", "year", "quarter").distinct()


def ensure_updates_open(updates):
    """Raise PeriodLocked when any of these progress updates (a queryset, archived rows included as given)
    belongs to a locked quarter."""
    pairs = list(_quarters(updates))
    for province_id in sorted({p for p, _y, _q in pairs}):
        hold_province(province_id)
    lock = _first_lock(pairs)
    if lock is not None:
        raise PeriodLocked(lock)


def ensure_lines_open(line_ids):
    """Raise PeriodLocked when money was spent from one of these budget lines in a locked quarter: the line's
    amount, spending and what is left were reviewed with that quarter."""
    ensure_updates_open(ProgressUpdate.all_objects.filter(expenditures__budget_line_id__in=list(line_ids)))


def ensure_rows_open(rows):
    """The archive guard (core.archive): archiving or restoring these rows together must not change a locked
    quarter: neither its reports (progress updates) nor its spending (expenditures on budget lines)."""
    update_ids = [row.pk for row in rows if isinstance(row, ProgressUpdate)]
    line_ids = [row.pk for row in rows if row._meta.label == "budgets.BudgetLine"]  # budgets sits above this app
    if not update_ids and not line_ids:
        return
    ensure_updates_open(ProgressUpdate.all_objects.filter(
        Q(pk__in=update_ids) | Q(expenditures__budget_line_id__in=line_ids)
    ))


def lock_over(row):
    """The active lock that holds this row's figures (a progress update, an expenditure, a budget line that a
    locked quarter spent from), or None. For pages that show a locked row read-only (the Django admin)."""
    label = row._meta.label
    if isinstance(row, ProgressUpdate):
        updates = ProgressUpdate.all_objects.filter(pk=row.pk)
    elif label == "budgets.Expenditure":
        updates = ProgressUpdate.all_objects.filter(pk=row.progress_update_id)
    elif label == "budgets.BudgetLine":
        updates = ProgressUpdate.all_objects.filter(expenditures__budget_line_id=row.pk)
    else:
        return None
    return _first_lock(_quarters(updates))


class LockedReadOnlyAdmin:
    """For the ModelAdmin of rows a quarter lock holds: a locked row can be viewed, not changed or deleted, by
    anyone, superusers included."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or lock_over(obj) is None)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or lock_over(obj) is None)


class LockedParentInline:
    """For an inline under such a row (`obj` is the parent): nothing added, changed or deleted under a locked one."""

    def _open(self, obj):
        return obj is None or lock_over(obj) is None

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._open(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._open(obj)
