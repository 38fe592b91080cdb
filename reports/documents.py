"""A built report (reports/rows.py) as a document (reports.models.Report): its header, number, signer and
recipients, the appendix layout, and the PDF.

Every writer (the page, the PDF, the .docx in docx.py, the workbook in xlsx.py) takes the same two things:
the rows of the window and the document (a saved `Report`, or an unsaved one holding the defaults and the
first draft of its four parts). The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: see
docs/document-format.md.
"""
import datetime
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from activities.models import Status
from budgets.selectors import Money, figure_labels
from core.formatting import format_date, format_long_date
from plans.models import Plan, Unit
from reports.models import Report
from reports.narrative import draft_parts, period_words

REPORT_CSS = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
NBSP = "\u00a0"
ISSUER_COLUMN_PT = 190  # the issuer column of the header (72 mm of the 165 mm text width), less the cell margins
ISSUER_SIZES = (12, 11.5, 11, 10.5)  # Nghị định 30: 12–13 pt; smaller only when a word group would not fit


# -- who issues, who signs ------------------------------------------------------------------------------------

def issuer_of(scope):
    """The body that issues the report: the plan's issuer, the unit, or the province's Sở Tư pháp."""
    if scope.kind == "plan" and scope.plan.issuing_unit_id:
        return scope.plan.issuing_unit
    if scope.kind == "unit":
        return scope.unit
    return _department_of(scope.province)


def _department_of(province):
    return (
        Unit.objects.filter(province=province, kind=Unit.Kind.INTERNAL, parent__kind=Unit.Kind.EXTERNAL)
        .select_related("parent").first()
        or Unit.objects.filter(province=province, kind=Unit.Kind.INTERNAL).select_related("parent").first()
    )


def abbreviation(scope, issuer=None):
    """"19/KH-TGPL" → "TGPL": a report takes the issuing body's symbol from its plan's number, else "STP"."""
    if scope.kind == "plan" and "-" in (scope.plan.number or ""):
        return scope.plan.number.rsplit("-", 1)[1]
    return "STP"


def _head_title(unit):
    name = (unit.name if unit else "").lower()
    if name.startswith("phòng"):
        return _("TRƯỞNG PHÒNG")
    if name.startswith("chi nhánh"):
        return _("TRƯỞNG CHI NHÁNH")
    return _("GIÁM ĐỐC")


def _signer_of(issuer, province):
    """Title and name of whoever signed the issuer's latest plan (the person who signs its reports too)."""
    plan = (Plan.objects.filter(province=province, issuing_unit=issuer).exclude(signer_name="")
            .order_by("-issued_on", "-pk").only("signer_title", "signer_name").first()) if issuer else None
    if plan is None:
        return _head_title(issuer), ""
    return plan.signer_title or _head_title(issuer), plan.signer_name


def _lower_first(text):
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def report_defaults(scope, period):
    """What a new report document starts with: trích yếu, place, signer, recipients (all editable)."""
    issuer = issuer_of(scope)
    when = period_words(period)
    if scope.kind == "plan":
        plan = scope.plan
        title = _("Kết quả thực hiện Kế hoạch")
        if plan.number:
            title += " " + _("số %(number)s") % {"number": plan.number}
        if plan.issued_on:
            title += " " + _("ngày %(date)s") % {"date": format_date(plan.issued_on)}
        title += " " + _("về %(title)s, %(when)s") % {"title": _lower_first(plan.title), "when": when}
        signer_title, signer_name = plan.signer_title or _head_title(issuer), plan.signer_name
        if not signer_name:
            signer_title, signer_name = _signer_of(issuer, scope.province)
        place = plan.place or scope.province.name
    elif scope.kind == "unit":
        title = _("Kết quả thực hiện các kế hoạch của %(unit)s %(when)s") % {"unit": scope.unit.name, "when": when}
        signer_title, signer_name = _signer_of(issuer, scope.province)
        place = scope.province.name
    else:
        title = _("Kết quả thực hiện các kế hoạch trên địa bàn tỉnh %(province)s %(when)s") % {
            "province": scope.province.name, "when": when}
        signer_title, signer_name = _signer_of(issuer, scope.province)
        place = scope.province.name
    recipients = []
    if issuer is not None and issuer.parent_id:
        recipients.append(_("%(parent)s (để báo cáo);") % {"parent": issuer.parent.name})
    recipients += [_("Lãnh đạo %(issuer)s;") % {"issuer": issuer.display_name} if issuer else _("Lãnh đạo Sở;"),
                   _("Các đơn vị có liên quan;"),
                   _("Lưu: VT, %(abbr)s.") % {"abbr": abbreviation(scope)}]
    return {"title": title, "place": place, "signer_title": signer_title, "signer_name": signer_name,
            "recipients": "\n".join(recipients)}


def new_document(rows, *, user=None):
    """An unsaved report document for these rows: the defaults and the first draft of the four parts."""
    scope, period = rows.scope, rows.period
    document = Report(
        province=scope.province, plan=scope.plan if scope.kind == "plan" else None,
        unit=scope.unit if scope.kind == "unit" else None, year=period.year, scope_code=scope.code,
        period_code=period.code, window_kind=rows.window_kind, created_by=user,
        **report_defaults(scope, period), **draft_parts(rows).as_dict(),
    )
    return document


# -- the issuer block: names are broken between word groups only -----------------------------------------------

GROUPS = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "SỞ TƯ PHÁP", "TRUNG TÂM", "TRỢ GIÚP PHÁP LÝ", "NHÀ NƯỚC",
          "CHI NHÁNH", "PHÒNG", "BỘ TƯ PHÁP", "CỤC TRỢ GIÚP PHÁP LÝ")
ADMIN_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN")


def word_groups(name, province_name=""):
    """The words of a name that belong together ("TRỢ GIÚP PHÁP LÝ", "TỈNH LẠNG SƠN"), as a list of groups."""
    text = " ".join(name.upper().split())
    glued = list(GROUPS)
    if province_name:
        glued += [f"{word} {province_name.upper()}" for word in ADMIN_WORDS]
    for phrase in sorted(glued, key=len, reverse=True):
        text = re.sub(rf"(?<![\w{NBSP}]){re.escape(phrase)}(?![\w{NBSP}])", phrase.replace(" ", NBSP), text)
    # A place name after an administrative word stays with it even when it is not the province's.
    text = re.sub(rf"\b({'|'.join(ADMIN_WORDS)}) (\w+) (\w+)$", lambda m: NBSP.join(m.groups()), text)
    return [group.replace(NBSP, " ") for group in text.split(" ")]


@lru_cache(maxsize=4)
def _font(bold, size):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size=int(size * 20))  # 20 units per point: enough precision


def text_width(text, *, bold=False, size=12):
    """Width in points of `text` in Liberation Serif (Times New Roman's metrics)."""
    return _font(bold, size).getlength(text) / 20


def fit_lines(name, province_name="", *, bold=False, width=ISSUER_COLUMN_PT, sizes=ISSUER_SIZES):
    """(size, lines) for a name in a column: the largest size at which every word group fits, lines broken
    only between groups, and as few lines as possible."""
    groups = word_groups(name, province_name)
    for size in sizes:
        if any(text_width(group, bold=bold, size=size) > width for group in groups) and size != sizes[-1]:
            continue
        lines = [groups[0]]
        for group in groups[1:]:
            candidate = f"{lines[-1]} {group}"
            if text_width(candidate, bold=bold, size=size) <= width:
                lines[-1] = candidate
            else:
                lines.append(group)
        return size, lines
    raise AssertionError("unreachable")


def _size_class(size):
    """The stylesheet's class for a font size of ISSUER_SIZES ("rd-pt-11-5"): no inline style (the CSP)."""
    return "rd-pt-" + f"{size:g}".replace(".", "-")


def issuer_block(issuer, province):
    """The lines of the top-left block: the parent body (plain) and the issuing body (bold)."""
    if issuer is None:
        return {"parent_lines": [], "parent_size": 12, "lines": [], "size": 12, "parent_class": _size_class(12),
                "size_class": _size_class(12)}
    province = province.name
    parent_size, parent_lines = fit_lines(issuer.parent.name, province) if issuer.parent_id else (12, [])
    size, lines = fit_lines(issuer.name, province, bold=True)
    return {"parent_lines": parent_lines, "parent_size": parent_size, "lines": lines, "size": size,
            "parent_class": _size_class(parent_size), "size_class": _size_class(size)}


# -- the document's words ------------------------------------------------------------------------------------

def number_line(document, abbr):
    """"Số: 25/BC-STP", or the blank a draft leaves for the number ("Số:      /BC-STP")."""
    return _("Số: %(number)s") % {"number": document.number or f"{NBSP * 8}/BC-{abbr}"}


def place_date_line(document):
    """"Lạng Sơn, ngày 05 tháng 01 năm 2022", or with the day and month blank while a draft."""
    if document.issued_on:
        return f"{document.place}, {format_long_date(document.issued_on)}"
    year = datetime.date.today().year
    gap = NBSP * 6
    return _("%(place)s, ngày%(gap)stháng%(gap)snăm %(year)s") % {"place": document.place, "gap": gap, "year": year}


def appendix_reference(document, issuer, abbr):
    """"(Kèm theo Báo cáo số 25/BC-STP ngày 05/01/2022 của Sở Tư pháp tỉnh Lạng Sơn)"."""
    number = document.number or f"{NBSP * 6}/BC-{abbr}"
    day = format_date(document.issued_on) if document.issued_on else f"{NBSP * 4}/{NBSP * 4}/{datetime.date.today().year}"
    text = _("Kèm theo Báo cáo số %(number)s ngày %(date)s") % {"number": number, "date": day}
    if issuer is not None:
        text += " " + _("của %(issuer)s") % {"issuer": issuer.name}
    return f"({text})"


def parts(document):
    """[(heading, paragraphs)] of the four narrative parts."""
    return [
        (_("I. KẾT QUẢ ĐẠT ĐƯỢC"), document.part_paragraphs("results")),
        (_("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), document.part_paragraphs("shortcomings")),
        (_("III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"), document.part_paragraphs("next_tasks")),
        (_("IV. KIẾN NGHỊ, ĐỀ XUẤT"), document.part_paragraphs("proposals")),
    ]


# -- the appendix: rows with subtotals per section and per plan ---------------------------------------------

def plan_reference(plan):
    """How a row group names its plan: "số 19/KH-TGPL", or "ngày 15/01/2021" for a plan without a number."""
    if plan.number:
        return _("số %(number)s") % {"number": plan.number}
    if plan.issued_on:
        return _("ngày %(date)s") % {"date": format_date(plan.issued_on)}
    return _("“%(title)s”") % {"title": plan.title}


def appendix_rows(rows):
    """Phụ lục I as a flat list of ("plan", block, reference) / ("row", row, reference in a year report) /
    ("subtotal", row, money) / ("plan_total", block, reference): each section closes with its subtotal, each
    plan with its own; in a year report every top-level row names its plan."""
    items = []
    many = len(rows.blocks) > 1
    for block in rows.blocks:
        subtotals = {cost.number: cost.money for cost in block.cost_rows if cost.kind == "node"}
        reference = plan_reference(block.plan)
        items.append(("plan", block, reference))
        open_sections = []
        for row in block.rows:
            while open_sections and open_sections[-1].depth >= row.depth:
                section = open_sections.pop()
                items.append(("subtotal", section, subtotals.get(section.number, Money())))
            items.append(("row", row, reference if many else None))
            if row.is_section:
                open_sections.append(row)
        while open_sections:
            section = open_sections.pop()
            items.append(("subtotal", section, subtotals.get(section.number, Money())))
        items.append(("plan_total", block, reference))
    return items


def document_context(rows, document=None):
    """Everything the report's template needs: the rows, the document, the header and the appendix."""
    document = document if document is not None else new_document(rows)
    scope = rows.scope
    issuer = issuer_of(scope)
    abbr = abbreviation(scope)
    status_lines = [
        (value, label, rows.status_counts[value]) for value, label in Status.choices if rows.status_counts.get(value)
    ]
    return {
        "report": rows,
        "document": document,
        "issuer": issuer,
        "issuer_block": issuer_block(issuer, scope.province),
        "abbr": abbr,
        "number_line": number_line(document, abbr),
        "place_date": place_date_line(document),
        "appendix_reference": appendix_reference(document, issuer, abbr),
        "document_parts": parts(document),
        "signer_lines": document.signer_title_lines() or [_("GIÁM ĐỐC")],
        "recipients": document.recipient_lines(),
        "status_lines": status_lines,
        "appendix_rows": appendix_rows(rows),
        **document_context_labels(rows),
    }


def document_context_labels(report):
    """The one heading of each money figure, the legend saying what each means, and the counting rules."""
    return {
        "labels": figure_labels(),
        "legend": report.legend(),
        "rules": report.rules(),
    }


# -- PDF ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _pdf_tools():
    """WeasyPrint's font configuration and the parsed stylesheet, made once per process and reused by every
    build (parsing the stylesheet and loading fonts is a good part of a small report's time)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(filename=str(REPORT_CSS), media_type="print", font_config=fonts)


def render_pdf(rows, document=None):
    """PDF bytes of the report: the same template and context as the HTML preview."""
    from weasyprint import HTML

    fonts, stylesheet = _pdf_tools()
    html = render_to_string("reports/report_pdf.html", document_context(rows, document))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet], font_config=fonts)


# -- a saved document's rows, and file names -------------------------------------------------------------------

def scope_of(document):
    """The scope a saved report document covers, read again from its code (plans of its province only)."""
    from reports.rows import parse_scope

    return parse_scope(document.scope_code, Plan.objects.filter(province=document.province), year=document.year)


def _ascii(text):
    import unicodedata

    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def period_slug(period):
    """quy-IV-2021, 6-thang-2021, 9-thang-2021, nam-2021."""
    from core.formatting import roman
    from core.periods import PeriodKind

    if period.kind == PeriodKind.QUARTER:
        return f"quy-{roman(period.quarter)}-{period.year}"
    if period.kind == PeriodKind.HALF:
        return f"6-thang-{period.year}"
    if period.kind == PeriodKind.NINE:
        return f"9-thang-{period.year}"
    return f"nam-{period.year}"


def file_name(scope, period, extension, document=None):
    """The name an office gives the file: "BC-19-KH-TGPL-quy-IV-2021.pdf" (a plan), "BC-STP-Lang-Son-nam-2021.xlsx"
    (a year), "BC-Trung-tam-TGPL-quy-II-2021.docx" (a unit), "25-BC-STP-quy-IV-2021.pdf" once issued with a
    number. ASCII only, no internal ids."""
    if document is not None and document.number:
        stem = _ascii(document.number)
    elif scope.kind == "plan":
        stem = "BC-" + (_ascii(scope.plan.number) or "KH")
    elif scope.kind == "unit":
        stem = "BC-" + _ascii(scope.unit.display_name)
    else:
        stem = "BC-" + _ascii(f"{abbreviation(scope)} {scope.province.name}")
    draft = "-du-thao" if scope is not None and scope.preview else ""
    return f"{stem}-{period_slug(period)}{draft}.{extension}"
