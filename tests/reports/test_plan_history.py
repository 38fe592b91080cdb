"""The plan's change log page: readable entries (who, when, which field, before, after), scoped by province."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Target
from budgets.models import BudgetLine, FundingSource
from plans.models import Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province, department, centre, branch = make_province()
    people = make_people(department, centre)
    plan = make_plan(province, department, number="19/KH-TGPL")
    return plan, department, centre, branch, people


def test_history_lists_who_changed_which_field_before_and_after(client, world):
    plan, department, centre, branch, people = world
    editor = people[Role.EDITOR]
    activity = Activity.objects.create(plan=plan, title="Tập huấn", timeframe_text="Quý II năm 2021")
    activity._history_user = editor
    activity.lead_units.add(centre)
    activity.title = "Tổ chức tập huấn"
    activity._change_reason = "Điều chỉnh theo chỉ đạo của Giám đốc"
    activity._history_user = editor
    activity.save()
    line = BudgetLine.objects.create(activity=activity, amount=40_000_000,
                                     funding_source=FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương"))
    line._history_user = editor
    line.amount = 45_000_000
    line.save()

    client.force_login(people[Role.LEADER])
    page = client.get(reverse("reports:plan_history", args=[plan.pk])).content.decode()
    assert "Tổ chức tập huấn" in page
    assert "<del>Tập huấn</del> → <ins>Tổ chức tập huấn</ins>" in page
    assert "Điều chỉnh theo chỉ đạo của Giám đốc" in page
    assert "<del>40.000.000 đ</del> → <ins>45.000.000 đ</ins>" in page
    assert "<del>—</del> → <ins>Trung tâm Trợ giúp pháp lý nhà nước</ins>" in page
    assert editor.username in page or editor.get_full_name() in page
    assert "Tạo mới" in page


def test_other_province_gets_404_and_anonymous_is_sent_to_sign_in(client, world):
    plan = world[0]
    _, other_department, other_centre, _ = make_province("Trà Vinh")
    client.force_login(make_user("tv-editor", other_department, Role.EDITOR))
    assert client.get(reverse("reports:plan_history", args=[plan.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("reports:plan_history", args=[plan.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_seed_plan_shows_what_loading_recorded(client, demo_leader):
    from plans.models import Plan

    client.force_login(demo_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    page = client.get(reverse("reports:plan_history", args=[plan.pk])).content.decode()
    assert "Chưa có thay đổi nào" in page  # loading the documents is not a change anyone made
    other = Plan.objects.create(province=plan.province, title="Kế hoạch mới", start_year=2026)
    page = client.get(reverse("reports:plan_history", args=[other.pk])).content.decode()
    assert "Chưa có thay đổi nào" not in page and "Tạo mới" in page


def _grow(plan, unit, n):
    for i in range(n):
        activity = Activity.objects.create(plan=plan, title=f"Hoạt động {i}", position=i)
        activity.lead_units.add(unit)
        activity.title = f"Hoạt động số {i}"
        activity.save()
        target = Target.objects.create(activity=activity, quantity=i, measure="đợt")
        target.quantity = i + 1
        target.save()


@pytest.mark.slow
def test_query_count_does_not_grow_with_the_history(client, world):
    plan, department, centre, branch, people = world
    client.force_login(people[Role.EDITOR])
    url = reverse("reports:plan_history", args=[plan.pk])
    _grow(plan, centre, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, branch, 60)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)
