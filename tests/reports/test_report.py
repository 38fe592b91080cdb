"""The quarterly progress and cost report: one set of rows, three renderings (page, PDF, workbook)."""
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import Activity, ProgressUpdate, Status
from budgets.models import BudgetLine, Expenditure, FundingSource
from core.periods import parse_period
from plans.models import Plan, Unit
from reports.rows import build_report, parse_scope
from reports.xlsx import write_workbook

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")


@pytest.fixture
def demo(demo_data):
    return Plan.objects.get(number="19/KH-TGPL")


def scope_of(plan, period="2021-Q2"):
    return parse_scope(f"plan:{plan.pk}", Plan.objects.all()), parse_period(period)


@pytest.mark.parametrize("period, spent, spent_in_period, done", [
    ("2021-Q1", 60_750_000, 60_750_000, 1),
    ("2021-Q2", 311_500_000, 250_750_000, 1),
    ("2021-H1", 311_500_000, 311_500_000, 1),
    ("2021-Q3", 372_250_000, 60_750_000, 2),
    ("2021-9M", 372_250_000, 372_250_000, 2),
    ("2021", 372_250_000, 372_250_000, 2),
])
def test_numbers_of_the_demo_season_per_period(demo, period, spent, spent_in_period, done):
    report = build_report(*scope_of(demo, period))
    assert report.totals.planned == 460_400_000
    assert report.totals.spent_to_date == spent
    assert report.totals.spent_in_period == spent_in_period
    assert report.done_count == done
    assert report.activity_count == 12
    assert sum(row.planned for row in report.rows) == 460_400_000


def test_status_is_as_of_the_end_of_the_period(demo):
    q2 = {row.title[:25]: row.status for row in build_report(*scope_of(demo, "2021-Q2")).rows}
    q3 = {row.title[:25]: row.status for row in build_report(*scope_of(demo, "2021-Q3")).rows}
    assert q2["Tổ chức hội nghị tập huấn"] == Status.IN_PROGRESS
    assert q3["Tổ chức hội nghị tập huấn"] == Status.DONE
    assert q3["Tổ chức Hội thảo, học tập"] == Status.PAUSED


def test_year_and_unit_scopes(demo):
    lang_son = Plan.objects.filter(province__code="lang-son")
    year = build_report(parse_scope("year:2021", lang_son), parse_period("2021"))
    assert [b.plan.number for b in year.blocks] == ["", "19/KH-TGPL"]  # seed 000 (no number) and 001
    assert year.activity_count == 18
    rooms = Unit.objects.get(name="Phòng Nghiệp vụ")
    unit = build_report(parse_scope(f"unit:{rooms.pk}", lang_son, year=2021), parse_period("2021-Q3"))
    numbers = [row.number for row in unit.rows if not row.is_section]
    assert "4.3" in numbers and "2.2.1" not in numbers  # led by HC-TH, not touching Phòng Nghiệp vụ
    assert len(year.difficulties) == 3 and len(year.proposals) == 2


def test_tra_vinh_reports_state_their_nd09_window(demo):
    tra_vinh = Plan.objects.filter(province__code="tra-vinh")
    report = build_report(parse_scope("year:2021", tra_vinh), parse_period("2021-Q2"))
    assert "15/03/2021" in report.window_label and "14/06/2021" in report.window_label
    assert "Nghị định 09/2019" in report.window_label


def test_pdf_reads_back_with_fonts_pages_and_numbers(client, demo, demo_leader):
    client.force_login(demo_leader)
    response = client.get(URL, {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2", "dinh_dang": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # lines wrap anywhere
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                     "Quý II/2021", "460.400.000", "311.500.000", "Đơn vị tính: đồng", "/BC-TGPL",
                     "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN", "Hoàng Thị Bích", "PHỤ LỤC"):
        assert expected in text, expected
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]  # embedded
    assert "Liberation-Serif" in fonts and "Liberation-Serif-Bold" in fonts
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width < first.height and last.width > last.height  # portrait body, landscape appendix
    assert not re.search(r"^\s*1\s*$", reader.pages[0].extract_text().splitlines()[0])  # no number on page 1


def test_workbook_numbers_formulas_and_formats(demo):
    report = build_report(*scope_of(demo, "2021-Q2"))
    book = load_workbook(io.BytesIO(write_workbook(report)))
    progress, cost = book["Tiến độ"], book["Kinh phí"]
    assert progress.freeze_panes == "A5" and progress.print_title_rows == "$4:$4"
    assert progress.page_setup.orientation == "landscape" and progress.page_setup.paperSize == 9
    header = [cell.value for cell in progress[4]]
    # Each money heading names one figure (issue 12): planned, and spent to date.
    assert header == ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả / tiến độ", "Kinh phí kế hoạch",
                      "Lũy kế đã chi", "Ghi chú"]
    amounts = [row[6].value for row in progress.iter_rows(min_row=5) if isinstance(row[6].value, int)]
    assert sum(amounts) == 460_400_000
    total_row = progress.max_row
    # Plan subtotals and the total are SUBTOTALs (the total leaves the plan subtotals out), with stored values.
    assert progress.cell(total_row, 7).value == f"=SUBTOTAL(9,G5:G{total_row - 1})"
    assert progress.cell(total_row - 1, 7).value == f"=SUBTOTAL(9,G6:G{total_row - 2})"
    assert progress.cell(6, 7).number_format == "#,##0"  # row 5 names the plan
    assert cost.cell(5, 1).value == "Ngân sách địa phương"
    assert (cost.cell(5, 2).value, cost.cell(5, 5).value) == (460_400_000, 311_500_000)
    assert cost.cell(6, 2).value == "=SUM(B5:B5)"


def test_text_that_looks_like_a_formula_never_runs(demo):
    activity = Activity.objects.get(title__startswith="Tổ chức Hội thảo")
    activity.title = '=HYPERLINK("http://evil.example","bấm")'
    activity.save()
    update = ProgressUpdate.objects.filter(activity=activity).first()
    update.result = "+1+1"
    update.save()
    book = load_workbook(io.BytesIO(write_workbook(build_report(*scope_of(demo, "2021-Q2")))))
    cells = [cell for row in book["Tiến độ"].iter_rows() for cell in row]
    title = next(cell for cell in cells if cell.value and "HYPERLINK" in str(cell.value))
    assert title.data_type == "s" and title.quotePrefix
    assert not any(cell.data_type == "f" and "HYPERLINK" in str(cell.value) for cell in cells)


def test_html_pdf_and_workbook_agree_on_totals(client, demo, demo_editor):
    client.force_login(demo_editor)
    query = {"pham_vi": f"plan:{demo.pk}", "ky": "2021-9M"}
    page = client.get(URL, query).content.decode()
    pdf = PdfReader(io.BytesIO(client.get(URL, {**query, "dinh_dang": "pdf"}).content))
    pdf_text = "\n".join(p.extract_text() for p in pdf.pages)
    book = load_workbook(io.BytesIO(client.get(URL, {**query, "dinh_dang": "xlsx"}).content))
    report = build_report(*scope_of(demo, "2021-9M"))
    planned, spent = report.totals.planned, report.totals.spent_to_date
    assert (planned, spent) == (460_400_000, 372_250_000)
    for figure in ("460.400.000", "372.250.000"):
        assert figure in page and figure in pdf_text
    cost = book["Kinh phí"]
    assert (cost.cell(5, 2).value, cost.cell(5, 5).value) == (planned, spent)


@pytest.mark.parametrize("username, scope, expected", [
    ("lanhdao", "plan", 200), ("bientap", "plan", 200), ("trungtam", "plan", 403),
    ("trungtam", "own-unit", 200), ("trungtam", "sub-unit", 200), ("trungtam", "other-unit", 403),
    ("lanhdao.tv", "plan", 404), ("trungtam.tv", "own-unit-ls", 404),
])
def test_access_per_role(client, demo, username, scope, expected, demo_users):
    client.force_login(demo_users[username])
    centre = Unit.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")
    codes = {
        "plan": f"plan:{demo.pk}", "own-unit": f"unit:{centre.pk}",
        "sub-unit": f"unit:{Unit.objects.get(name='Phòng Nghiệp vụ').pk}",
        "other-unit": f"unit:{Unit.objects.get(name='Phòng Hành chính tư pháp và Bổ trợ tư pháp').pk}",
        "own-unit-ls": f"unit:{centre.pk}",
    }
    for file_format in ("", "pdf", "xlsx"):
        response = client.get(URL, {"pham_vi": codes[scope], "ky": "2021-Q2", "dinh_dang": file_format})
        assert response.status_code == expected, file_format


def test_bad_period_and_anonymous(client, demo, demo_leader):
    client.force_login(demo_leader)
    response = client.get(URL, {"ky": "2021-Q7"})
    assert response.status_code == 400 and "Kỳ báo cáo không hợp lệ" in response.content.decode()
    client.logout()
    assert client.get(URL).status_code == 302


def test_command_writes_pdf_and_xlsx(demo, tmp_path):
    out = io.StringIO()
    call_command("report", "--scope", "plan:19/KH-TGPL", "--period", "2021-Q2", "--format", "pdf",
                 "-o", str(tmp_path / "q2.pdf"), stdout=out)
    assert PdfReader(str(tmp_path / "q2.pdf")).pages
    call_command("report", "--scope", "year:2021", "--province", "lang-son", "--period", "2021-H1",
                 "--format", "xlsx", "-o", str(tmp_path / "h1.xlsx"), stdout=out)
    assert load_workbook(str(tmp_path / "h1.xlsx"))["Kinh phí"].cell(5, 2).value == 460_400_000
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "--scope", "year:2021", "--period", "2021", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("report", "--scope", "plan:1/KH-KHONG", "--period", "2021", "-o", str(tmp_path / "x.pdf"))


def _grow(plan, unit, source, n, user):
    for i in range(n):
        activity = Activity.objects.create(plan=plan, title=f"Hoạt động thêm {i}", position=100 + i)
        activity.lead_units.add(unit)
        line = BudgetLine.objects.create(activity=activity, amount=1_000_000, funding_source=source, fiscal_year=2021)
        update = ProgressUpdate.objects.create(activity=activity, unit=unit, year=2021, quarter=2,
                                               status=Status.IN_PROGRESS, result="Đang làm", author=user)
        Expenditure.objects.create(budget_line=line, progress_update=update, amount=500_000,
                                   spent_on="2021-05-05", recorded_by=user)


@pytest.mark.slow
def test_report_page_query_count_does_not_grow(client, demo, demo_leader, demo_updater, settings):
    settings.REPORT_INLINE_MAX_ACTIVITIES = 10_000  # the whole page, appendices included (not the big-report notice)
    client.force_login(demo_leader)
    unit = Unit.objects.get(name="Phòng Nghiệp vụ")
    source = FundingSource.objects.get(code="nsdp")
    query = {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2"}
    _grow(demo, unit, source, 10, demo_updater)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, query).status_code == 200
    _grow(demo, unit, source, 490, demo_updater)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, query)
    html = response.content.decode()
    # appendix row and the activity's subtotal in the itemised cost appendix, each (the body no longer repeats
    # every activity: part I sums them up per part of the plan)
    assert response.status_code == 200 and html.count("Hoạt động thêm") == 2 * 500
    assert len(small) == len(large)


def test_a_script_typed_in_a_title_stays_text_in_html_pdf_and_workbook(client, demo, demo_leader):
    """Typed markup is shown as the characters typed: escaped on the page, plain text in the PDF and workbook."""
    script = "<script>alert('xss')</script> <b>đậm</b>"
    activity = Activity.objects.get(title__startswith="Tổ chức Hội thảo")
    activity.title = script
    activity.save()
    client.force_login(demo_leader)
    query = {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2"}
    html = client.get(URL, query).content.decode()
    assert script not in html and "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    pdf = client.get(URL, query | {"dinh_dang": "pdf"}).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert('xss')</script>" in " ".join(text.split())
    book = load_workbook(io.BytesIO(client.get(URL, query | {"dinh_dang": "xlsx"}).content))
    assert any(cell.value == script and cell.data_type == "s" for row in book["Tiến độ"].iter_rows() for cell in row)
    plan_page = client.get(reverse("plans:detail", args=[demo.pk])).content.decode()
    assert script not in plan_page
