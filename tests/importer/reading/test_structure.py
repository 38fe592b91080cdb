"""The content tree: every numbering style, every attribute label, bullets and markup, wrapped lines."""
import textwrap

import pytest

from importer.reading import parse_text
from importer.reading.structure import split_long_title
from tests.importer.reading.helpers import parse_content
from tests.importer.reading.samples import DISTRICT_PLAN


def shape(nodes):
    """(number, title, is_heading, children) for comparing trees."""
    return [(n.number, n.title, n.is_heading, shape(n.children)) for n in nodes]


def test_decimal_numbers_nest_by_their_prefix():
    parsed = parse_content(
        "1. Tham mưu chung", "- Chủ trì: Phòng A",
        "2. Thụ lý vụ việc",
        "2.1. Tiếp nhận yêu cầu", "- Chủ trì: Phòng A",
        "2.2 Tham gia tố tụng",
        "2.2.1. Giao chỉ tiêu", "- Chủ trì: Phòng B",
        "2.2.2. Cử người thực hiện", "- Chủ trì: Phòng B",
        "2.3. Thẩm định chất lượng", "- Chủ trì: Phòng A",
        "3. Truyền thông", "- Chủ trì: Phòng C",
    )
    assert shape(parsed.activities) == [
        ("1", "Tham mưu chung", False, []),
        ("2", "Thụ lý vụ việc", True, [
            ("2.1", "Tiếp nhận yêu cầu", False, []),
            ("2.2", "Tham gia tố tụng", True, [
                ("2.2.1", "Giao chỉ tiêu", False, []),
                ("2.2.2", "Cử người thực hiện", False, []),
            ]),
            ("2.3", "Thẩm định chất lượng", False, []),
        ]),
        ("3", "Truyền thông", False, []),
    ]


def test_activities_under_numbered_headings():
    parsed = parse_content(
        "1. Nâng cao nhận thức",
        "Hoạt động 1: Truyền thông trên báo.", "- Chủ trì: Phòng A",
        "Hoạt động 2: Phát tờ gấp.", "- Chủ trì: Phòng A",
        "2. Nâng cao năng lực",
        "Hoạt động: Tập huấn.", "- Chủ trì: Phòng B",
    )
    assert shape(parsed.activities) == [
        ("1", "Nâng cao nhận thức", True, [("Hoạt động 1", "Truyền thông trên báo.", False, []),
                                          ("Hoạt động 2", "Phát tờ gấp.", False, [])]),
        ("2", "Nâng cao năng lực", True, [("Hoạt động", "Tập huấn.", False, [])]),
    ]
    assert {n.number_style for n in parsed.walk() if not n.is_heading} == {"activity"}


def test_a_number_and_an_activity_label_together():
    parsed = parse_content(
        "1. Hoạt động 1: Tổ chức truyền thông", "Cơ quan thực hiện: Phòng A",
        "## **2. Hoạt động 2: Tập huấn**", "Cơ quan thực hiện: Phòng B",
    )
    assert shape(parsed.activities) == [("Hoạt động 1", "Tổ chức truyền thông", False, []),
                                        ("Hoạt động 2", "Tập huấn", False, [])]


def test_a_heading_that_is_itself_an_activity():
    parsed = parse_content(
        "1. Kiểm tra chất lượng vụ việc",
        "Các vụ việc hoàn thành trong năm được kiểm tra.",
        "- Chủ trì: Phòng A",
        "- Thời gian thực hiện: Quý IV năm 2025.",
    )
    node = parsed.activities[0]
    assert (node.title, node.is_heading, node.description) == (
        "Kiểm tra chất lượng vụ việc", False, "Các vụ việc hoàn thành trong năm được kiểm tra.")


def test_letters_under_numbers_and_an_activity_label_on_its_own_line():
    parsed = parse_content(
        "1. Tuyên truyền",
        "a) Nói chuyện chuyên đề", "- Chủ trì: Phòng A",
        "b) Phát tờ rơi", "- Chủ trì: Phòng B",
        "2. Trợ giúp lưu động",
        "Nhiệm vụ 1:", "Tổ chức 04 đợt lưu động", "- Chủ trì: Phòng C",
    )
    assert shape(parsed.activities) == [
        ("1", "Tuyên truyền", True, [("a", "Nói chuyện chuyên đề", False, []), ("b", "Phát tờ rơi", False, [])]),
        ("2", "Trợ giúp lưu động", True, [("Nhiệm vụ 1", "Tổ chức 04 đợt lưu động", False, [])]),
    ]


def test_an_activity_named_only_by_its_bullets():
    parsed = parse_content(
        "5. Hoạt động 5:",
        "- In tờ gấp pháp luật: đạt 100% xã được cấp.",
        "- Sao băng đĩa tiếng dân tộc: đạt 100% thôn được cấp.",
        "Cơ quan thực hiện: Phòng A",
    )
    node = parsed.activities[0]
    assert node.title == "In tờ gấp pháp luật; sao băng đĩa tiếng dân tộc"
    assert [(t.quantity, t.measure) for t in node.targets] == [(100, "%"), (100, "%")]
    assert any(w["field"] == "activities.0.title" for w in parsed.warnings)


def test_activities_written_without_numbers():
    parsed = parse_content(
        "1. Truyền thông",
        "Tổ chức hội nghị tại xã.", "- Chủ trì: Phòng A", "- Thời gian: Quý I",
        "Đăng tin trên trang thông tin điện tử.", "- Chủ trì: Phòng B", "- Thời gian: Quý II",
    )
    heading = parsed.activities[0]
    assert heading.title == "Truyền thông"
    assert heading.lead_units == ["Phòng A"]
    assert parsed.activities[1].title == "Đăng tin trên trang thông tin điện tử."
    assert parsed.activities[1].lead_units == ["Phòng B"]


@pytest.mark.parametrize("label, field", [
    ("Chủ trì", "lead_text"), ("Thực hiện", "lead_text"), ("Cơ quan thực hiện", "lead_text"),
    ("Cơ quan chủ trì", "lead_text"), ("Đơn vị chủ trì", "lead_text"), ("Chủ trì thực hiện", "lead_text"),
    ("Phối hợp", "coordinating_text"), ("Cơ quan phối hợp", "coordinating_text"),
    ("Đơn vị phối hợp", "coordinating_text"),
    ("Thời gian thực hiện", "timeframe_text"), ("Thời gian", "timeframe_text"), ("Thời hạn hoàn thành", "timeframe_text"),
    ("Tiến độ", "timeframe_text"),
    ("Kết quả", "expected_result"), ("Kết quả thực hiện", "expected_result"), ("Sản phẩm", "expected_result"),
    ("Kinh phí", "funding_text"), ("Kinh phí thực hiện", "funding_text"), ("Nguồn kinh phí", "funding_text"),
])
@pytest.mark.parametrize("written", ["- {label}: {value}", "- *{label}:* {value}", "- *{label}*: {value}",
                                     "+ **{label}:** {value}", "• {label}: {value}", "{label}: {value}",
                                     "- {label} : {value}"])
def test_every_label_in_every_markup(label, field, written):
    value = "Phòng Tư pháp" if field.endswith("_text") and "time" not in field and "funding" not in field else "Quý III"
    parsed = parse_content("1. Việc cần làm", written.format(label=label, value=value))
    assert getattr(parsed.activities[0], field) == value


def test_a_label_whose_value_is_on_the_next_lines():
    parsed = parse_content(
        "1. Củng cố câu lạc bộ",
        "Cơ quan thực hiện:",
        "- Ủy ban nhân dân các xã biên giới.",
        "- Sở Tư pháp chỉ đạo Trung tâm Trợ giúp pháp lý nhà nước thực hiện.",
        "Thời gian thực hiện: 2014 - 2020.",
    )
    node = parsed.activities[0]
    assert node.lead_units == ["Ủy ban nhân dân các xã biên giới", "Sở Tư pháp", "Trung tâm Trợ giúp pháp lý nhà nước"]
    assert node.timeframe_text == "2014 - 2020."


def test_sub_bullets_continue_a_label():
    parsed = parse_content(
        "1. Tập huấn", "- Kết quả:", "+ Hội nghị được tổ chức;", "+ Tài liệu được phát.", "- Thời gian: Quý II",
    )
    assert parsed.activities[0].expected_result == "+ Hội nghị được tổ chức;\n+ Tài liệu được phát."


def test_description_keeps_bullets_of_every_kind():
    parsed = parse_content("1. Truyền thông:", "- Phát tờ gấp;", "• Đăng tin;", "+ Làm video.", "- Chủ trì: Phòng A")
    assert parsed.activities[0].title == "Truyền thông"
    assert parsed.activities[0].description == "- Phát tờ gấp;\n- Đăng tin;\n+ Làm video."


def test_a_long_paragraph_is_cut_to_its_lead_clause():
    lead = "Tổ chức tập huấn bồi dưỡng tăng cường năng lực cho người thực hiện trợ giúp pháp lý"
    rest = ("Biên soạn chuyên đề tập huấn kiến thức pháp luật và kỹ năng thực hiện trợ giúp pháp lý cho các Trợ giúp "
            "viên pháp lý, Luật sư, cộng tác viên bảo đảm đủ trình độ tham gia tố tụng, đại diện ngoài tố tụng, tư vấn "
            "pháp luật tại trụ sở và tư vấn pháp luật tiền tố tụng.")
    assert split_long_title(f"{lead} như: {rest[0].lower()}{rest[1:]}") == (lead, rest)
    one_sentence = "Tham mưu cho Sở cử viên chức đi học; Cử chuyên viên tham dự các lớp tập huấn " + "x " * 140 + "."
    assert split_long_title(one_sentence) == (one_sentence, "")
    cited = ("Triển khai thực hiện Quyết định số 1/QĐ-UBND ngày 2/1/2021 của Ủy ban nhân dân tỉnh về chính sách; "
             "Kế hoạch số 2/KH-UBND ngày 3/2/2021 về trợ giúp " + "y " * 100 + ". Bảo đảm 100% người có yêu cầu.")
    title, description = split_long_title(cited)
    assert title.endswith("về trợ giúp " + "y " * 99 + "y") and description == "Bảo đảm 100% người có yêu cầu."
    assert split_long_title("Ngắn: gọn.") == ("Ngắn: gọn.", "")


def test_text_wrapped_like_a_pdf_reads_like_the_original():
    wrapped = []
    for line in DISTRICT_PLAN.split("\n"):
        if len(line) > 72:
            wrapped.extend(textwrap.wrap(line, 72, break_on_hyphens=False))
        else:
            wrapped.append(line)
    pdf_like = "\n \n".join(f"{line} " for line in wrapped)
    original, reread = parse_text(DISTRICT_PLAN).to_json(), parse_text(pdf_like).to_json()
    assert reread == original


def test_several_content_sections_become_headings():
    parsed = parse_text("\n".join([
        "KẾ HOẠCH", "Công tác năm 2025", "I. NHIỆM VỤ TRỌNG TÂM", "1. Việc một", "- Chủ trì: Phòng A",
        "II. GIẢI PHÁP THỰC HIỆN", "1. Việc hai", "- Chủ trì: Phòng B",
    ]))
    assert shape(parsed.activities) == [
        ("I", "NHIỆM VỤ TRỌNG TÂM", True, [("1", "Việc một", False, [])]),
        ("II", "GIẢI PHÁP THỰC HIỆN", True, [("1", "Việc hai", False, [])]),
    ]


def test_sections_without_roman_numerals():
    parsed = parse_text("\n".join([
        "KẾ HOẠCH", "Công tác năm 2025", "A. MỤC ĐÍCH, YÊU CẦU", "Làm tốt.", "NỘI DUNG", "1. Việc một",
        "- Chủ trì: Phòng A", "2. Việc hai", "- Chủ trì: Phòng B", "TỔ CHỨC THỰC HIỆN", "Các phòng thực hiện.",
    ]))
    assert parsed.purpose == "Làm tốt." and parsed.implementation_note == "Các phòng thực hiện."
    assert shape(parsed.activities) == [("1", "Việc một", False, []), ("2", "Việc hai", False, [])]


def test_several_labels_on_one_line():
    parsed = parse_content("1. Tập huấn", "- Chủ trì: Phòng A; Phối hợp: Phòng B; Thời gian: Quý II năm 2025.",
                           "- Chủ trì: Sở Tư pháp chỉ đạo Phòng C; các đơn vị liên quan.")
    node = parsed.activities[0]
    assert (node.coordinating_text, node.timeframe_text) == ("Phòng B", "Quý II năm 2025.")
    assert node.lead_units == ["Phòng A", "Sở Tư pháp", "Phòng C", "các đơn vị liên quan"]
