"""The dashboard and the report page drawn once per data version (reports/figures.py): a page asked again costs a
cache read, any change to what the report reads draws it again, and what is kept never crosses scopes or days."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, ProgressUpdate, Status
from core.periods import parse_period
from plans.models import Plan, Unit
from reports import figures
from reports.rows import build_report, parse_scope

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
REPORT = reverse("reports:report")


@pytest.fixture
def builds(monkeypatch):
    """How many reports reports/figures.py built."""
    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return build_report(*args, **kwargs)

    monkeypatch.setattr(figures, "build_report", counted)
    return calls


def _tables(queries):
    return " ".join(query["sql"] for query in queries)


@pytest.mark.parametrize("url, query, first", [
    # The 19 and 21 of building them (the scope is a type-ahead field: the province's plans and units are not read to
    # fill a select box, reports.scope_choice), +1: the data version.
    (DASHBOARD, {"nam": 2021, "phan": "Q2"}, 20),
    (REPORT, {"pham_vi": "year", "ky": "2021"}, 22),
])
def test_a_page_asked_again_reads_what_was_kept(client, demo_data, demo_leader, builds, url, query, first):
    client.force_login(demo_leader)
    client.get(url, query)  # the session, the process's own caches
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        page = client.get(url, query).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url, query).content.decode()
    assert len(builds) == 2  # the first request of the test, and the one after the cache was emptied
    assert len(cold) == first and len(warm) < first
    assert "activities_activity" in _tables(cold) and "activities_progressupdate" in _tables(cold)
    assert "activities_progressupdate" not in _tables(warm) and "budgets_budgetline" not in _tables(warm)
    assert again.replace(again.split('name="csrfmiddlewaretoken" value="', 1)[-1][:64], "") == \
        page.replace(page.split('name="csrfmiddlewaretoken" value="', 1)[-1][:64], "")


def test_a_saved_update_draws_the_dashboard_again(client, demo_data, demo_leader, demo_updater, builds):
    """A quarterly report saved through the model (as the progress form does) changes the province's data version:
    the next dashboard counts the activity as done."""
    client.force_login(demo_leader)
    query = {"nam": 2021, "phan": "Q2", "pham_vi": f"plan:{Plan.objects.get(number='19/KH-TGPL').pk}"}
    before = client.get(DASHBOARD, query).context["report"]
    assert client.get(DASHBOARD, query).context["report"].done_count == before.done_count and len(builds) == 1
    activity = Activity.objects.filter(plan__number="19/KH-TGPL", kind=Activity.Kind.ACTIVITY,
                                       lead_units__isnull=False).exclude(updates__status=Status.DONE).order_by("pk")[0]
    lead = activity.lead_units.order_by("position", "name", "pk")[0]
    # The lead unit's report of the quarter, saved (the newest of the quarter: the status as of its end).
    update = ProgressUpdate.objects.filter(activity=activity, unit=lead, year=2021, quarter=2).first() or \
        ProgressUpdate(activity=activity, unit=lead, year=2021, quarter=2, author=demo_updater)
    update.status, update.result = Status.DONE, "Đã hoàn thành."
    update.save()
    after = client.get(DASHBOARD, query).context["report"]
    assert len(builds) == 2 and after.done_count == before.done_count + 1


def test_a_renamed_unit_draws_the_report_page_again(client, demo_data, demo_leader, builds):
    client.force_login(demo_leader)
    query = {"pham_vi": "year", "ky": "2021"}
    assert "Phòng Nghiệp vụ" in client.get(REPORT, query).content.decode()
    unit = Unit.objects.get(name="Phòng Nghiệp vụ")
    unit.short_name = "P. Nghiệp vụ (mới)"
    unit.save()
    client.get(REPORT, query)
    assert len(builds) == 2


def test_what_is_kept_is_per_scope_and_per_day(demo_data, builds):
    """A unit's report is not its province's; and the next day is drawn again (what is overdue depends on it)."""
    plans = Plan.objects.all()
    period = parse_period("2021")
    year = parse_scope("year:2021:lang-son", plans)
    unit = parse_scope(f"unit:{Unit.objects.get(name='Phòng Nghiệp vụ').pk}", plans, year=2021)
    day = datetime.date(2021, 6, 1)
    whole = figures.dashboard_page(year, period, day).figures
    part = figures.dashboard_page(unit, period, day).figures
    assert len(builds) == 2 and part.activity_count < whole.activity_count
    assert figures.dashboard_page(year, period, day).figures.activity_count == whole.activity_count and len(builds) == 2
    late = figures.dashboard_page(year, period, datetime.date(2022, 1, 1)).figures
    assert len(builds) == 3 and late.lists[0].total >= whole.lists[0].total


def test_the_kept_figures_are_the_reports(demo_data):
    """Every figure the dashboard shows is the built report's own."""
    scope = parse_scope("year:2021:lang-son", Plan.objects.all())
    period = parse_period("2021-Q3")
    day = datetime.date(2021, 10, 5)
    report = build_report(scope, period, today=day)
    kept = figures.dashboard_page(scope, period, day).figures
    assert kept.activity_count == report.activity_count and kept.done_count == report.done_count
    assert kept.target_count == len(report.targets) and kept.targets_reached == report.targets_reached
    assert kept.totals == report.totals and kept.by_source == report.by_source and kept.by_unit == report.by_unit
    assert [item.total for item in kept.lists] == [
        len([row for row in report.rows if row.overdue]), kept.lists[1].total, len(report.flagged_rows),
        len(report.lines_without_source)]
