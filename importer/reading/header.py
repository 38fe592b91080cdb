"""The parts of a plan around its content: header (issuing body, "Số:", place and date, title), the
cited documents of the opening paragraph, and the closing (Nơi nhận, signer).
"""
import datetime
import re

from importer.reading.draft import ParsedLegalBasis
from importer.reading.patterns import BULLET, key, sentence_ends, squash

# --- header -----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^Số\s*[:.]?\s*(.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\d,;:()]{2,60}?)\s*,\s*ngày\s*(?P<day>\d{1,2})?\s*(?:tháng|/)\s*(?P<month>\d{1,2})?\s*"
    r"(?:năm|/)\s*(?P<year>(?:19|20|21)\d{2})",
    re.IGNORECASE,
)
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")


def read_number(text):
    """The document number of a "Số: 120 /KH-STP" line: "120/KH-STP"; "" when the line has none."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    value = squash(match.group(1))
    value = re.sub(r"\s*([/\-–])\s*", r"\1", value).replace("–", "-").strip(" .;,")
    value = value.split(" ")[0] if " " in value else value
    return value if re.search(r"\d", value) else ""


def read_place_date(text):
    """(place, date or None) of "Lạng Sơn, ngày 15 tháng 01 năm 2021"; None when the line is not one."""
    match = _PLACE_DATE.match(squash(text))
    if not match:
        return None
    place = squash(match.group("place")).strip(" .-")
    if len(place.split()) > 8:
        return None
    return place, make_date(match.group("day"), match.group("month"), match.group("year"))


def make_date(day, month, year):
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def is_national_line(text):
    folded = key(text)
    return any(folded.startswith(line) for line in _NATIONAL) or bool(re.fullmatch(r"[-_=*~\s]+", text))


def is_issuing_line(text):
    """An upper-case header line that names a body ("SỞ TƯ PHÁP", "UBND TỈNH LẠNG SƠN")."""
    stripped = text.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(letters) < 3 or is_national_line(stripped) or _NUMBER.match(stripped):
        return False
    return sum(ch.isupper() for ch in letters) >= len(letters) * 0.8 and key(stripped) != "ke hoach"


# --- kind, years ------------------------------------------------------------------------------------

def plan_kind(title):
    folded = key(title)
    if re.search(r"\b(?:chi thi|nghi quyet|ket luan|cong van|thong bao ket luan)\b", folded):
        return "directive"
    if re.search(r"\b(?:chuong trinh|de an|chinh sach|du an|quyet dinh|chien luoc)\b", folded):
        return "programme"
    if re.search(r"\bnam (?:19|20|21)\d\d\b", folded):
        return "annual"
    return "other"


_RANGE = re.compile(r"(?<![\d/])((?:19|20|21)\d{2})\s*[-–—]\s*((?:19|20|21)\d{2})(?![\d/])")
_IN_YEAR = re.compile(r"\bnăm\s+((?:19|20|21)\d{2})\b", re.IGNORECASE)
_OPEN = re.compile(r"(?:và|, )\s*(?:những|các) năm tiếp theo", re.IGNORECASE)


def years_of_title(title):
    """(start, end, open-ended) written in a title: "giai đoạn 2013 – 2020", "năm 2021 và những năm tiếp theo"."""
    match = _RANGE.search(title or "")
    if match and int(match.group(1)) <= int(match.group(2)):
        return int(match.group(1)), int(match.group(2)), False
    match = _IN_YEAR.search(title or "")
    if match:
        year = int(match.group(1))
        if _OPEN.search(title):
            return year, None, True
        return year, year, False
    return None, None, False


# --- cited documents --------------------------------------------------------------------------------

DOC_TYPES = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Quy chế phối hợp", "Chương trình phối hợp", "Quyết định",
    "Kế hoạch", "Chỉ thị", "Công văn", "Thông tư", "Nghị định", "Nghị quyết", "Bộ luật", "Luật", "Pháp lệnh",
    "Quy chế", "Kết luận", "Hướng dẫn", "Chương trình", "Đề án", "Thông báo", "Hiến pháp", "Quy định",
    "Chiến lược", "Văn bản",
)
_TYPES = "|".join(re.escape(t) for t in DOC_TYPES)
_DOC_NUMBER = r"\d[\w.]*(?:\s*[/\-–]\s*[\w.]+)*"
_CITATION = re.compile(
    rf"(?P<type>{_TYPES})\s+(?:số\s*:?\s*(?P<number>{_DOC_NUMBER})(?=[\s,;.]|$)"
    rf"|(?P<name>[^\W\d_][^;,.\n]{{1,160}}?)(?=\s+(?:ngày|năm|số|của)\b|[;,.]|$))",
    re.IGNORECASE,
)
_DATE = re.compile(r"ngày\s*(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*((?:19|20|21)\d{2})", re.IGNORECASE)
_LAW_YEAR = re.compile(r"\bnăm\s+((?:19|20|21)\d{2})\b", re.IGNORECASE)
# Words that open what a cited document is about; the issuer ("của …") ends before them.
_SUMMARY_START = re.compile(
    r"\s+(?=(?:về|V/v|ban hành|phê duyệt|thực hiện|triển khai|quy định|hướng dẫn|sửa đổi|bổ sung|giao|tổ chức|"
    r"tăng cường|đẩy mạnh|thành lập|công bố|kiện toàn)\b)",
    re.IGNORECASE,
)
# Where a citation may begin: the start, after "Căn cứ"/"Thực hiện" at a sentence start, or after ";".
_BOUNDARY = re.compile(r"(?:^|[;]\s*|[.:]\s+|\n)(?:(?:Căn cứ|Thực hiện|Theo|Thi hành|Triển khai(?: thực hiện)?|Trên cơ sở)\s+)?$")
# "… , Sở Tư pháp tỉnh Lạng Sơn xây dựng Kế hoạch …": who issues the plan, from the opening paragraph.
_BUILDER = re.compile(
    r"(?:^|[.;:,]\s+|\n)(?:(?:Trên cơ sở đó|Vì vậy|Do đó|Theo đó),?\s+)?"
    r"(?P<body>[^\W\d_][^.;:,\n]{2,120}?)\s+(?:xây dựng|ban hành|lập|đề ra)\s+(?:Kế hoạch|kế hoạch)"
)


def citation_spans(text):
    """(start, end) of each cited document in `text` that starts at a citation boundary."""
    spans = []
    for match in _CITATION.finditer(text):
        if not match.group("type")[0].isupper():
            continue
        if not _BOUNDARY.search(text[max(0, match.start() - 40):match.start()]):
            continue
        if match.group("name") and (match.group("type").lower() not in ("luật", "bộ luật", "pháp lệnh", "hiến pháp")
                                    or not match.group("name")[0].isupper()):
            continue
        spans.append(match.start())
    bounds = []
    for index, start in enumerate(spans):
        end = spans[index + 1] if index + 1 < len(spans) else len(text)
        bounds.append((start, end))
    return bounds


def read_citation(segment):
    """A ParsedLegalBasis from "Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của Bộ trưởng Bộ Tư pháp về …"."""
    segment = squash(segment)
    match = _CITATION.match(segment)
    if not match:
        return None
    basis = ParsedLegalBasis(doc_type=_capitalised(match.group("type")))
    rest = segment[match.end():]
    if match.group("number"):
        basis.number = re.sub(r"\s*([/\-–])\s*", r"\1", match.group("number")).replace("–", "-").rstrip(".")
    else:
        name = squash(match.group("name"))
        year = _LAW_YEAR.search(name)
        if year:
            name = squash(name[:year.start()])
        basis.summary = name
        rest = segment[match.start("name") + len(match.group("name")):]
        # "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017": the law's name, then its number.
        number = re.match(rf"\s*,?\s*số\s*:?\s*({_DOC_NUMBER})(?=[\s,;.]|$)", rest, re.IGNORECASE)
        if number:
            basis.number = re.sub(r"\s*([/\-–])\s*", r"\1", number.group(1)).replace("–", "-").rstrip(".")
            rest = rest[number.end():]
    rest = rest.lstrip(" ,")
    date = _DATE.match(rest)
    if date:
        basis.issued_on = make_date(*date.groups())
        rest = rest[date.end():].lstrip(" ,")
    rest = re.sub(r"[\s;,.]+$", "", rest)
    rest = re.sub(r"(?:\.?/\.)$", "", rest).strip()
    if rest.lower().startswith("của "):
        rest = rest[4:]
        parts = _SUMMARY_START.split(rest, maxsplit=1)
        basis.issuer = parts[0].strip(" ,")
        summary = parts[1] if len(parts) > 1 else ""
    else:
        summary = rest
    if summary:
        basis.summary = f"{basis.summary} {summary}".strip() if basis.summary else summary.strip()
    return basis


def _capitalised(text):
    return text[:1].upper() + text[1:].lower()


# "…; Căn cứ Quyết định …": where one cited document's words end and the next one's begin.
_NEXT_CITATION = re.compile(rf"\s*[;,]?\s*(?:\n|;\s*)(?=(?:Căn cứ|Thực hiện|Theo|Thi hành|Trên cơ sở|{_TYPES})\b)")


def opening_citations(text):
    """Every document cited by the opening paragraph(s), in order, each once."""
    body = issuing_body_clause(text)
    if body:
        text = text[:body.start()]
    bases, seen = [], set()
    for start, end in citation_spans(text):
        segment = _NEXT_CITATION.split(text[start:end], maxsplit=1)[0]
        ends = sentence_ends(segment)
        segment = segment[:ends[0]] if ends else segment
        basis = read_citation(segment)
        if basis is None:
            continue
        marker = key(basis.number) if basis.number else key(basis.doc_type + basis.summary)
        if marker in seen:
            continue
        seen.add(marker)
        bases.append(basis)
    return bases


def issuing_body_clause(text):
    matches = [m for m in _BUILDER.finditer(text) if _is_body_name(m.group("body"))]
    return matches[-1] if matches else None


def _is_body_name(text):
    text = squash(text)
    return (text[:1].isupper() and not re.search(r"\bsố\b|\d", text) and len(text.split()) <= 15
            and not re.match(r"(?:Căn cứ|Thực hiện|Theo|Thi hành)\b", text))


def issuing_body_from_opening(text):
    match = issuing_body_clause(text)
    if not match:
        return ""
    body = squash(match.group("body"))
    body = re.sub(r"^(?:Nay|Vì vậy|Do đó|Theo đó)\s+", "", body)
    return body if 1 < len(body.split()) <= 15 else ""


_PLAN_CITATION = re.compile(rf"Kế hoạch\s+số\s*:?\s*{_DOC_NUMBER}", re.IGNORECASE)


def plan_citations(text):
    """Plans (Kế hoạch số …) cited anywhere in a text, read like opening citations."""
    out = []
    for match in _PLAN_CITATION.finditer(text or ""):
        end = len(text)
        stop = re.search(r";|\.\s|\.$|\n", text[match.end():])
        if stop:
            end = match.end() + stop.start()
        basis = read_citation(text[match.start():end])
        if basis is not None and basis.number:
            out.append(basis)
    return out


# --- closing ----------------------------------------------------------------------------------------

_SIGNATURE_NOISE = re.compile(
    r"@|ký lên văn bản|\d{4}-\d{2}-\d{2}T|\bĐT:|Fax|PHIÊN BẢN|BAN CƠ YẾU|ký số|Chứng thư|\(đã ký\)|\(ký[ ,]",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:giam doc|chu tich|truong|pho|kt|tm|tl|tuq|thu truong|chanh|bi thu|uy vien|quyen|cuc truong|"
    r"vu truong|chanh an|chanh thanh tra|nguoi ky)\b"
)
_SIGNER_PREFIX = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\s*\.", re.IGNORECASE)


def is_recipients_heading(text):
    return key(text).startswith("noi nhan")


def is_person_name(text):
    """"Hoàng Thúy Duyên", "NGUYỄN VĂN AN": 2–6 words of letters, each capitalised, no title word."""
    words = squash(text).strip(" .").split()
    if not 2 <= len(words) <= 6:
        return False
    if not all(word.isalpha() and word[0].isupper() and (word[1:].islower() or word.isupper() or len(word) == 1)
               for word in words):
        return False
    return not _TITLE_WORDS.search(key(text))


def is_signer_title(text):
    """"GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN": capitals, or a KT./TM. prefix."""
    stripped = squash(text).strip(" .")
    letters = [ch for ch in stripped if ch.isalpha()]
    if not letters or len(stripped) > 80 or _SIGNATURE_NOISE.search(stripped):
        return False
    if _SIGNER_PREFIX.match(stripped):
        return True
    return sum(ch.isupper() for ch in letters) >= len(letters) * 0.8 and bool(_TITLE_WORDS.search(key(stripped)))


def read_closing(lines):
    """(recipients, signer title, signer name) from the lines after "Nơi nhận" (or the document's tail)."""
    recipients, titles, name = [], [], ""
    in_recipients = False
    for line in lines:
        text = squash(line)
        if not text or _SIGNATURE_NOISE.search(text):
            if name:
                break
            continue
        if is_recipients_heading(text):
            in_recipients = True
            rest = re.sub(r"^\W*Nơi nhận\W*", "", text, flags=re.IGNORECASE).strip()
            if rest:
                recipients.append(BULLET.sub("", rest).strip())
            continue
        if in_recipients and (BULLET.match(text) or text.rstrip().endswith((";", "."))) and not is_signer_title(text):
            recipients.append(BULLET.sub("", text).strip())
            continue
        in_recipients = False
        if not name and is_signer_title(text) and not is_person_name(text):
            titles.append(text.strip(" ."))
            continue
        if not name and is_person_name(text):
            name = text.strip(" .")
            break
    return [r for r in recipients if r], "\n".join(titles), name
