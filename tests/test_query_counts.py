"""Exact SQL query counts of the hot pages, on the demo data.

A change to the number of queries a page makes fails here (`-v` lists the queries): either a regression to fix,
or a new figure to write in the table below, for review to see. What is counted is the second of two identical
requests, so that what a process caches once (content types, say) does not make the figure depend on which tests
ran before. That a page's count stays the same with 10 rows or 500 is checked by the page's growth test, next to
its other tests and marked `slow` (left out of `make test`, run by CI)."""
import pytest
from django.urls import reverse

from plans.models import Plan

pytestmark = pytest.mark.django_db

ACTIVITY = "Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý"  # 19/KH-TGPL's, with a season of updates

# Page: who asks (a demo user), what the URL names (19/KH-TGPL, its activity above, or nothing), the query string,
# and the number of queries, the same on SQLite and PostgreSQL.
HOT_PAGES = {
    "plans:list": ("lanhdao", None, "", 10),
    "plans:detail": ("lanhdao", "plan", "", 16),
    "reports:dashboard": ("lanhdao", None, "nam=2021&phan=Q2", 24),
    "reports:national": ("trunguong", None, "nam=2021", 12),
    "reports:report": ("lanhdao", None, "pham_vi=plan:{plan}&ky=2021-Q2", 21),
    "progress:work_list": ("trungtam", None, "", 15),
    "progress:activity": ("trungtam", "activity", "", 24),
    "progress:update": ("trungtam", "activity", "ky=2021-Q4", 17),
}


@pytest.mark.parametrize("page", list(HOT_PAGES))
def test_hot_page_query_count(client, demo_users, django_assert_num_queries, page):
    username, names, query, queries = HOT_PAGES[page]
    plan = Plan.objects.get(number="19/KH-TGPL")
    objects = {"plan": plan.pk, "activity": plan.activities.get(title__startswith=ACTIVITY).pk}
    url = reverse(page, args=[objects[names]] if names else [])
    if query:
        url += "?" + query.format(**objects)
    client.force_login(demo_users[username])
    assert client.get(url).status_code == 200  # warm the session and the process's caches
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
