"""Reading an activity's attributes out of their words: unit names from "Chủ trì" / "Phối hợp" texts,
sums of money, counted targets ("10 đợt", "80.000 Tờ gấp", "100%") and funding sources.

General rules of Vietnamese administrative writing only; nothing here knows any particular plan.
"""
import functools
import re
from decimal import Decimal, InvalidOperation

from core.search import fold
from importer.reading.draft import ParsedBudgetLine, ParsedTarget
from importer.reading.patterns import BULLET, key, squash

# --- unit names ------------------------------------------------------------------------------------

# Words that open the name of a body. Multi-word heads open a name in any case; one-word heads ("Sở",
# "Ban", "Phòng") and "Tổ chức" only when capitalised, since "các cơ quan, ban, ngành" and "cơ quan, tổ
# chức có liên quan" are each one group. One-word heads are compared with their diacritics: "Bộ" opens a
# name, "Bổ trợ" does not.
_HEADS = (
    "trung tam", "chi nhanh", "van phong", "thanh tra", "uy ban", "ubnd", "hdnd", "hoi dong", "toa an", "tand",
    "vien kiem sat", "vksnd", "cong an", "bo chi huy", "bo doi bien phong", "don bien phong", "co quan",
    "tro giup vien", "luat su", "cong tac vien", "bao cao vien", "cau lac bo", "lanh dao", "giam doc",
    "thu truong", "don vi", "mat tran", "ban chi dao", "ban chi huy", "tinh uy", "huyen uy", "thanh uy", "dang uy",
    "kho bac", "chi cuc", "tong cuc", "benh vien", "nha xuat ban", "hiep hoi", "lien doan", "tinh doan",
    "huyen doan", "doan luat su", "hoi luat gia", "dai phat thanh", "dai truyen thanh", "cong ty", "ngan hang",
    "nguoi dung dau",
)
_CAPITALISED_HEADS = ("sở", "ban", "bộ", "phòng", "vụ", "hội", "đoàn", "đài", "báo", "trường", "quỹ", "cục", "viện",
                      "tổ chức", "tổ")
_PLURAL = re.compile(r"^(?:các|những|toàn bộ|tất cả(?: các)?)\s+", re.IGNORECASE)
# "A chỉ đạo B": both lead. "… phối hợp với C", "theo hướng dẫn của C": C co-ordinates.
_DIRECTS = re.compile(r"\s+chỉ đạo\s+", re.IGNORECASE)
_WITH = re.compile(r",?\s+(?:chủ trì,?\s+)?(?:và\s+)?phối hợp(?:\s+(?:với|cùng))?(?=\s|$)|,?\s+theo (?:sự )?hướng dẫn của\s+",
                   re.IGNORECASE)
_ADVISES = re.compile(r"\s+tham mưu\b.*$", re.IGNORECASE | re.DOTALL)
_TRAILING_VERB = re.compile(
    r"(?:\s+(?:tổ chức\s+)?(?:thực hiện|triển khai(?: thực hiện)?|chủ trì|thực hiện)\b)+\s*$", re.IGNORECASE,
)
# A frequency written after a slash in a unit cell ("Các phòng, Chi nhánh/định kỳ bài/ tuần").
_SLASH_NOTE = re.compile(r"\s*/\s*(?:định kỳ|hằng|hàng|mỗi|thường xuyên)\b.*$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\((?:[^()]{0,80})\)\s*$")


def split_unit_text(text):
    """(lead names, co-ordinating names) written in a "Chủ trì" / "Cơ quan thực hiện" text."""
    lead, coordinating = [], []
    for line in (text or "").split("\n"):
        line = BULLET.sub("", line.strip()).strip()
        if not line:
            continue
        parts = _WITH.split(line, maxsplit=1)
        lead.extend(_names(_ADVISES.sub("", parts[0])))
        if len(parts) > 1:
            coordinating.extend(_names(_ADVISES.sub("", parts[1])))
    return _unique(lead), _unique(coordinating)


def unit_names(text):
    """Every unit name of a text, lead and co-ordinating alike (for a "Phối hợp" text)."""
    lead, coordinating = split_unit_text(text)
    return _unique(lead + coordinating)


def _names(text):
    text = _SLASH_NOTE.sub("", text)
    names = []
    for part in _DIRECTS.split(text):
        for piece in re.split(r"\s*;\s*", part):
            names.extend(_split_list(piece))
    return [name for name in (_clean_name(n) for n in names) if name]


def _split_list(text):
    """Split "A, B và C" where a piece opens a new body; "xã biên giới" after a comma continues a name."""
    pieces = re.split(r"(\s*,\s*|\s+và\s+|\s*&\s*(?=[A-ZĐ]))", text)
    names, current = [], ""
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        separator = pieces[index - 1] if index else ""
        if current and _opens_name(piece):
            names.append(current)
            current = piece
        else:
            current = f"{current}{separator}{piece}" if current else piece
    if current:
        names.append(current)
    return names


def _opens_name(piece):
    stripped = piece.strip()
    plural = bool(_PLURAL.match(stripped))
    stripped = _PLURAL.sub("", stripped)
    folded = key(stripped)
    if any(folded == head or folded.startswith(head + " ") for head in _HEADS):
        return True
    lowered = stripped.lower()
    for head in _CAPITALISED_HEADS:
        if lowered == head or lowered.startswith(head + " "):
            return stripped[:1].isupper() or plural
    return False


def _clean_name(name):
    name = squash(name).strip(" .;:,-–*")
    name = _PARENTHESIS.sub("", name)
    name = _TRAILING_VERB.sub("", name).strip(" .;:,-–")
    if not re.search(r"\w", name) or len(name) > 250:
        return ""
    if key(name) in {"thuc hien", "chu tri", "phoi hop", "khong", "khong co"}:
        return ""
    return name


def _unique(names):
    seen, out = set(), []
    for name in names:
        folded = key(name)
        if folded and folded not in seen:
            seen.add(folded)
            out.append(name)
    return out


# --- money ------------------------------------------------------------------------------------------

_AMOUNT = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_MONEY = re.compile(
    rf"(?<![\d.,/])({_AMOUNT})\s*(tỷ|tỉ|triệu|tr|nghìn|ngàn)?\.?\s*(đồng|đ|vnđ|vnd|₫)(?!\w)", re.IGNORECASE,
)
_MONEY_AFTER_LABEL = re.compile(
    r"(?:kinh phí|dự toán|tổng kinh phí|tổng số)[^\d\n]{0,25}?(?<![\d.,/])(\d{1,3}(?:\.\d{3}){2,})(?![\d.,]*\d)",
    re.IGNORECASE,
)
_MULTIPLIERS = {"tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "tr": 10**6, "nghìn": 10**3, "ngàn": 10**3}
_MONEY_PARENTHESIS = re.compile(r"\s*\(\s*(?:tổng\s+)?(?:kinh phí|dự toán|nguồn kinh phí)[^()]*\)", re.IGNORECASE)
_UNFUNDED = re.compile(r"kinh phí[^.;]{0,60}chưa\s+(?:được\s+)?(?:cấp|bố trí|phân bổ|giao|có)", re.IGNORECASE)


def parse_amount(number, multiplier_word=None, multiplier=1):
    """An amount in đồng from "177.400.000", "1,5" + "tỷ", "40" + "triệu"; None when unreadable."""
    word = (multiplier_word or "").lower()
    factor = _MULTIPLIERS.get(word, 1) * multiplier
    digits = number.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
        value = Decimal(re.sub(r"[.,]", "", digits))
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", digits):
        value = Decimal(digits.replace(".", "").replace(",", "."))
    else:
        try:
            value = Decimal(digits.replace(",", "."))
        except InvalidOperation:
            return None
    amount = value * factor
    if amount != amount.to_integral_value() and factor == 1:
        return None
    amount = int(amount)
    return amount if 0 <= amount < 10**15 else None


def find_amounts(text):
    """Every sum of money written in `text`, in đồng, in order."""
    amounts = []
    for match in _MONEY.finditer(text or ""):
        amount = parse_amount(match.group(1), match.group(2))
        if amount:
            amounts.append(amount)
    if not amounts:
        for match in _MONEY_AFTER_LABEL.finditer(text or ""):
            amount = parse_amount(match.group(1))
            if amount:
                amounts.append(amount)
    return amounts


def without_money(text):
    """The text with its "(kinh phí: …)" aside removed."""
    return squash(_MONEY_PARENTHESIS.sub("", text or "")).strip(" ;,.")


def _words_beside_money(text):
    """What a "Kinh phí:" text says besides its sums ("15 triệu đồng (ngân sách huyện)" → "ngân sách huyện")."""
    rest = _MONEY.sub(" ", without_money(text))
    rest = squash(re.sub(r"[()\[\]]", " ", rest)).strip(" .,;:-–")
    return rest if re.search(r"[^\W\d_]{2,}", rest) else ""


def budget_lines_from_description(lines):
    """Budget lines of the money written inside an activity's own paragraphs and bullets."""
    budget = []
    for line in lines:
        amounts = find_amounts(line)
        description = without_money(BULLET.sub("", line.strip()))
        for amount in amounts:
            budget.append(ParsedBudgetLine(amount=amount, description=description))
        if not amounts and _UNFUNDED.search(line):
            budget.append(ParsedBudgetLine(amount=None, description=description, allocated=False))
    return budget


# --- funding sources --------------------------------------------------------------------------------

_SOURCES = re.compile(
    r"ngan sach (?:nha nuoc )?(?:trung uong|tw)\b|\bnstw\b"
    r"|ngan sach (?:nha nuoc )?(?:dia phuong|(?:cap )?tinh|(?:cap )?huyen|(?:cap )?xa)\b|\bnsdp\b"
    r"|chuong trinh muc tieu quoc gia|\bct ?mtqg\b|\bmtqg\b"
    r"|ngan sach nha nuoc|\bnsnn\b"
    r"|(?:nguon )?xa hoi hoa"
    r"|(?:nguon )?(?:tai tro|vien tro)"
    r"|(?:va )?(?:cac )?nguon (?:kinh phi )?(?:hop phap )?khac"
)
_YEAR = re.compile(r"\bnăm\s+((?:19|20|21)\d{2})\b", re.IGNORECASE)


def aligned_fold(text):
    """fold() one character at a time, so positions in the folded text are positions in `text`."""
    return "".join(_fold_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch):
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()[:1] or " "


def find_sources(text):
    """The funding sources a text names, each as written ("Ngân sách Trung ương"), in order, once each."""
    text = text or ""
    folded = aligned_fold(text)
    found = []
    for match in _SOURCES.finditer(folded):
        written = squash(text[match.start():match.end()])
        written = re.sub(r"^(?:và|các)\s+", "", written, flags=re.IGNORECASE)
        written = re.sub(r"^(?:và\s+)?các\s+", "", written, flags=re.IGNORECASE)
        written = written[:1].upper() + written[1:]
        if key(written) not in {key(f) for f in found}:
            found.append(written)
    return found


def budget_lines_from_funding(text):
    """Budget lines of a "Kinh phí:" text: one per sum; else one per source named, with no sum."""
    text = text or ""
    amounts = find_amounts(text)
    sources = find_sources(text)
    if amounts:
        source = sources[0] if len(sources) == 1 else ""
        return [ParsedBudgetLine(amount=amount, funding_source=source, description=_words_beside_money(text),
                                 fiscal_year=_fiscal_year(text)) for amount in amounts]
    lines = []
    for segment in re.split(r"\s*[;,]\s*|\s+và\s+", squash(text).rstrip(".")):
        for source in find_sources(segment):
            lines.append(ParsedBudgetLine(amount=None, funding_source=source, description=segment.strip(" ."),
                                          fiscal_year=_fiscal_year(segment)))
    if not lines and _UNFUNDED.search("kinh phí " + text):
        lines.append(ParsedBudgetLine(amount=None, description=squash(text).strip(" ."), allocated=False))
    return lines


def _fiscal_year(text):
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


# --- targets ----------------------------------------------------------------------------------------

# Measure words of counted outputs, folded; the longest that fits is taken.
_MEASURES = sorted({
    "dot", "dot chuyen de", "dot tap huan", "dot truyen thong", "dot kiem tra", "cuoc", "cuoc tap huan",
    "cuoc truyen thong", "cuoc kiem tra", "cuoc thi", "luot", "luot nguoi", "lop", "lop tap huan", "lop boi duong",
    "buoi", "hoi nghi", "hoi nghi tap huan", "hoi nghi truyen thong", "hoi thao", "toa dam", "phien toa",
    "phien toa gia dinh", "video", "clip", "phong su", "chuong trinh", "chuyen muc", "chuyen trang", "chuyen de",
    "tin", "bai", "tin bai", "bai viet", "to gap", "to roi", "to thong tin", "bang thong tin", "hop tin", "cuon",
    "so tay", "cam nang", "tai lieu", "an pham", "dia cd", "bang cat xet", "pano", "ap phich", "huyen", "xa",
    "thon", "phuong", "thi tran", "nguoi", "hoc vien", "dai bieu", "can bo", "vien chuc", "cong chuc",
    "tro giup vien phap ly", "vu viec", "cau lac bo", "diem truyen thong", "doan kiem tra", "bao cao", "van ban", "mo hinh",
    "quyen", "ho so", "nhom", "co so", "don vi", "hop dong", "cuon sach",
}, key=len, reverse=True)
_MEASURE_RE = re.compile(r"(?:" + "|".join(re.escape(m) for m in _MEASURES) + r")(?![\w])")
_QUANTITY = re.compile(r"(?<![\w./,-])(\d{1,3}(?:\.\d{3})+|\d{1,7})(?![\d/])(?:,\d+)?")
_NOT_A_COUNT = {"so", "ngay", "thang", "nam", "quy", "dieu", "khoan", "diem", "muc", "phan", "chuong", "lan",
                "tuoi", "gio", "phut", "giai doan", "ke hoach", "quyet dinh", "thong tu", "nghi dinh", "nghi quyet",
                "cong van", "chi thi", "luat", "tu", "den", "trong"}
_PER = re.compile(r"\s*/\s*(\w+)")


_NOT_A_TARGET_SHARE = re.compile(
    r"\b(?:kinh phi|ngan sach|nguon von|von|chi phi|du toan|tien)\b|\b(?:tang|giam)(?: them)?\s+\d|\bso voi\b")


def _clause_around(folded, start, end):
    """The clause (between , ; . or line ends) of the folded text holding [start, end)."""
    left = max(folded.rfind(mark, 0, start) for mark in ",;.\n")
    rights = [i for i in (folded.find(mark, end) for mark in ",;\n") if i != -1]
    dot = re.search(r"\.(?!\d)", folded[end:])
    if dot:
        rights.append(end + dot.start())
    return folded[left + 1:min(rights) if rights else len(folded)]


def find_targets(text):
    """Counts with a measure word in `text`: "10 đợt", "80.000 Tờ gấp", "100%", "2 lượt/ xã"."""
    text = text or ""
    folded = aligned_fold(text)
    targets = []
    for match in _QUANTITY.finditer(text):
        number, end = match.group(1), match.end()
        if match.group(0) != number:
            continue
        before = key(folded[max(0, match.start() - 20):match.start()]).split()
        if before and (before[-1] in _NOT_A_COUNT or " ".join(before[-2:]) in _NOT_A_COUNT):
            continue
        quantity = int(number.replace(".", ""))
        rest = text[end:]
        percent = re.match(r"\s?%", rest)
        if percent:
            # A share of money ("ngân sách tỉnh bảo đảm 100%") or a change ("tăng 100% so với …") is no target.
            clause = _clause_around(folded, match.start(), end + percent.end())
            if not _NOT_A_TARGET_SHARE.search(clause):
                targets.append(ParsedTarget(quantity=quantity, measure="%"))
            continue
        space = re.match(r"\s+", rest)
        if not space:
            continue
        start = end + space.end()
        measure = _MEASURE_RE.match(folded, start)
        if not measure:
            continue
        written = text[start:measure.end()]
        per = _PER.match(text, measure.end())
        if per and _MEASURE_RE.fullmatch(folded[per.start(1):per.end(1)]):
            written = f"{written}/{per.group(1)}"
        targets.append(ParsedTarget(quantity=quantity, measure=squash(written)))
    return targets
