"""The Django admin works for every registered model, in Vietnamese, with the seed data loaded."""
import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, demo_superuser):
    client.force_login(demo_superuser)
    return client


def admin_urls():
    for model in admin.site._registry:
        meta = model._meta
        yield meta.app_label, meta.model_name


@pytest.mark.parametrize("app_label, model_name", sorted(admin_urls()))
def test_changelist_add_and_change_pages_open(superuser_client, app_label, model_name):
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    assert b'lang="vi"' in response.content
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name and m._meta.app_label == app_label)
    if admin.site._registry[model].has_add_permission(response.wsgi_request):
        assert superuser_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        change = reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
        assert superuser_client.get(change).status_code == 200
    search = superuser_client.get(changelist, {"q": "trợ giúp"})
    assert search.status_code == 200


def test_plan_admin_shows_activities_inline_and_labels_in_vietnamese(superuser_client):
    from plans.models import Plan

    plan = Plan.objects.get(number="19/KH-TGPL")
    page = superuser_client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    assert "Trích yếu" in page and "căn cứ" in page.lower()
    assert "Tham mưu, tổ chức thực hiện công tác TGPL" in page  # an activity, inline
    activity = plan.activities.get(title__startswith="Thực hiện hoạt động truyền thông")
    page = superuser_client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content.decode()
    assert "128" in page and "177400000" in page  # targets and budget lines inline


def test_non_staff_cannot_enter_admin(client, demo_editor):
    client.force_login(demo_editor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
