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
