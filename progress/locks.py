"""Quarter locks: once leaders have reviewed a quarter and locked it, nothing reported for it may change."""
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import PeriodLock
from core.formatting import format_date, format_quarter
from core.periods import quarter_period


class PeriodLocked(Exception):
    """The quarter was locked after review: nothing reported for it may change."""

    def __init__(self, lock):
        super().__init__("period locked")
        self.lock = lock

    @property
    def message(self):
        return locked_message(self.lock)


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


def active_lock(province, period):
    return (
        PeriodLock.objects.active().select_related("locked_by")
        .filter(province=province, year=period.year, quarter=period.quarter).first()
    )


def ensure_open(province, year, quarter):
    """Raise PeriodLocked when the quarter is locked for the province (call inside the writing transaction)."""
    lock = active_lock(province, quarter_period(year, quarter))
    if lock is not None:
        raise PeriodLocked(lock)
