"""In a real Chromium: an editor creates a plan, writes its sections and activities in the content editor (units
picked by type-ahead, a timeframe in words, a target, a budget line), issues it, finds it again by a search typed
without diacritics and reads it as a document; an updater can reach neither the header form nor the editor."""
import re

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_TITLE = "Tập huấn, bồi dưỡng nghiệp vụ trợ giúp pháp lý năm 2027"
TRAINING = "Tổ chức tập huấn kỹ năng trợ giúp pháp lý cho người thực hiện trợ giúp pháp lý"
COURSE = "Cử trợ giúp viên pháp lý tham gia lớp bồi dưỡng do Cục Trợ giúp pháp lý tổ chức"
LEAFLETS = "Biên soạn, phát hành tờ gấp pháp luật song ngữ Việt - Tày"


def htmx_settled(page):
    """htmx wires up swapped-in content a moment after showing it (the settle delay): wait, as a person would."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def panel(page):
    return page.locator("#activity-panel")


def tree_row(page, title):
    return page.locator("#content-tree li.tree-row", has=page.get_by_role("link", name=title, exact=True))


def add_inside(page, section_title, what):
    """Open the section's "Thêm" menu and add an activity inside it; the new node opens in the panel."""
    htmx_settled(page)
    row = tree_row(page, section_title)
    row.locator("summary", has_text="Thêm").click()
    row.get_by_role("button", name=what).click()
    expect(panel(page).get_by_label("Tên mục, hoạt động")).to_have_value("Hoạt động mới")
    htmx_settled(page)


def pick_unit(page, picker, typed, unit_name):
    """Type into a unit picker's search box, then press the matching result's "+" button."""
    htmx_settled(page)
    group = panel(page).get_by_role("group", name=picker)
    group.get_by_label("Tìm đơn vị theo tên").fill(typed)
    group.get_by_role("button", name=re.compile(re.escape(unit_name))).click()
    group.get_by_role("checkbox", name=re.compile(re.escape(unit_name))).wait_for()
    htmx_settled(page)


def save_activity(page, title, lead, coordinating, timeframe=None, preview=None):
    form = panel(page)
    form.get_by_label("Tên mục, hoạt động").fill(title)
    for typed, name in lead:
        pick_unit(page, "Đơn vị chủ trì", typed, name)
    for typed, name in coordinating:
        pick_unit(page, "Đơn vị phối hợp", typed, name)
    if timeframe:
        form.get_by_label("Thời gian thực hiện").fill(timeframe)
        form.locator("#timeframe-preview").get_by_text(preview).wait_for()
    form.get_by_role("button", name="Lưu", exact=True).first.click()
    form.get_by_role("status").filter(has_text="Đã lưu.").wait_for()
    htmx_settled(page)


def test_editor_builds_issues_and_finds_a_plan_updater_is_kept_out(page, live_server, demo_data, screenshot):
    sign_in(page, live_server, "bientap")

    # The header.
    page.get_by_role("link", name="Tạo kế hoạch").click()
    page.get_by_role("heading", name="Tạo kế hoạch mới").wait_for()
    page.get_by_label("Số, ký hiệu").fill("25/KH-STP")
    # A filterable list of radio buttons: "stp" (the initials of Sở Tư pháp) leaves it first.
    issuer = page.get_by_role("group", name="Cơ quan ban hành")
    issuer.get_by_role("searchbox").fill("stp")
    assert issuer.locator("li:not([hidden])").first.inner_text().strip() == "Sở Tư pháp tỉnh Lạng Sơn"
    issuer.get_by_label("Sở Tư pháp tỉnh Lạng Sơn").check()
    page.get_by_label("Địa danh").fill("Lạng Sơn")
    page.get_by_label("Ngày ban hành").fill("15/01/2027")
    page.get_by_label("Trích yếu").fill(PLAN_TITLE)
    page.get_by_label("Một năm").check()
    page.get_by_role("spinbutton", name="Từ năm").fill("2027")
    page.get_by_label("Mục đích").fill("Nâng cao kỹ năng của người thực hiện trợ giúp pháp lý.")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.get_by_text("Đã lưu kế hoạch.").wait_for()
    plan = Plan.objects.get(number="25/KH-STP")

    # The content: two sections, three activities under them.
    page.get_by_role("link", name="Soạn nội dung").click()
    page.get_by_role("heading", name="Soạn nội dung kế hoạch").wait_for()
    for section in ("Tập huấn, bồi dưỡng nghiệp vụ", "Truyền thông về trợ giúp pháp lý"):
        page.get_by_label("Thêm vào cuối kế hoạch").fill(section)
        page.get_by_role("button", name="Thêm mục", exact=True).click()
        tree_row(page, section).wait_for()
        expect(panel(page).get_by_label("Tên mục, hoạt động")).to_have_value(section)
        expect(page.get_by_label("Thêm vào cuối kế hoạch")).to_have_value("")  # ready for the next one

    add_inside(page, "Tập huấn, bồi dưỡng nghiệp vụ", "Hoạt động bên trong")
    save_activity(
        page, TRAINING,
        lead=[("trung tam tgpl", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")],
        coordinating=[("hanh chinh tu phap", "Phòng Hành chính tư pháp và Bổ trợ tư pháp"),
                      ("cuc tro giup", "Cục Trợ giúp pháp lý - Bộ Tư pháp")],
        timeframe="Quý II - III năm 2027", preview="Từ 01/04/2027 đến 30/09/2027",
    )
    targets = panel(page).get_by_role("region", name="Chỉ tiêu")
    targets.get_by_label("Số lượng").last.fill("4")
    targets.get_by_label("Đơn vị tính").last.fill("lớp")
    targets.get_by_role("button", name="Thêm chỉ tiêu").click()
    targets.get_by_role("status").filter(has_text="Đã thêm chỉ tiêu.").wait_for()
    budget = panel(page).get_by_role("region", name="Kinh phí")
    budget.get_by_role("button", name="Thêm dòng kinh phí").wait_for()  # the lines arrive after the panel
    htmx_settled(page)
    budget.get_by_label("Nội dung chi").fill("Chi tổ chức 04 lớp tập huấn")
    budget.get_by_label("Số tiền (đồng)").fill("177.400.000")
    budget.get_by_label("Nguồn kinh phí").select_option(label="Ngân sách địa phương")
    budget.get_by_label("Quyết định giao dự toán").fill("297/QĐ-STP")
    budget.get_by_role("button", name="Thêm dòng kinh phí").click()
    budget.get_by_role("status").filter(has_text="Đã thêm dòng kinh phí.").wait_for()
    assert budget.locator("#budget-total").inner_text() == "177.400.000"

    add_inside(page, "Tập huấn, bồi dưỡng nghiệp vụ", "Hoạt động bên trong")
    save_activity(
        page, COURSE,
        lead=[("trung tam", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")],
        coordinating=[("cuc tgpl", "Cục Trợ giúp pháp lý - Bộ Tư pháp")],
        timeframe="Quý IV", preview="Từ 01/10/2027 đến 31/12/2027",
    )
    add_inside(page, "Truyền thông về trợ giúp pháp lý", "Hoạt động bên trong")
    save_activity(
        page, LEAFLETS,
        lead=[("trung tam tgpl", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")],
        coordinating=[("ban dan toc", "Ban Dân tộc tỉnh Lạng Sơn")],
        timeframe="Tháng 06/2027", preview="Từ 01/06/2027 đến 30/06/2027",
    )
    tree = page.locator("#content-tree").inner_text()
    for line in ("1. Tập huấn, bồi dưỡng nghiệp vụ", f"1.1. {TRAINING}", f"1.2. {COURSE}",
                 "2. Truyền thông về trợ giúp pháp lý", f"2.1. {LEAFLETS}"):
        assert line in tree

    # Reopen the first activity: what was saved comes back, with how the time words were read.
    page.locator("#content-tree").get_by_role("link", name=TRAINING).click()
    expect(panel(page).get_by_label("Tên mục, hoạt động")).to_have_value(TRAINING)
    expect(tree_row(page, TRAINING)).to_have_class(re.compile(r"\bselected\b"))
    expect(tree_row(page, LEAFLETS)).not_to_have_class(re.compile(r"\bselected\b"))
    expect(panel(page).locator("#timeframe-preview")).to_contain_text("Từ 01/04/2027 đến 30/09/2027")
    expect(panel(page).get_by_role("group", name="Đơn vị phối hợp").get_by_role("checkbox")).to_have_count(2)
    htmx_settled(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "editor")

    # Issue it.
    page.get_by_role("link", name="Xem kế hoạch như văn bản").click()
    page.get_by_role("link", name="Ban hành").click()
    page.get_by_role("button", name="Đồng ý ban hành").click()
    page.get_by_text("Kế hoạch đã chuyển sang trạng thái “Đã ban hành”").wait_for()

    # Find it again, typing without diacritics.
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_label("Tìm kiếm").fill("tap huan")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("status").filter(has_text="Tìm thấy").wait_for()
    table = page.locator("table.list").inner_text()
    assert PLAN_TITLE in table and "25/KH-STP" in table and "177.400.000 đ" in table
    assert "19/KH-TGPL" not in table
    screenshot(page, "plan-list")

    page.get_by_role("link", name=PLAN_TITLE).click()
    document = page.locator("article.document")
    document.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").wait_for()
    body = document.inner_text()
    for line in (
        "1. Tập huấn, bồi dưỡng nghiệp vụ", f"1.1. {TRAINING}", f"1.2. {COURSE}",
        "2. Truyền thông về trợ giúp pháp lý", f"2.1. {LEAFLETS}",
        "Chủ trì\nTrung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
        "Phối hợp\nPhòng Hành chính tư pháp và Bổ trợ tư pháp; Cục Trợ giúp pháp lý - Bộ Tư pháp",
        "Quý II - III năm 2027 (01/04/2027 – 30/09/2027)", "4 lớp", "177.400.000 đ",
    ):
        assert line in body, line
    assert "Đã ban hành" in body
    screenshot(page, "plan-page")

    # An updater of the same province reads the plan but cannot change it.
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "trungtam")
    page.get_by_role("link", name="Việc của đơn vị").wait_for()
    assert page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/").status == 200
    page.get_by_role("heading", name=re.compile("KẾ HOẠCH")).wait_for()
    assert page.get_by_role("link", name="Soạn nội dung").count() == 0
    assert page.get_by_role("link", name="Sửa thông tin kế hoạch").count() == 0
    for url in (f"/ke-hoach/{plan.pk}/sua/", f"/ke-hoach/{plan.pk}/noi-dung/"):
        response = page.goto(live_server.url + url)
        assert response.status in (403, 404), url
        page.get_by_role("heading", name=re.compile("Bạn không có quyền|Không tìm thấy")).wait_for()
        assert page.get_by_role("button", name=re.compile("^Lưu")).count() == 0
