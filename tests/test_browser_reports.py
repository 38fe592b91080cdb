"""In a real Chromium: a leader opens the dashboard and downloads the quarterly PDF and workbook of 19/KH-TGPL."""
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_downloads_quarterly_pdf_and_excel(page, live_server, demo_data, screenshot, screenshots_dir,
                                                  tmp_path):
    sign_in(page, live_server, "lanhdao")

    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_label("Năm", exact=True).select_option("2021")
    page.get_by_label("Kỳ", exact=True).select_option("Q2")
    page.get_by_label("Kế hoạch hoặc đơn vị").select_option(label="19/KH-TGPL — Triển khai công tác trợ giúp pháp lý năm 2021")
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
