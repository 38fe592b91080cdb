"""Totals are totals, the money unit the document states, two-row table headers (issue #15)."""
import docx
import pytest

from importer.reading import parse_plan, parse_text
from importer.reading.parser import total_line
from importer.reading.tables import is_total_text
from tests.importer.reading.helpers import docx_bytes, plan_text


def _table_plan(rows, header_rows, unit_line=None, merges=()):
    document = docx.Document()
    document.add_paragraph("SỞ TƯ PHÁP TỈNH MẪU")
    document.add_paragraph("Số: 7/KH-STP")
    document.add_paragraph("Mẫu, ngày 02 tháng 02 năm 2025")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Truyền thông về trợ giúp pháp lý năm 2025")
    document.add_paragraph("Sở Tư pháp xây dựng Kế hoạch như sau:")
    document.add_paragraph("I. NỘI DUNG")
    if unit_line:
        document.add_paragraph(unit_line)
    all_rows = header_rows + rows
    table = document.add_table(rows=len(all_rows), cols=len(all_rows[0]))
    for r, row in enumerate(all_rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các phòng thực hiện./.")
    return parse_plan(docx_bytes(document), "ke-hoach.docx")


TWO_ROW_HEADER = [
    ["TT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian", "Kinh phí (triệu đồng)"],
    ["", "", "Chủ trì", "Phối hợp", "", ""],
]
MERGES = [((0, 2), (0, 3)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 4), (1, 4)), ((0, 5), (1, 5))]
ROWS = [
    ["1", "Hội nghị truyền thông", "Trung tâm Trợ giúp pháp lý nhà nước", "Hội Nông dân tỉnh", "Quý II năm 2025", "60"],
    ["2", "In tờ gấp", "Phòng Phổ biến, giáo dục pháp luật", "Trung tâm Trợ giúp pháp lý nhà nước", "Tháng 6/2025",
     "35,5"],
    ["", "Tổng cộng", "", "", "", "95,5"],
]


def test_a_two_row_header_keeps_the_coordinating_units_and_the_total_row_is_no_activity():
    plan = _table_plan(ROWS, TWO_ROW_HEADER, merges=MERGES)
    titles = [node.title for node in plan.walk()]
    assert titles == ["Hội nghị truyền thông", "In tờ gấp"]
    first, second = plan.activities
    assert first.lead_units == ["Trung tâm Trợ giúp pháp lý nhà nước"]
    assert first.coordinating_units == ["Hội Nông dân tỉnh"]
    assert second.coordinating_units == ["Trung tâm Trợ giúp pháp lý nhà nước"]
    assert [line.amount for line in first.budget_lines] == [60_000_000]
    assert [line.amount for line in second.budget_lines] == [35_500_000]
    assert plan.stated_total == 95_500_000 == plan.budget_sum
    assert not [w for w in plan.warnings if w["field"] == "stated_total"]


def test_a_stated_total_that_differs_from_the_lines_is_warned_about():
    rows = ROWS[:2] + [["", "Cộng", "", "", "", "100"]]
    plan = _table_plan(rows, TWO_ROW_HEADER, merges=MERGES)
    assert plan.stated_total == 100_000_000
    warning = next(w for w in plan.warnings if w["field"] == "stated_total")
    assert "100.000.000 đ" in warning["message"] and "95.500.000 đ" in warning["message"]


@pytest.mark.parametrize("unit_line, written, amount", [
    ("Đơn vị tính: nghìn đồng", "45.000", 45_000_000),
    ("Đơn vị tính: triệu đồng", "12,5", 12_500_000),
    ("Đơn vị tính: đồng", "8.500.000", 8_500_000),
])
def test_the_unit_stated_above_a_table_applies_to_its_amounts(unit_line, written, amount):
    header = [["STT", "Nội dung", "Chủ trì", "Thời gian", "Kinh phí"]]
    rows = [["1", "Tập huấn", "Phòng Nghiệp vụ", "Quý III năm 2025", written]]
    plan = _table_plan(rows, header, unit_line=unit_line)
    assert [line.amount for line in plan.activities[0].budget_lines] == [amount]


def test_a_sections_subtotal_is_not_money_of_its_own():
    header = [["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Dự toán (nghìn đồng)"]]
    rows = [
        ["I", "Công tác truyền thông", "", "", "150.000"],
        ["1", "Phát hành tờ gấp", "Sở Tư pháp", "Năm 2025", "60.000"],
        ["2", "Bảng thông tin", "Sở Tư pháp", "Năm 2025", "90.000"],
        ["", "Tổng cộng", "", "", "150.000"],
    ]
    plan = _table_plan(rows, header)
    section = plan.activities[0]
    assert section.is_heading and section.title == "Công tác truyền thông" and section.budget_lines == []
    assert plan.budget_sum == plan.stated_total == 150_000_000


def test_a_total_line_in_pasted_text_is_the_plans_total_not_an_activitys_money():
    plan = parse_text(plan_text(
        "1. Tổ chức hội nghị",
        "- Chủ trì: Phòng Nghiệp vụ",
        "- Kinh phí: 20.000.000 đồng",
        "2. In tờ gấp",
        "- Chủ trì: Phòng Nghiệp vụ",
        "- Kinh phí: 5.000.000 đồng",
        "Tổng cộng: 25.000.000 đồng",
    ))
    assert [[line.amount for line in node.budget_lines] for node in plan.walk()] == [[20_000_000], [5_000_000]]
    assert plan.stated_total == 25_000_000


@pytest.mark.parametrize("text, total", [
    ("Tổng cộng: 104 triệu đồng", 104_000_000),
    ("Tổng kinh phí thực hiện Kế hoạch: 80.000.000 đồng.", 80_000_000),
    ("- Cộng: 1,5 tỷ đồng", 1_500_000_000),
    ("Công tác truyền thông: 20.000.000 đồng", None),
    ("Tổng kết năm 2025", None),
])
def test_total_lines(text, total):
    assert total_line(text) == total


@pytest.mark.parametrize("text, is_total", [
    ("Tổng cộng", True), ("Cộng", True), ("TỔNG KINH PHÍ", True), ("Cộng mục I", True),
    ("Công tác truyền thông", False), ("Tổng kết thực hiện Kế hoạch", False), ("Cộng tác viên", False),
])
def test_total_rows(text, is_total):
    assert is_total_text(text) is is_total
