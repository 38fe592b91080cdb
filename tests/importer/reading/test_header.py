"""Header, cited documents, sections and closing of a plan, and the JSON form of a draft."""
import datetime
import json

import pytest

from importer.reading import ImportProblem, ParsedPlan, parse_text
from importer.reading.header import opening_citations, read_closing, read_number, read_place_date, years_of_title
from importer.reading.parser import restore_case
from tests.importer.reading.samples import DISTRICT_PLAN, MARKDOWN_TABLE_PLAN

D = datetime.date


def test_a_plan_it_has_never_seen():
    parsed = parse_text(DISTRICT_PLAN)
    assert (parsed.number, parsed.issuing_body, parsed.place, parsed.issued_on) == (
        "45/KH-PTP", "PHÒNG TƯ PHÁP", "Bắc Sơn", D(2023, 3, 3))
    assert parsed.title == "Tuyên truyền pháp luật và trợ giúp pháp lý cho đồng bào vùng cao năm 2023"
    assert (parsed.kind, parsed.start_year, parsed.end_year, parsed.open_ended) == ("annual", 2023, 2023, False)
    assert parsed.purpose == "Nâng cao hiểu biết pháp luật của người dân vùng cao."
    assert parsed.requirements == "Bám sát thực tiễn, tiết kiệm, hiệu quả."
    assert parsed.funding_note.startswith("Kinh phí thực hiện từ ngân sách huyện")
    assert parsed.funding_sources == ["Ngân sách huyện", "Nguồn hợp pháp khác"]
    assert parsed.implementation_note.startswith("Phòng Tư pháp chủ trì")
    assert parsed.recipients == ["Sở Tư pháp (b/c);", "UBND huyện;", "Lưu: VT."]
    assert (parsed.signer_title, parsed.signer_name) == ("KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Bình")
    bases = [(b.doc_type, b.number, b.issued_on, b.issuer, b.summary) for b in parsed.legal_bases]
    assert bases == [
        ("Luật", "", D(2017, 6, 20), "", "Trợ giúp pháp lý"),
        ("Quyết định", "12/QĐ-UBND", D(2023, 1, 10), "Ủy ban nhân dân huyện Bắc Sơn",
         "về việc giao chỉ tiêu phát triển kinh tế - xã hội năm 2023"),
    ]
    first, second = parsed.activities
    talk, leaflets = first.children
    assert (talk.title, talk.lead_units, talk.coordinating_units) == (
        "Tổ chức 12 buổi nói chuyện chuyên đề pháp luật tại các thôn.", ["Phòng Tư pháp"],
        ["UBND các xã", "Đài Truyền thanh huyện"])
    assert (talk.start, talk.due, talk.expected_result) == (D(2023, 4, 1), D(2023, 6, 30), "Biên bản các buổi nói chuyện.")
    assert [(b.amount, b.funding_source) for b in talk.budget_lines] == [(15_000_000, "Ngân sách huyện")]
    assert [(t.quantity, t.measure) for t in leaflets.targets] == [(5000, "tờ rơi")]
    assert (leaflets.start, leaflets.due) == (D(2023, 4, 1), D(2023, 6, 30))
    mobile, review = second.children
    assert (mobile.number, mobile.recurrence, mobile.coordinating_units) == (
        "Nhiệm vụ 1", "quarterly", ["Bộ đội Biên phòng tỉnh"])
    assert (review.due, review.expected_result) == (D(2023, 12, 31), "Báo cáo sơ kết.")
    assert parsed.warnings == []


@pytest.mark.parametrize("line, number", [
    ("Số: 19/KH-TGPL", "19/KH-TGPL"), ("Số: 120 /KH-STP", "120/KH-STP"), ("Số:45/ KH - PTP", "45/KH-PTP"),
    ("Số: /KH-STP", ""), ("Số 07/KH-UBND", "07/KH-UBND"),
])
def test_number_line(line, number):
    assert read_number(line) == number


def test_place_and_date_lines():
    assert read_place_date(" Lạng Sơn, ngày  15   tháng  01  năm 2021 ") == ("Lạng Sơn", D(2021, 1, 15))
    assert read_place_date("Trà Vinh, ngày 06/9/2022") == ("Trà Vinh", D(2022, 9, 6))
    assert read_place_date("Lạng Sơn, ngày     tháng     năm 2021") == ("Lạng Sơn", None)
    assert read_place_date("Thực hiện Kế hoạch số 1, ngày 2 tháng 3 năm 2021 của UBND") is None


def test_cited_documents_of_the_opening():
    text = ("Thực hiện Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của Bộ trưởng Bộ Tư pháp về việc ban hành Kế hoạch "
            "triển khai chính sách; Kế hoạch số 179/KH-UBND ngày 09 tháng 11 năm 2020 của UBND tỉnh về thực hiện "
            "Chương trình trợ giúp người khuyết tật; Quyết định số 650/QĐ-BTP ngày 27/3/2013 của Bộ trưởng Bộ Tư "
            "pháp ban hành kế hoạch triển khai thực hiện Quyết định số 59/2012/QĐ-TTg của Thủ tướng Chính phủ, "
            "Sở Tư pháp tỉnh Mẫu xây dựng Kế hoạch như sau:")
    bases = [(b.doc_type, b.number, b.issued_on, b.issuer, b.summary) for b in opening_citations(text)]
    assert bases == [
        ("Quyết định", "2584/QĐ-BTP", D(2020, 12, 25), "Bộ trưởng Bộ Tư pháp",
         "về việc ban hành Kế hoạch triển khai chính sách"),
        ("Kế hoạch", "179/KH-UBND", D(2020, 11, 9), "UBND tỉnh", "về thực hiện Chương trình trợ giúp người khuyết tật"),
        ("Quyết định", "650/QĐ-BTP", D(2013, 3, 27), "Bộ trưởng Bộ Tư pháp",
         "ban hành kế hoạch triển khai thực hiện Quyết định số 59/2012/QĐ-TTg của Thủ tướng Chính phủ"),
    ]
    directive = opening_citations("Căn cứ Chỉ thị số 05-CT/TU ngày 08/3/2021 của Ban Thường vụ Tỉnh ủy về công tác; "
                                  "\nCăn cứ Công văn số 960/UBND-NC ngày 18/3/2021 của Ủy ban nhân dân tỉnh.")
    assert [(b.doc_type, b.number, b.issuer) for b in directive] == [
        ("Chỉ thị", "05-CT/TU", "Ban Thường vụ Tỉnh ủy"), ("Công văn", "960/UBND-NC", "Ủy ban nhân dân tỉnh")]


def test_closing_block():
    recipients, title, name = read_closing([
        "Nơi nhận:", "- UBND tỉnh (b/c);", "- Lưu: VT, TGPL.", "GIÁM ĐỐC", "", "(Đã ký)", "Lâm Sáng Tươi",
        "BAN CƠ YẾU CHÍNH PHỦ - ĐT: 0243.7738668", "Sở Tư pháp<stp@example.vn> đã ký lên văn bản này!",
    ])
    assert (recipients, title, name) == (["UBND tỉnh (b/c);", "Lưu: VT, TGPL."], "GIÁM ĐỐC", "Lâm Sáng Tươi")
    assert read_closing(["Nơi nhận: - Bộ Tư pháp;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "NGUYỄN VĂN AN"]) == (
        ["Bộ Tư pháp;"], "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "NGUYỄN VĂN AN")
    assert read_closing(["Hoàng Thị Bích"]) == ([], "", "Hoàng Thị Bích")


def test_years_of_a_title():
    assert years_of_title("Kế hoạch giai đoạn 2013 – 2020 trên địa bàn tỉnh") == (2013, 2020, False)
    assert years_of_title("Công tác năm 2021") == (2021, 2021, False)
    assert years_of_title("Thực hiện Đề án năm 2021 và những năm tiếp theo") == (2021, None, True)
    assert years_of_title("Thực hiện Chỉ thị số 05-CT/TU ngày 08/3/2021") == (None, None, False)


def test_a_title_in_capitals_takes_the_case_of_the_body():
    body = "Thực hiện Quyết định số 59/2012/QĐ-TTg của Thủ tướng Chính phủ về chính sách trợ giúp pháp lý cho người nghèo"
    assert restore_case("TRIỂN KHAI QUYẾT ĐỊNH SỐ 59/2012/QĐ-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ TRỢ GIÚP PHÁP LÝ", body) == (
        "Triển khai Quyết định số 59/2012/QĐ-TTg của Thủ tướng Chính phủ về trợ giúp pháp lý")
    assert restore_case("Công tác năm 2021", body) == "Công tác năm 2021"


def test_open_ended_plan_takes_its_years_from_the_activities():
    parsed = parse_text("\n".join([
        "KẾ HOẠCH", "Triển khai Chỉ thị số 1-CT/TU ngày 08/3/2021 của Tỉnh ủy", "I. NỘI DUNG THỰC HIỆN",
        "1. Việc một", "- Cơ quan chủ trì: Phòng A", "- Thời gian thực hiện: Năm 2021 và những năm tiếp theo.",
        "2. Việc hai", "- Cơ quan chủ trì: Phòng B", "- Thời gian thực hiện: Năm 2021 và những năm tiếp theo.",
    ]))
    assert (parsed.kind, parsed.start_year, parsed.end_year, parsed.open_ended) == ("directive", 2021, None, True)
    assert parsed.activities[0].recurrence == "yearly" and parsed.activities[0].due is None


def test_markdown_header_and_warnings():
    parsed = parse_text(MARKDOWN_TABLE_PLAN)
    assert (parsed.number, parsed.issuing_body, parsed.place, parsed.issued_on) == (
        "7/KH-STP", "SỞ TƯ PHÁP TỈNH HÀ GIANG", "Hà Giang", D(2024, 2, 12))
    assert (parsed.signer_title, parsed.signer_name) == ("GIÁM ĐỐC", "Lê Thị Hoa")
    bare = parse_text("KẾ HOẠCH\nViệc gì đó\nII. NỘI DUNG\n1. Làm việc\n- Thời gian: lúc nào rảnh")
    fields = {w["field"] for w in bare.warnings}
    assert {"number", "issued_on", "issuing_body", "activities.0.lead_units", "activities.0.timeframe_text"} <= fields
    assert all(w["message"][0].isupper() for w in bare.warnings)


def test_the_json_shape_and_round_trip():
    parsed = parse_text(DISTRICT_PLAN)
    data = parsed.to_json()
    assert list(data)[:18] == ["number", "issuing_body", "place", "issued_on", "kind", "title", "purpose",
                               "requirements", "funding_note", "implementation_note", "legal_bases", "activities",
                               "funding_sources", "recipients", "signer_title", "signer_name", "warnings",
                               "start_year"]
    assert set(data["legal_bases"][0]) >= {"doc_type", "number", "issued_on", "issuer", "summary", "plan_id"}
    node = data["activities"][0]["children"][0]
    assert set(node) >= {"number", "title", "description", "is_heading", "lead_units", "coordinating_units",
                         "timeframe_text", "start", "due", "recurrence", "timeframe_understood", "expected_result",
                         "targets", "budget_lines", "children"}
    assert node["start"] == "2023-04-01" and node["targets"] == [{"quantity": 12, "measure": "buổi"}]
    assert set(node["budget_lines"][0]) >= {"amount", "funding_source", "description"}
    text = json.dumps(data, ensure_ascii=False)
    assert ParsedPlan.from_json(json.loads(text)).to_json() == data


@pytest.mark.parametrize("bad", [None, [], "x", {"activities": "x"}, {"activities": [{"children": 3}]},
                                 {"issued_on": "15/01/2021"}, {"activities": [{"targets": [{"quantity": "nhiều"}]}]},
                                 {"start_year": True}, {"legal_bases": [{"plan_id": -1}]}])
def test_from_json_refuses_what_is_not_a_draft(bad):
    with pytest.raises(ImportProblem) as caught:
        ParsedPlan.from_json(bad)
    assert caught.value.code == "draft"
