"""What a save the database refuses looks like (tgpl/middleware.py), and the database settings behind it."""
import dj_database_url
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from tgpl.settings import configure_database


def test_every_sqlite_database_waits_for_the_write_lock_up_front():
    database = configure_database(dj_database_url.parse("sqlite:////tmp/example.sqlite3"))
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL;" in database["OPTIONS"]["init_command"]
    assert "PRAGMA synchronous=NORMAL;" in database["OPTIONS"]["init_command"]
    assert "PRAGMA busy_timeout=" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] >= 5
    for alias, configured in settings.DATABASES.items():  # the settings in use, test settings included
        if configured["ENGINE"].endswith("sqlite3"):
            assert configured["OPTIONS"]["transaction_mode"] == "IMMEDIATE", alias
        else:
            assert configured["CONN_HEALTH_CHECKS"] is True, alias


def test_postgresql_checks_a_reused_connection_before_a_request_uses_it():
    database = configure_database(dj_database_url.parse("postgres://u:p@127.0.0.1:5432/tgpl", conn_max_age=60))
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "transaction_mode" not in database.get("OPTIONS", {})


def busy_database():
    """The database gives up on every write, as SQLite does when another writer holds the lock past the timeout."""

    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse_writes)


def _panel_post(plan, activity):
    return reverse("activities:panel", args=[plan.pk, activity.pk]), {
        "version": activity.version, "kind": activity.kind, "number_style": activity.number_style,
        "title": "Tiêu đề mới đang gõ", "change_reason": "Điều chỉnh theo công văn",
    }


def _editable_activity(demo_users):
    from activities.models import Activity
    from plans.models import Plan

    activity = Activity.objects.filter(plan__status=Plan.Status.DRAFT, plan__province__code="lang-son").first() \
        or Activity.objects.filter(plan__province__code="lang-son").first()
    return activity.plan, activity


@pytest.mark.django_db
def test_a_refused_save_in_an_htmx_panel_says_so_in_vietnamese_and_keeps_the_form(
        client, demo_editor, demo_users):
    plan, activity = _editable_activity(demo_users)
    client.force_login(demo_editor)
    url, data = _panel_post(plan, activity)
    with busy_database():
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["HX-Reswap"] == "none"  # the panel with what was typed stays as it is
    body = response.content.decode()
    assert 'id="request-error"' in body and 'hx-swap-oob="true"' in body
    assert "Hệ thống đang bận nên chưa lưu được thay đổi này" in body
    activity.refresh_from_db()
    assert activity.title != "Tiêu đề mới đang gõ"


@pytest.mark.django_db
def test_a_refused_save_of_a_full_page_form_answers_a_vietnamese_page(client, demo_editor, demo_users):
    plan, activity = _editable_activity(demo_users)
    client.force_login(demo_editor)
    url, data = _panel_post(plan, activity)
    with busy_database():
        response = client.post(url, data)
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "<h1>Hệ thống đang bận</h1>" in body
    assert "Quay lại" in body


@pytest.mark.django_db
def test_a_successful_htmx_save_clears_an_old_failure_message(client, demo_editor, demo_users):
    plan, activity = _editable_activity(demo_users)
    client.force_login(demo_editor)
    url, data = _panel_post(plan, activity)
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().endswith(
        '<div id="request-error" class="request-error" role="alert" aria-live="assertive" hx-swap-oob="true"></div>')


def test_the_page_swaps_a_503_into_the_alert_slot():
    from pathlib import Path

    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert '{"code": "503", "swap": true, "error": true}' in base
    assert 'id="request-error"' in base
