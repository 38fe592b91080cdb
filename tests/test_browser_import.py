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
