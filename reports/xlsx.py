"""Write a built Report as an Excel workbook: a progress sheet and a cost sheet.

Numbers stay numbers (with a thousands format), totals are SUM formulas, and any text a user typed is
written as text that can never run as a formula.
"""
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

MONEY = "#,##0"  # shown with the reader's thousands separator: 177.400.000 in a Vietnamese locale
PERCENT = "0.0%"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
FONT = "Times New Roman"
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def safe_text(value):
    """Text as typed, minus the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))


def write_text(cell, value):
    """Put user text in a cell so that Excel shows it and never evaluates it (`=HYPERLINK(…)`, `+1`, `@SUM`)."""
    text = safe_text(value)
    cell.value = text
    cell.data_type = "s"
    if FORMULA_START.match(text):
        cell.quotePrefix = True


def _header(sheet, row, titles, widths):
    for column, (title, width) in enumerate(zip(titles, widths), start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    sheet.print_title_rows = f"{row}:{row}"


def _page_setup(sheet):
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.oddFooter.center.text = "&P / &N"


def _title(sheet, text, subtitle, span):
    sheet.cell(row=1, column=1, value=text).font = Font(name=FONT, bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    sheet.cell(row=2, column=1, value=subtitle).font = Font(name=FONT, italic=True)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=span)
    unit = sheet.cell(row=3, column=span, value=_("Đơn vị tính: đồng"))
    unit.font = Font(name=FONT, italic=True)
    unit.alignment = Alignment(horizontal="right")


def _body_cell(cell, money=False, bold=False):
    cell.border = BORDER
    cell.font = Font(name=FONT, bold=bold)
    cell.alignment = Alignment(vertical="top", wrap_text=not money)
    if money:
        cell.number_format = MONEY


def write_workbook(report):
    """The workbook as bytes."""
    book = Workbook()
    progress = book.active
    progress.title = _("Tiến độ")
    _progress_sheet(progress, report)
    _cost_sheet(book.create_sheet(_("Kinh phí")), report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _progress_sheet(sheet, report):
    titles = [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Kết quả / tiến độ"),
              _("Kinh phí giao"), _("Đã sử dụng"), _("Ghi chú")]
    _title(sheet, _("Tiến độ và kinh phí thực hiện các hoạt động %(period)s — %(scope)s") % {
        "period": report.period.label, "scope": report.scope.label}, report.window_label, len(titles))
    _header(sheet, 4, titles, [8, 50, 22, 22, 14, 45, 16, 16, 20])
    _page_setup(sheet)
    row_number = 5
    first = row_number
    for block in report.blocks:
        if len(report.blocks) > 1:
            write_text(sheet.cell(row=row_number, column=2), f"{block.plan.number} — {block.plan.title}")
            for column in range(1, 10):
                _body_cell(sheet.cell(row=row_number, column=column), bold=True)
            row_number += 1
        for row in block.rows:
            result = row.status_label + (f"\n{row.result}" if row.result else "")
            values = [row.number, row.title, row.lead, row.coordinating, row.timeframe, result]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column)
                write_text(cell, value)
                _body_cell(cell, bold=row.is_section)
            for column, amount in ((7, row.planned), (8, row.spent)):
                cell = sheet.cell(row=row_number, column=column, value=amount)
                _body_cell(cell, money=True, bold=row.is_section)
            write_text(sheet.cell(row=row_number, column=9), row.note)
            _body_cell(sheet.cell(row=row_number, column=9))
            row_number += 1
    last = row_number - 1
    total_label = sheet.cell(row=row_number, column=2, value=_("Tổng cộng"))
    _body_cell(total_label, bold=True)
    for column in (7, 8):
        letter = get_column_letter(column)
        cell = sheet.cell(row=row_number, column=column,
                          value=f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
        _body_cell(cell, money=True, bold=True)


def _cost_sheet(sheet, report):
    titles = [_("Nguồn kinh phí"), _("Kế hoạch"), _("Đã giao"), _("Chi trong kỳ"), _("Lũy kế đã chi"),
              _("Còn lại"), _("Tỷ lệ giải ngân")]
    _title(sheet, _("Tổng hợp kinh phí %(period)s — %(scope)s") % {
        "period": report.period.label, "scope": report.scope.label}, report.window_label, len(titles))
    _header(sheet, 4, titles, [48, 18, 18, 18, 18, 18, 14])
    _page_setup(sheet)
    row_number = first = 5
    for line in report.by_source:
        write_text(sheet.cell(row=row_number, column=1), line.name)
        _body_cell(sheet.cell(row=row_number, column=1))
        for column, amount in enumerate((line.planned, line.allocated, line.spent_in_period, line.spent), start=2):
            _body_cell(sheet.cell(row=row_number, column=column, value=amount), money=True)
        _body_cell(sheet.cell(row=row_number, column=6, value=f"=B{row_number}-E{row_number}"), money=True)
        rate = sheet.cell(row=row_number, column=7, value=f'=IF(C{row_number}=0,"",E{row_number}/C{row_number})')
        _body_cell(rate)
        rate.number_format = PERCENT
        row_number += 1
    last = row_number - 1
    _body_cell(sheet.cell(row=row_number, column=1, value=_("Tổng cộng")), bold=True)
    for column in range(2, 7):
        letter = get_column_letter(column)
        value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        _body_cell(sheet.cell(row=row_number, column=column, value=value), money=True, bold=True)
    rate = sheet.cell(row=row_number, column=7, value=f'=IF(C{row_number}=0,"",E{row_number}/C{row_number})')
    _body_cell(rate, bold=True)
    rate.number_format = PERCENT

    # By unit: what each lead unit carries and has spent.
    row_number += 2
    for column, title in enumerate([_("Đơn vị chủ trì"), _("Số hoạt động"), _("Hoàn thành"), _("Quá hạn"),
                                    _("Kinh phí giao"), _("Đã sử dụng")], start=1):
        cell = sheet.cell(row=row_number, column=column, value=title)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    row_number += 1
    for stats in report.by_unit:
        write_text(sheet.cell(row=row_number, column=1), stats["name"])
        _body_cell(sheet.cell(row=row_number, column=1))
        for column, key in enumerate(("total", "done", "overdue"), start=2):
            _body_cell(sheet.cell(row=row_number, column=column, value=stats[key]))
        for column, key in ((5, "planned"), (6, "spent")):
            _body_cell(sheet.cell(row=row_number, column=column, value=stats[key]), money=True)
        row_number += 1
