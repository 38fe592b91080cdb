"""The leaders' dashboard: figures from the demo season, access per role, constant query count."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from plans.models import Plan, Unit

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")


def test_dashboard_shows_progress_money_and_charts(client, demo_data, demo_leader):
    client.force_login(demo_leader)
    page = client.get(URL, {"nam": 2021, "phan": "Q3"}).content.decode()
    assert "19/KH-TGPL" in page and "2/12" in page  # done of trackable activities, as of Q3
    assert "372.250.000" in page and "460.400.000" in page and "80,9%" in page
    assert page.count('<svg class="chart status-bar"') == 2  # one bar per plan, drawn on the server
    assert "Phòng Hành chính - Tổng hợp" in page
    assert "Số liệu tính từ ngày 01/07/2021 đến ngày 30/09/2021" in page
    assert "dinh_dang=pdf" in page and "dinh_dang=xlsx" in page


def test_whole_year_lists_overdue_activities(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    page = client.get(URL, {"nam": 2021, "phan": "N"}).content.decode()
    assert "Hoạt động quá hạn" in page
    assert "Tổ chức Hội thảo" in page  # paused past its Quý II - III deadline


@pytest.mark.parametrize("username, expected", [("lanhdao", 200), ("bientap", 200), ("trungtam", 403)])
def test_access(client, demo_data, username, expected, demo_users):
    client.force_login(demo_users[username])
    assert client.get(URL, {"nam": 2021}).status_code == expected


def test_other_province_scope_is_404_and_bad_year_is_explained(client, demo_data, tv_leader):
    client.force_login(tv_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    assert client.get(URL, {"nam": 2021, "pham_vi": f"plan:{plan.pk}"}).status_code == 404
    response = client.get(URL, {"nam": "abc"})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()


@pytest.mark.slow
def test_query_count_does_not_grow(client, demo_data, demo_leader):
    client.force_login(demo_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    unit = Unit.objects.get(name="Phòng Nghiệp vụ")

    def grow(n, start):
        for i in range(start, start + n):
            Activity.objects.create(plan=plan, title=f"Thêm {i}", position=50 + i).lead_units.add(unit)

    grow(10, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"nam": 2021}).status_code == 200
    grow(490, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL, {"nam": 2021}).status_code == 200
    assert len(small) == len(large)


def test_an_admin_who_sees_every_province_gets_a_province_choice(client, settings, demo_superuser):
    """A superuser sees both demo provinces: the year scope falls on their own, and the other can be chosen."""
    client.force_login(demo_superuser)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert page.context["report"].scope.province.code == "lang-son"
    assert 'name="tinh"' in page.content.decode()
    other = client.get(reverse("reports:dashboard"), {"tinh": "tra-vinh", "nam": "2022"})
    assert other.status_code == 200 and other.context["report"].scope.province.code == "tra-vinh"
    report = client.get(reverse("reports:report"), {"tinh": "tra-vinh", "ky": "2022-Q4", "pham_vi": "year"})
    assert report.status_code == 200 and report.context["report"].scope.code == "year:2022:tra-vinh"
    pdf = client.get(reverse("reports:report"), {"pham_vi": "year:2022:tra-vinh", "ky": "2022-Q4", "dinh_dang": "xlsx"})
    assert pdf.status_code == 200
    assert client.get(reverse("reports:dashboard"), {"tinh": "khong-co"}).status_code == 404
