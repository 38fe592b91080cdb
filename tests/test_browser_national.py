"""In a real Chromium: the national user compares the provinces, opens Vĩnh Long, and reads the 2021 plan it
inherited from Trà Vinh under the name it was issued with."""
import pytest

from plans.models import Plan
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_national_user_compares_provinces_and_opens_the_inherited_plan(page, live_server, demo_data):
    tv_plan = Plan.objects.get(province__code="tra-vinh")
    sign_in(page, live_server, "trunguong")

    page.get_by_role("link", name="Toàn quốc").click()
    page.get_by_label("Năm", exact=True).select_option("2021")
    page.get_by_role("button", name="Xem", exact=True).click()
    table = page.locator("#national")
    table.get_by_text("gồm cả Trà Vinh").wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert [name.split("\n")[0] for name in rows.locator("th").all_inner_texts()] == ["Lạng Sơn", "Vĩnh Long"]

    page.get_by_role("link", name="Tổng quan Vĩnh Long").click()
    page.get_by_role("heading", name="Tổng quan thực hiện kế hoạch").wait_for()
    page.locator(f'main a[href="/ke-hoach/{tv_plan.pk}/"]').first.click()

    page.locator(".doc-issuer").wait_for()
    assert "Sở Tư pháp tỉnh Trà Vinh" in page.locator(".doc-issuer").text_content()
    assert "Vĩnh Long" not in page.locator("article.document").text_content()
    # Read only: no editing link on the plan.
    assert page.get_by_role("link", name="Soạn nội dung").count() == 0
