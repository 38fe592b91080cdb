"""Files the importer must refuse with a message (and never crash on), and encodings it must read."""
import io
import os
import random
import unicodedata
import zipfile

import pytest
from django.test import override_settings

from importer.reading import ImportProblem, parse_plan, parse_text, read_document
from tests.importer.reading.helpers import (
    activity_table,
    bold,
    docx_bytes,
    header_table,
    new_document,
    plan_text,
    png_bytes,
)
from tests.importer.reading.samples import DISTRICT_PLAN


def problem(data, filename="ke-hoach.txt"):
    with pytest.raises(ImportProblem) as caught:
        parse_plan(data, filename)
    message = str(caught.value)
    assert message and message[0].isupper()
    return caught.value


def test_empty_file():
    assert problem(b"").code == "empty"
    assert problem(b"  \r\n\t \n").code == "empty"
    assert "rỗng" in str(problem(b"", "ke-hoach.docx"))


def test_random_bytes():
    rng = random.Random(6)
    for name in ("x.txt", "x.md", "x.docx", "x"):
        assert problem(bytes(rng.randrange(256) for _ in range(4000)), name).code in {"binary", "encoding", "docx"}


def test_a_20_mb_file_is_refused_before_reading():
    error = problem(b"KE HOACH " * (20 * 1024 * 1024 // 9 + 1))
    assert error.code == "too_large"
    assert "MB" in str(error)
    with pytest.raises(ImportProblem) as caught:
        parse_text("x" * (11 * 1024 * 1024))
    assert caught.value.code == "too_large"


@override_settings(IMPORT_MAX_BYTES=1000)
def test_the_limit_is_a_setting():
    assert problem(plan_text("1. Việc một").encode() * 3).code == "too_large"


def test_a_text_that_is_not_a_plan():
    report = "BÁO CÁO\nKết quả công tác quý I năm 2024\nTrong quý, đơn vị đã thực hiện tốt các nhiệm vụ được giao."
    error = problem(report.encode())
    assert error.code == "not_a_plan"
    assert "KẾ HOẠCH" in str(error)
    assert problem("Xin chào, đây là một lá thư.\nHẹn gặp lại.".encode()).code == "not_a_plan"


def test_a_heading_alone_is_not_enough():
    assert problem("KẾ HOẠCH".encode()).code == "not_a_plan"


def test_a_docx_with_an_image_and_tables_is_read():
    document = new_document()
    header_table(document, "UBND TỈNH MẪU\nSỞ TƯ PHÁP\nSố: 9/KH-STP",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nThị xã Mẫu, ngày 01 tháng 3 năm 2025")
    document.add_picture(io.BytesIO(png_bytes()))
    bold(document, "KẾ HOẠCH")
    bold(document, "Trợ giúp pháp lý năm 2025")
    document.add_paragraph("II. NỘI DUNG")
    activity_table(document, [("1", "Tổ chức 02 hội nghị", "Trung tâm TGPL", "", "Quý II", "Hội nghị", "")])
    document.add_picture(io.BytesIO(png_bytes()))
    parsed = parse_plan(docx_bytes(document), "ke-hoach.docx")
    assert parsed.number == "9/KH-STP" and parsed.title == "Trợ giúp pháp lý năm 2025"
    assert [a.title for a in parsed.activities] == ["Tổ chức 02 hội nghị"]


def test_a_docx_of_only_an_image():
    document = new_document()
    document.add_picture(io.BytesIO(png_bytes()))
    assert problem(docx_bytes(document), "anh.docx").code == "empty"


def test_broken_and_foreign_zip_files(tmp_path):
    document = docx_bytes(new_document())
    assert problem(document[: len(document) // 2], "hong.docx").code == "docx"
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert problem(other.read_bytes(), "other.docx").code == "docx"


@override_settings(IMPORT_MAX_BYTES=1024 * 1024)
def test_a_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (25 * 1024 * 1024))
    assert problem(bomb.read_bytes(), "bomb.docx").code == "too_large"


def test_old_word_pdf_and_rtf_get_advice():
    assert ".docx" in str(problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc"))
    assert problem(b"%PDF-1.7\n" + os.urandom(300), "kh.pdf").code == "pdf"
    assert problem(b"{\\rtf1\\ansi hello}", "kh.rtf").code == "rtf"


def cp1258(text):
    """Text as Windows writes it in code page 1258: base letters with separate combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [mark for mark in decomposed[1:] if mark in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in tones))
        out += (base + "".join(tones)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258", "utf-16-le"])
def test_encodings_offices_use(encoding):
    data = cp1258(DISTRICT_PLAN) if encoding == "cp1258" else DISTRICT_PLAN.encode(encoding)
    if encoding == "cp1258":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    parsed = parse_plan(data, "ke-hoach.txt")
    assert parsed.title == "Tuyên truyền pháp luật và trợ giúp pháp lý cho đồng bào vùng cao năm 2023"
    assert parsed.signer_name == "Nguyễn Văn Bình"


def test_windows_1252_and_unaccented_text():
    text = "KE HOACH\nCong tac tro giup phap ly nam 2025 (ban cafe)\nII. NOI DUNG\n1. To chuc hoi nghi\n- Chu tri: Phong Tu phap\n"
    parsed = parse_plan(text.replace("cafe", "café").encode("cp1252"), "a.txt")
    assert parsed.title.endswith("(ban café)")
    assert parsed.activities[0].lead_units == ["Phong Tu phap"]


def test_mojibake_is_repaired_or_refused():
    garbled = DISTRICT_PLAN.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    try:
        parsed = parse_plan(garbled, "x.txt")
    except ImportProblem as error:
        assert error.code in {"encoding", "binary"}
    else:
        assert parsed.signer_name == "Nguyễn Văn Bình"


def test_legacy_tcvn3_text_is_refused_with_advice():
    legacy = ("KÕ ho¹ch\nTriÓn khai c«ng t¸c trî gióp ph¸p lý n¨m 2021\n" * 20).encode("cp1252", "replace")
    error = problem(legacy)
    assert error.code == "encoding"
    assert "TCVN3" in str(error)


def test_markdown_and_text_read_the_same():
    markdown = plan_text("**1. Truyền thông**", "- *Chủ trì:* Trung tâm TGPL", "- *Thời gian:* Quý II")
    plain = plan_text("1. Truyền thông", "- Chủ trì: Trung tâm TGPL", "- Thời gian: Quý II")
    assert parse_plan(markdown.encode(), "a.md").to_json() == parse_plan(plain.encode(), "a.txt").to_json()


def test_read_document_returns_blocks():
    blocks = read_document("KẾ HOẠCH\n| STT | Nội dung |\n|---|---|\n| 1 | Việc |\n".encode(), "a.md")
    assert blocks[0].text == "KẾ HOẠCH"
    assert blocks[1].rows == [["STT", "Nội dung"], ["1", "Việc"]]
