"""Write a built Report as an Excel workbook: progress, money by source and unit, the itemised budget lines,
targets against results, and the legend of every figure.

Numbers stay numbers (with a thousands format), totals are formulas that also carry their computed value
(written into the file, so a previewer or a mail client that does not calculate shows them), and any text a
user typed is written as text that can never run as a formula. Heading rows are blank (their subtotal is in
the plan's subtotal row), each plan ends with its subtotal, and the sheets say who issues the report, its number
and its date. Cell styles are named styles made once per workbook. A draft plan's preview says "DỰ THẢO" in
every sheet's title and page header.
"""
import io
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from budgets.selectors import label
from core.formatting import format_date

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
        sheet.cell(row=row, column=column, value=title).style = HEAD_STYLE
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


def _title(sheet, text, subtitle, span, draft=False):
    if draft:
        text = _("DỰ THẢO — %(title)s") % {"title": text}
        sheet.oddHeader.center.text = _("DỰ THẢO")
        sheet.oddHeader.center.color = "B71C1C"
    cell = sheet.cell(row=1, column=1, value=text)
    cell.font = Font(name=FONT, bold=True, size=13, color="B71C1C" if draft else None)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    sheet.cell(row=2, column=1, value=subtitle).font = Font(name=FONT, italic=True)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=span)
    heading = getattr(sheet.parent, "_tgpl_heading", "")
    if heading:
        sheet.cell(row=3, column=1, value=heading).font = Font(name=FONT, italic=True)
    unit = sheet.cell(row=3, column=span, value=_("Đơn vị tính: đồng"))
    unit.font = Font(name=FONT, italic=True)
    unit.alignment = Alignment(horizontal="right")


HEAD_STYLE = "tgpl-head"


def _named_styles(book):
    """The header and body styles, made once per workbook and shared by every cell (not a Font and Border per
    cell: openpyxl hashes each style object a cell is given, which costs more than writing the cell)."""
    head = NamedStyle(name=HEAD_STYLE)
    head.font = Font(name=FONT, bold=True)
    head.fill = HEADER_FILL
    head.border = BORDER
    head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    book.add_named_style(head)
    for money in (False, True):
        for bold in (False, True):
            style = NamedStyle(name=_style_name(money, bold))
            style.font = Font(name=FONT, bold=bold)
            style.border = BORDER
            style.alignment = Alignment(vertical="top", wrap_text=not money)
            if money:
                style.number_format = MONEY
            book.add_named_style(style)


def _style_name(money, bold):
    return f"tgpl-{'money' if money else 'text'}{'-bold' if bold else ''}"


def _body_cell(cell, money=False, bold=False):
    quoted = cell.quotePrefix  # set by write_text; a named style would clear it
    cell.style = _style_name(money, bold)
    if quoted:
        cell.quotePrefix = True


def formula(cell, text, value):
    """A formula cell that also carries its computed value (patched into the file by `_with_cached_values`)."""
    cell.value = text
    cell.parent.__dict__.setdefault("_tgpl_cached", {})[cell.coordinate] = value
    return cell


def _with_cached_values(data, book):
    """openpyxl writes formulas without their values; put each formula's computed value into the file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            cached = match and book.worksheets[int(match.group(1)) - 1].__dict__.get("_tgpl_cached")
            if cached:
                text = content.decode("utf-8")

                def patch(found):
                    value = cached.get(found.group(2))
                    if value is None or value == "":
                        return found.group(0)
                    if isinstance(value, str):
                        head = found.group(1).replace("<c ", '<c t="str" ', 1)
                        return f"{head}<f>{found.group(3)}</f><v>{escape(value)}</v></c>"
                    return f"{found.group(1)}<f>{found.group(3)}</f><v>{value}</v></c>"

                text = re.sub(r'(<c r="([A-Z]+\d+)"[^>]*>)<f>(.*?)</f>(?:<v\s*/>|<v>[^<]*</v>)?</c>', patch, text)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def write_workbook(report, document=None):
    """The workbook as bytes; `document` (a reports.models.Report) gives its issuer, number and date."""
    book = Workbook()
    _named_styles(book)
    book._tgpl_heading = _document_line(report, document)
    progress = book.active
    progress.title = _("Tiến độ")
    _progress_sheet(progress, report)
    _cost_sheet(book.create_sheet(_("Kinh phí")), report)
    if report.coordinated_rows:
        _coordinated_sheet(book.create_sheet(_("Phối hợp")), report)
    _lines_sheet(book.create_sheet(_("Chi tiết kinh phí")), report)
    _targets_sheet(book.create_sheet(_("Chỉ tiêu")), report)
    _legend_sheet(book.create_sheet(_("Chú giải")), report)
    _text_sheet(book.create_sheet(_("Nội dung báo cáo")), report, document)
    if report.draft:
        book.properties.title = _("DỰ THẢO")
        book.properties.keywords = "DỰ THẢO"
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_cached_values(buffer.getvalue(), book)


def _text_sheet(sheet, report, document):
    """The document's words: trích yếu, the four parts paragraph by paragraph, the signer and the recipients."""
    from reports.documents import new_document, parts

    document = document if document is not None else new_document(report)
    _title(sheet, document.title, report.window_label, 1, report.draft)
    sheet.column_dimensions["A"].width = 120
    row_number = 5
    for heading, paragraphs in parts(document):
        sheet.cell(row=row_number, column=1, value=heading).font = Font(name=FONT, bold=True)
        row_number += 1
        for paragraph in paragraphs:
            cell = sheet.cell(row=row_number, column=1)
            write_text(cell, paragraph)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            row_number += 1
        row_number += 1
    for line in document.signer_title_lines() + [document.signer_name]:
        sheet.cell(row=row_number, column=1, value=line).font = Font(name=FONT, bold=True)
        row_number += 1
    row_number += 1
    sheet.cell(row=row_number, column=1, value=_("Nơi nhận:")).font = Font(name=FONT, bold=True, italic=True)
    for line in document.recipient_lines():
        row_number += 1
        write_text(sheet.cell(row=row_number, column=1), f"- {line}")


def _document_line(report, document):
    """"Trung tâm … — Số: 25/BC-TGPL — ngày 05/01/2022" (a draft: the number and date left blank)."""
    from reports.documents import abbreviation, issuer_of

    issuer = issuer_of(report.scope)
    abbr = abbreviation(report.scope)
    number = document.number if document is not None and document.number else f"…/BC-{abbr}"
    day = document.issued_on if document is not None else None
    when = _("ngày %(date)s") % {"date": format_date(day)} if day else _("ngày … (dự thảo)")
    return " — ".join(part for part in (issuer.name if issuer else "", _("Số: %(n)s") % {"n": number}, when) if part)


def _subtitle(report):
    return report.window_label


def _sheet_title(report, text):
    return text % {"period": report.period.label, "scope": report.scope.label}


def _money_cells(sheet, row_number, first_column, amounts, bold=False):
    for column, amount in enumerate(amounts, start=first_column):
        _body_cell(sheet.cell(row=row_number, column=column, value=amount), money=True, bold=bold)


def _head_row(sheet, row_number, titles):
    """A header row inside a sheet (below another table), styled like the sheet's own."""
    for column, title in enumerate(titles, start=1):
        sheet.cell(row=row_number, column=column, value=title).style = HEAD_STYLE


def _progress_sheet(sheet, report):
    titles = [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Kết quả / tiến độ"),
              label("planned"), label("spent_to_date"), _("Ghi chú")]
    _title(sheet, _sheet_title(report, _("Tiến độ và kinh phí thực hiện các hoạt động %(period)s — %(scope)s")),
           f"{_subtitle(report)}. {label('spent_to_date')}: {report.windows.to_date_caption}.", len(titles),
           report.draft)
    _header(sheet, 4, titles, [8, 50, 22, 22, 14, 45, 16, 16, 20])
    _page_setup(sheet)
    row_number = first = 5
    for block in report.blocks:
        write_text(sheet.cell(row=row_number, column=2), f"{block.plan.number} — {block.plan.title}")
        for column in range(1, 10):
            _body_cell(sheet.cell(row=row_number, column=column), bold=True)
        row_number += 1
        block_first = row_number
        for row in block.rows:
            result = row.status_label + (f"\n{row.result}" if row.result else "")
            values = [row.number, row.title, row.lead, row.coordinating, row.timeframe, result]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column)
                write_text(cell, value)
                _body_cell(cell, bold=row.is_section)
            # A row whose money counts under another unit shows none here (its note says where); a heading shows
            # only money of its own (its subtree is in the plan's subtotal), else stays blank.
            amounts = (None, None) if row.money_elsewhere or (row.is_section and not row.lines) else (
                row.planned, row.spent_to_date)
            _money_cells(sheet, row_number, 7, amounts, bold=row.is_section)
            write_text(sheet.cell(row=row_number, column=9), row.note)
            _body_cell(sheet.cell(row=row_number, column=9))
            row_number += 1
        # The plan's subtotal: SUBTOTAL, which the grand total's SUBTOTAL then leaves out.
        _body_cell(sheet.cell(row=row_number, column=1), bold=True)
        write_text(sheet.cell(row=row_number, column=2), _("Cộng kế hoạch %(number)s") % {
            "number": block.plan.number or _("(không số)")})
        _body_cell(sheet.cell(row=row_number, column=2), bold=True)
        for column, value in ((7, block.money.planned), (8, block.money.spent_to_date)):
            letter = get_column_letter(column)
            cell = sheet.cell(row=row_number, column=column)
            formula(cell, f"=SUBTOTAL(9,{letter}{block_first}:{letter}{max(block_first, row_number - 1)})", value)
            _body_cell(cell, money=True, bold=True)
        row_number += 1
    last = row_number - 1
    total_label = sheet.cell(row=row_number, column=2, value=_("Tổng cộng"))
    _body_cell(total_label, bold=True)
    for column, value in ((7, report.totals.planned), (8, report.totals.spent_to_date)):
        letter = get_column_letter(column)
        cell = sheet.cell(row=row_number, column=column)
        formula(cell, f"=SUBTOTAL(9,{letter}{first}:{letter}{max(first, last)})", value)
        _body_cell(cell, money=True, bold=True)


def _coordinated_sheet(sheet, report):
    """A unit's report: the activities it only co-ordinates, listed without money."""
    titles = [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Trạng thái")]
    _title(sheet, _sheet_title(report, _("Các hoạt động đơn vị phối hợp thực hiện %(period)s — %(scope)s")),
           _("Không tính kinh phí: kinh phí thuộc đơn vị chủ trì."), len(titles), report.draft)
    _header(sheet, 4, titles, [8, 60, 26, 26, 16, 18])
    _page_setup(sheet)
    for row_number, row in enumerate(report.coordinated_rows, start=5):
        for column, value in enumerate([row.number, row.title, row.lead, row.coordinating, row.timeframe,
                                        row.status_label], start=1):
            cell = sheet.cell(row=row_number, column=column)
            write_text(cell, value)
            _body_cell(cell)


MONEY_TITLES = ("planned", "allocated", "spent_in_period", "spent_to_date", "remaining", "execution_rate")


def _cost_sheet(sheet, report):
    titles = [_("Nguồn kinh phí"), *(label(key) for key in MONEY_TITLES)]
    _title(sheet, _sheet_title(report, _("Tổng hợp kinh phí %(period)s — %(scope)s")), _subtitle(report),
           len(titles), report.draft)
    _header(sheet, 4, titles, [48, 18, 18, 18, 18, 18, 14])
    _page_setup(sheet)
    row_number = first = 5
    for line in report.by_source:
        write_text(sheet.cell(row=row_number, column=1), line.name)
        _body_cell(sheet.cell(row=row_number, column=1))
        _money_cells(sheet, row_number, 2, (line.planned, line.allocated, line.spent_in_period, line.spent_to_date))
        row_number = _remaining_and_rate(sheet, row_number, line.money)
    last = row_number - 1
    _body_cell(sheet.cell(row=row_number, column=1, value=_("Tổng cộng")), bold=True)
    totals = report.totals
    for column, value in zip(range(2, 6), (totals.planned, totals.allocated, totals.spent_in_period,
                                           totals.spent_to_date)):
        letter = get_column_letter(column)
        cell = sheet.cell(row=row_number, column=column)
        formula(cell, f"=SUM({letter}{first}:{letter}{max(first, last)})", value)
        _body_cell(cell, money=True, bold=True)
    row_number = _remaining_and_rate(sheet, row_number, totals, bold=True)

    if report.unassigned:
        row_number += 1
        write_text(sheet.cell(row=row_number, column=1),
                   _("Chưa xác định năm ngân sách (kế hoạch nhiều năm; không cộng vào số liệu của năm)"))
        _body_cell(sheet.cell(row=row_number, column=1))
        money = report.unassigned
        _money_cells(sheet, row_number, 2, (money.planned, money.allocated, money.spent_in_period, money.spent_to_date))
        row_number = _remaining_and_rate(sheet, row_number, money)

    # By lead unit: what each carries; an activity with several lead units counts under the first.
    row_number += 1
    _head_row(sheet, row_number, [_("Đơn vị chủ trì"), _("Số hoạt động"), _("Hoàn thành"), _("Quá hạn"),
                                  label("planned"), label("allocated"), label("spent_to_date")])
    row_number += 1
    unit_first = row_number
    for stats in report.by_unit:
        write_text(sheet.cell(row=row_number, column=1), stats.name)
        _body_cell(sheet.cell(row=row_number, column=1))
        for column, value in enumerate((stats.total, stats.done, stats.overdue), start=2):
            _body_cell(sheet.cell(row=row_number, column=column, value=value))
        _money_cells(sheet, row_number, 5, (stats.planned, stats.allocated, stats.spent_to_date))
        row_number += 1
    _body_cell(sheet.cell(row=row_number, column=1, value=_("Tổng cộng")), bold=True)
    unit_totals = (sum(u.total for u in report.by_unit), sum(u.done for u in report.by_unit),
                   sum(u.overdue for u in report.by_unit), totals.planned, totals.allocated, totals.spent_to_date)
    for column, value in zip(range(2, 8), unit_totals):
        letter = get_column_letter(column)
        cell = sheet.cell(row=row_number, column=column)
        formula(cell, f"=SUM({letter}{unit_first}:{letter}{max(unit_first, row_number - 1)})", value)
        _body_cell(cell, money=column >= 5, bold=True)
    row_number += 1
    row_number += 1
    for rule in report.rules():
        write_text(sheet.cell(row=row_number, column=1), f"- {rule}")
        sheet.cell(row=row_number, column=1).font = Font(name=FONT, italic=True)
        row_number += 1


def _remaining_and_rate(sheet, row_number, money, bold=False):
    """Columns F (remaining = allocated − spent to date) and G (rate = spent to date / allocated) as formulas,
    with their values."""
    remaining = formula(sheet.cell(row=row_number, column=6), f"=C{row_number}-E{row_number}", money.remaining)
    _body_cell(remaining, money=True, bold=bold)
    rate = formula(sheet.cell(row=row_number, column=7), f'=IF(C{row_number}=0,"",E{row_number}/C{row_number})',
                   money.spent_to_date / money.allocated if money.allocated else "")
    _body_cell(rate, bold=bold)
    rate.number_format = PERCENT
    return row_number + 1


LINE_TITLES_WIDTHS = [8, 50, 26, 10, 14, 18, 17, 17, 17, 17]


def _lines_sheet(sheet, report):
    titles = [_("STT"), _("Nội dung chi"), _("Nguồn kinh phí"), _("Năm ngân sách"), _("Cấp kinh phí"),
              _("Quyết định giao dự toán"), label("planned"), label("allocated"), label("spent_in_period"),
              label("spent_to_date")]
    _title(sheet, _sheet_title(report, _("Chi tiết kinh phí theo dòng %(period)s — %(scope)s")),
           f"{report.windows.year_caption}; {label('spent_in_period')} {report.windows.period_caption}; "
           f"{label('spent_to_date')}: {report.windows.to_date_caption}", len(titles), report.draft)
    _header(sheet, 4, titles, LINE_TITLES_WIDTHS)
    _page_setup(sheet)
    row_number = 5
    for block in report.blocks:
        for cost in block.cost_rows:
            bold = cost.kind != "line"
            if cost.kind == "line":
                line = cost.line
                values = ["", "  " * cost.depth + (line.description or "—"), line.source_label,
                          line.fiscal_year or "", _("Đã cấp") if line.allocated_flag else _("Chưa cấp"),
                          line.decision_reference]
            else:
                prefix = (_("Cộng kế hoạch") if cost.kind == "plan" else
                          _("Cộng mục") if cost.is_section else _("Cộng hoạt động"))
                values = [cost.number, f"{'  ' * cost.depth}{prefix}: {cost.title}", "", "", "", ""]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, int):
                    cell.value = value
                else:
                    write_text(cell, value)
                _body_cell(cell, bold=bold)
            _money_cells(sheet, row_number, 7, (cost.planned, cost.allocated, cost.spent_in_period,
                                                cost.spent_to_date), bold=bold)
            row_number += 1
    _body_cell(sheet.cell(row=row_number, column=2, value=_("Tổng cộng")), bold=True)
    totals = report.totals
    _money_cells(sheet, row_number, 7, (totals.planned, totals.allocated, totals.spent_in_period,
                                        totals.spent_to_date), bold=True)
    if report.unassigned_lines:
        row_number += 2
        write_text(sheet.cell(row=row_number, column=2),
                   _("Kinh phí chưa xác định năm ngân sách (kế hoạch nhiều năm; không cộng vào số liệu của năm)"))
        sheet.cell(row=row_number, column=2).font = Font(name=FONT, bold=True)
        row_number += 1
        for row, line in report.unassigned_lines:
            values = [row.number, line.description or row.title, line.source_label, "",
                      _("Đã cấp") if line.allocated_flag else _("Chưa cấp"), line.decision_reference]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column)
                write_text(cell, value)
                _body_cell(cell)
            _money_cells(sheet, row_number, 7, (line.planned, line.allocated, line.spent_in_period,
                                                line.spent_to_date))
            row_number += 1
        _body_cell(sheet.cell(row=row_number, column=2, value=_("Cộng")), bold=True)
        money = report.unassigned
        _money_cells(sheet, row_number, 7, (money.planned, money.allocated, money.spent_in_period,
                                            money.spent_to_date), bold=True)


def _targets_sheet(sheet, report):
    titles = [_("STT"), _("Hoạt động"), _("Trạng thái"), _("Chỉ tiêu"), _("Kế hoạch"), _("Đạt trong kỳ"),
              _("Lũy kế đạt"), _("Tỷ lệ hoàn thành"), _("Ghi chú")]
    _title(sheet, _sheet_title(report, _("Kết quả thực hiện chỉ tiêu %(period)s — %(scope)s")),
           _("Đạt trong kỳ: %(period)s; lũy kế đạt: %(to_date)s (từ khi bắt đầu thực hiện)") % {
               "period": report.targets_period_caption, "to_date": report.targets_to_date_caption},
           len(titles), report.draft)
    _header(sheet, 4, titles, [8, 50, 16, 36, 14, 14, 14, 12, 36])
    _page_setup(sheet)
    row_number = 5
    for row in report.rows:
        for target in row.targets:
            values = [row.number, row.title, row.status_label,
                      f"{target.measure} — {target.description}" if target.description else target.measure]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column)
                write_text(cell, value)
                _body_cell(cell)
            for column, value in enumerate((target.quantity, target.achieved_in_period, target.achieved_to_date),
                                           start=5):
                _body_cell(sheet.cell(row=row_number, column=column, value=value), money=True)
            share = sheet.cell(row=row_number, column=8,
                               value=target.achieved_to_date / target.quantity if target.quantity else None)
            _body_cell(share)
            share.number_format = PERCENT
            write_text(sheet.cell(row=row_number, column=9), row.flag)
            _body_cell(sheet.cell(row=row_number, column=9))
            row_number += 1


def _legend_sheet(sheet, report):
    _title(sheet, _("Cách tính số liệu"), _subtitle(report), 2, report.draft)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 110
    row_number = 5
    for name, meaning in report.legend():
        sheet.cell(row=row_number, column=1, value=name).font = Font(name=FONT, bold=True)
        write_text(sheet.cell(row=row_number, column=2), meaning)
        row_number += 1
    row_number += 1
    for rule in report.rules():
        write_text(sheet.cell(row=row_number, column=2), f"- {rule}")
        row_number += 1
