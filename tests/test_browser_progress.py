"""In a real Chromium: the Trung tâm's updater records a quarterly update on a demo activity (a quantity, an
expenditure, a PDF) and sees the status and remaining budget change; a leader then sees the new status."""
import re

import pytest

from tests.browser import sign_in
from tests.progress.factories import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý"


@pytest.fixture
def demo_data(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def money(text):
    return int(re.sub(r"\D", "", text) or 0) * (-1 if text.strip().startswith("-") else 1)


def test_updater_reports_a_quarter_and_the_leader_sees_it(page, live_server, demo_data, screenshot):
    sign_in(page, live_server, "trungtam")
    page.get_by_role("link", name="Việc của đơn vị").click()
    page.get_by_role("heading", name="Việc của đơn vị").wait_for()
    page.get_by_label("Vai trò của đơn vị").select_option("chu-tri")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=re.compile("^" + re.escape(ACTIVITY))).first.click()
    page.get_by_role("link", name="Cập nhật tiến độ").wait_for()
    remaining = page.locator("[id^=con-lai-]").first
    before = money(remaining.inner_text())
    leaflets = page.locator("tr", has_text=re.compile(r"^Tờ gấp")).locator("[id^=dat-]")
    leaflets_before = money(leaflets.inner_text())
    assert page.locator("#trang-thai").inner_text() == "Đang thực hiện"
    screenshot(page, "activity-page")

    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Kỳ báo cáo").select_option(label="Quý IV/2021")
    page.get_by_role("button", name="Chọn").click()
    page.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    page.get_by_label("Kết quả đạt được").fill("Đã phát hành 5.000 tờ gấp song ngữ Việt - Tày tại 10 xã.")
    page.get_by_label("Chỉ tiêu 80.000 Tờ gấp").fill("5.000")
    page.locator("select[name=chi-0-budget_line]").select_option(index=1)
    page.locator("input[name=chi-0-amount]").fill("12.500.000")
    page.locator("input[name=chi-0-spent_on]").fill("25/11/2021")
    page.locator("input[name=chi-0-document_reference]").fill("PC 215/2021")
    page.locator("input[name=files]").set_input_files(
        [{"name": "bien-ban-nghiem-thu.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}]
    )
    screenshot(page, "progress-form")
    page.get_by_role("button", name="Lưu cập nhật").click()

    page.get_by_text("Đã lưu cập nhật tiến độ Quý IV/2021").wait_for()
    assert page.locator("#trang-thai").inner_text() == "Hoàn thành"
    assert money(page.locator("[id^=con-lai-]").first.inner_text()) == before - 12_500_000
    assert money(leaflets.inner_text()) == leaflets_before + 5_000
    timeline = page.locator("#cap-nhat-" + page.locator("article.update").first.get_attribute("id").split("-")[-1])
    assert "Quý IV/2021" in timeline.inner_text() and "bien-ban-nghiem-thu.pdf" in timeline.inner_text()
    screenshot(page, "activity-after-update")

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "lanhdao")
    page.get_by_role("link", name="Triển khai công tác trợ giúp pháp lý năm 2021").click()
    node = page.locator(".node", has_text=ACTIVITY).first
    assert "Hoàn thành" in node.inner_text()
    node.get_by_role("link", name=re.compile("Tiến độ, kinh phí, minh chứng")).click()
    assert page.locator("#trang-thai").inner_text() == "Hoàn thành"
    assert page.get_by_role("link", name="Cập nhật tiến độ").count() == 0
