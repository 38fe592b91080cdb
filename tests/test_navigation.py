"""The top menu and the pages agree: each demo user's menu links open, every top-level page a user may open
is in their menu, and a page marks exactly one menu item as the current one."""
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities.models import Activity
from plans.models import Plan, memberships_of
from progress.access import reporting_unit_ids
from tests.test_access_matrix import resolver_urls
from tgpl.navigation import MENU, section_of

pytestmark = pytest.mark.django_db

USERS = ["bientap", "trungtam", "lanhdao", "quantri", "bientap.tv", "trungtam.tv", "lanhdao.tv", "trunguong"]
TOP_LEVEL = ["plans:list", "progress:work_list", "progress:locks", "reports:national", "reports:dashboard",
             "reports:report", "admin:index"]


class MenuParser(HTMLParser):
    """The links of the main navigation, as (href, is current)."""

    def __init__(self):
        super().__init__()
        self.depth, self.links = 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Điều hướng chính":
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        elif tag == "a" and self.depth:
            self.links.append((attrs["href"], attrs.get("aria-current") == "page"))

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def menu(response):
    assert response.status_code == 200, response.status_code
    parser = MenuParser()
    parser.feed(response.content.decode())
    return parser.links


@pytest.fixture
def demo(demo_data):
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.mark.parametrize("username", USERS)
def test_menu_links_open_and_every_page_the_user_may_open_is_in_the_menu(client, demo, username):
    client.force_login(demo[username])
    links = [href for href, _current in menu(client.get(reverse("plans:list")))]
    assert len(links) == len(set(links))
    for href in links:
        assert client.get(href).status_code == 200, f"{username}: the menu link {href} does not open"
    for name in TOP_LEVEL:
        url = reverse(name)
        if client.get(url).status_code == 200:
            assert url in links, f"{username} may open {name} ({url}) but the menu does not link it"
        else:
            assert url not in links


def test_each_role_sees_the_pages_of_its_role(client, demo):
    """The demo roles, spelled out: what each one's menu holds."""
    expected = {
        "bientap": {"plans:list", "progress:work_list", "reports:dashboard", "reports:report"},
        "trungtam": {"plans:list", "progress:work_list", "reports:report"},
        "lanhdao": {"plans:list", "progress:work_list", "progress:locks", "reports:dashboard", "reports:report"},
        # The province's admin role locks quarters too: its menu says so. The Django admin is the system
        # superuser's (load_demo's "hethong"), not a province's; the national comparison the national role's.
        "quantri": set(TOP_LEVEL) - {"admin:index", "reports:national"},
        "trunguong": {"plans:list", "progress:work_list", "reports:national", "reports:dashboard", "reports:report"},
    }
    for username, names in expected.items():
        client.force_login(demo[username])
        links = {href for href, _current in menu(client.get(reverse("plans:list")))}
        assert links == {reverse(name) for name in names}, username


def test_current_item_is_marked_once_by_url_name(client, demo):
    plan = Plan.objects.get(number="19/KH-TGPL")
    client.force_login(demo["lanhdao"])
    pages = {
        reverse("reports:dashboard"): reverse("reports:dashboard"),
        reverse("reports:plan_history", args=[plan.pk]): reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]): reverse("plans:list"),
        reverse("progress:locks"): reverse("progress:locks"),
        reverse("reports:report"): reverse("reports:report"),
    }
    for url, item in pages.items():
        assert [href for href, current in menu(client.get(url)) if current] == [item], url

    reporter = demo["trungtam"]
    activity = (Activity.objects.trackable().filter(plan=plan, lead_units__in=reporting_unit_ids(reporter))
                .order_by("pk").first())
    client.force_login(reporter)
    for url in (reverse("progress:update", args=[activity.pk]), reverse("progress:activity", args=[activity.pk]),
                reverse("progress:work_list")):
        assert [href for href, current in menu(client.get(url)) if current] == [reverse("progress:work_list")], url


def test_every_page_of_the_project_belongs_to_one_menu_item():
    items = {item.url_name for item in MENU}
    for name, _route in resolver_urls():
        if name in ("login", "logout", "favicon"):
            assert section_of(name) is None
        else:
            assert section_of(name) in items, f"{name}: which menu item does it belong to? (tgpl/navigation.py)"
    assert section_of("admin:plans_plan_changelist") == "admin:index"


def test_memberships_are_read_once_per_user_object(demo, django_assert_num_queries):
    user = get_user_model().objects.get(username="trungtam")
    with django_assert_num_queries(1):
        memberships = memberships_of(user)
    with django_assert_num_queries(1):  # the walk down the unit tree, on first use
        units = reporting_unit_ids(user)
    with django_assert_num_queries(0):
        assert memberships_of(user) is memberships and reporting_unit_ids(user) is units
        assert memberships.units_under("report_progress") is units
