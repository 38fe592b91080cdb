"""The report as a signed document (issue 13): parts I–IV, the Nghị định 30/2020 layout read back from the PDF
and the .docx, the appendix, issuing that freezes the figures, versions, access and file names."""
import datetime
import io
import json
import re
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import ProgressUpdate
from budgets.models import BudgetLine, Expenditure, FundingSource
from core.formatting import format_number
from core.periods import parse_period
from plans.models import Plan, Unit
from reports import views_documents
from reports.documents import fit_lines, render_pdf, text_width, word_groups
from reports.docx import write_docx
from reports.jsondoc import report_data
from reports.models import Report, ReportJob
from reports.rows import build_report, parse_scope
from reports.services import report_create, report_issue, report_new_version, report_update
from reports.tasks import build_report_file
from reports.xlsx import write_workbook

pytestmark = pytest.mark.django_db
PARTS = ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
         "IV. KIẾN NGHỊ, ĐỀ XUẤT")


@pytest.fixture
def plan(demo_data):
    return Plan.objects.get(number="19/KH-TGPL")


def scope_code(kind, plan):
    if kind == "plan":
        return f"plan:{plan.pk}"
    if kind == "year":
        return "year:2021:lang-son"
    return f"unit:{Unit.objects.get(name='Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn').pk}"


def rows_for(kind, plan, period="2021-Q2"):
    return build_report(parse_scope(scope_code(kind, plan), Plan.objects.all(), year=2021), parse_period(period))


def pdf_runs(data):
    """[(page, text, x, y)] of each text run WeasyPrint wrote (x, y in CSS px from the top left)."""
    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        page.extract_text(visitor_text=lambda text, cm, tm, font, size, n=number: runs.append(
            (n, text.strip(), tm[4], tm[5])) if text.strip() else None)
    return runs


def pdf_words(data):
    """[(page, word, xMin, yMin, xMax)] from poppler's pdftotext -bbox (points)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout
    words = []
    page_number = -1
    for line in html.decode().splitlines():
        if "<page " in line:
            page_number += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', line)
        if match:
            words.append((page_number, match.group(4), float(match.group(1)), float(match.group(2)),
                          float(match.group(3))))
    return words


def part_texts(paragraphs):
    """{heading: [paragraphs up to the next heading]} of the four parts."""
    found, current = {}, None
    for text in paragraphs:
        if text in PARTS:
            current = found.setdefault(text, [])
        elif current is not None and (text.startswith("Nơi nhận") or text.startswith("Kinh phí năm ngân sách")):
            current = None if text.startswith("Nơi nhận") else current
        elif current is not None and text:
            current.append(text)
    return found


# -- the words ------------------------------------------------------------------------------------------------

def test_names_break_between_word_groups_only():
    assert word_groups("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn", "Lạng Sơn") == [
        "TRUNG TÂM", "TRỢ GIÚP PHÁP LÝ", "NHÀ NƯỚC", "TỈNH LẠNG SƠN"]
    size, lines = fit_lines("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn", "Lạng Sơn", bold=True)
    assert 11 <= size <= 12 and lines == ["TRUNG TÂM TRỢ GIÚP PHÁP LÝ", "NHÀ NƯỚC TỈNH LẠNG SƠN"]
    assert all(text_width(line, bold=True, size=size) <= 190 for line in lines)
    # A name whose groups cannot fit at 12 pt is set smaller, never cut inside a group.
    size, lines = fit_lines("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu",
                            bold=True)
    assert any("TỈNH BÀ RỊA - VŨNG TÀU" in line for line in lines)


# -- the PDF and the .docx of a plan, a year and a unit report -------------------------------------------------

@pytest.mark.parametrize("kind", ["plan", "year", "unit"])
def test_pdf_reads_back_as_a_report(plan, kind):
    rows = rows_for(kind, plan)
    data = render_pdf(rows)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    lines = [line.strip() for page in pages for line in page.splitlines()]
    text = " ".join(" ".join(pages).split())
    # The four parts, each with something under it.
    positions = [text.index(part) for part in PARTS]
    assert positions == sorted(positions)
    ends = positions[1:] + [text.index("Nơi nhận:")]
    for start, end, part in zip(positions, ends, PARTS):
        assert len(text[start + len(part):end].strip()) > 20, part
    # Số and the place and date on one line; the date left blank in a draft.
    runs = pdf_runs(data)
    number = next(run for run in runs if run[1].startswith("Số:"))
    place = next(run for run in runs if run[1].startswith("Lạng Sơn, ngày"))
    assert number[0] == place[0] == 0 and abs(number[3] - place[3]) < 1 and number[2] < place[2]
    assert re.match(r"Lạng Sơn, ngày\s+tháng\s+năm \d{4}$", place[1])
    # No issuer name broken inside a word group.
    assert not any(line.endswith("LẠNG") for line in lines) and any(line.endswith("TỈNH LẠNG SƠN") for line in lines)
    # The appendix: its heading, the Kèm theo line, subtotals, the plan named, the total equal to the JSON's.
    assert "PHỤ LỤC I" in text and "(Kèm theo Báo cáo số" in text
    assert "Cộng kế hoạch số 19/KH-TGPL" in text
    if kind != "unit":
        assert "Cộng mục 2" in text
    totals = report_data(rows)["totals"]
    assert f"Tổng cộng {format_number(totals['planned'])} {format_number(totals['spent_to_date'])}" in text
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height


@pytest.mark.parametrize("kind", ["plan", "year", "unit"])
def test_docx_reads_back_as_the_same_report(plan, kind):
    rows = rows_for(kind, plan)
    doc = Document(io.BytesIO(write_docx(rows)))
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == list(PARTS) and headings[4] == "PHỤ LỤC I"
    parts = part_texts([p.text for p in doc.paragraphs])
    assert set(parts) == set(PARTS) and all(parts[part] and parts[part][0] != "—" for part in PARTS)
    header = doc.tables[0]
    issuer = header.rows[0].cells[0].text.replace("\u00a0", " ")
    assert "TỈNH LẠNG SƠN" in issuer.splitlines()[-1] or "TỈNH LẠNG SƠN" in issuer
    assert not any(line.endswith("LẠNG") for line in issuer.splitlines())
    number, place = (cell.text for cell in header.rows[1].cells)  # one row: the same line
    assert number.startswith("Số:") and "/BC-" in number and place.startswith("Lạng Sơn, ngày")
    portrait, landscape = doc.sections
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    assert (round(portrait.left_margin.mm), round(portrait.right_margin.mm)) == (30, 15)
    assert landscape.page_width > landscape.page_height
    texts = [p.text for p in doc.paragraphs]
    assert any(text.startswith("(Kèm theo Báo cáo số") for text in texts)
    appendix = next(table for table in doc.tables if table.rows[0].cells[0].text == "STT")
    cells = [[cell.text for cell in row.cells] for row in appendix.rows]
    assert any(row[1].startswith("Cộng kế hoạch số 19/KH-TGPL") for row in cells)
    totals = report_data(rows)["totals"]
    total = next(row for row in cells if row[0] == "Tổng cộng")
    assert total[6:8] == [format_number(totals["planned"]), format_number(totals["spent_to_date"])]
    assert appendix.rows[0]._tr.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") \
        is not None  # the header row repeats on every page


def test_a_year_report_names_the_plan_of_every_group(plan):
    rows = rows_for("year", plan)
    assert len(rows.blocks) >= 2
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(rows))).pages).split())
    assert any(not block.plan.number for block in rows.blocks)  # named by its date
    for block in rows.blocks:
        reference = f"số {block.plan.number}" if block.plan.number else f"ngày {block.plan.issued_on:%d/%m/%Y}"
        assert f"Kế hoạch {reference}:" in text and f"Cộng kế hoạch {reference}" in text
        assert f"(Kế hoạch {reference})" in text  # on the first row of each group


def test_a_13_digit_sum_fits_its_cell(plan):
    line = BudgetLine.objects.filter(activity__plan=plan, amount__gt=0).first()
    BudgetLine.objects.create(activity=line.activity, amount=1_234_567_890_123, fiscal_year=2021, allocated=True,
                              funding_source=FundingSource.objects.first(), description="Dòng rất lớn")
    rows = rows_for("plan", plan)
    big = format_number(rows.totals.planned)
    assert len(str(rows.totals.planned)) == 13
    words = pdf_words(render_pdf(rows))
    total_words = [w for w in words if w[1] == big]
    assert len(total_words) >= 3  # the activity, its section's and the plan's subtotals, the total, appendix III
    for page, _text, x_min, y_min, x_max in total_words:
        # Right-aligned in its column: every number of the same column on the page ends at the same x, and the
        # next figure of the row starts after it.
        column = [w for w in words if w[0] == page and re.fullmatch(r"[\d.]{5,}", w[1]) and abs(w[4] - x_max) < 1]
        assert len(column) >= 1
        after = [w for w in words if w[0] == page and abs(w[3] - y_min) < 1 and w[2] > x_min and w[1] != big]
        assert all(w[2] > x_max + 4 for w in after), (big, after)
        before = [w for w in words if w[0] == page and abs(w[3] - y_min) < 1 and w[4] <= x_min]
        assert all(w[4] < x_min for w in before)
    # And where it is the longest text in its column: no figure of that column ends further right.
    sums_right = {round(w[4]) for w in total_words}
    others = [w for w in words if re.fullmatch(r"[\d.]{9,}", w[1]) and w[1] != big
              and any(abs(w[4] - right) < 40 for right in sums_right)]
    assert all(any(abs(w[4] - right) < 1 for right in sums_right) or abs(w[4] - max(sums_right)) > 20
               for w in others)


# -- issuing freezes the figures -------------------------------------------------------------------------------

def test_issuing_freezes_pdf_docx_and_workbook(plan, demo_leader, demo_updater):
    scope = parse_scope(f"plan:{plan.pk}", Plan.objects.all(), year=2021)
    period = parse_period("2021-Q2")
    report = report_create(user=demo_leader, scope=scope, period=period)
    assert report.state == Report.State.DRAFT and all(getattr(report, part) for part in Report.PARTS)
    report_update(report=report, data={"shortcomings": "Khó khăn <b>đã sửa</b> tay\n\n- Thêm một ý"})
    report.refresh_from_db()
    assert report.shortcomings == "Khó khăn đã sửa tay\n- Thêm một ý"
    issued = report_issue(report=report, user=demo_leader, number="25/BC-TGPL", issued_on=datetime.date(2021, 7, 5))
    old = "311.500.000"
    assert issued.snapshot["totals"]["spent_to_date"] == 311_500_000

    line = BudgetLine.objects.filter(activity__plan=plan, amount__gt=0).first()
    update = ProgressUpdate.objects.filter(activity=line.activity).first()
    Expenditure.objects.create(budget_line=line, progress_update=update, amount=1_000_000, spent_on="2021-05-20",
                               recorded_by=demo_updater)
    new = "312.500.000"

    issued.refresh_from_db()
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(issued.pdf))).pages).split())
    assert old in pdf_text and new not in pdf_text
    assert "Số: 25/BC-TGPL" in pdf_text and "Lạng Sơn, ngày 05 tháng 7 năm 2021" in pdf_text
    assert "Khó khăn đã sửa tay" in pdf_text and "ngày 05/07/2021" in pdf_text  # the Kèm theo line
    docx_text = "\n".join(cell.text for table in Document(io.BytesIO(bytes(issued.docx))).tables
                          for row in table.rows for cell in row.cells)
    assert old in docx_text and new not in docx_text
    book = load_workbook(io.BytesIO(bytes(issued.xlsx)), data_only=True)  # the stored values of the formulas
    cost = book["Kinh phí"]
    assert cost.cell(6, 5).value == 311_500_000 and "Số: 25/BC-TGPL" in cost.cell(3, 1).value
    with pytest.raises(Exception, match="đã ban hành"):
        report_update(report=issued, data={"results": "sửa lén"})

    draft = report_new_version(report=issued, user=demo_leader)
    assert (draft.version, draft.supersedes, draft.state, draft.number) == (2, issued, "draft", "")
    fresh = build_report(scope, period)
    assert new in " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(fresh, draft))).pages)
                           .split())
    assert load_workbook(io.BytesIO(write_workbook(fresh, draft)), data_only=True)["Kinh phí"].cell(6, 5).value \
        == 312_500_000


# -- pages: who drafts and issues, downloads, file names ----------------------------------------------------------

def test_leader_drafts_edits_issues_and_downloads(client, plan, demo_leader, monkeypatch):
    client.force_login(demo_leader)
    response = client.post(reverse("reports:document_create"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Sửa dự thảo" in page and "I. KẾT QUẢ ĐẠT ĐƯỢC" in page
    data = {name: getattr(report, name) for name in ("title", "place", "signer_title", "signer_name", "recipients",
                                                      "results", "next_tasks", "proposals")}
    data["signer_title"] = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    data["shortcomings"] = "<p>Một số xã chưa bố trí địa điểm.</p>"
    assert client.post(report.get_absolute_url(), data).status_code == 302
    assert client.get(reverse("reports:document_issue", args=[report.pk])).status_code == 200
    bad = client.post(reverse("reports:document_issue", args=[report.pk]), {"number": "abc", "issued_on": "05/07/2021"})
    assert bad.status_code == 400 and "25/BC-STP" in bad.content.decode()
    client.post(reverse("reports:document_issue", args=[report.pk]), {"number": "7/BC-TGPL", "issued_on": "05/07/2021"})
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == demo_leader

    monkeypatch.setattr(views_documents, "render_pdf", lambda *a: pytest.fail("an issued PDF is not built again"))
    first = client.get(reverse("reports:document_download", args=[report.pk, "pdf"]))
    assert first["Content-Disposition"] == 'attachment; filename="7-BC-TGPL-quy-II-2021.pdf"'
    assert first.content == bytes(report.pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(first.content)).pages).split())
    assert "Một số xã chưa bố trí địa điểm." in text and "<p>" not in text and "7/BC-TGPL" in text
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    word = client.get(reverse("reports:document_download", args=[report.pk, "docx"]))
    assert word.content == bytes(report.docx)
    snapshot = json.loads(client.get(reverse("reports:document_download", args=[report.pk, "json"])).content)
    assert snapshot == report.snapshot
    listing = client.get(reverse("reports:documents"), {"ke_hoach": plan.pk, "nam": 2021}).content.decode()
    assert "7/BC-TGPL" in listing


def test_updater_writes_only_their_units_report(client, plan, demo_updater):
    client.force_login(demo_updater)
    assert client.post(reverse("reports:document_create"),
                       {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2"}).status_code == 403
    unit = Unit.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")
    response = client.post(reverse("reports:document_create"), {"pham_vi": f"unit:{unit.pk}", "ky": "2021-Q2"})
    assert response.status_code == 302
    # The report page offers an updater only their units, and the downloads follow the form.
    page = client.get(reverse("reports:report")).content.decode()
    assert "Tất cả kế hoạch của năm" not in page and "19/KH-TGPL —" not in page
    assert 'name="dinh_dang" value="docx"' in page
    download = client.get(reverse("reports:report"), {"pham_vi": f"unit:{unit.pk}", "nam": "2021", "phan": "Q4",
                                                      "dinh_dang": "docx"})
    assert download["Content-Disposition"] == 'attachment; filename="BC-Trung-tam-TGPL-quy-IV-2021.docx"'


def test_report_page_warns_of_a_period_outside_the_plan(client, plan, demo_leader):
    client.force_login(demo_leader)
    page = client.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2023-Q1"}).content.decode()
    assert "nằm ngoài thời gian của kế hoạch (2021)" in page
    download = client.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q4",
                                                      "dinh_dang": "pdf"})
    assert download["Content-Disposition"] == 'attachment; filename="BC-19-KH-TGPL-quy-IV-2021.pdf"'


def test_a_failed_background_job_ends_failed_with_a_message(demo_leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ReportJob.objects.create(requested_by=demo_leader, scope_code="plan:999999", period_code="2021-Q2",
                                   file_format="docx")
    build_report_file.call(str(job.pk))  # the handler itself no longer raises
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.finished_at is not None
    assert job.message.startswith("Không tạo được báo cáo: Không tìm thấy kế hoạch")


def test_workbook_totals_carry_their_values(plan):
    rows = rows_for("year", plan)
    book = load_workbook(io.BytesIO(write_workbook(rows)), data_only=True)
    progress = book["Tiến độ"]
    last = progress.max_row
    assert progress.cell(last, 7).value == rows.totals.planned
    subtotals = [row for row in progress.iter_rows(values_only=True) if str(row[1]).startswith("Cộng kế hoạch")]
    assert [row[6] for row in subtotals] == [block.money.planned for block in rows.blocks]
    cost = book["Kinh phí"]
    unit_total = [row for row in cost.iter_rows(values_only=True) if row[0] == "Tổng cộng"][-1]
    assert unit_total[4:7] == (rows.totals.planned, rows.totals.allocated, rows.totals.spent_to_date)
    assert {style for style in book.named_styles} >= {"tgpl-text", "tgpl-money", "tgpl-money-bold"}
    # Heading rows without money of their own stay blank.
    headings = [row for row in progress.iter_rows(min_row=5, values_only=True) if row[0] == "2"]
    assert headings and headings[0][6] is None


def test_command_writes_docx_and_a_big_report_page_keeps_to_the_body(plan, tmp_path, client, demo_leader, settings):
    from django.core.management import call_command

    out = tmp_path / "bao-cao.docx"
    call_command("report", "--scope", "plan:19/KH-TGPL", "--period", "2021-Q2", "--format", "docx", "-o", str(out),
                 stdout=io.StringIO())
    assert any(p.text == "I. KẾT QUẢ ĐẠT ĐƯỢC" for p in Document(str(out)).paragraphs)
    settings.REPORT_INLINE_MAX_ACTIVITIES = 5
    client.force_login(demo_leader)
    page = client.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2"}).content.decode()
    assert "quá lớn để hiển thị hết trên trang" in page and "PHỤ LỤC I" not in page
    for part in PARTS:  # the page shows the document's parts (the form's "Kỳ" choices are another list)
        assert f"<h2>{part}</h2>" in page
    download = client.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2",
                                                      "dinh_dang": "docx"})
    job = ReportJob.objects.get()
    assert download.status_code == 302 and job.file_format == "docx"
    assert job.filename == "BC-19-KH-TGPL-quy-II-2021.docx"


def test_a_big_report_is_issued_by_the_worker(plan, demo_leader, settings, client):
    from reports.tasks import issue_report

    settings.REPORT_INLINE_MAX_ACTIVITIES = 5
    scope = parse_scope(f"plan:{plan.pk}", Plan.objects.all(), year=2021)
    report = report_create(user=demo_leader, scope=scope, period=parse_period("2021-Q2"))
    report = report_issue(report=report, user=demo_leader, number="30/BC-TGPL", issued_on=datetime.date(2021, 7, 6))
    assert report.state == Report.State.ISSUING and report.pdf is None
    client.force_login(demo_leader)
    assert "đang được ban hành" in client.get(report.get_absolute_url()).content.decode()
    assert client.get(reverse("reports:document_download", args=[report.pk, "pdf"])).status_code == 404
    with pytest.raises(Exception, match="đã ban hành"):
        report_update(report=report, data={"results": "sửa khi đang ban hành"})
    issue_report.call(report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.ISSUED and report.snapshot["totals"]["spent_to_date"] == 311_500_000
    assert "30/BC-TGPL" in PdfReader(io.BytesIO(bytes(report.pdf))).pages[0].extract_text()


def test_the_plan_filter_is_a_type_ahead_field(client, demo_data, demo_leader, tv_leader):
    """The list names only the chosen plan (no select box of every plan); the suggestions are the user's plans;
    a typed number without JavaScript goes to that plan's documents."""
    plan = Plan.objects.get(number="19/KH-TGPL")
    client.force_login(demo_leader)
    page = client.get(reverse("reports:documents"), {"ke_hoach": plan.pk}).content.decode()
    assert "<select" not in page and "<option" not in page
    assert 'name="ke_hoach"' in page and f'value="{plan.pk}"' in page and "19/KH-TGPL — " in page
    suggest = reverse("reports:document_plan_suggest")
    found = client.get(suggest, {"q": "19/kh"}).json()["results"]
    assert [result["value"] for result in found] == [str(plan.pk)]
    typed = client.get(reverse("reports:documents"), {"ke_hoach": "", "ke_hoach_tim": "19/KH-TGPL"})
    assert typed.status_code == 302 and f"ke_hoach={plan.pk}" in typed["Location"]
    client.force_login(tv_leader)
    assert client.get(suggest, {"q": "19/kh"}).json()["results"] == []
