"""In a real Chromium: an editor uploads a Word file made from seed 001's text, corrects one unit on the review
page and saves; the new draft plan's page shows its 12 activities and 460.400.000 đ."""
import re

import pytest

from plans.models import Plan, Unit
from tests.browser import sign_in
from tests.importer.test_views import docx_bytes, seed_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_editor_imports_a_word_file_corrects_a_unit_and_saves(page, live_server, demo_data, screenshot):
    sign_in(page, live_server, "bientap")
    page.get_by_role("link", name="Nhập từ văn bản").click()
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(
        [{"name": "19-KH-TGPL.docx", "mimeType": DOCX, "buffer": docx_bytes(seed_text("001"))}]
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Rà soát kế hoạch đọc từ văn bản").wait_for()
    assert "Đã đọc được 12 hoạt động" in page.locator("main").inner_text()
    assert page.locator("#tong-kinh-phi").inner_text() == "460.400.000 đ"
    assert page.get_by_label("Số, ký hiệu").input_value() == "19/KH-TGPL"

    # The editor says that the first unit named in the document is the Trung tâm itself.
    center = Unit.objects.get(province__code="lang-son", name__startswith="Trung tâm Trợ giúp pháp lý")
    page.locator(f"input[name=don-vi-0][value='{center.pk}']").check()  # a checkbox: no Ctrl-click
    screenshot(page, "import-review")
    page.get_by_role("button", name="Lưu thành kế hoạch dự thảo").click()

    page.get_by_text("Đã lưu kế hoạch dự thảo từ văn bản").wait_for()
    meta = page.locator(".doc-meta").inner_text()
    assert re.search(r"\b12 hoạt động", meta), meta
    assert "Dự thảo" in page.locator(".plan-status").inner_text()
    assert "460.400.000" in page.locator("table.totals tfoot").inner_text()
    assert center.name in page.locator("article.document").inner_text()
    plan = Plan.objects.latest("pk")
    assert plan.status == Plan.Status.DRAFT and page.url.endswith(plan.get_absolute_url())


def _table_plan_docx():
    """A Lạng Sơn plan whose activities are a Word table in millions, closed by a total row worded as the reader
    does not know it; the funding section states the plan's total."""
    import io

    from docx import Document

    document = Document()
    for line in ("SỞ TƯ PHÁP TỈNH LẠNG SƠN", "Số: 77/KH-STP", "Lạng Sơn, ngày 10 tháng 02 năm 2025", "KẾ HOẠCH",
                 "Truyền thông về trợ giúp pháp lý năm 2025", "Sở Tư pháp xây dựng Kế hoạch như sau:",
                 "I. NỘI DUNG"):
        document.add_paragraph(line)
    rows = [
        ("STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Kinh phí (triệu đồng)"),
        ("1", "Hội nghị truyền thông", "Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Tư pháp", "Quý II năm 2025", "60"),
        ("2", "In tờ gấp", "Trung tâm Trợ giúp pháp lý nhà nước", "", "Tháng 6/2025", "35,5"),
        ("", "Cộng các khoản chi (làm tròn)", "", "", "", "95,5"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for line in ("II. KINH PHÍ", "Tổng kinh phí: 95,5 triệu đồng, từ ngân sách tỉnh.", "III. TỔ CHỨC THỰC HIỆN",
                 "Trung tâm tổ chức thực hiện./."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_editor_drops_a_total_row_on_review_and_the_plan_keeps_the_stated_total(page, live_server, demo_data):
    sign_in(page, live_server, "bientap")
    page.get_by_role("link", name="Nhập từ văn bản").click()
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(
        [{"name": "77-KH-STP.docx", "mimeType": DOCX, "buffer": _table_plan_docx()}]
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Rà soát kế hoạch đọc từ văn bản").wait_for()
    assert page.locator("#tong-kinh-phi").inner_text() == "191.000.000 đ"
    assert page.locator("#tong-van-ban").inner_text() == "95.500.000 đ"

    total_row = page.locator(".node", has_text="Cộng các khoản chi")
    total_row.get_by_label("Sửa dòng").select_option(label="Bỏ dòng này")
    page.get_by_role("button", name="Áp dụng sửa dòng").click()
    page.get_by_text("Đã sửa các dòng theo lựa chọn").wait_for()
    assert page.locator(".node", has_text="Cộng các khoản chi").count() == 0
    assert page.locator("#tong-kinh-phi").inner_text() == "95.500.000 đ"
    assert Plan.objects.filter(number="77/KH-STP").count() == 0  # nothing written yet

    page.get_by_role("button", name="Lưu thành kế hoạch dự thảo").click()
    page.get_by_text("Đã lưu kế hoạch dự thảo từ văn bản").wait_for()
    assert "95.500.000" in page.locator("table.totals tfoot").inner_text()
    plan = Plan.objects.get(number="77/KH-STP")
    assert sum(line.amount for activity in plan.activities.all() for line in activity.budget_lines.all()) == 95_500_000
