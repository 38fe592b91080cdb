"""Bytes of an uploaded file → blocks of plain text: .docx through python-docx, .txt / .md through the
encodings Vietnamese offices actually use. Anything else is refused with a message, never a crash.
"""
import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from importer.reading.blocks import Paragraph, Table
from importer.reading.docx_reader import docx_blocks
from importer.reading.errors import ImportProblem
from importer.reading.textlayout import normalise_text, text_blocks

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A .docx is a zip: refuse one that would unpack to more than this many times the upload limit.
_MAX_UNPACK_RATIO = 20

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ud800-\udfff]")
# Letters only Vietnamese has (ă đ ơ ư and the precomposed tone letters of Latin Extended Additional).
_VIETNAMESE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
# UTF-8 read as Windows-1252 ("Káº¿ hoáº¡ch", "Ä‘"): the same text decoded twice.
_MOJIBAKE = re.compile(r"(?:Ã[\x80-\xbf¡-¿]|áº|á»|Ä[‘\x90-\x91]|Æ°|Æ¡|Ã¢|Ãª|Ã´)")
# Signs of the legacy font encodings TCVN3 (ABC) and VNI, which no decoder can tell from Windows-1252.
_LEGACY = re.compile(r"[¸µ¶·¹¨¾»¼½¬®©ª«¢¤¥¦§Æ]")


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def unpacked_limit():
    ratio_limit = max_bytes() * _MAX_UNPACK_RATIO
    return min(getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", ratio_limit), ratio_limit)


def check_size(size):
    limit = max_bytes()
    if size > limit:
        raise ImportProblem(
            _("Tệp quá lớn (%(size)s MB); chỉ nhập được tệp đến %(limit)s MB.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            code="too_large",
        )


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def read_document(data, filename=""):
    """Blocks (Paragraph, Table) of an uploaded document; ImportProblem when it cannot be read."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportProblem(_("Không đọc được tệp tải lên."), code="invalid")
    data = bytes(data)
    check_size(len(data))
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise ImportProblem(_("Tệp rỗng: không có nội dung nào để nhập."), code="empty")
    suffix = PurePath(str(filename or "")).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in (".docx", ".docm", ".dotx"):
        return read_docx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem(
            _("Đây là tệp Word 97–2003 (.doc), chưa đọc được. Hãy mở bằng Word và lưu lại dưới dạng .docx."),
            code="doc",
        )
    if data.startswith(b"%PDF"):
        raise ImportProblem(
            _("Tệp PDF chưa đọc được trực tiếp. Hãy tải lên bản .docx, hoặc sao chép nội dung và dán vào ô văn bản."),
            code="pdf",
        )
    if data[:5].lower() == b"{\\rtf":
        raise ImportProblem(_("Tệp RTF chưa đọc được. Hãy lưu lại dưới dạng .docx."), code="rtf")
    return text_blocks(decode_text(data))


# --- text files -------------------------------------------------------------------------------------

def decode_text(data):
    """The text of a .txt / .md file: UTF-8 (with or without BOM), UTF-16/32 with BOM, Windows-1258
    (Vietnamese), else Windows-1252. Binary data and garbled text are refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return checked_text(data.decode(encoding))
            except UnicodeDecodeError:
                raise _encoding_problem() from None
    if data.count(b"\x00") > len(data) // 4:
        return checked_text(_bomless_utf16(data))
    try:
        return checked_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1258", "cp1252"):
        try:
            candidates.append(unicodedata.normalize("NFC", data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise _encoding_problem()
    # Windows-1258 writes tones as combining marks; the reading with more Vietnamese letters wins.
    best = max(candidates, key=lambda text: len(_VIETNAMESE.findall(text)))
    return checked_text(best)


def _bomless_utf16(data):
    """UTF-16 without a byte order mark: the zero bytes of ASCII letters say which half comes first."""
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
    try:
        return data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        raise _binary_problem() from None


def checked_text(text):
    """`text` when it reads as text; ImportProblem for binary data, legacy encodings and mojibake."""
    text = normalise_text(text)
    if not text.strip():
        raise ImportProblem(_("Tệp rỗng: không có nội dung nào để nhập."), code="empty")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 200):
        raise _binary_problem()
    letters = sum(1 for ch in text[:200_000] if ch.isalpha())
    if letters < 3:
        raise ImportProblem(_("Tệp không có chữ nào để nhập."), code="empty")
    if len(_MOJIBAKE.findall(text)) > max(2, letters // 200):
        repaired = _repair_mojibake(text)
        if repaired is None:
            raise _encoding_problem()
        text = repaired
    if len(_LEGACY.findall(text)) > max(5, letters // 40):
        raise ImportProblem(
            _("Văn bản có vẻ dùng bảng mã cũ (TCVN3/ABC hoặc VNI). Hãy chuyển sang Unicode (ví dụ bằng "
              "công cụ chuyển mã của Unikey) rồi nhập lại."),
            code="encoding",
        )
    return text


def _repair_mojibake(text):
    """UTF-8 that went through Windows-1252 once; None when it cannot be undone."""
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if not _MOJIBAKE.search(repaired) else None


def _binary_problem():
    return ImportProblem(
        _("Tệp không phải văn bản (có vẻ là dữ liệu nhị phân). Hãy tải lên tệp .docx, .txt hoặc .md."),
        code="binary",
    )


def _encoding_problem():
    return ImportProblem(
        _("Không nhận ra bảng mã của văn bản. Hãy lưu lại tệp dưới dạng Unicode (UTF-8) rồi nhập lại."),
        code="encoding",
    )


# --- Word documents ---------------------------------------------------------------------------------

def read_docx(data):
    """Paragraphs and tables of a .docx in document order, with Word's automatic numbering written out.

    Before python-docx unpacks anything, every part is unpacked once here with a running count of the bytes it
    really gives (a zip may declare sizes it does not keep), stopping past IMPORT_MAX_UNPACKED_BYTES: a zip bomb
    costs a few megabytes of reading, not gigabytes of memory."""
    limit = unpacked_limit()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ImportProblem(_("Tệp nén này không phải văn bản Word (.docx)."), code="docx")
        unpacked = 0
        for info in archive.infolist():
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    unpacked += len(chunk)
                    if unpacked > limit:
                        raise ImportProblem(
                            _("Tệp .docx giải nén ra quá lớn (hơn %(limit)s MB); không nhập được. Hãy lưu lại tệp "
                              "bằng Word, bỏ bớt hình ảnh, hoặc dán nội dung vào ô văn bản.")
                            % {"limit": _megabytes(limit)},
                            code="too_large",
                        )
    except ImportProblem:  # a ValueError itself
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):
        raise ImportProblem(_("Tệp .docx bị hỏng hoặc không phải tệp Word."), code="docx") from None
    try:
        blocks = docx_blocks(data)
    except ImportProblem:
        raise
    except Exception:  # python-docx and lxml raise many kinds of error on a damaged file
        raise ImportProblem(_("Tệp .docx bị hỏng, không đọc được nội dung."), code="docx") from None
    if not any(_has_text(block) for block in blocks):
        raise ImportProblem(_("Văn bản Word không có chữ nào để nhập."), code="empty")
    return blocks


def _has_text(block):
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    if isinstance(block, Table):
        return any(cell.strip() for row in block.rows for cell in row)
    return False
