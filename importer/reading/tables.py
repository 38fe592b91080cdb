"""Plans laid out as a table (STT | Nội dung | Chủ trì | Phối hợp | Thời gian | Kết quả | Kinh phí): the
header row says which column holds what, each later row is one node of the tree.
"""
import re
from dataclasses import dataclass

from importer.reading import attributes as attrs
from importer.reading.patterns import (
    COORDINATING,
    FUNDING,
    LEAD,
    RESULT,
    TARGETS,
    TIME,
    Label,
    key,
    read_label,
    roman_value,
    squash,
    strip_bullet,
)
from importer.reading.structure import Item

NUMBER, CONTENT, SOURCE, NOTE = "number", "content", "source", "note"


@dataclass
class ActivityTable:
    """A table recognised as a plan's content: its rows, where its header row(s) say each field is, and the unit
    its amounts are written in (đồng = 1; "Đơn vị tính: triệu đồng" = 1.000.000)."""

    table: object
    header_index: int
    roles: dict
    multiplier: int = 0
    # The total the table states in a "Tổng cộng" / "Cộng" row, in đồng, once the rows are read.
    stated_total: int | None = None

# Tried in this order: "Thời gian thực hiện" is a time column before "thực hiện" makes it a lead column.
_COLUMN_RULES = (
    (NOTE, r"^ghi chu"),
    (NUMBER, r"^(?:stt|tt|so tt|so thu tu|thu tu|muc)$"),
    (SOURCE, r"^nguon"),
    (FUNDING, r"kinh phi|du toan|so tien|thanh tien"),
    (TIME, r"thoi gian|thoi han|tien do|thoi diem"),
    (COORDINATING, r"phoi hop"),
    (LEAD, r"chu tri|thuc hien|phu trach|don vi|co quan|trach nhiem"),
    (RESULT, r"ket qua|san pham"),
    (TARGETS, r"chi tieu|so luong"),
    (CONTENT, r"noi dung|hoat dong|nhiem vu|cong viec|giai phap|ten"),
)
_MULTIPLIER = ((r"ty dong", 10**9), (r"trieu dong|trieu", 10**6), (r"nghin dong|ngan dong|1\.?000 dong", 10**3))


def column_roles(row):
    """{column index: role} when `row` is the header of an activity table, else None."""
    roles = {}
    for index, cell in enumerate(row):
        folded = key(re.sub(r"\(.*?\)", " ", cell or ""))
        if not folded or len(folded) > 60:
            continue
        for role, pattern in _COLUMN_RULES:
            if re.search(pattern, folded):
                if role not in roles.values():
                    roles[index] = role
                break
    found = set(roles.values())
    if CONTENT not in found or len(found & {LEAD, COORDINATING, TIME, RESULT, FUNDING}) < 2:
        return None
    return roles


def funding_multiplier(header_cell, default=1):
    folded = key(header_cell)
    for pattern, factor in _MULTIPLIER:
        if re.search(pattern, folded):
            return factor
    return default


_UNIT_LINE = re.compile(r"đơn vị tính\s*:?\s*(.{1,30})", re.IGNORECASE)


def stated_unit(text):
    """The money unit a line states ("Đơn vị tính: triệu đồng" → 1.000.000), None when it states none."""
    match = _UNIT_LINE.search(text or "")
    if not match or "đồng" not in match.group(1).lower() and "dong" not in key(match.group(1)):
        return None
    return funding_multiplier(match.group(1))


# A row that states a total: "Tổng cộng", "Cộng", "Tổng kinh phí", "Tổng số", "Cộng mục I" — nothing more.
_TOTAL = re.compile(r"^(?:tong cong|tong so|tong kinh phi|tong du toan|tong|cong|cong kinh phi)"
                    r"(?: (?:kinh phi|du toan|toan bo|ke hoach|chung|thuc hien|muc|phan|[ivx]+|\d+))*$")


def is_total_text(text):
    return bool(_TOTAL.match(key(text))) if text and len(text) < 60 else False


def activity_table(table, multiplier=0):
    """An ActivityTable when a header row in the first few rows names the columns, else None. A second header
    row under it ("Cơ quan thực hiện" over "Chủ trì | Phối hợp") refines the columns it splits."""
    for index, row in enumerate(table.rows[:4]):
        roles = column_roles(row)
        if not roles:
            continue
        for above in table.rows[:index]:
            unit = stated_unit(" ".join(above))
            if unit:
                multiplier = unit
        if index + 1 < len(table.rows):
            below = table.rows[index + 1]
            sub = _sub_header(row, below)
            if sub is not None:
                roles = {**roles, **sub}
                index += 1
        return ActivityTable(table, index, roles, multiplier)
    return None


def _sub_header(row, below):
    """{column: role} of the header's second row when `below` is one: each of its cells either repeats the cell
    above (merged down) or names a field, and at least one names a field the row above did not split."""
    roles = {}
    changed = False
    for index, cell in enumerate(below):
        text = (cell or "").strip()
        above = (row[index] if index < len(row) else "").strip()
        if text == above:
            continue
        if not text:
            continue
        folded = key(re.sub(r"\(.*?\)", " ", text))
        role = next((r for r, pattern in _COLUMN_RULES if re.search(pattern, folded)), None)
        if role is None or len(folded) > 40:
            return None
        roles[index] = role
        changed = True
    return roles if changed else None


def table_items(found):
    """One Item per data row of an activity table, in order."""
    roles = found.roles
    header_rows = found.table.rows[max(0, found.header_index - 1):found.header_index + 1]
    multiplier = found.multiplier or 1
    for index, role in roles.items():
        if role == FUNDING:
            for header_row in header_rows:
                if index < len(header_row):
                    multiplier = funding_multiplier(header_row[index], multiplier)
    items = []
    totals = []
    for row in found.table.rows[found.header_index + 1:]:
        cells = {role: (row[index] if index < len(row) else "").strip() for index, role in roles.items()}
        texts = [cell.strip() for cell in row if cell.strip()]
        if not texts or _is_column_numbers(texts):
            continue
        if stated_unit(" ".join(texts)) and len(set(texts)) == 1:
            multiplier = stated_unit(texts[0])
            continue
        label_texts = [cells.get(NUMBER, ""), cells.get(CONTENT, "")]
        if any(is_total_text(text) for text in label_texts if text) or (
                texts and is_total_text(texts[0]) and not cells.get(CONTENT, "").strip("0123456789. ")):
            # "Tổng cộng" / "Cộng": the plan's stated total, never an activity.
            amount = _amount(cells.get(FUNDING, ""), multiplier)
            if amount is not None:
                totals.append(amount)
            continue
        if len(texts) == 1 and len(row) > 1 and (len(set(row)) == 1 or not cells.get(CONTENT)):
            # A heading row merged across the table (the same text in every cell), or typed in its first cell.
            cells = {CONTENT: texts[0]}
        elif len(set(texts)) == 1 and len(row) > 1 and len(texts) > 1:
            # A heading row merged across the table: the same text in every cell.
            cells = {CONTENT: texts[0]}
        content = cells.get(CONTENT, "")
        # A cell merged across columns repeats its text in each: it belongs to the content column only.
        cells = {role: ("" if role != CONTENT and text == content else text) for role, text in cells.items()}
        label = _row_label(cells.get(NUMBER, ""), content)
        lines = [line for line in content.split("\n") if line.strip()]
        if label is not None and label.rest is not None and not cells.get(NUMBER):
            lines[0:1] = [label.rest] if label.rest else []
        elif lines and label is not None and read_label(lines[0]) is not None:
            lines[0] = read_label(lines[0]).rest
        if label is None and items and not any(cells.get(r) for r in (LEAD, TIME, RESULT, FUNDING)):
            items[-1].description.extend(lines)
            continue
        item = Item(label=label, title=lines[0] if lines else "", description=lines[1:])
        for role in (LEAD, COORDINATING, TIME, RESULT, TARGETS):
            if cells.get(role):
                item.attributes[role] = [cells[role]]
        funding = cells.get(FUNDING, "")
        source = cells.get(SOURCE, "")
        if funding:
            amount = _amount(funding, multiplier)
            if amount is not None and re.fullmatch(r"[\d.,\s]+", funding):
                funding = f"{amount} đồng"
            item.attributes[FUNDING] = [f"{funding} ({source})" if source else funding]
        elif source:
            item.attributes[FUNDING] = [source]
        items.append(item)
    if totals:
        found.stated_total = totals[-1]
    return items


def _amount(text, multiplier):
    """An amount in đồng of a money cell: a bare number in the table's unit, or words with their own unit."""
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"[\d.,\s]+", text):
        return attrs.parse_amount(text.replace(" ", ""), multiplier=multiplier)
    amounts = attrs.find_amounts(text)
    return amounts[0] if len(amounts) == 1 else None


def _is_column_numbers(texts):
    return all(re.fullmatch(r"\(?\d{1,2}\)?", text) for text in texts)


def _row_label(number_cell, content):
    number = squash(number_cell).rstrip(".")
    if number:
        if roman_value(number):
            return Label("roman_row", roman_value(number), 0, number, None)
        if re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,4}", number):
            return Label("decimal", number, number.count(".") + 1, number, None)
        if re.fullmatch(r"[a-zđ]\)?", number):
            return Label("letter", number[0], 0, number[0], None)
        if re.fullmatch(r"[-+•*]", number):
            return Label("bullet", 0, 0, "-", None)
        labelled = read_label(number + ": x") if not re.search(r"\d", number[:1]) else None
        if labelled is not None and labelled.kind == "activity":
            return Label("activity", labelled.value, 0, labelled.text, None)
    first = content.split("\n", 1)[0]
    label = read_label(first)
    if label is not None and label.kind == "roman":
        return Label("roman_row", label.value, 0, label.text, label.rest)
    if label is None and first.strip()[:1] in "-+•":
        return Label("bullet", 0, 0, "-", strip_bullet(first))
    return label
