"""Signed-in pages and downloads are not kept by the browser or a proxy (tgpl/middleware.PrivatePagesMiddleware)."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_fragments_and_downloads_say_no_store(client, demo_data, demo_editor, demo_leader):
    client.force_login(demo_editor)
    assert client.get(reverse("plans:list"))["Cache-Control"] == "private, no-store"
    plan = demo_editor.memberships.first().unit.province.plans.first()
    assert client.get(reverse("activities:editor", args=[plan.pk]), HTTP_HX_REQUEST="true")["Cache-Control"] == (
        "private, no-store")
    client.force_login(demo_leader)
    response = client.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2", "dinh_dang": "xlsx"})
    assert response["Cache-Control"] == "private, no-store"

