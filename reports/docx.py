"""The report as a Word file (.docx, python-docx): the same document as the PDF, for an office to edit before
signing. Real headings, paragraphs and tables; Times New Roman at the sizes of Nghị định 30/2020; A4 portrait
with the decree's margins and the appendices in a landscape section; page numbers from page 2.

It is drawn from the same context as the PDF (reports.documents.document_context), so both read the same
words and numbers.
"""
import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.formatting import format_number, format_percent
from reports.documents import document_context

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 10
CENTER, RIGHT, JUSTIFY, LEFT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY,
                                WD_ALIGN_PARAGRAPH.LEFT)


def _money(value):
    return format_number(value) if value else ""


def _set_font(style_or_run, size=None, bold=None, italic=None):
    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    element = style_or_run.element
    r_pr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else None
    if r_pr is not None:
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(key), FONT)
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(key), None)


def _styles(doc):
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for name, size in (("Heading 1", 14), ("Heading 2", 14), ("Title", 14)):
        style = doc.styles[name]
        _set_font(style, size, bold=True, italic=False)
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True


def _portrait(section):
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def _landscape(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)


def _page_numbers(section):
    """A centred PAGE field in the header of every page but the first."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _para(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None, indent=False, underline=False,
          after=0, keep=False):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        _set_font(run, size, bold=bold, italic=italic)
        run.underline = underline
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Mm(10)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep
    return paragraph


def _lines(container, lines, *, size, bold=False, first=None):
    """Lines kept as one paragraph with line breaks (a name broken only between its word groups)."""
    paragraph = first if first is not None else container.add_paragraph()
    paragraph.alignment = CENTER
    for index, line in enumerate(lines):
        run = paragraph.add_run(line.replace(" ", "\u00a0"))  # Word breaks only where the PDF does
        _set_font(run, size, bold=bold)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _rule(paragraph, width_share=0.3, column_mm=69):
    """A short centred rule under a paragraph (issuing body, trích yếu): a bottom border on an indented
    empty paragraph."""
    side = Mm(column_mm * (1 - width_share) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    paragraph.paragraph_format.line_spacing = Pt(4)
    paragraph.paragraph_format.space_after = Pt(4)


def _no_split(row, header=False):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    tr_pr.append(element)
    if header:
        repeat = OxmlElement("w:tblHeader")
        tr_pr.append(repeat)


def _widths(table, widths_mm):
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _cell(cell, text, *, bold=False, italic=False, align=None, size=TABLE_PT, style=None):
    """Text in a cell. In tables the font and size come from a paragraph style made once (`_cell_style`), and a
    run is only marked bold or italic: setting the font on every run is most of a big report's time."""
    paragraph = cell.paragraphs[0]
    if style is not None:  # by id: python-docx's `paragraph.style =` looks the style up again for every cell
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style.style_id
    lines = str(text or "").split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if style is None:
            _set_font(run, size, bold=bold, italic=italic)
        else:
            if bold:
                run.bold = True
            if italic:
                run.italic = True
        if index < len(lines) - 1:
            run.add_break()
    if align is not None:
        paragraph.alignment = align


def _cell_style(doc, size):
    """The paragraph style of table cells at one size ("Nội dung bảng 10"), made once per document."""
    name = f"Nội dung bảng {size:g}"
    try:
        return doc.styles[name]
    except KeyError:
        from docx.enum.style import WD_STYLE_TYPE

        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _set_font(style, size)
        return style


def _table(container, headers, widths_mm, *, size=TABLE_PT):
    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.cell_style = _cell_style(container, size)
    for cell, text in zip(table.rows[0].cells, headers):
        _cell(cell, text, bold=True, align=CENTER, style=table.cell_style)
    _no_split(table.rows[0], header=True)
    _widths(table, widths_mm)  # set on the grid first: every row added later takes its cells' widths from it
    return table


def _row(table, values, *, bold=False, italic=False, money_from=None, money_to=None, size=TABLE_PT, merge=None):
    row = table.add_row()
    _no_split(row)
    cells = row.cells
    if merge:
        first, last = merge
        cells[first].merge(cells[last])
    for index, value in enumerate(values):
        if merge and merge[0] < index <= merge[1]:
            continue
        align = RIGHT if money_from is not None and money_from <= index <= (money_to or len(values)) else None
        _cell(cells[index], value, bold=bold, italic=italic, align=align, style=table.cell_style)
    return row


def write_docx(rows, document=None):
    """The .docx bytes of the report."""
    ctx = document_context(rows, document)
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    _portrait(section)
    _page_numbers(section)
    core = doc.core_properties
    core.title = ctx["document"].title[:250]
    core.author = ctx["issuer"].name if ctx["issuer"] else ""
    core.keywords = "DỰ THẢO" if rows.draft or not ctx["document"].is_issued else ctx["document"].number

    _header(doc, ctx)
    _body(doc, ctx, rows)
    _closing(doc, ctx)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    _landscape(appendix)
    _appendix_one(doc, ctx, rows)
    _appendix_two(doc, ctx, rows)
    _appendix_three(doc, ctx, rows)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _header(doc, ctx):
    block = ctx["issuer_block"]
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    first = _lines(left, block["parent_lines"], size=block["parent_size"], first=left.paragraphs[0])
    if block["parent_lines"]:
        _lines(left, block["lines"], size=block["size"], bold=True)
    else:
        _lines(left, block["lines"], size=block["size"], bold=True, first=first)
    _rule(left.add_paragraph(), width_share=0.35)
    nation = right.paragraphs[0]
    nation.alignment = CENTER
    _set_font(nation.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), 12, bold=True)
    motto = _para(right, _("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True, align=CENTER, underline=True)
    motto.paragraph_format.space_after = Pt(0)
    number, place = table.rows[1].cells
    _cell(number, ctx["number_line"], size=13, align=CENTER)
    _cell(place, ctx["place_date"], size=13, italic=True, align=CENTER)
    for cell in (number, place):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    _widths(table, (72, 93))

    _para(doc, _("BÁO CÁO"), size=14, bold=True, align=CENTER).paragraph_format.space_before = Pt(14)
    _para(doc, ctx["document"].title, size=14, bold=True, align=CENTER)
    _rule(doc.add_paragraph(), width_share=0.25, column_mm=165)
    if ctx["report"].draft:
        _para(doc, _("DỰ THẢO — bản xem trước của kế hoạch chưa ban hành, không dùng để báo cáo."), bold=True,
              align=CENTER)
    _para(doc, ctx["report"].window_label, size=13, italic=True, align=CENTER, after=6)


def _body(doc, ctx, rows):
    labels = ctx["labels"]
    last = len(ctx["document_parts"]) - 1
    for index, (heading, paragraphs) in enumerate(ctx["document_parts"]):
        doc.add_heading(heading, level=1)
        for position, text in enumerate(paragraphs or ["—"]):
            paragraph = _para(doc, text, align=JUSTIFY, indent=True, after=4)
            paragraph.paragraph_format.keep_with_next = index == last and position == len(paragraphs or ["—"]) - 1
        if index == 0:
            _para(doc, _("Kinh phí năm ngân sách %(year)s theo nguồn") % {"year": rows.windows.fiscal_year},
                  size=13, bold=True, italic=True, keep=True)
            _para(doc, _("Đơn vị tính: đồng"), size=11, italic=True, align=RIGHT, keep=True)
            table = _table(doc, [_("Nguồn kinh phí"), labels["planned"], labels["allocated"],
                                 labels["spent_in_period"], labels["spent_to_date"], labels["remaining"], _("Tỷ lệ")],
                           (21, 26, 26, 26, 26, 26, 14), size=9)
            for line in rows.by_source:
                _row(table, [line.name, _money(line.planned), _money(line.allocated), _money(line.spent_in_period),
                             _money(line.spent_to_date), format_number(line.remaining),
                             format_percent(line.execution_rate) if line.execution_rate is not None else "—"],
                     money_from=1, size=9)
            totals = rows.totals
            _row(table, [_("Tổng cộng"), format_number(totals.planned), format_number(totals.allocated),
                         format_number(totals.spent_in_period), format_number(totals.spent_to_date),
                         format_number(totals.remaining), rows.execution_rate_text], bold=True, money_from=1, size=9)


def _closing(doc, ctx):
    table = doc.add_table(rows=1, cols=2)
    _no_split(table.rows[0])
    left, right = table.rows[0].cells
    _cell(left, _("Nơi nhận:"), bold=True, italic=True, size=12)
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    for line in ctx["recipients"]:
        _para(left, f"- {line}", size=11)
    title = right.paragraphs[0]
    title.paragraph_format.space_before = Pt(12)
    _lines(right, ctx["signer_lines"], size=14, bold=True, first=title)
    for _blank in range(4):
        _para(right, "", size=14)
    _para(right, ctx["document"].signer_name, size=14, bold=True, align=CENTER)
    _widths(table, (85, 80))


def _appendix_heading(doc, ctx, number, subtitle):
    heading = doc.add_heading(number, level=1)
    heading.alignment = CENTER
    _para(doc, subtitle, bold=True, align=CENTER, keep=True)
    _para(doc, ctx["appendix_reference"], italic=True, align=CENTER, keep=True, after=4)


def _appendix_one(doc, ctx, rows):
    labels = ctx["labels"]
    _appendix_heading(doc, ctx, _("PHỤ LỤC I"), _("Tiến độ và kinh phí thực hiện các hoạt động %(period)s") % {
        "period": rows.period.label})
    _para(doc, _("Đơn vị tính: đồng"), size=11, italic=True, align=RIGHT, keep=True)
    table = _table(doc, [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Kết quả / tiến độ"),
                         labels["planned"], labels["spent_to_date"], _("Ghi chú")],
                   (12, 52, 22, 22, 19, 45, 28, 28, 19))
    for kind, item, extra in ctx["appendix_rows"]:
        if kind == "plan":
            _row(table, [_("Kế hoạch %(reference)s: %(title)s") % {"reference": extra, "title": item.plan.title}]
                 + [""] * 8,
                 bold=True, italic=True, merge=(0, 8))
        elif kind == "row":
            title = item.title
            if extra is not None and item.depth == 0:
                title += "\n" + _("(Kế hoạch %(reference)s)") % {"reference": extra}
            result = item.status_label + (f"\n{item.result}" if item.result else "")
            planned = "—" if item.money_elsewhere else _money(item.planned)
            spent = "—" if item.money_elsewhere else _money(item.spent_to_date)
            _row(table, [item.number, title, item.lead, item.coordinating, item.timeframe, result, planned, spent,
                         item.note], bold=item.is_section, money_from=6, money_to=7)
        elif kind == "subtotal":
            _row(table, ["", _("Cộng mục %(number)s") % {"number": item.number}, "", "", "", "",
                         format_number(extra.planned), format_number(extra.spent_to_date), ""],
                 bold=True, money_from=6, merge=(1, 5))
        else:
            _row(table, ["", _("Cộng kế hoạch %(reference)s") % {"reference": extra}, "", "",
                         "", "", format_number(item.money.planned), format_number(item.money.spent_to_date), ""],
                 bold=True, money_from=6, merge=(1, 5))
    totals = rows.totals
    _row(table, [_("Tổng cộng"), "", "", "", "", "", format_number(totals.planned), format_number(totals.spent_to_date),
                 ""], bold=True, money_from=6, merge=(0, 5))
    _para(doc, f"{labels['spent_to_date']}: {rows.windows.to_date_caption}.", size=10, italic=True)
    if rows.coordinated_rows:
        _para(doc, _("Các hoạt động đơn vị phối hợp thực hiện (không tính kinh phí)"), size=13, bold=True,
              italic=True, keep=True)
        table = _table(doc, [_("STT"), _("Nội dung"), _("Chủ trì"), _("Thời gian"), _("Trạng thái")],
                       (15, 120, 45, 35, 32))
        for row in rows.coordinated_rows:
            _row(table, [row.number, row.title, row.lead, row.timeframe, row.status_label])


def _appendix_two(doc, ctx, rows):
    doc.add_page_break()
    _appendix_heading(doc, ctx, _("PHỤ LỤC II"), _("Kết quả thực hiện chỉ tiêu %(period)s") % {
        "period": rows.period.label})
    if not rows.targets:
        _para(doc, _("Các hoạt động trong phạm vi báo cáo không có chỉ tiêu định lượng."), indent=True)
        return
    table = _table(doc, [_("STT"), _("Hoạt động"), _("Chỉ tiêu"), _("Kế hoạch"), _("Đạt trong kỳ"), _("Lũy kế đạt"),
                         _("Tỷ lệ hoàn thành"), _("Ghi chú")], (14, 75, 50, 22, 22, 22, 22, 20))
    for block in rows.blocks:
        for row in block.target_rows:
            for index, target in enumerate(row.targets):
                measure = target.measure + (f" — {target.description}" if target.description else "")
                _row(table, [row.number if index == 0 else "",
                             f"{row.title} ({row.status_label.lower()})" if index == 0 else "", measure,
                             format_number(target.quantity), format_number(target.achieved_in_period),
                             format_number(target.achieved_to_date),
                             format_percent(target.share) if target.share is not None else "—",
                             row.flag if index == 0 else ""], money_from=3, money_to=6)


def _appendix_three(doc, ctx, rows):
    labels = ctx["labels"]
    doc.add_page_break()
    _appendix_heading(doc, ctx, _("PHỤ LỤC III"),
                      _("Chi tiết kinh phí theo dòng kinh phí, năm ngân sách %(year)s — %(period)s") % {
                          "year": rows.windows.fiscal_year, "period": rows.period.label})
    _para(doc, _("Đơn vị tính: đồng"), size=11, italic=True, align=RIGHT, keep=True)
    table = _table(doc, [_("STT"), _("Nội dung chi"), _("Nguồn kinh phí"), _("Năm ngân sách"), _("Cấp kinh phí"),
                         _("Quyết định giao dự toán"), labels["planned"], labels["allocated"], labels["spent_in_period"],
                         labels["spent_to_date"]], (11, 48, 27, 13, 15, 19, 27, 27, 27, 27))
    for block in rows.blocks:
        for cost in block.cost_rows:
            money = [format_number(cost.planned), format_number(cost.allocated), format_number(cost.spent_in_period),
                     format_number(cost.spent_to_date)]
            if cost.kind == "line":
                line = cost.line
                _row(table, ["", cost.title or "—", line.source_label, str(line.fiscal_year or "—"),
                             _("Đã cấp") if line.allocated_flag else _("Chưa cấp"), line.decision_reference] + money,
                     money_from=6)
            else:
                if cost.kind == "plan":
                    label = _("Cộng kế hoạch %(number)s: %(title)s") % {"number": cost.number or _("(không số)"),
                                                                         "title": cost.title}
                elif cost.is_section:
                    label = _("Cộng mục: %(title)s") % {"title": cost.title}
                else:
                    label = _("Cộng hoạt động: %(title)s") % {"title": cost.title}
                _row(table, ["" if cost.kind == "plan" else cost.number, label, "", "", "", ""] + money, bold=True,
                     money_from=6, merge=(1, 5))
    totals = rows.totals
    _row(table, [_("Tổng cộng"), "", "", "", "", "", format_number(totals.planned), format_number(totals.allocated),
                 format_number(totals.spent_in_period), format_number(totals.spent_to_date)], bold=True, money_from=6,
         merge=(0, 5))
    if rows.by_unit:
        _para(doc, _("Kinh phí theo đơn vị chủ trì"), size=13, bold=True, italic=True, keep=True)
        table = _table(doc, [_("Đơn vị chủ trì"), _("Số hoạt động"), _("Hoàn thành"), _("Quá hạn"), labels["planned"],
                             labels["allocated"], labels["spent_to_date"]], (80, 22, 22, 22, 33, 33, 33))
        for unit in rows.by_unit:
            _row(table, [unit.name, str(unit.total), str(unit.done), str(unit.overdue), format_number(unit.planned),
                         format_number(unit.allocated), format_number(unit.spent_to_date)], money_from=1)
        _row(table, [_("Tổng cộng"), "", "", "", format_number(totals.planned), format_number(totals.allocated),
                     format_number(totals.spent_to_date)], bold=True, money_from=4, merge=(0, 3))
    _para(doc, _("Cách tính số liệu kinh phí:"), size=11, bold=True, italic=True, keep=True).paragraph_format \
        .space_before = Pt(6)
    for name, meaning in ctx["legend"]:
        _para(doc, f"- {name}: {meaning}", size=11, align=JUSTIFY)
    for rule in ctx["rules"]:
        _para(doc, f"- {rule}", size=11, align=JUSTIFY)
