"""Plans laid out as a table, in Word and in markdown, and Word's own numbering."""
import datetime

from importer.reading import parse_plan, parse_text
from tests.importer.reading.helpers import activity_table, bold, docx_bytes, header_table, new_document
from tests.importer.reading.samples import MARKDOWN_TABLE_PLAN

D = datetime.date


def word_plan():
    document = new_document()
    header_table(document, "UBND TỈNH MẪU\nSỞ TƯ PHÁP\nSố: 21/KH-STP",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nThị xã Mẫu, ngày 08 tháng 4 năm 2024")
    bold(document, "KẾ HOẠCH")
    bold(document, "Thực hiện công tác trợ giúp pháp lý năm 2024")
    document.add_paragraph("Căn cứ Kế hoạch số 15/KH-UBND ngày 20/01/2024 của UBND tỉnh Mẫu về công tác tư pháp "
                           "năm 2024, Sở Tư pháp xây dựng Kế hoạch như sau:")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Nâng cao chất lượng trợ giúp pháp lý.")
    document.add_paragraph("II. NỘI DUNG")
    table = activity_table(document, [
        ("I", "TRUYỀN THÔNG", "", "", "", "", ""),
        ("1", "Tổ chức 01 hội thảo\nMời chuyên gia của Cục tham dự.", "Trung tâm TGPL", "Sở Tư pháp", "Quý II",
         "Hội thảo được tổ chức", "25,5"),
        ("2", "Kiểm tra 10 vụ việc", "Phòng HCTP&BTTP", "", "Tháng 11/2024", "Báo cáo", ""),
        ("II", "NĂNG LỰC", "", "", "", "", ""),
        ("1", "Tập huấn", "Trung tâm TGPL", "", "Quý III năm 2024", "", "12"),
    ], header=("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
               "Sản phẩm", "Kinh phí (triệu đồng)"))
    merged = table.rows[1].cells
    merged[1].merge(merged[6])
    merged[1].text = "TRUYỀN THÔNG"
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các đơn vị triển khai thực hiện./.")
    header_table(document, "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nHoàng Văn Nam")
    return docx_bytes(document)


def test_a_word_table_plan():
    parsed = parse_plan(word_plan(), "ke-hoach.docx")
    assert (parsed.number, parsed.place, parsed.issued_on, parsed.title) == (
        "21/KH-STP", "Thị xã Mẫu", D(2024, 4, 8), "Thực hiện công tác trợ giúp pháp lý năm 2024")
    assert parsed.issuing_body == "SỞ TƯ PHÁP"
    assert [b.number for b in parsed.legal_bases] == ["15/KH-UBND"]
    assert (parsed.signer_title, parsed.signer_name, parsed.recipients) == (
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Hoàng Văn Nam", ["UBND tỉnh;", "Lưu: VT."])
    communication, capacity = parsed.activities
    assert (communication.number, communication.title, communication.is_heading) == ("I", "TRUYỀN THÔNG", True)
    workshop, review = communication.children
    assert (workshop.number, workshop.title, workshop.description) == (
        "1", "Tổ chức 01 hội thảo", "Mời chuyên gia của Cục tham dự.")
    assert (workshop.lead_units, workshop.coordinating_units) == (["Trung tâm TGPL"], ["Sở Tư pháp"])
    assert (workshop.start, workshop.due, workshop.expected_result) == (D(2024, 4, 1), D(2024, 6, 30),
                                                                        "Hội thảo được tổ chức")
    assert [b.amount for b in workshop.budget_lines] == [25_500_000]
    assert [(t.quantity, t.measure) for t in review.targets] == [(10, "vụ việc")]
    assert review.budget_lines == []
    assert [b.amount for b in capacity.children[0].budget_lines] == [12_000_000]


def test_a_markdown_table_plan():
    parsed = parse_text(MARKDOWN_TABLE_PLAN)
    communication, capacity = parsed.activities
    assert (communication.number, communication.title, communication.is_heading) == ("I", "Truyền thông", True)
    book, radio = communication.children
    assert (book.title, book.lead_units, book.coordinating_units, book.timeframe_text) == (
        "Biên soạn 2.000 cuốn sổ tay pháp luật", ["Trung tâm TGPL"], ["Phòng Phổ biến, giáo dục pháp luật"], "Quý III")
    assert (book.start, book.due) == (D(2024, 7, 1), D(2024, 9, 30))
    assert [b.amount for b in book.budget_lines] == [30_000_000]
    assert [(t.quantity, t.measure) for t in radio.targets] == [(20, "chuyên mục")]
    training = capacity.children[0]
    assert (training.lead_units, training.timeframe_text) == (["Phòng Hành chính tư pháp"], "Quý II - III năm 2024")
    assert sum(b.amount or 0 for node in parsed.walk() for b in node.budget_lines) == 42_000_000


def test_word_automatic_numbering_and_bullets():
    document = new_document()
    bold(document, "KẾ HOẠCH")
    bold(document, "Trợ giúp pháp lý năm 2024")
    document.add_paragraph("II. NỘI DUNG")
    document.add_paragraph("Truyền thông về trợ giúp pháp lý", style="List Number")
    document.add_paragraph("Tổ chức 06 đợt truyền thông tại các xã.")
    document.add_paragraph("Chủ trì: Trung tâm TGPL", style="List Bullet")
    document.add_paragraph("Thời gian thực hiện: Quý III năm 2024", style="List Bullet")
    document.add_paragraph("Tập huấn nghiệp vụ", style="List Number")
    document.add_paragraph("Chủ trì: Phòng HCTP&BTTP", style="List Bullet")
    parsed = parse_plan(docx_bytes(document), "x.docx")
    assert [(a.number, a.title, a.lead_units) for a in parsed.activities] == [
        ("1", "Truyền thông về trợ giúp pháp lý", ["Trung tâm TGPL"]),
        ("2", "Tập huấn nghiệp vụ", ["Phòng HCTP&BTTP"]),
    ]
    assert [(t.quantity, t.measure) for t in parsed.activities[0].targets] == [(6, "đợt truyền thông")]


def test_a_layout_table_is_read_as_lines():
    text = "\n".join(["| SỞ TƯ PHÁP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "|---|---|",
                      "| Số: 4/KH-STP | Thị xã Mẫu, ngày 01 tháng 6 năm 2025 |", "", "KẾ HOẠCH", "Việc năm 2025",
                      "II. NỘI DUNG", "1. Làm việc", "- Chủ trì: Phòng A"])
    parsed = parse_text(text)
    assert (parsed.number, parsed.issuing_body, parsed.issued_on) == ("4/KH-STP", "SỞ TƯ PHÁP", D(2025, 6, 1))


def test_an_appendix_table_after_the_signature():
    document = new_document()
    bold(document, "KẾ HOẠCH")
    bold(document, "Trợ giúp pháp lý năm 2025")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Làm tốt công tác.")
    document.add_paragraph("II. NỘI DUNG")
    document.add_paragraph("(Có Phụ lục chi tiết kèm theo)")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các đơn vị thực hiện./.")
    header_table(document, "Nơi nhận:\n- Lưu: VT.", "GIÁM ĐỐC\n\nTrần Văn Minh")
    bold(document, "PHỤ LỤC")
    document.add_paragraph("(Kèm theo Kế hoạch số 5/KH-STP ngày 02/01/2025 của Sở Tư pháp)")
    activity_table(document, [("1", "Tổ chức 03 đợt lưu động", "Trung tâm TGPL", "", "Quý II", "", "9.000.000")])
    parsed = parse_plan(docx_bytes(document), "x.docx")
    assert (parsed.signer_name, parsed.implementation_note) == ("Trần Văn Minh", "Các đơn vị thực hiện./.")
    assert [(a.title, a.lead_units, [b.amount for b in a.budget_lines]) for a in parsed.activities] == [
        ("Tổ chức 03 đợt lưu động", ["Trung tâm TGPL"], [9_000_000])]
