"""Failed sign-ins are throttled per user name and address, on the sign-in page and the admin's own."""
from datetime import timedelta

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition
from django.urls import reverse
from django.utils import timezone

from plans.models import FailedSignIns, Role
from tests.factories import make_province, make_user

pytestmark = pytest.mark.django_db

LOCKED = "tạm thời bị khóa đăng nhập từ máy này"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


@pytest.fixture
def editor():
    _, department, _, _ = make_province()
    return make_user("bientap", department, Role.EDITOR, password="dung-mat-khau-2026")


def sign_in(client, password, username="bientap", address="10.0.0.7", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_five_failures_lock_the_name_on_that_computer_with_a_clear_message(client, editor):
    for _ in range(4):
        page = sign_in(client, "sai")
        assert page.status_code == 200
        assert WRONG in page.content.decode() and LOCKED not in page.content.decode()
    fifth = sign_in(client, "sai").content.decode()
    assert LOCKED in fifth and "5 lần" in fifth and "15 phút" in fifth
    # Locked: even the right password is refused, without being checked.
    refused = sign_in(client, "dung-mat-khau-2026")
    assert refused.status_code == 200 and LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address_and_case_blind(client, editor):
    for _ in range(5):
        sign_in(client, "sai", username="BienTap")
    assert LOCKED in sign_in(client, "dung-mat-khau-2026").content.decode()
    # The real user on another computer is not locked out by someone guessing elsewhere.
    response = sign_in(client, "dung-mat-khau-2026", address="10.0.0.8")
    assert response.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, editor):
    for _ in range(5):
        sign_in(client, "sai")
    FailedSignIns.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert sign_in(client, "dung-mat-khau-2026").status_code == 302


def test_failures_older_than_the_window_do_not_count(client, editor):
    for _ in range(4):
        sign_in(client, "sai")
    FailedSignIns.objects.update(first_failure_at=timezone.now() - timedelta(minutes=16))
    page = sign_in(client, "sai").content.decode()
    assert WRONG in page and LOCKED not in page
    assert FailedSignIns.objects.get().failures == 1


def test_success_clears_the_count_but_an_empty_password_does_not(client, editor):
    for _ in range(4):
        sign_in(client, "sai")
    sign_in(client, "")
    assert FailedSignIns.objects.get().failures == 4
    assert sign_in(client, "dung-mat-khau-2026").status_code == 302
    assert not FailedSignIns.objects.exists()


def test_forwarded_address_is_used_only_behind_a_proxy(client, editor, settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.1.1.1"}
    sign_in(client, "sai", address="127.0.0.1", **forwarded)
    assert FailedSignIns.objects.get().address == "127.0.0.1"
    FailedSignIns.objects.all().delete()
    settings.BEHIND_PROXY = True
    sign_in(client, "sai", address="127.0.0.1", **forwarded)
    # The proxy appends the address it saw; anything to its left was written by the client.
    assert FailedSignIns.objects.get().address == "10.1.1.1"


def test_admin_sign_in_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_superuser("quantri", password="dung-mat-khau-2026")
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "quantri", "password": "sai"})
    assert LOCKED in response.content.decode()
    response = client.post(url, {"username": "quantri", "password": "dung-mat-khau-2026"})
    assert LOCKED in response.content.decode()


def test_simultaneous_attempts_get_no_more_password_checks_than_the_limit(editor, settings):
    """Twelve guesses arriving together each claim an attempt before any password is checked: only the first
    five may go on to the check; the rest are refused as locked (plans/signin.claim_attempt)."""
    from plans.signin import claim_attempt

    answers = [claim_attempt("BienTap", "10.0.0.9") for _ in range(12)]
    assert answers[:5] == [0] * 5
    assert all(seconds > 0 for seconds in answers[5:])
    assert FailedSignIns.objects.get(address="10.0.0.9").locked_until is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real concurrent sign-ins: DATABASE_URL=postgres://…")
def test_twelve_parallel_guesses_check_at_most_five_passwords_on_postgresql(editor, settings):
    import threading

    from django.contrib.auth import hashers
    from django.db import connections
    from django.test import Client

    checked, lock = [], threading.Lock()
    original = hashers.check_password

    def counting_check(password, encoded, *args, **kwargs):
        with lock:
            checked.append(password)
        return original(password, encoded, *args, **kwargs)

    barrier = threading.Barrier(12)

    def guess(index):
        try:
            barrier.wait(10)
            sign_in(Client(), f"sai-{index}", address="10.0.0.8")
        finally:
            connections.close_all()

    from unittest import mock
    with mock.patch("django.contrib.auth.base_user.check_password", counting_check):
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert len(checked) <= settings.LOGIN_MAX_FAILURES
