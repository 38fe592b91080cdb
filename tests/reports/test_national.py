"""The national view: every province side by side (a merged province counted in its heir), the same figures as
each province's own report, read only, in a number of queries that does not grow with the provinces."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Target
from budgets.models import BudgetLine
from core.periods import parse_period
from plans.models import Plan, Province, Role
from reports.national import national_figures
from reports.rows import build_report, parse_scope
from tests.factories import make_plan, make_province, make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 5)


def test_figures_are_each_provinces_own_report(demo_data):
    rows, total = national_figures(2021, TODAY)
    by_code = {row.province.code: row for row in rows}
    assert set(by_code) == {"lang-son", "vinh-long"}  # Trà Vinh counts in Vĩnh Long since 1/7/2025
    assert [p.code for p in by_code["vinh-long"].merged] == ["tra-vinh"]
    for code, row in by_code.items():
        report = build_report(parse_scope(f"year:2021:{code}", Plan.objects.all()), parse_period("2021"), today=TODAY)
        assert row.plans == len(report.blocks), code
        assert (row.activities, row.done) == (report.activity_count, report.done_count), code
        assert (row.targets, row.targets_behind) == (len(report.targets), report.targets_behind), code
        assert (row.allocated, row.spent_to_date) == (report.totals.allocated, report.totals.spent_to_date), code
        assert row.overdue == Activity.objects.trackable().filter(plan__in=[b.plan for b in report.blocks]) \
            .overdue(TODAY).count()
    assert total.activities == sum(row.activities for row in rows) and total.allocated == sum(r.allocated for r in rows)
    assert by_code["lang-son"].activities > 0 and by_code["vinh-long"].plans == 1


def test_the_national_user_compares_provinces_and_drills_down(client, demo_users):
    client.force_login(demo_users["trunguong"])
    page = client.get(reverse("reports:national"), {"nam": 2021})
    html = page.content.decode()
    assert page.status_code == 200 and "So sánh các tỉnh" in html and "gồm cả Trà Vinh" in html
    drill = reverse("reports:dashboard") + "?nam=2021&amp;tinh=vinh-long"
    assert drill in html
    dashboard = client.get(reverse("reports:dashboard"), {"nam": 2021, "tinh": "vinh-long"})
    assert dashboard.status_code == 200
    tv_plan = Plan.objects.get(province__code="tra-vinh")
    assert reverse("plans:detail", args=[tv_plan.pk]) in dashboard.content.decode()
    plan_page = client.get(reverse("plans:detail", args=[tv_plan.pk])).content.decode()
    assert "Sở Tư pháp tỉnh Trà Vinh" in plan_page
    assert client.get(reverse("reports:national"), {"nam": "hai nghìn"}).status_code == 400


@pytest.mark.parametrize("username", ["bientap", "trungtam", "lanhdao", "bientap.tv"])
def test_only_the_national_role_opens_it(client, demo_users, username):
    client.force_login(demo_users[username])
    assert client.get(reverse("reports:national")).status_code == 403


def test_the_national_user_writes_nothing(client, demo_users):
    user = demo_users["trunguong"]
    client.force_login(user)
    plan = Plan.objects.get(number="19/KH-TGPL")
    activity = plan.activities.filter(kind="activity").first()
    assert client.get(reverse("plans:create")).status_code == 403
    assert client.post(reverse("plans:edit", args=[plan.pk]), {"title": "x"}).status_code == 403
    assert client.post(reverse("plans:close", args=[plan.pk])).status_code == 403
    assert client.post(reverse("progress:update", args=[activity.pk]), {"ky": "2021-Q4"}).status_code == 403
    assert client.get(reverse("progress:locks")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    plan.refresh_from_db()
    assert plan.title != "x" and plan.status == "issued"


def _world(n):
    """`n` provinces, each with an issued plan, two activities, a target and a budget line."""
    for index in range(n):
        province, dept, centre, _branch = make_province(f"Tỉnh {index}", f"tinh-{index}")
        plan = make_plan(province, dept, number=f"{index}/KH", status="issued", start_year=2026)
        for title in ("Một", "Hai"):
            activity = Activity.objects.create(plan=plan, title=title, due=datetime.date(2026, 2, 1))
            activity.lead_units.add(centre)
            Target.objects.create(activity=activity, quantity=10, measure="đợt")
            BudgetLine.objects.create(activity=activity, amount=5_000_000, allocated=True)
    return province, dept


def test_queries_do_not_grow_with_the_provinces(client):
    province, dept = _world(2)
    national = make_user("tw", dept, Role.NATIONAL)
    client.force_login(national)
    url = reverse("reports:national") + "?nam=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _world_more = [make_province(f"Thêm {i}", f"them-{i}") for i in range(3)]
    for extra, dept_extra, centre_extra, _b in _world_more:
        plan = make_plan(extra, dept_extra, number="1/KH", status="issued", start_year=2026)
        activity = Activity.objects.create(plan=plan, title="Ba", due=datetime.date(2026, 2, 1))
        Target.objects.create(activity=activity, quantity=1, measure="đợt")
        BudgetLine.objects.create(activity=activity, amount=1_000_000, allocated=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and "Thêm 2" in response.content.decode()
    assert len(many) == len(few)
    rows, _total = national_figures(2026, TODAY)
    assert len(rows) == 5 and all(row.overdue == row.activities for row in rows)
    assert Province.objects.count() == 5
