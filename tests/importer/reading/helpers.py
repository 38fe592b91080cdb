"""Builders for the importer tests: a plan around some content lines, and .docx files made with python-docx."""
import io
import struct
import zlib

import docx

from importer.reading import parse_text


def plan_text(*content, header=True):
    """A small plan whose "II. NỘI DUNG" section holds `content` (one line each)."""
    top = [
        "SỞ TƯ PHÁP TỈNH MẪU",
        "Số: 3/KH-STP",
        "Thị xã Mẫu, ngày 02 tháng 02 năm 2025",
        "KẾ HOẠCH",
        "Công tác trợ giúp pháp lý năm 2025",
        "Căn cứ Kế hoạch số 1/KH-UBND ngày 05/01/2025 của UBND tỉnh Mẫu về công tác tư pháp năm 2025, "
        "Sở Tư pháp xây dựng Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Làm tốt công tác trợ giúp pháp lý.",
    ] if header else []
    return "\n".join([*top, "II. NỘI DUNG", *content, "III. TỔ CHỨC THỰC HIỆN", "Các đơn vị thực hiện./."])


def parse_content(*content):
    return parse_text(plan_text(*content))


def png_bytes():
    """A valid 1×1 PNG, made here so the tests need no image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def docx_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def header_table(document, left, right):
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = left
    table.cell(0, 1).text = right
    return table


def bold(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def activity_table(document, rows, header=("STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả",
                                          "Kinh phí")):
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for index, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            table.cell(index, column).text = text
    return table


def new_document():
    return docx.Document()
