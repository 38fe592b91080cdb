"""From blocks to a ParsedPlan: find the header, the opening paragraph, the sections (Mục đích, Yêu cầu,
Nội dung, Kinh phí, Tổ chức thực hiện) and the closing, then read each with its own reader.
"""
import contextlib
import logging
import re

from django.utils.translation import gettext as _

from core.formatting import format_money
from core.timeframes import parse_timeframe
from importer.reading import attributes as attrs
from importer.reading import header as hdr
from importer.reading.blocks import Paragraph, Table
from importer.reading.draft import ParsedActivity, ParsedPlan
from importer.reading.errors import ImportProblem
from importer.reading.files import check_size, checked_text, read_document
from importer.reading.links import link_cited_plans
from importer.reading.patterns import key, read_label, squash, strip_bullet
from importer.reading.structure import TreeBuilder, number_style
from importer.reading.tables import ActivityTable, activity_table, stated_unit, table_items
from importer.reading.textlayout import text_blocks

logger = logging.getLogger(__name__)

_OPENING = re.compile(r"^(?:Căn cứ|Thực hiện|Theo|Thi hành|Nhằm|Để|Trên cơ sở|Được sự|Tiếp tục|Triển khai)\b")
_PURPOSE, _REQUIREMENTS, _CONTENT, _FUNDING, _IMPLEMENTATION, _OTHER = (
    "purpose", "requirements", "content", "funding", "implementation", "other")


def parse_plan(data, filename="", *, province=None):
    """Read an uploaded document (.docx, .txt, .md) into a ParsedPlan. Raises only ImportProblem."""
    with _only_import_problems():
        return parse_blocks(read_document(data, filename), province=province)


def parse_text(text, *, province=None):
    """Read pasted text into a ParsedPlan. Raises only ImportProblem."""
    with _only_import_problems():
        if not isinstance(text, str):
            raise ImportProblem(_("Không đọc được văn bản đã dán."), code="invalid")
        check_size(len(text.encode("utf-8", "surrogatepass")))
        return parse_blocks(text_blocks(checked_text(text)), province=province)


@contextlib.contextmanager
def _only_import_problems():
    try:
        yield
    except ImportProblem:
        raise
    except Exception as error:  # the promise to callers: a message, never a crash
        logger.exception("Plan import failed unexpectedly")
        raise ImportProblem(
            _("Không đọc được văn bản này do một lỗi không lường trước. Hãy gửi tệp cho quản trị viên."),
            code="internal",
        ) from error


# --- the whole document -----------------------------------------------------------------------------

def parse_blocks(blocks, *, province=None):
    entries = _flatten(blocks)
    plan = ParsedPlan()
    paragraphs = [e for e in entries if isinstance(e, Paragraph)]
    heading_at = next((i for i, e in enumerate(entries) if isinstance(e, Paragraph) and _is_plan_heading(e.text)), None)
    sections = _section_starts(entries, heading_at)
    closing_at = _closing_start(entries, sections[0] if sections else (heading_at or 0))
    first_section = sections[0] if sections else closing_at

    opening = _read_header(plan, entries[:first_section], heading_at)
    body_text = "\n".join(p.text for p in paragraphs)
    plan.title = restore_case(plan.title, body_text)
    plan.kind = hdr.plan_kind(plan.title)
    plan.legal_bases = hdr.opening_citations("\n".join(opening))
    if not plan.issuing_body:
        plan.issuing_body = hdr.issuing_body_from_opening("\n".join(opening))

    warnings = []
    totals = []
    trees = []
    bounds = list(zip(sections, sections[1:] + [closing_at]))
    for start, end in bounds:
        label = read_label(entries[start].text)
        title = label.rest if label is not None else entries[start].text
        role = _section_role(title)
        body = entries[start + 1:end]
        if role in (_PURPOSE, _REQUIREMENTS):
            purpose, requirements = _purpose_and_requirements(body, role)
            plan.purpose = _join(plan.purpose, purpose)
            plan.requirements = _join(plan.requirements, requirements)
        elif role == _FUNDING:
            plan.funding_note = _join(plan.funding_note, "\n".join(_texts(body)))
        elif role == _IMPLEMENTATION:
            plan.implementation_note = _join(plan.implementation_note, "\n".join(_texts(body)))
        else:
            roots = _tree(body, warnings, totals)
            if role == _OTHER and not any(node.has_attributes for root in roots for node in root.walk()):
                plan.implementation_note = _join(plan.implementation_note, "\n".join([entries[start].text, *_texts(body)]))
                continue
            trees.append((label, title, roots))
    if not sections:
        trees.append((None, "", _tree(entries[first_section:closing_at] if heading_at is not None else
                                      entries[:closing_at], warnings, totals)))
    # An appendix after the signature ("PHỤ LỤC … kèm theo Kế hoạch") holds its activities as a table.
    appendix = [entry for entry in entries[closing_at:] if isinstance(entry, ActivityTable)]
    if appendix:
        trees.append((None, "", _tree(appendix, warnings, totals)))
    plan.activities = _merge_trees(trees)

    closing_lines = []
    for entry in entries[closing_at:]:
        closing_lines.extend(entry.text.split("\n") if isinstance(entry, Paragraph) else [])
    plan.recipients, plan.signer_title, plan.signer_name = hdr.read_closing(closing_lines)

    if heading_at is None and not any(node.has_attributes for node in plan.walk()):
        raise ImportProblem(
            _("Văn bản này không giống một kế hoạch: không thấy tiêu đề “KẾ HOẠCH” và không thấy hoạt động nào "
              "(có “Chủ trì”, “Thời gian thực hiện”…)."),
            code="not_a_plan",
        )
    if not plan.title and not plan.activities:
        raise ImportProblem(
            _("Không đọc được tên và nội dung của kế hoạch: văn bản chỉ có tiêu đề “KẾ HOẠCH”."), code="not_a_plan",
        )
    _funding(plan)
    _drop_subtotals(plan)
    _stated_total(plan, totals)
    _years(plan)
    _timeframes(plan, warnings)
    _fiscal_years(plan)
    if province is not None:
        link_cited_plans(plan, province, warnings)
    _header_warnings(plan)
    _node_warnings(plan, warnings)
    return plan


def _flatten(blocks):
    """Activity tables stay tables (ActivityTable); every other table (the header, the signature) becomes its
    lines."""
    entries = []
    unit = 0  # the money unit the last "Đơn vị tính: …" line stated, for the table under it
    for block in blocks:
        if isinstance(block, Table):
            found = activity_table(block, unit)
            unit = 0
            if found:
                entries.append(found)
                continue
            for row in block.rows:
                for cell in row:
                    for line in cell.split("\n"):
                        if line.strip():
                            entries.append(Paragraph(squash(line)))
        elif isinstance(block, Paragraph) and block.text.strip():
            stated = stated_unit(block.text)
            if stated and len(block.text) < 60:
                unit = stated
                continue
            entries.append(block)
    return entries


def _is_plan_heading(text):
    folded = key(text)
    return folded == "ke hoach" or (text.strip().startswith("KẾ HOẠCH ") and text.strip().isupper())


def _section_starts(entries, heading_at):
    """Indexes of the top-level sections (I. MỤC ĐÍCH …, II. NỘI DUNG …) after the plan's heading."""
    start = (heading_at or 0) + 1 if heading_at is not None else 0
    found = []
    for index in range(start, len(entries)):
        entry = entries[index]
        if isinstance(entry, Paragraph):
            label = read_label(entry.text)
            if label is not None and label.kind == "roman" and len(entry.text) < 200:
                found.append(index)
    if found:
        return found
    # No Roman numerals: capitalised section titles ("1. MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG") mark the sections.
    for index in range(start, len(entries)):
        entry = entries[index]
        if isinstance(entry, Paragraph) and _is_caps_section(entry.text):
            found.append(index)
    return found


def _is_caps_section(text):
    label = read_label(text)
    title = label.rest if label is not None and label.kind == "decimal" and label.depth == 1 else text
    letters = [ch for ch in title if ch.isalpha()]
    if len(title) > 80 or len(letters) < 4 or sum(ch.isupper() for ch in letters) < len(letters) * 0.9:
        return False
    return _section_role(title) != _OTHER


def _section_role(title):
    folded = key(title)
    if re.search(r"\bnoi dung\b|\bnhiem vu\b|\bhoat dong\b|\bgiai phap\b|\bcong viec\b", folded):
        return _CONTENT
    if folded.startswith("kinh phi") or re.fullmatch(r"(?:nguon )?kinh phi(?: thuc hien)?(?: ke hoach)?", folded):
        return _FUNDING
    if re.search(r"\bto chuc thuc hien\b|\btrach nhiem\b|\bphan cong\b|\bche do bao cao\b|\bdieu khoan\b", folded):
        return _IMPLEMENTATION
    if re.search(r"\bmuc dich\b|\bmuc tieu\b", folded):
        return _PURPOSE
    if folded.startswith("yeu cau"):
        return _REQUIREMENTS
    if "kinh phi" in folded:
        return _FUNDING
    return _OTHER


def _closing_start(entries, after):
    """Where the closing (Nơi nhận, signer) begins: the last "Nơi nhận", else a signer at the very end."""
    for index in range(len(entries) - 1, after, -1):
        entry = entries[index]
        if isinstance(entry, Paragraph) and hdr.is_recipients_heading(entry.text):
            return index
    tail_from = max(after + 1, len(entries) - 8)
    for index in range(tail_from, len(entries)):
        entry = entries[index]
        if isinstance(entry, Paragraph) and hdr.is_signer_title(entry.text):
            rest = [e for e in entries[index + 1:] if isinstance(e, Paragraph)]
            if any(hdr.is_person_name(e.text) for e in rest[:6]):
                return index
    return len(entries)


def _read_header(plan, entries, heading_at):
    """Number, place, date, issuing body and title; returns the opening paragraphs' texts."""
    issuing = []
    title_parts, opening = [], []
    stage = "before"
    for index, entry in enumerate(entries):
        if not isinstance(entry, Paragraph):
            continue
        text = entry.text.strip()
        number = hdr.read_number(text)
        if number is not None:
            if not plan.number:
                plan.number = number
            continue
        place_date = hdr.read_place_date(text)
        if place_date is not None:
            if not plan.place:
                plan.place, plan.issued_on = place_date
            continue
        if hdr.is_national_line(text):
            continue
        if heading_at is not None and index == heading_at:
            stage = "title"
            rest = text[len("KẾ HOẠCH"):].strip() if text.strip().upper().startswith("KẾ HOẠCH ") else ""
            if rest:
                title_parts.append(rest)
            continue
        if stage == "before" and heading_at is not None:
            if hdr.is_issuing_line(text):
                issuing.append(text)
            continue
        if stage == "title":
            if re.fullmatch(r"\(.*\)", text) and len(text) < 200:
                continue
            if title_parts and (_OPENING.match(text) or len(title_parts) >= 4 or len(text) > 400):
                stage = "opening"
            elif not title_parts and (re.match(r"Căn cứ\b", text) or len(text) > 400):
                stage = "opening"
            else:
                title_parts.append(text)
                continue
        opening.append(text)
    plan.title = squash(" ".join(title_parts))
    if issuing:
        plan.issuing_body = squash(issuing[-1])
    return opening


def _texts(entries):
    return [e.text for e in entries if isinstance(e, Paragraph)]


def _join(first, second):
    return "\n".join(part for part in (first, second) if part)


def _purpose_and_requirements(entries, role):
    """Split "I. MỤC ĐÍCH, YÊU CẦU" at its "1. Mục đích" / "2. Yêu cầu" sub-headings."""
    parts = {_PURPOSE: [], _REQUIREMENTS: []}
    current = role
    for text in _texts(entries):
        label = read_label(text)
        words = label.rest if label is not None else text
        head, _sep, inline = words.partition(":")
        folded = key(head)
        target = None
        if len(folded) < 30 and re.fullmatch(r"(?:muc dich|muc tieu)(?: chung| cu the)?", folded):
            target = _PURPOSE
        elif len(folded) < 30 and re.fullmatch(r"yeu cau(?: chung| cu the)?", folded):
            target = _REQUIREMENTS
        if target is not None:
            current = target
            if inline.strip():
                parts[current].append(inline.strip())
            continue
        parts[current].append(text)
    return "\n".join(parts[_PURPOSE]), "\n".join(parts[_REQUIREMENTS])


def _tree(entries, warnings, totals=None):
    """The content tree of `entries`; the totals they state ("Tổng cộng" rows and lines) go to `totals`."""
    totals = [] if totals is None else totals
    builder = TreeBuilder()
    for entry in entries:
        if isinstance(entry, ActivityTable):
            builder.close_current()
            for item in table_items(entry):
                builder.add(item)
            if entry.stated_total is not None:
                totals.append(entry.stated_total)
        else:
            total = total_line(entry.text)
            if total is not None:
                totals.append(total)
                continue
            builder.paragraph(entry.text)
    return builder.finish(lambda node, field, message: warnings.append((node, field, message)))


_TOTAL_LINE = re.compile(r"^(?:Tổng cộng|Tổng số kinh phí|Tổng kinh phí|Tổng dự toán|Tổng số|Cộng)\b[^:\d\n]{0,60}?"
                         r"(?::\s*|\s+)(?=\d)", re.IGNORECASE)


def total_line(text):
    """The amount of a line that states a total ("Tổng cộng: 104 triệu đồng", "Tổng kinh phí thực hiện Kế
    hoạch: 80.000.000 đồng"), in đồng; None for any other line."""
    stripped = strip_bullet(text)
    if not _TOTAL_LINE.match(stripped) or len(stripped) > 200:
        return None
    amounts = attrs.find_amounts(stripped)
    return amounts[0] if amounts else None


def _drop_subtotals(plan):
    """A heading's money that is the sum of the money under it is its subtotal, not money of its own."""
    def below(node):
        return sum(line.amount or 0 for child in node.children for n in child.walk() for line in n.budget_lines)

    for node in plan.walk():
        own = [line.amount for line in node.budget_lines]
        if node.children and own and all(own) and sum(own) == below(node):
            node.budget_lines, node.funding_text = [], ""
            node.is_heading = not node.has_attributes
            if node.is_heading:
                node.targets = []


def _stated_total(plan, totals):
    """The plan's own total: its tables' or content's "Tổng cộng", else the funding section's "Tổng kinh phí"."""
    if not totals:
        for line in plan.funding_note.split("\n"):
            for sentence in re.split(r"(?<=[.;])\s+", line):
                total = total_line(sentence)
                if total is not None:
                    totals.append(total)
                    break
            if totals:
                break
    if not totals:
        return
    plan.stated_total = sum(totals)
    check_stated_total(plan)


def check_stated_total(plan):
    """Warn (field "stated_total") when the plan's stated total differs from the sum of its budget lines; the
    warning is renewed each time, so a review that drops a wrong row also drops the warning."""
    plan.warnings = [warning for warning in plan.warnings if warning["field"] != "stated_total"]
    if plan.stated_total is None:
        return
    lines = plan.budget_sum
    if lines != plan.stated_total:
        plan.warn("stated_total", _("Văn bản ghi tổng kinh phí %(stated)s, nhưng cộng các dòng kinh phí được "
                                    "%(lines)s; hãy kiểm tra lại số tiền của từng hoạt động.")
                  % {"stated": format_money(plan.stated_total), "lines": format_money(lines)})


def _merge_trees(trees):
    """One content section: its items are the top level. Several: each section becomes a heading; an
    appendix table (no section title) adds its items at the top level."""
    trees = [tree for tree in trees if tree[2]]
    if len(trees) == 1:
        return trees[0][2]
    merged = []
    for label, title, roots in trees:
        if not title:
            merged.extend(roots)
            continue
        merged.append(ParsedActivity(number=label.text if label else "", title=squash(title).rstrip(" :"),
                                     is_heading=True, children=roots,
                                     number_style=number_style(label) if label else "none"))
    return merged


# --- after the tree ---------------------------------------------------------------------------------

_DECISION = re.compile(r"(?:Quyết định|QĐ)\s+số\s+(\d[\w/.\-–]*)", re.IGNORECASE)
_ASSIGNS = re.compile(r"giao\s+(?:dự toán|kinh phí|kế hoạch vốn|mục tiêu, nhiệm vụ)", re.IGNORECASE)


def _funding(plan):
    """Plan-level funding sources and the decision that assigned the money, carried to the budget lines."""
    sources = attrs.find_sources(plan.funding_note)
    for node in plan.walk():
        for line in node.budget_lines:
            if line.funding_source and attrs.key(line.funding_source) not in {attrs.key(s) for s in sources}:
                sources.append(line.funding_source)
    plan.funding_sources = sources
    decision = ""
    for sentence in re.split(r"[;\n]", plan.funding_note):
        match = _DECISION.search(sentence)
        if match and _ASSIGNS.search(sentence):
            decision = match.group(1).rstrip(".,;")
            break
    for node in plan.walk():
        for line in node.budget_lines:
            if decision and not line.decision_reference:
                line.decision_reference = decision


def _years(plan):
    start, end, open_ended = hdr.years_of_title(plan.title)
    texts = [node.timeframe_text for node in plan.walk() if node.timeframe_text]
    if start is None and plan.issued_on:
        start, end = plan.issued_on.year, plan.issued_on.year
    if start is None and texts:
        readings = [parse_timeframe(text) for text in texts]
        starts = [r.start.year for r in readings if r.understood and r.start]
        dues = [r.due.year for r in readings if r.understood and r.due]
        if starts:
            start = min(starts)
            end = max(dues + [start])
    if texts and sum(1 for text in texts if hdr._OPEN.search(text)) * 2 > len(texts):
        open_ended, end = True, None
    plan.start_year, plan.end_year, plan.open_ended = start, end, open_ended


def _timeframes(plan, warnings):
    last = None if plan.open_ended else (plan.end_year or plan.start_year)
    for node in plan.walk():
        if not node.timeframe_text:
            continue
        reading = parse_timeframe(node.timeframe_text, year=plan.start_year, end_year=last)
        node.start, node.due = reading.start, reading.due
        node.recurrence, node.timeframe_understood = str(reading.recurrence), reading.understood
        if not reading.understood:
            warnings.append((node, "timeframe_text",
                             _("Chưa đọc được thời gian “%(text)s”; hãy nhập ngày bắt đầu và hạn hoàn thành.")
                             % {"text": node.timeframe_text}))


def _fiscal_years(plan):
    """A one-year plan's money is that year's budget unless a line says otherwise."""
    if plan.open_ended or plan.start_year is None or plan.end_year != plan.start_year:
        return
    for node in plan.walk():
        for line in node.budget_lines:
            if line.fiscal_year is None:
                line.fiscal_year = plan.start_year


def _header_warnings(plan):
    if not plan.number:
        plan.warn("number", _("Không thấy số, ký hiệu của kế hoạch (dòng “Số: …”)."))
    if not plan.issued_on:
        plan.warn("issued_on", _("Không đọc được ngày ban hành (dòng “…, ngày … tháng … năm …”)."))
    if not plan.title:
        plan.warn("title", _("Không đọc được tên (trích yếu) của kế hoạch."))
    if not plan.issuing_body:
        plan.warn("issuing_body", _("Không nhận ra cơ quan ban hành kế hoạch."))
    if plan.start_year is None:
        plan.warn("start_year", _("Không xác định được năm của kế hoạch."))
    if not plan.activities:
        plan.warn("activities", _("Không đọc được hoạt động nào trong phần nội dung."))


def _node_warnings(plan, warnings):
    paths = {}

    def walk(nodes, prefix):
        for index, node in enumerate(nodes):
            path = f"{prefix}.{index}"
            paths[id(node)] = path
            walk(node.children, f"{path}.children")

    walk(plan.activities, "activities")
    for node in plan.walk():
        if not node.is_heading and not node.lead_units:
            warnings.append((node, "lead_units", _("Hoạt động “%(title)s” chưa có đơn vị chủ trì.")
                             % {"title": _short(node)}))
        for line in node.budget_lines:
            if line.amount is None and line.allocated:
                warnings.append((node, "budget_lines", _("Văn bản ghi nguồn kinh phí nhưng không ghi số tiền.")))
                break
    for node, field, message in warnings:
        if node is None:
            plan.warn(field, message)
        elif id(node) in paths:
            plan.warn(f"{paths[id(node)]}.{field}", message)


def _short(node):
    title = node.title if len(node.title) <= 60 else node.title[:57].rstrip() + "…"
    return f"{node.number} {title}".strip()


def restore_case(title, body):
    """A title written in capitals, in the case the body writes the same words ("… QĐ-TTG …" → "… QĐ-TTg …")."""
    letters = [ch for ch in title if ch.isalpha()]
    if len(letters) < 8 or sum(ch.isupper() for ch in letters) < len(letters) * 0.9:
        return title
    words = title.split()
    body_words = body.split()[:50_000]
    bare = [w.strip(".,;:()\"“”") for w in body_words]
    lowered = [w.lower() for w in bare]
    positions = {}
    for index, word in enumerate(lowered):
        positions.setdefault(word, []).append(index)
    out, index = [], 0
    while index < len(words):
        word = words[index].strip(".,;:()\"“”").lower()
        best, best_at = 0, None
        for at in positions.get(word, [])[:500]:
            length = 0
            while (index + length < len(words) and at + length < len(lowered)
                   and words[index + length].strip(".,;:()\"“”").lower() == lowered[at + length]):
                length += 1
            # The title itself, or another line in capitals, says nothing about case.
            if length > best and any(ch.islower() for k in range(length) for ch in bare[at + k]):
                best, best_at = length, at
        if best >= 2:
            for k in range(best):
                out.append(_recase(words[index + k], bare[best_at + k]))
            index += best
            continue
        original = words[index]
        keep = original.strip(".,;:()\"“”") in set(bare) and not original.isalpha()
        out.append(original if keep else original.lower())
        index += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _recase(written, model):
    core = written.strip(".,;:()\"“”")
    return written.replace(core, model, 1) if core.lower() == model.lower() else written
