"""The updater's journey on a phone (375 px) and at a desk (1366 px): work list → activity → progress form → save.

On every page: no sideways scroll, axe-core finds no serious or critical violation (contrast included) and, on the
phone, whatever can be tapped is at least 44 px high. On the phone the header folds into a "Menu" button and the
work list is one card per activity with its one action.
"""
import re

import pytest

from tests.accessibility import DESK, PHONE, check_page
from tests.browser import sign_in
from tests.progress.factories import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý"


@pytest.fixture
def demo_data(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(params=[PHONE, DESK], ids=["phone", "desk"])
def sized_page(request, browser):
    context = browser.new_context(locale="vi-VN", viewport=request.param, has_touch=request.param is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, request.param is PHONE
    context.close()


def open_menu_item(page, phone, name):
    if phone:
        menu = page.get_by_role("button", name="Menu")
        assert menu.get_attribute("aria-expanded") == "false"
        assert not page.get_by_role("link", name=name).is_visible()
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name=name).click()


def test_updater_journey_fits_the_screen_and_passes_axe(sized_page, live_server, demo_data, screenshot):
    page, phone = sized_page
    prefix = "phone" if phone else "desk"
    sign_in(page, live_server, "trungtam")
    check_page(page, phone=phone)
    # The plan list's status pills ("Đã ban hành") stay on one line.
    heights = page.locator("table.list .badge").evaluate_all("pills => pills.map(p => p.getBoundingClientRect().height)")
    assert heights and max(heights) < 30, heights
    open_menu_item(page, phone, "Việc của đơn vị")
    page.get_by_role("heading", name="Việc của đơn vị").wait_for()
    page.get_by_label("Vai trò của đơn vị").select_option("chu-tri")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile("vai_tro=chu-tri"))
    check_page(page, phone=phone)
    row = page.locator("table.work tbody tr", has_text=ACTIVITY).first
    # The card's one action is shown on the phone only; the desk keeps its seven columns.
    assert row.get_by_role("link", name="Cập nhật tiến độ").is_visible() == phone
    assert (page.locator("table.work thead").bounding_box()["height"] > 10) != phone  # phone: read out, not shown
    if phone:
        box = row.bounding_box()
        assert box["width"] <= PHONE["width"]
        for label in ("Kế hoạch", "Hạn", "Trạng thái"):
            assert row.locator(f"td[data-label='{label}']").is_visible()
    row.scroll_into_view_if_needed()
    screenshot(page, f"{prefix}-work-list")

    row.get_by_role("link", name=re.compile("^" + re.escape(ACTIVITY))).click()
    page.get_by_role("link", name="Cập nhật tiến độ").wait_for()
    check_page(page, phone=phone)
    screenshot(page, f"{prefix}-activity-page")

    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Kỳ báo cáo").select_option(label="Quý IV/2021")
    page.get_by_role("button", name="Chọn").click()
    page.wait_for_url(re.compile("ky=2021-Q4"))
    check_page(page, phone=phone)
    page.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    page.get_by_label("Kết quả đạt được").fill("Đã phát hành 5.000 tờ gấp tại 10 xã.")
    page.get_by_label("Chỉ tiêu 80.000 Tờ gấp").fill("5.000")
    page.locator("select[name=chi-0-budget_line]").select_option(index=1)
    page.locator("input[name=chi-0-amount]").fill("1.500.000")
    page.locator("input[name=chi-0-spent_on]").fill("25/11/2021")
    page.locator("input[name=files]").set_input_files(
        [{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}]
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"{prefix}-progress-form")
    page.get_by_role("button", name="Lưu cập nhật").click()

    page.get_by_text("Đã lưu cập nhật tiến độ Quý IV/2021").wait_for()
    assert page.locator("#trang-thai").inner_text() == "Hoàn thành"
    check_page(page, phone=phone)
