"""Writing a plan of the corpus (bench/corpus/plans.py) as a Word file and as pasted text, and its gold JSON.

The plans are written the ways offices write them: the activities as numbered paragraphs with "Chủ trì:" /
"Thời gian:" lines, or as a Word table (one or two header rows, "Cơ quan thực hiện" merged over "Chủ trì |
Phối hợp", section rows merged across the table, a total row), in the body or in an appendix after the
signature. The gold is written from the same description, in the plan's own terms (amounts in đồng,
dates as ISO strings), never from what the importer reads.
"""
import datetime
import io
import json
from decimal import Decimal

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

UNIT_FACTORS = {"đồng": 1, "nghìn đồng": 1000, "triệu đồng": 1_000_000}


def amount_in_dong(written, unit):
    """"35,5" in "triệu đồng" → 35500000; "1.250" in "nghìn đồng" → 1250000."""
    text = written.strip()
    factor = UNIT_FACTORS[unit]
    if text.endswith(" tỷ"):  # an amount that states its own unit ("1,2 tỷ" đồng)
        text, factor = text[:-3], 1_000_000_000
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(".", "")
    value = Decimal(text) * factor
    return int(value)


def vn_date(day):
    return f"{day.day}/{day.month}/{day.year}"


# --- the gold -----------------------------------------------------------------------------------------

def gold(plan):
    unit = plan.get("money_unit", "đồng")

    def node(item):
        amounts = [amount_in_dong(m, unit) for m in item.get("money", [])]
        time = item.get("time")
        return {
            "number": item.get("label", ""),
            "title": item["title"],
            "heading": bool(item.get("heading")),
            "description": "\n".join(item.get("desc", [])),
            "lead": list(item.get("lead", [])),
            "coord": list(item.get("coord", [])),
            "time": {"text": time[0], "start": time[1], "due": time[2]} if time else None,
            "result": item.get("result", ""),
            "targets": [list(t) for t in item.get("targets", [])],
            "budget": amounts,
            "children": [node(child) for child in item.get("children", [])],
        }

    return {
        "number": plan["number"], "title": plan["title"], "place": plan["place"],
        "issued_on": plan["date"].isoformat(), "issuing_body": plan["issuing"][-1], "kind": plan["kind"],
        "period": list(plan["period"]),
        "legal_bases": [{"doc_type": b[0], "number": b[1], "issued_on": b[2].isoformat() if b[2] else None,
                         "issuer": b[3], "summary": b[4]} for b in plan["bases"]],
        "purpose": "\n".join(plan["purpose"]), "requirements": "\n".join(plan["requirements"]),
        "funding_note": "\n".join(plan.get("funding", [])),
        "implementation_note": "\n".join(plan.get("implementation", [])),
        "activities": [node(item) for item in plan["content"]],
        "stated_total": amount_in_dong(plan["total"], unit) if plan.get("total") else None,
        "recipients": list(plan["recipients"]), "signer_title": plan["signer"][0], "signer_name": plan["signer"][1],
    }


# --- the words of a plan, shared by both writers ---------------------------------------------------------

def citation(basis):
    """The office's way of citing: "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017", "Quyết định số
    2584/QĐ-BTP ngày 25/12/2020 của Bộ trưởng Bộ Tư pháp về …"."""
    doc_type, number, issued_on, issuer, summary = basis
    words = [doc_type]
    if doc_type in ("Luật", "Bộ luật", "Pháp lệnh") and summary:
        words.append(summary)
        summary = ""
    if number:
        words.append(f"số {number}")
    if issued_on:
        words.append(f"ngày {vn_date(issued_on)}")
    if issuer:
        words.append(f"của {issuer}")
    if summary:
        words.append(summary)
    return " ".join(words)


def opening_lines(plan):
    lines = [f"Căn cứ {citation(b)};" for b in plan["bases"]]
    lines.append(plan["opening"])
    return lines


def attribute_lines(item, plan):
    """The "- Chủ trì: …" lines of an activity written as paragraphs, in the plan's order."""
    labels = plan.get("labels", {})
    unit = plan.get("money_unit", "đồng")
    out = []
    for field in plan.get("attribute_order", ("lead", "coord", "time", "result", "money")):
        if field == "lead" and item.get("lead"):
            out.append(f"- {labels.get('lead', 'Chủ trì')}: {', '.join(item['lead'])}")
        elif field == "coord" and item.get("coord"):
            out.append(f"- {labels.get('coord', 'Phối hợp')}: {', '.join(item['coord'])}")
        elif field == "time" and item.get("time"):
            out.append(f"- {labels.get('time', 'Thời gian thực hiện')}: {item['time'][0]}")
        elif field == "result" and item.get("result"):
            out.append(f"- {labels.get('result', 'Kết quả')}: {item['result']}")
        elif field == "money" and item.get("money") and not item.get("money_in_desc"):
            out.append(f"- Kinh phí: {item['money'][0]} {unit}")
    return out


def label_text(item):
    label = item.get("label", "")
    if not label:
        return ""
    if label.startswith(("Nhiệm vụ", "Hoạt động", "Nội dung")):
        return f"{label}: "
    if label == "-":
        return "- "
    if len(label) == 1 and label.isalpha() and label.islower():
        return f"{label}) "
    return f"{label}. "


def paragraph_lines(items, plan):
    out = []
    for item in items:
        out.append(f"{label_text(item)}{item['title']}")
        out.extend(item.get("desc", []))
        attributes = attribute_lines(item, plan)
        if plan.get("inline_attributes") and attributes:
            # All on one line: "- Chủ trì: …; Thời gian thực hiện: …; Kinh phí: …."
            attributes = ["- " + "; ".join(line[2:] for line in attributes) + "."]
        out.extend(attributes)
        out.extend(paragraph_lines(item.get("children", []), plan))
    return out


# --- the table ------------------------------------------------------------------------------------------

def table_rows(plan):
    """(header rows, body rows) of an activity table: each row a list of cell texts, None for a cell merged
    with the one to its left, "^" for a cell merged with the one above."""
    columns = plan["columns"]
    two_rows = any(isinstance(c, tuple) for c in columns)
    top, bottom = [], []
    for column in columns:
        if isinstance(column, tuple):
            group, subs = column
            top.extend([group] + [None] * (len(subs) - 1))
            bottom.extend(subs)
        else:
            top.append(column)
            bottom.append("^")
    header = [top, bottom] if two_rows else [top]
    fields = []
    for column in columns:
        if isinstance(column, tuple):
            fields.extend(plan["column_fields"][column[0]])
        else:
            fields.append(plan["column_fields"][column])
    unit = plan.get("money_unit", "đồng")
    body = []
    if plan.get("column_numbers"):
        body.append([f"({n})" for n in range(1, len(fields) + 1)])

    def add(items):
        for item in items:
            if item.get("heading") and plan.get("section_rows_in_columns"):
                # The section's number in the STT column, its title in the content column, its subtotal.
                row = ["" for _field in fields]
                row[fields.index("number")] = item["label"]
                row[fields.index("content")] = item["title"]
                if item.get("subtotal"):
                    row[fields.index("money")] = item["subtotal"]
                body.append(row)
                add(item.get("children", []))
                continue
            if item.get("heading") and item.get("merged", True):
                text = f"{item['label']}. {item['title']}" if item.get("label") else item["title"]
                body.append([text] + [None] * (len(fields) - 1))
                add(item.get("children", []))
                continue
            row = []
            for field in fields:
                if field == "number":
                    row.append(item.get("label", ""))
                elif field == "content":
                    row.append("\n".join([item["title"], *item.get("desc", [])]))
                elif field == "lead":
                    row.append("\n".join(item.get("lead", [])))
                elif field == "coord":
                    row.append("\n".join(item.get("coord", [])))
                elif field == "time":
                    row.append(item["time"][0] if item.get("time") else "")
                elif field == "result":
                    row.append(item.get("result", ""))
                elif field == "money":
                    row.append(item["money"][0] if item.get("money") else "")
                elif field == "money_text":
                    row.append(f"{item['money'][0]} {unit}" if item.get("money") else "")
                else:
                    row.append("")
            body.append(row)
            add(item.get("children", []))

    add(plan["content"])
    if plan.get("total"):
        money_at = next(i for i, f in enumerate(fields) if f in ("money", "money_text"))
        label_at = 1 if fields[0] == "number" else 0
        row = [""] * len(fields)
        row[label_at] = plan.get("total_label", "Tổng cộng")
        if fields[0] == "number" and plan.get("total_merged"):
            row[0], row[1] = plan.get("total_label", "Tổng cộng"), None
        row[money_at] = plan["total"] if fields[money_at] == "money" else f"{plan['total']} {unit}"
        body.append(row)
    return header, body


def _docx_table(document, header, body):
    rows = header + body
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None or text == "^":
                continue
            cell = table.cell(r, c)
            cell.text = text
            if r < len(header):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    # Merges after the texts: a cell merged to the left spans the columns, one marked "^" the rows.
    for r, row in enumerate(rows):
        c = 0
        while c < width:
            if row[c] is not None and row[c] != "^":
                end = c
                while end + 1 < width and row[end + 1] is None:
                    end += 1
                if end > c:
                    table.cell(r, c).merge(table.cell(r, end))
                c = end + 1
            else:
                c += 1
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text == "^":
                table.cell(r - 1, c).merge(table.cell(r, c))
    return table


def _tab_table(header, body):
    """A table as pasted from Word into a text box: a line per row, tabs between cells (a merged cell's text in
    its first cell, the other cells empty); the lines of a cell joined by spaces."""
    lines = []
    for row in header + body:
        cells = []
        for text in row:
            cells.append("" if text in (None, "^") else text.replace("\n", " "))
        lines.append("\t".join(cells))
    return lines


def _pipe_table(header, body):
    """A table as pasted markdown: one header row (a second header row is folded into the first)."""
    top = list(header[0])
    if len(header) > 1:
        for c, sub in enumerate(header[1]):
            if sub not in (None, "^"):
                top[c] = sub
    for c, text in enumerate(top):
        if text is None:
            top[c] = top[c - 1]
    lines = ["| " + " | ".join(top) + " |", "|" + "---|" * len(top)]
    for row in body:
        cells = [(text or "").replace("\n", "<br>") for text in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# --- the two writers ------------------------------------------------------------------------------------

def _sections(plan):
    """[(heading, lines or "TABLE")] of the plan's body in order."""
    content_heading = plan.get("content_heading", "II. NỘI DUNG")
    sections = [
        ("I. MỤC ĐÍCH, YÊU CẦU", ["1. Mục đích", *plan["purpose"], "2. Yêu cầu", *plan["requirements"]]),
    ]
    if plan["layout"] == "paragraphs":
        sections.append((content_heading, paragraph_lines(plan["content"], plan)))
    elif plan.get("appendix"):
        sections.append((content_heading, [plan["appendix_pointer"]]))
    else:
        sections.append((content_heading, [*plan.get("before_table", []), "TABLE"]))
    if plan.get("funding"):
        sections.append(("III. KINH PHÍ THỰC HIỆN", plan["funding"]))
    sections.append((("IV" if plan.get("funding") else "III") + ". TỔ CHỨC THỰC HIỆN", plan["implementation"]))
    if plan.get("unnumbered_sections"):
        # Capital section titles without Roman numerals ("MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG").
        sections = [(heading.split(". ", 1)[1], lines) for heading, lines in sections]
    return sections


def text_document(plan, tables="pipe"):
    lines = [*plan["issuing"], f"Số: {plan['number']}" if plan["number"] else "Số: /KH",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", _place_line(plan), "",
             "KẾ HOẠCH", plan["title_caps"], "", *opening_lines(plan), ""]
    header, body = (table_rows(plan) if plan["layout"] == "table" else (None, None))
    for heading, section_lines in _sections(plan):
        lines.append(heading)
        for line in section_lines:
            if line == "TABLE":
                if plan.get("unit_line"):
                    lines.append(plan["unit_line"])
                lines.extend(_pipe_table(header, body) if tables == "pipe" else _tab_table(header, body))
            else:
                lines.append(line)
        lines.append("")
    lines.extend(["Nơi nhận:", *[f"- {r};" for r in plan["recipients"][:-1]], f"- {plan['recipients'][-1]}.",
                  *plan["signer"][0].split("\n"), "", plan["signer"][1]])
    if plan.get("appendix"):
        lines.extend(["", *plan["appendix"],
                      *(_pipe_table(header, body) if tables == "pipe" else _tab_table(header, body))])
    return "\n".join(lines) + "\n"


def _place_line(plan):
    day = plan["date"]
    return f"{plan['place']}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def word_document(plan):
    document = docx.Document()
    top = document.add_table(rows=1, cols=2)
    top.cell(0, 0).text = "\n".join([*plan["issuing"], f"Số: {plan['number']}" if plan["number"] else "Số:    /KH"])
    top.cell(0, 1).text = "\n".join(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                     _place_line(plan)])
    for text in ("KẾ HOẠCH", plan["title_caps"]):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    for line in opening_lines(plan):
        document.add_paragraph(line)
    header, body = (table_rows(plan) if plan["layout"] == "table" else (None, None))
    for heading, section_lines in _sections(plan):
        document.add_paragraph().add_run(heading).bold = True
        for line in section_lines:
            if line == "TABLE":
                if plan.get("unit_line"):
                    document.add_paragraph(plan["unit_line"])
                _docx_table(document, header, body)
            else:
                document.add_paragraph(line)
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "\n".join(["Nơi nhận:", *[f"- {r};" for r in plan["recipients"][:-1]],
                                         f"- {plan['recipients'][-1]}."])
    closing.cell(0, 1).text = "\n".join([*plan["signer"][0].split("\n"), "", "", plan["signer"][1]])
    if plan.get("appendix"):
        document.add_page_break()
        for line in plan["appendix"]:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(line).bold = True
        if plan.get("unit_line"):
            document.add_paragraph(plan["unit_line"])
        _docx_table(document, header, body)
    buffer = io.BytesIO()
    # A fixed creation time, so the same plan always makes the same file.
    document.core_properties.created = datetime.datetime(2026, 1, 1)
    document.core_properties.modified = datetime.datetime(2026, 1, 1)
    document.save(buffer)
    return buffer.getvalue()


def gold_json(plan):
    return json.dumps(gold(plan), ensure_ascii=False, indent=1) + "\n"
