"""Sign-in: the sign-in forms (ours and the admin's), and throttling of repeated failed sign-ins: too many
for one user name from one address lock that pair.

Counted per (user name, address) in the database, so every app server and worker sees the same count,
and a guesser elsewhere cannot lock a real user out of their own computer.
"""
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import FailedSignIns


def client_address(request):
    """The address a request came from; behind a trusted proxy, the one the proxy saw (last X-Forwarded-For)."""
    if request is None:
        return ""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def _name(username):
    # Folded, so "BienTap" and "bientap" share one count whatever the database's collation.
    return (username or "").strip().casefold()[:150]


def claim_attempt(username, address):
    """Count a sign-in attempt before its password is checked; returns the seconds the pair stays locked (0: go on).

    Counting up front, under the row's lock, is what holds the limit when guesses arrive together: twelve
    simultaneous attempts all passed a check-then-count, and each got its password tried. Now at most
    LOGIN_MAX_FAILURES attempts per window reach the password check; a success forgets them again.
    """
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    with transaction.atomic():
        # Rows nobody has failed from for a window and that hold no lock are forgotten.
        FailedSignIns.objects.filter(first_failure_at__lt=now - window).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        ).delete()
        row, _created = FailedSignIns.objects.select_for_update().get_or_create(
            username=_name(username), address=address, defaults={"first_failure_at": now},
        )
        if row.locked_until is not None and row.locked_until > now:
            return max(1, math.ceil((row.locked_until - now).total_seconds()))
        if row.locked_until is not None or row.first_failure_at < now - window:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        if row.failures >= settings.LOGIN_MAX_FAILURES:
            row.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            row.failures, row.first_failure_at = 0, now
            row.save(update_fields=["failures", "first_failure_at", "locked_until"])
            return settings.LOGIN_LOCKOUT_SECONDS
        row.failures += 1
        row.save(update_fields=["failures", "first_failure_at", "locked_until"])
    return 0


def record_failure(username, address):
    """The attempt counted by claim_attempt failed: if it was the last one allowed, lock the pair now (so the
    answer already says so). Returns the seconds of the lock it started (0 if it started none)."""
    now = timezone.now()
    with transaction.atomic():
        row = FailedSignIns.objects.select_for_update().filter(username=_name(username), address=address).first()
        if row is None or row.locked_until is not None or row.failures < settings.LOGIN_MAX_FAILURES:
            return 0
        row.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        row.failures, row.first_failure_at = 0, now
        row.save(update_fields=["failures", "first_failure_at", "locked_until"])
    return settings.LOGIN_LOCKOUT_SECONDS


def forget_failures(username, address):
    FailedSignIns.objects.filter(username=_name(username), address=address).delete()


def locked_error(seconds):
    return ValidationError(
        _(
            "Đăng nhập sai quá %(count)d lần nên tài khoản này tạm thời bị khóa đăng nhập từ máy này. "
            "Vui lòng thử lại sau %(minutes)d phút, hoặc liên hệ quản trị viên nếu bạn quên mật khẩu."
        ),
        code="locked",
        params={"count": settings.LOGIN_MAX_FAILURES, "minutes": max(1, math.ceil(seconds / 60))},
    )


class ThrottledSignInMixin:
    """For an AuthenticationForm: refuse a locked user name at once, count failures, forget them on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # no password is checked, so no attempt is counted
        address = client_address(self.request)
        locked = claim_attempt(username, address)
        if locked:
            # The password is not even checked while locked, so guessing on cannot succeed.
            raise locked_error(locked)
        try:
            cleaned = super().clean()
        except ValidationError:
            lock = record_failure(username, address)
            if lock:
                raise locked_error(lock) from None
            raise
        if self.get_user() is not None:
            # Only a real success clears the count (a post without a password checks nothing).
            forget_failures(username, address)
        return cleaned

class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa và chữ thường."),
        "inactive": gettext_lazy("Tài khoản này đã bị khóa. Liên hệ quản trị viên."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("Tên đăng nhập")
        self.fields["password"].label = gettext_lazy("Mật khẩu")


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The Django admin's own sign-in page, under the same failed sign-in throttle."""
