"""In a real Chromium: a leader opens the dashboard and downloads the quarterly PDF and workbook of 19/KH-TGPL."""
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser import pick_suggestion, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_downloads_quarterly_pdf_and_excel(page, live_server, demo_data, screenshot, screenshots_dir,
                                                  tmp_path):
    sign_in(page, live_server, "lanhdao")

    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_label("Năm", exact=True).select_option("2021")
    page.get_by_label("Kỳ", exact=True).select_option("Q2")
    pick_suggestion(page, "Kế hoạch hoặc đơn vị", "tgpl 2021", "19/KH-TGPL — Triển khai công tác trợ giúp pháp lý năm 2021")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.get_by_text("Số liệu tính từ ngày 01/04/2021 đến ngày 30/06/2021").wait_for()
    assert "311.500.000" in page.locator("main").inner_text()
    screenshot(page, "dashboard")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Tải PDF").click()
    pdf_path = tmp_path / "bao-cao.pdf"
    pdf_download.value.save_as(pdf_path)
    reader = PdfReader(str(pdf_path))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "BÁO CÁO" in text and "Quý II/2021" in text and "460.400.000" in text

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Tải Excel").click()
    xlsx_path = tmp_path / "bao-cao.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    book = load_workbook(xlsx_path)
    assert book["Kinh phí"].cell(5, 2).value == 460_400_000

    # The first page of the PDF, as a picture for the README.
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                        os.path.join(screenshots_dir, "report-pdf-page1")], check=True)


def test_leader_edits_issues_and_downloads_the_quarters_report(page, live_server, demo_data, screenshot,
                                                               screenshots_dir, tmp_path):
    """Issue 13: the quarter's báo cáo drafted by the product, part II edited, issued with a number, and the PDF,
    the Word file and the workbook all carry the number and the edit."""
    from docx import Document

    sign_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/bao-cao/")
    pick_suggestion(page, "Phạm vi", "19/KH-TGPL", "19/KH-TGPL — Triển khai công tác trợ giúp pháp lý năm 2021")
    page.get_by_label("Năm", exact=True).select_option("2021")
    page.get_by_label("Kỳ", exact=True).select_option("Q2")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.get_by_role("button", name="Soạn báo cáo Quý II/2021 để ban hành").click()

    part_two = page.get_by_label("II. Tồn tại, hạn chế và nguyên nhân")
    assert "Một số xã chưa bố trí được vị trí lắp đặt bảng thông tin" in part_two.input_value()
    part_two.fill("Một số xã chưa bố trí được vị trí lắp đặt bảng thông tin.\nKinh phí truyền thông giải ngân chậm.")
    page.get_by_label("Chức vụ người ký").fill("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.get_by_text("Kinh phí truyền thông giải ngân chậm.").first.wait_for()
    screenshot(page, "report-draft")

    page.get_by_role("link", name="Ban hành…").click()
    page.get_by_label("Số, ký hiệu").fill("12/BC-TGPL")
    page.get_by_label("Ngày ban hành").fill("05/07/2021")
    page.get_by_role("button", name="Đồng ý ban hành").click()
    page.get_by_text("Đã ban hành").first.wait_for()

    files = {}
    for label, extension in (("Tải PDF", "pdf"), ("Tải Word", "docx"), ("Tải Excel", "xlsx")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        assert download.value.suggested_filename == f"12-BC-TGPL-quy-II-2021.{extension}"
        files[extension] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[extension])

    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(str(files["pdf"])).pages).split())
    assert "Số: 12/BC-TGPL" in pdf and "Kinh phí truyền thông giải ngân chậm." in pdf
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in pdf and "ngày 05 tháng 7 năm 2021" in pdf
    doc = Document(str(files["docx"]))
    assert "Số: 12/BC-TGPL" in doc.tables[0].rows[1].cells[0].text
    assert any(p.text == "Kinh phí truyền thông giải ngân chậm." for p in doc.paragraphs)
    book = load_workbook(files["xlsx"])
    assert "Số: 12/BC-TGPL" in book["Kinh phí"].cell(3, 1).value
    assert "Kinh phí truyền thông giải ngân chậm." in [c.value for c in book["Nội dung báo cáo"]["A"]]

    # The README's pictures of a year report: its first page and a page of its appendix.
    if shutil.which("pdftoppm"):
        page.goto(f"{live_server.url}/bao-cao/?pham_vi=year&nam=2021&phan=Q4")
        with page.expect_download() as download:
            page.get_by_role("button", name="Tải PDF").click()
        year_pdf = tmp_path / "year.pdf"
        download.value.save_as(year_pdf)
        pages = PdfReader(str(year_pdf)).pages
        landscape = [(number, p.extract_text()) for number, p in enumerate(pages, start=1)
                     if p.mediabox.width > p.mediabox.height]
        # A page of Phụ lục I with money on it: the repeated header, subtotals and sums.
        appendix = next((number for number, text in landscape if "Cộng kế hoạch số 19/KH-TGPL" in text),
                        landscape[0][0])
        for name, number in (("report-year-page1", 1), ("report-year-appendix", appendix)):
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile",
                            str(year_pdf), os.path.join(screenshots_dir, name)], check=True)
