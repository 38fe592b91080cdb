"""axe-core on every page of each role's journeys, at a desk (1366 px) and on a phone (375 px): no serious or
critical violation (WCAG 2.1 A/AA, contrast included), no sideways scroll, and on the phone 44 px touch targets.

The pages are opened by address, as the journeys reach them; the journeys themselves (clicks, saves) are in the
other browser tests, which run the same checks on the updater's journey (test_browser_phone)."""
import pytest
from django.urls import reverse

from activities.models import Activity
from plans.models import Membership, Plan
from tests.accessibility import DESK, PHONE, check_page
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý"


def journeys():
    """Each role's pages: (username, [address…])."""
    plan = Plan.objects.get(number="19/KH-TGPL")
    activity = Activity.objects.filter(plan=plan, title__startswith=ACTIVITY).first()
    report = reverse("reports:report") + f"?pham_vi=plan:{plan.pk}&ky=2021-Q4"
    centre = Membership.objects.get(user__username="trungtam").unit
    unit_report = reverse("reports:report") + f"?pham_vi=unit:{centre.pk}&ky=2021-Q4"
    shared = [reverse("plans:list"), plan.get_absolute_url(), reverse("progress:work_list")]
    return {
        "bientap": shared + [
            reverse("reports:plan_history", args=[plan.pk]), reverse("plans:create"),
            reverse("plans:edit", args=[plan.pk]), reverse("activities:editor", args=[plan.pk]),
            reverse("importer:import"), reverse("plans:archived"), reverse("reports:plan_archive", args=[plan.pk]),
            reverse("reports:dashboard"), report,
        ],
        "trungtam": shared + [
            reverse("progress:activity", args=[activity.pk]),
            reverse("progress:update", args=[activity.pk]) + "?ky=2021-Q4", unit_report,
        ],
        "lanhdao": shared + [
            reverse("reports:dashboard"), report, reverse("progress:locks"),
            reverse("progress:activity", args=[activity.pk]),
        ],
    }


@pytest.fixture(params=[PHONE, DESK], ids=["phone", "desk"])
def sized_page(request, browser):
    context = browser.new_context(locale="vi-VN", viewport=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, request.param is PHONE
    context.close()


def test_sign_in_page(sized_page, live_server, demo_data):
    page, phone = sized_page
    page.goto(f"{live_server.url}/")
    check_page(page, phone=phone)


@pytest.mark.parametrize("username", ["bientap", "trungtam", "lanhdao"])
def test_every_page_of_the_role(username, sized_page, live_server, demo_data, screenshot):
    page, phone = sized_page
    addresses = journeys()[username]
    sign_in(page, live_server, username)
    failures = []
    for address in addresses:
        response = page.goto(live_server.url + address)
        assert response.status == 200, address
        if phone and username == "lanhdao" and address == reverse("reports:dashboard"):
            screenshot(page, "phone-dashboard")
        try:
            check_page(page, phone=phone)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
