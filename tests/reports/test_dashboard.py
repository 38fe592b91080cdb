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
    assert report.status_code == 200 and report.context["scope"].code == "year:2022:tra-vinh"
    pdf = client.get(reverse("reports:report"), {"pham_vi": "year:2022:tra-vinh", "ky": "2022-Q4", "dinh_dang": "xlsx"})
    assert pdf.status_code == 200
    assert client.get(reverse("reports:dashboard"), {"tinh": "khong-co"}).status_code == 404


def _overdue(plan, unit, count):
    """`count` activities of `plan` led by `unit`, due 31/03/2021 and never reported: overdue all year."""
    import datetime

    for i in range(count):
        Activity.objects.create(plan=plan, title=f"Hoạt động trễ số {i + 1:02d}", position=100 + i,
                                due=datetime.date(2021, 3, 31)).lead_units.add(unit)


def test_each_list_shows_its_first_items_and_links_to_the_whole_list(client, demo_data, demo_leader):
    """A year with 60 more overdue activities: the dashboard names LIST_SIZE of them and links to the list page,
    which pages through all of them, LIST_PAGE_SIZE at a time, with the same scope and period."""
    from reports.selectors import LIST_PAGE_SIZE, LIST_SIZE

    plan = Plan.objects.get(number="19/KH-TGPL")
    _overdue(plan, Unit.objects.get(name="Phòng Nghiệp vụ"), 60)
    client.force_login(demo_leader)
    response = client.get(URL, {"nam": 2021, "phan": "N"})
    overdue = next(item for item in response.context["report"].lists if item.slug == "qua-han")
    total = overdue.total
    assert total > 60
    page = response.content.decode()
    listed = page[page.index('id="qua-han"'):page.index("</ul>", page.index('id="qua-han"'))]
    assert listed.count("<li>") == LIST_SIZE
    link = reverse("reports:dashboard_list", args=["qua-han"])
    assert f"Xem thêm {total - LIST_SIZE} mục khác" in page and link in page
    query = page[page.index(link) + len(link) + 1:].split('"', 1)[0].replace("&amp;", "&")

    first = client.get(f"{link}?{query}")
    assert first.status_code == 200
    text = first.content.decode()
    listed = text[text.index('id="qua-han"'):text.index("</ul>", text.index('id="qua-han"'))]
    assert f"{total} mục" in text and listed.count("<li>") == LIST_PAGE_SIZE
    assert "Trang 1/2" in text and "31/03/2021" in text
    second = client.get(f"{link}?{query}&trang=2").content.decode()
    assert "Trang 2/2" in second
    names = {f"Hoạt động trễ số {i + 1:02d}" for i in range(60)}
    assert {name for name in names if name in text or name in second} == names


def test_list_page_answers_an_unknown_list_or_a_bad_year(client, demo_data, demo_leader, tv_leader):
    client.force_login(demo_leader)
    assert client.get(reverse("reports:dashboard_list", args=["khong-co"]), {"nam": 2021}).status_code == 404
    bad = client.get(reverse("reports:dashboard_list", args=["qua-han"]), {"nam": "abc"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    empty = client.get(reverse("reports:dashboard_list", args=["thieu-nguon"]), {"nam": 2022}).content.decode()
    assert "Mọi dòng kinh phí đều đã ghi nguồn." in empty or "mục" in empty
    client.force_login(tv_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    assert client.get(reverse("reports:dashboard_list", args=["qua-han"]),
                      {"nam": 2021, "pham_vi": f"plan:{plan.pk}"}).status_code == 404
