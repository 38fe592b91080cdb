"""`manage.py load_demo` (what `make run` calls) fills an empty database once and prints the logins."""
import io

import pytest
from django.core.management import call_command

from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_load_demo_once_then_leaves_data_alone():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert Plan.objects.count() == 5
    for username in ("bientap", "trungtam", "lanhdao", "bientap.tv", "trungtam.tv", "lanhdao.tv"):
        assert username in text
    assert "tgpl2026" in text
    Plan.objects.filter(number="19/KH-TGPL").update(title="Đã sửa")
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "không nạp lại" in again.getvalue()
    assert Plan.objects.get(number="19/KH-TGPL").title == "Đã sửa"


def test_the_demo_province_administrator_is_not_a_superuser_and_the_system_has_one():
    from django.contrib.auth import get_user_model

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    User = get_user_model()
    province_admin = User.objects.get(username="quantri")
    assert not province_admin.is_superuser and not province_admin.is_staff
    assert province_admin.memberships.get().role == "admin"
    # The province's administrator does not see the other province's plans.
    assert not Plan.objects.for_user(province_admin).filter(province__code="tra-vinh").exists()
    assert Plan.objects.for_user(province_admin).filter(province__code="lang-son").exists()
    system = User.objects.get(is_superuser=True)
    assert system.username == "hethong" and system.check_password("tgpl2026") and not system.memberships.exists()
    assert "hethong" in out.getvalue() and "quản trị hệ thống" in out.getvalue()


@pytest.mark.parametrize(("host", "port", "url"), [
    ("127.0.0.1", "8101", "http://127.0.0.1:8101"),
    ("0.0.0.0", "8000", "http://127.0.0.1:8000"),
    ("192.168.1.20", "9000", "http://192.168.1.20:9000"),
    ("::1", "8101", "http://[::1]:8101"),
])
def test_the_printed_address_follows_make_runs_host_and_port(host, port, url, demo_data):
    out = io.StringIO()
    call_command("load_demo", "--host", host, "--port", port, stdout=out)
    assert f"Mở {url} để bắt đầu." in out.getvalue()
    assert "8000" not in out.getvalue() or port == "8000"


def test_make_run_passes_its_host_and_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "manage.py load_demo --host $(HOST) --port $(PORT)" in makefile
