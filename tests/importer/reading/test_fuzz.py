"""Whatever it is given, the importer answers with a ParsedPlan or an ImportProblem, never anything else."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.reading import ImportProblem, ParsedPlan, parse_plan, parse_text
from tests.importer.reading.helpers import docx_bytes, new_document

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of plans, so that generated documents reach the readers behind the first checks.
PIECES = [
    "KẾ HOẠCH", "Số: 12/KH-STP", "Lạng Sơn, ngày 15 tháng 01 năm 2021", "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG",
    "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN", "1. Mục đích", "2. Yêu cầu", "1. Truyền thông", "2.1. Tập huấn",
    "2.2.1 Giao chỉ tiêu", "Hoạt động 1:", "Hoạt động: Tổ chức", "1. Hoạt động 2: Việc", "a) Việc nhỏ",
    "- Chủ trì: Trung tâm TGPL", "- *Phối hợp:* Phòng HCTP&BTTP, các Chi nhánh", "Cơ quan thực hiện:",
    "- Thời gian thực hiện: Quý II - III năm 2021", "- Kết quả: 01 Hội nghị", "+ Sản phẩm: báo cáo",
    "Kinh phí: 177.400.000đ", "(kinh phí: 40.000.000đ)", "Tổ chức 80.000 Tờ gấp và 10 đợt", "100%",
    "Thực hiện Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của Bộ Tư pháp về việc ban hành;",
    "Căn cứ Luật Trợ giúp pháp lý ngày 20 tháng 6 năm 2017;", "Nơi nhận:", "- Lưu: VT.", "GIÁM ĐỐC",
    "Hoàng Thúy Duyên", "| STT | Nội dung | Chủ trì | Thời gian |", "|---|---|---|---|", "| 1 | Việc | Phòng | Quý I |",
    "**", "*", "#", ":", "./.", "", " ", "\t", "Ủy ban nhân dân tỉnh chỉ đạo Sở Tư pháp phối hợp với",
    "NỘI DUNG", "TỔ CHỨC THỰC HIỆN", "A. MỤC ĐÍCH", "PHẦN I. NỘI DUNG", "Nhiệm vụ 2:", "b)", "2.1Việc",
    "| STT | Nội dung | Chủ trì | Phối hợp | Thời gian | Kết quả | Kinh phí (triệu đồng) |",
    "| I | TRUYỀN THÔNG | TRUYỀN THÔNG | | | | |", "| - | Việc | Phòng | | | | 1,5 |", "| | tiếp | | | | | |",
]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=40).map("\n".join)


def check(call):
    try:
        result = call()
    except ImportProblem as problem:
        assert problem.code != "internal", problem.__cause__
        assert str(problem)
        return
    assert isinstance(result, ParsedPlan)
    assert ParsedPlan.from_json(result.to_json()).to_json() == result.to_json()


@FUZZ
@given(st.text(max_size=3000))
def test_any_text(text):
    check(lambda: parse_text(text))


@FUZZ
@given(documents)
def test_plan_like_text(text):
    check(lambda: parse_text(text))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.docx", "a", "a.pdf"]))
def test_any_bytes(data, name):
    check(lambda: parse_plan(data, name))


@FUZZ
@given(documents, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252"]))
def test_plan_like_text_in_any_encoding(text, encoding):
    check(lambda: parse_plan(text.encode(encoding, "replace"), "a.txt"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=25))
def test_plan_like_word_documents(lines):
    document = new_document()
    for line in lines:
        xml_safe = "".join(ch for ch in line if ch in "\t\n" or (" " <= ch and ch not in "\ufffe\uffff"))
        document.add_paragraph(xml_safe)
    data = docx_bytes(document)
    check(lambda: parse_plan(data, "ke-hoach.docx"))
