"""Reading money, counted targets, funding sources and unit names out of an activity's words."""
import pytest

from importer.reading.attributes import (
    budget_lines_from_description,
    budget_lines_from_funding,
    find_amounts,
    find_sources,
    find_targets,
    split_unit_text,
)
from tests.importer.reading.helpers import parse_content


@pytest.mark.parametrize("text, amounts", [
    ("Đặt gia công bảng thông tin (kinh phí: 177.400.000đ);", [177_400_000]),
    ("in tờ gấp (kinh phí 40.000.000đ)", [40_000_000]),
    ("Kinh phí: 15 triệu đồng", [15_000_000]),
    ("tổng 1,5 tỷ đồng", [1_500_000_000]),
    ("8.500.000 đồng và 2.000.000 VNĐ", [8_500_000, 2_000_000]),
    ("177,400,000 đ", [177_400_000]),
    ("Kinh phí: 50.000.000", [50_000_000]),
    ("số điện thoại 0205 375 7555", []),
    ("ngày 15/01/2021, 100% xã", []),
])
def test_amounts(text, amounts):
    assert find_amounts(text) == amounts


def test_money_in_bullets_becomes_budget_lines():
    lines = budget_lines_from_description([
        "- Đặt gia công 128 Bảng thông tin ( kinh phí: 177.400.000đ);",
        "- Duy trì đường dây nóng 0205 375 7555 (kinh phí 3.000.000đ);",
        "- Tổ chức Hội nghị truyền thông tại cơ sở (nguồn kinh phí đầu năm chưa được cấp).",
        "- Đăng tin trên trang thông tin điện tử.",
    ])
    assert [(line.amount, line.allocated) for line in lines] == [(177_400_000, True), (3_000_000, True), (None, False)]
    assert lines[0].description == "Đặt gia công 128 Bảng thông tin"
    assert lines[2].description == "Tổ chức Hội nghị truyền thông tại cơ sở"


def test_funding_label_names_sources_without_sums():
    lines = budget_lines_from_funding("Ngân sách địa phương; Ngân sách Trung ương hỗ trợ.")
    assert [(line.amount, line.funding_source) for line in lines] == [
        (None, "Ngân sách địa phương"), (None, "Ngân sách Trung ương")]
    year = budget_lines_from_funding("Ngân sách địa phương cấp cho Trung tâm năm 2014.")
    assert [(line.funding_source, line.fiscal_year) for line in year] == [("Ngân sách địa phương", 2014)]
    summed = budget_lines_from_funding("25.000.000 đồng từ nguồn xã hội hóa")
    assert [(line.amount, line.funding_source) for line in summed] == [(25_000_000, "Nguồn xã hội hóa")]
    assert budget_lines_from_funding("Theo dự toán được duyệt") == []


def test_funding_sources_as_written():
    text = ("kinh phí từ ngân sách nhà nước, Chương trình mục tiêu quốc gia, ngân sách tỉnh, "
            "nguồn xã hội hóa và các nguồn hợp pháp khác")
    assert find_sources(text) == ["Ngân sách nhà nước", "Chương trình mục tiêu quốc gia", "Ngân sách tỉnh",
                                  "Nguồn xã hội hóa", "Nguồn hợp pháp khác"]


@pytest.mark.parametrize("text, targets", [
    ("Tổ chức 10 đợt truyền thông", [(10, "đợt truyền thông")]),
    ("Biên soạn, đặt in 80.000 Tờ gấp pháp luật", [(80_000, "Tờ gấp")]),
    ("Tổ chức 01 Hội nghị tập huấn nghiệp vụ", [(1, "Hội nghị tập huấn")]),
    ("đạt 100% người có yêu cầu và 95 % vụ việc", [(100, "%"), (95, "%")]),
    ("tối thiểu 2 lượt/ xã và 01 lượt/ thôn", [(2, "lượt/xã"), (1, "lượt/thôn")]),
    ("128 Bảng thông tin, 128 Hộp tin, 300 Tờ thông tin", [(128, "Bảng thông tin"), (128, "Hộp tin"),
                                                           (300, "Tờ thông tin")]),
    ("Truyền hình 10 huyện và loa của 120 xã, thôn", [(10, "huyện"), (120, "xã")]),
    ("Xây dựng 01 phóng sự; 05 đợt chuyên đề; 02 lớp tập huấn", [(1, "phóng sự"), (5, "đợt chuyên đề"),
                                                                (2, "lớp tập huấn")]),
])
def test_targets(text, targets):
    assert [(t.quantity, t.measure) for t in find_targets(text)] == targets


@pytest.mark.parametrize("text", [
    "Quyết định số 12/2018/TT-BTP ngày 28/8/2018", "khoản 5 Điều 4 Thông tư", "năm 2021", "giai đoạn 2021 - 2025",
    "từ đủ 16 tuổi đến dưới 18 tuổi", "Ngày Người khuyết tật (18/4)", "số điện thoại 0205 375 7555",
    "kinh phí 40.000.000đ", "Quý IV năm 2022",
])
def test_numbers_that_are_not_targets(text):
    assert find_targets(text) == []


def test_targets_come_from_the_description_first():
    parsed = parse_content("1. Tập huấn tại 11 huyện, thành phố", "Tổ chức 11 cuộc tập huấn điểm.",
                           "- Chủ trì: Phòng A")
    assert [(t.quantity, t.measure) for t in parsed.activities[0].targets] == [(11, "cuộc tập huấn")]
    only_title = parse_content("1. Bảo đảm 100% người có yêu cầu được trợ giúp", "- Chủ trì: Phòng A")
    assert [(t.quantity, t.measure) for t in only_title.activities[0].targets] == [(100, "%")]


@pytest.mark.parametrize("text, lead, coordinating", [
    ("Trung tâm Trợ giúp pháp lý nhà nước.", ["Trung tâm Trợ giúp pháp lý nhà nước"], []),
    ("Các Phòng, Chi nhánh", ["Các Phòng", "Chi nhánh"], []),
    ("Các phòng, Chi nhánh/định kỳ bài/ tuần", ["Các phòng", "Chi nhánh"], []),
    ("Phòng Hành chính – Tổng hợp, các Trợ giúp viên pháp lý",
     ["Phòng Hành chính – Tổng hợp", "các Trợ giúp viên pháp lý"], []),
    ("Phòng Hành chính tư pháp & Bổ trợ tư pháp", ["Phòng Hành chính tư pháp & Bổ trợ tư pháp"], []),
    ("Phòng Văn bản, Phổ biến và Theo dõi thi hành pháp luật.",
     ["Phòng Văn bản, Phổ biến và Theo dõi thi hành pháp luật"], []),
    ("Các cơ quan, tổ chức có liên quan.", ["Các cơ quan, tổ chức có liên quan"], []),
    ("Sở Tư pháp chỉ đạo Trung tâm Trợ giúp pháp lý nhà nước và các Chi nhánh của Trung tâm thực hiện.",
     ["Sở Tư pháp", "Trung tâm Trợ giúp pháp lý nhà nước", "các Chi nhánh của Trung tâm"], []),
    ("Sở Tư pháp chỉ đạo Trung tâm, Chi nhánh phối hợp với Ủy ban nhân dân các xã đặc biệt khó khăn, xã biên "
     "giới; các cơ quan, ban, ngành có liên quan thực hiện.",
     ["Sở Tư pháp", "Trung tâm", "Chi nhánh"],
     ["Ủy ban nhân dân các xã đặc biệt khó khăn, xã biên giới", "các cơ quan, ban, ngành có liên quan"]),
    ("Sở Tư pháp chỉ đạo Trung tâm thực hiện theo sự hướng dẫn của Cục Trợ giúp pháp lý – Bộ Tư pháp.",
     ["Sở Tư pháp", "Trung tâm"], ["Cục Trợ giúp pháp lý – Bộ Tư pháp"]),
    ("Sở Tư pháp tham mưu cho Ủy ban nhân dân tỉnh tổ chức sơ kết.", ["Sở Tư pháp"], []),
    ("UBND các xã; Đài Truyền thanh huyện", ["UBND các xã", "Đài Truyền thanh huyện"], []),
    ("- Ủy ban nhân dân các xã.\n- Sở Tư pháp phối hợp với thực hiện.", ["Ủy ban nhân dân các xã", "Sở Tư pháp"], []),
])
def test_unit_names(text, lead, coordinating):
    assert split_unit_text(text) == (lead, coordinating)


@pytest.mark.parametrize("text, found", [
    ("Kinh phí do ngân sách tỉnh bảo đảm 100%.", []),
    ("100% kinh phí từ ngân sách trung ương", []),
    ("Số vụ việc tăng 100 % so với năm 2020", []),
    ("Đạt 100% số vụ việc được thụ lý", [(100, "%")]),
    ("Bảo đảm 100% người có yêu cầu được trợ giúp pháp lý, kinh phí 5 triệu đồng", [(100, "%")]),
])
def test_a_percent_is_a_target_only_when_it_is_one(text, found):
    from importer.reading.attributes import find_targets

    assert [(t.quantity, t.measure) for t in find_targets(text)] == found
