"""The national year report (reports/national_report.py) as files: JSON, an Excel workbook, a PDF and a .docx.
Every file is drawn from the same NationalYearReport, so their totals are the JSON's."""
import io
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from activities.models import Status
from budgets.selectors import figure_labels, label
from core.formatting import format_date, format_number
from reports.national_report import SCHEMA

# The issuer of the national report: the ministry and its department in charge of legal aid, as the project
# names it (docs/roles.md).
MINISTRY = "BỘ TƯ PHÁP"
DEPARTMENT = "CỤC TRỢ GIÚP PHÁP LÝ"
MONEY = ("planned", "allocated", "spent_in_period", "spent_to_date", "remaining")


def file_name(year, extension):
    return f"bao-cao-toan-quoc-{year}.{extension}"


def title(year):
    return _("Tổng hợp kết quả thực hiện kế hoạch trợ giúp pháp lý năm %(year)s của các tỉnh, thành phố "
             "(theo báo cáo đã ban hành)") % {"year": year}


def _figures(row):
    return {
        "activities": row.activities,
        "status_counts": {status: row.status_counts.get(status, 0) for status in Status.values},
        "done": row.done,
        "overdue": row.overdue,
        "targets": row.targets,
        "targets_reached": row.targets_reached,
        **row.money.as_dict(),
    }


def _used(used):
    report = used.report
    return {"province": report.province.name, "number": report.number, "issued_on": report.issued_on.isoformat(),
            "period": report.period_code, "version": report.version, "part_of_year": used.partial,
            "days_after_period_end": used.days_late}


def national_data(national):
    """The national report as plain data; money in integer đồng, dates ISO."""
    return {
        "schema": SCHEMA,
        "year": national.year,
        "source": "issued_reports",
        "provinces_expected": national.expected,
        "provinces_with_year_report": national.issued_count,
        "provinces": [{"province": row.province.name, "code": row.province.code,
                       "merged": [p.name for p in row.merged], "reports": [_used(u) for u in row.used],
                       **_figures(row)} for row in national.rows],
        "total": _figures(national.total),
        "missing": [{"province": m.province.name, "code": m.province.code,
                     "counted_under": m.heir.name if m.heir else None,
                     "stand_in": _used(m.stand_in) if m.stand_in else None} for m in national.missing],
    }


def write_json(national):
    return json.dumps(national_data(national), ensure_ascii=False, indent=2).encode("utf-8")


def _reports_text(row):
    return "; ".join(
        f"{u.report.number} ({format_date(u.report.issued_on)}"
        + (f", {_('thay bằng báo cáo')} {u.period_label}" if u.partial else "")
        + (f", {u.report.province.name}" if u.report.province.pk != row.province.pk else "") + ")"
        for u in row.used) or _("chưa ban hành")


def table_rows(national):
    """[(number, province, reports, activities, done, overdue, targets reached / total, money …)] and the total."""
    lines = []
    for index, row in enumerate(national.rows, start=1):
        lines.append((str(index), row.province.name, _reports_text(row), row.activities, row.done, row.overdue,
                      f"{row.targets_reached}/{row.targets}", *(getattr(row, key) for key in MONEY)))
    total = national.total
    lines_total = ("", _("Cả nước"), "", total.activities, total.done, total.overdue,
                   f"{total.targets_reached}/{total.targets}", *(getattr(total, key) for key in MONEY))
    return lines, lines_total


def headers():
    return [_("STT"), _("Tỉnh, thành phố"), _("Báo cáo đã ban hành"), _("Hoạt động"), _("Hoàn thành"),
            _("Quá hạn"), _("Chỉ tiêu đạt"), *(label(key) for key in MONEY)]


def missing_lines(national):
    lines = []
    for item in national.missing:
        text = item.province.name
        if item.heir:
            text += " " + _("(nay thuộc %(name)s)") % {"name": item.heir.name}
        if item.stand_in:
            text += " — " + _("tạm tính theo báo cáo %(period)s số %(number)s") % {
                "period": item.stand_in.period_label, "number": item.stand_in.report.number}
        lines.append(text)
    return lines


# -- Excel -----------------------------------------------------------------------------------------------------

def write_workbook(national):
    """One sheet: the provinces, the total as stored numbers (no formula left for the reader to compute), and the
    provinces without a year report."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.xlsx import HEADER_FILL, safe_text

    book = Workbook()
    sheet = book.active
    sheet.title = _("Toàn quốc")
    sheet.cell(1, 1, f"{MINISTRY} — {DEPARTMENT}").font = Font(bold=True)
    sheet.cell(2, 1, title(national.year)).font = Font(bold=True, size=13)
    sheet.cell(3, 1, _("Đơn vị tính: đồng")).font = Font(italic=True)
    for column, text in enumerate(headers(), start=1):
        cell = sheet.cell(5, column, text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    lines, total = table_rows(national)
    row_number = 6
    for line in [*lines, total]:
        for column, value in enumerate(line, start=1):
            cell = sheet.cell(row_number, column, safe_text(value) if isinstance(value, str) else value)
            if isinstance(value, int) and column > 7:
                cell.number_format = "#,##0"
            if line is total:
                cell.font = Font(bold=True)
        row_number += 1
    row_number += 1
    sheet.cell(row_number, 1, _("Tỉnh, thành phố chưa ban hành báo cáo năm %(year)s: %(count)s") % {
        "year": national.year, "count": len(national.missing)}).font = Font(bold=True)
    for text in missing_lines(national):
        row_number += 1
        sheet.cell(row_number, 2, safe_text(text))
    for column, width in enumerate((5, 22, 36, 10, 10, 10, 10, 16, 16, 16, 16, 16), start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- PDF -------------------------------------------------------------------------------------------------------

def _context(national, today):
    lines, total = table_rows(national)
    return {"national": national, "ministry": MINISTRY, "department": DEPARTMENT, "title": title(national.year),
            "headers": headers(), "lines": lines, "total": total, "missing": missing_lines(national),
            "labels": figure_labels(), "place_date": _("Hà Nội, ngày %(day)s tháng %(month)s năm %(year)s") % {
                "day": f"{today.day:02d}", "month": today.month, "year": today.year}}


def render_pdf(national, today):
    from weasyprint import HTML

    from reports.documents import _pdf_tools

    fonts, stylesheet = _pdf_tools()
    html = render_to_string("reports/national_report_pdf.html", _context(national, today))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet], font_config=fonts)


# -- Word ------------------------------------------------------------------------------------------------------

def write_docx(national, today):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    ctx = _context(national, today)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    def para(text, *, bold=False, italic=False, center=False, size=None):
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    para(MINISTRY, center=True, size=12)
    para(DEPARTMENT, bold=True, center=True, size=12)
    para(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True, center=True, size=12)
    para(_("Độc lập - Tự do - Hạnh phúc"), bold=True, center=True)
    para(ctx["place_date"], italic=True, center=True)
    para(_("BÁO CÁO"), bold=True, center=True, size=14)
    para(ctx["title"], bold=True, center=True)
    para(_("Đơn vị tính: đồng"), italic=True)
    table = doc.add_table(rows=1, cols=len(ctx["headers"]))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ctx["headers"]):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold, run.font.size = True, Pt(9)
    for line in [*ctx["lines"], ctx["total"]]:
        cells = table.add_row().cells
        for cell, value in zip(cells, line):
            cell.text = format_number(value) if isinstance(value, int) else value
            for run in cell.paragraphs[0].runs:
                run.font.size, run.bold = Pt(9), line is ctx["total"]
            if isinstance(value, int):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(_("Tỉnh, thành phố chưa ban hành báo cáo năm %(year)s: %(count)s") % {
        "year": national.year, "count": len(national.missing)}, bold=True)
    for text in ctx["missing"]:
        para("- " + text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
