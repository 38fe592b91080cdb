"""Exact SQL query counts of the hot pages, on the demo data.

A change to the number of queries a page makes fails here (`-v` lists the queries): either a regression to fix,
or a new figure to write in the table below, for review to see. What is counted is the second of two identical
requests, so that what a process caches once (content types, say) does not make the figure depend on which tests
ran before. That a page's count stays the same with 10 rows or 500 is checked by the page's growth test, next to
its other tests, and for every page below at once by the last test here; both are marked `slow` (left out of
`make test`, run by CI)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, ProgressUpdate, Status, Target, TargetProgress
from budgets.models import BudgetLine, Expenditure, FundingSource
from plans.models import Membership, Plan

pytestmark = pytest.mark.django_db

ACTIVITY = "Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý"  # 19/KH-TGPL's, with a season of updates

# Page: who asks (a demo user), the objects its URL names (19/KH-TGPL, its activity above, that activity's first
# budget line), the query string, and the number of queries, the same on SQLite and PostgreSQL. Every signed-in
# page starts with three: the session, the user, and the user's memberships with their provinces and whether they
# hold the national permission (plans.models.memberships_of, once per request).
HOT_PAGES = {
    "plans:list": ("lanhdao", (), "", 7),
    # +1: the province-wide reports issued in the year, for the "issued per quarter and how late" column.
    "reports:national": ("trunguong", (), "nam=2021", 13),
    "plans:detail": ("lanhdao", ("plan",), "", 13),
    # +1: "Địa danh" starts from the province's name (plans/forms.py).
    "plans:create": ("bientap", (), "", 9),
    "plans:edit": ("bientap", ("plan",), "", 10),
    "plans:issue": ("bientap", ("plan",), "", 4),
    "plans:close": ("bientap", ("plan",), "", 4),
    "plans:archive": ("bientap", ("plan",), "", 8),
    "plans:archived": ("bientap", (), "", 5),
    "activities:editor": ("bientap", ("plan",), "", 5),
    "activities:delete": ("bientap", ("plan", "activity"), "", 11),
    "budgets:activity_lines": ("bientap", ("plan", "activity"), "", 7),
    "budgets:line_edit": ("bientap", ("plan", "activity", "line"), "", 8),
    # The second request reads the figures kept for this data version (reports/figures.py): one query for the
    # province's data version instead of the report's rows; the first one's count is in tests/reports/test_figures.py.
    # -2 (dashboard, report, year report): the scope is a type-ahead field (reports.scope_choice) that renders the
    # chosen plan or unit only, so the province's plans and units are no longer read to fill a select box.
    "reports:dashboard": ("lanhdao", (), "nam=2021&phan=Q2", 9),
    # The dashboard's rows without its choices (years, plans, units, provinces); the whole list is built each time.
    "reports:dashboard_list": ("lanhdao", ("list",), "nam=2021&phan=N", 17),
    # The body kept for this data version, as for the dashboard.
    "reports:report": ("lanhdao", (), "pham_vi=plan:{plan}&ky=2021-Q2", 6),
    "reports:report:year": ("lanhdao", (), "pham_vi=year&ky=2021", 8),
    # The scope field's suggestions: the provinces in view, the province's plans and its units (ranked in Python).
    "reports:scope_suggest": ("lanhdao", (), "q=tgpl", 6),
    # The documents of a plan: the chosen plan is read for its label, no list of every plan.
    "reports:documents": ("lanhdao", (), "ke_hoach={plan}&nam=2021", 7),
    "reports:document_plan_suggest": ("lanhdao", (), "q=tgpl", 4),
    "reports:plan_history": ("lanhdao", ("plan",), "", 8),
    "reports:plan_archive": ("bientap", ("plan",), "", 8),
    # which cards offer "Cập nhật tiến độ" costs one query, and the unit subtrees are walked once (one fewer).
    # -1: the plan filter is a type-ahead field (only the chosen plan is shown, read by the filter's own check).
    "progress:work_list": ("trungtam", (), "", 11),
    # The work page's plan suggestions: the user's units (and those under them), then the plans of their work.
    "progress:work_plan_suggest": ("trungtam", (), "q=trien+khai", 5),
    # -2 (was 14): the activity's units (leading, co-ordinating, reporting) are read with their former names in one
    # query, and its targets with their achievements in one (progress.selectors.activity_for_page).
    "progress:activity": ("trungtam", ("activity",), "", 12),
    "progress:update": ("trungtam", ("activity",), "ky=2021-Q4", 12),
    "progress:locks": ("lanhdao", (), "", 6),
    "importer:import": ("bientap", (), "", 5),
    "importer:copy": ("bientap", ("plan",), "", 5),
}


@pytest.mark.parametrize("page", list(HOT_PAGES))
def test_hot_page_query_count(client, demo_users, django_assert_num_queries, page):
    username, names, query, queries = HOT_PAGES[page]
    plan = Plan.objects.get(number="19/KH-TGPL")
    activity = plan.activities.get(title__startswith=ACTIVITY)
    objects = {"plan": plan.pk, "activity": activity.pk, "line": activity.budget_lines.first().pk, "list": "qua-han"}
    url = reverse(":".join(page.split(":")[:2]), args=[objects[name] for name in names])
    if query:
        url += "?" + query.format(**objects)
    client.force_login(demo_users[username])
    assert client.get(url).status_code == 200  # warm the session and the process's caches
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def _count_queries(client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_no_page_runs_more_queries_with_500_activities_than_with_10(client, demo_users):
    """Every page above, after 10 and then 500 more activities in 19/KH-TGPL, each led by the Trung tâm with a
    target, a budget line, a quarter's update, an achievement and an expenditure: the same number of queries."""
    plan = Plan.objects.get(number="19/KH-TGPL")
    activity = plan.activities.get(title__startswith=ACTIVITY)
    objects = {"plan": plan.pk, "activity": activity.pk, "line": activity.budget_lines.first().pk, "list": "qua-han"}
    updater = demo_users["trungtam"]
    unit = Membership.objects.filter(user=updater).first().unit
    source = FundingSource.objects.first()

    def grow(start, n):
        for i in range(start, start + n):
            added = Activity.objects.create(plan=plan, parent=activity.parent, title=f"Hoạt động thêm {i}",
                                            position=100 + i)
            added.lead_units.add(unit)
            target = Target.objects.create(activity=added, quantity=10, measure="đợt")
            line = BudgetLine.objects.create(activity=added, amount=1_000_000, funding_source=source, fiscal_year=2021)
            update = ProgressUpdate.objects.create(activity=added, unit=unit, year=2021, quarter=2, author=updater,
                                                   status=Status.IN_PROGRESS, result="Đang làm")
            TargetProgress.objects.create(update=update, target=target, achieved=3)
            Expenditure.objects.create(budget_line=line, progress_update=update, amount=500_000,
                                       spent_on="2021-05-05", recorded_by=updater)

    def counts():
        found = {}
        for page, (username, names, query, _queries) in HOT_PAGES.items():
            url = reverse(":".join(page.split(":")[:2]), args=[objects[name] for name in names])
            url += "?" + query.format(**objects) if query else ""
            found[page] = _count_queries(client, demo_users[username], url)
        return found

    grow(0, 10)
    small = counts()
    grow(10, 490)
    assert counts() == small
