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
    """A table recognised as a plan's content: its rows and where its header row says each field is."""

    table: object
    header_index: int
    roles: dict

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


def funding_multiplier(header_cell):
    folded = key(header_cell)
    for pattern, factor in _MULTIPLIER:
        if re.search(pattern, folded):
            return factor
    return 1


def activity_table(table):
    """An ActivityTable when a header row in the first few rows names the columns, else None."""
    for index, row in enumerate(table.rows[:4]):
        roles = column_roles(row)
        if roles:
            return ActivityTable(table, index, roles)
    return None


def table_items(found):
    """One Item per data row of an activity table, in order."""
    roles = found.roles
    header_row = found.table.rows[found.header_index]
    multiplier = 1
    for index, role in roles.items():
        if role == FUNDING:
            multiplier = funding_multiplier(header_row[index])
    items = []
    for row in found.table.rows[found.header_index + 1:]:
        cells = {role: (row[index] if index < len(row) else "").strip() for index, role in roles.items()}
        texts = [cell.strip() for cell in row if cell.strip()]
        if not texts or _is_column_numbers(texts):
            continue
        if len(set(texts)) == 1 and len(row) > 1 and len(texts) > 1:
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
            if re.fullmatch(r"[\d.,\s]+", funding):
                amount = attrs.parse_amount(funding.replace(" ", ""), multiplier=multiplier)
                if amount is not None:
                    funding = f"{amount} đồng"
            item.attributes[FUNDING] = [f"{funding} ({source})" if source else funding]
        elif source:
            item.attributes[FUNDING] = [source]
        items.append(item)
    return items


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
            return Label("bullet", 0, 0, "", None)
    first = content.split("\n", 1)[0]
    label = read_label(first)
    if label is not None and label.kind == "roman":
        return Label("roman_row", label.value, 0, label.text, label.rest)
    if label is None and first.strip()[:1] in "-+•":
        return Label("bullet", 0, 0, "", strip_bullet(first))
    return label
