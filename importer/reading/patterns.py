"""Text patterns every part of the reader shares: folding, numbering labels, attribute labels, bullets."""
import re

from core.search import fold

# Any dash a document may use (hyphen, en dash, em dash, minus …) as one ASCII hyphen.
DASHES = re.compile(r"[‐-―−]")
BULLET = re.compile(r"^(?:[-+•‒–—·▪●○◦■□➢►❖✓\uf0b7\uf0a7\uf0d8\uf076]\s*|\*\s+)")


def key(text):
    """Folded words only: "Phòng HCTP & BTTP." → "phong hctp & bttp" (case, diacritics, dashes, punctuation)."""
    text = DASHES.sub(" ", fold(text or ""))
    text = re.sub(r"[^\w&%/]+", " ", text)
    return " ".join(text.split())


def squash(text):
    """One line with single spaces."""
    return " ".join((text or "").split())


def starts_upper(text):
    text = text.lstrip("\"'“‘(*[ ")
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def starts_lower(text):
    text = text.lstrip("\"'“‘(*[ ")
    return bool(text) and text[0].islower()


# --- numbering labels -------------------------------------------------------------------------------

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text):
    """Value of a well-formed Roman numeral up to 399, else None ("IIII", "VX" are not numerals)."""
    text = text.upper()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if index + 1 < len(text) and value < _ROMAN_VALUES[text[index + 1]]:
            total -= value
        else:
            total += value
    if to_roman(total) != text:
        return None
    return total


def to_roman(value):
    out = []
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


_PART = re.compile(r"^(?:ph[aầ]n|PH[AẦ]N)(?:\s+th[ứu]|\s+TH[ỨU])?\s+", re.IGNORECASE)
_ROMAN_LABEL = re.compile(r"^([IVXLC]{1,6})\s*[.)/:\-–]\s*(?=\S)")
_DECIMAL_LABEL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(\.|\)|/)?\s+(?=\S)")
_DECIMAL_TIGHT = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})\.?(?=\w)")
# "Hoạt động 3:", "Nhiệm vụ 2.", "Nội dung 1:" ("Nội dung" only with its number: alone it is a field's label).
_ACTIVITY_LABEL = re.compile(r"^(Hoạt động|HOẠT ĐỘNG|Nhiệm vụ|NHIỆM VỤ|Nội dung(?=\s+\d)|NỘI DUNG(?=\s+\d))"
                             r"(?:\s+(?:số\s+)?(\d{1,3}))?\s*[:.]\s*")
# The number style of a label's word ("Nhiệm vụ 2" → "task"), as activities.Activity.NumberStyle stores it.
LABEL_WORD_STYLES = {"hoat dong": "activity", "nhiem vu": "task", "noi dung": "item"}
_LETTER_LABEL = re.compile(r"^([a-zđ])\s*[).]\s+(?=\S)")


class Label:
    """A numbering label at the start of a line: kind "roman", "decimal", "activity" or "letter"."""

    __slots__ = ("kind", "value", "depth", "text", "rest")

    def __init__(self, kind, value, depth, text, rest):
        self.kind, self.value, self.depth, self.text, self.rest = kind, value, depth, text, rest

    @property
    def style(self):
        """Where the label sits among the others: equal styles are siblings."""
        return (self.kind, self.depth)

    def __repr__(self):
        return f"Label({self.kind!r}, {self.text!r})"


def read_label(text):
    """The numbering label that opens `text`, or None. "2.2.1. Giao …", "II. NỘI DUNG", "Hoạt động 3: …",
    "1. Hoạt động 1: …" (a number and an activity label: read as the activity), "a) …"."""
    stripped = text.strip()
    part = _PART.match(stripped)
    if part and _ROMAN_LABEL.match(stripped[part.end():] + " "):
        stripped = stripped[part.end():]
    match = _ROMAN_LABEL.match(stripped)
    if match and roman_value(match.group(1)):
        rest = stripped[match.end():]
        # "I. Mục đích" is a section; "I" alone followed by lowercase is a pronoun-like accident.
        if starts_upper(rest):
            return Label("roman", roman_value(match.group(1)), 0, match.group(1), rest)
    match = _DECIMAL_LABEL.match(stripped)
    if match:
        number, mark, rest = match.group(1), match.group(2), stripped[match.end():]
        single = "." not in number
        # "1." needs its mark; "2.1 Title" may go without. The title must start like a title.
        if (not single or mark) and mark != "/" and _title_start(rest):
            inner = _ACTIVITY_LABEL.match(rest)
            if inner:
                return Label("activity", int(inner.group(2)) if inner.group(2) else 0, 0,
                             _activity_text(inner), rest[inner.end():])
            return Label("decimal", number, number.count(".") + 1, number, rest)
    match = _DECIMAL_TIGHT.match(stripped)
    if match and _title_start(stripped[match.end():]):
        number = match.group(1)
        return Label("decimal", number, number.count(".") + 1, number, stripped[match.end():])
    match = _ACTIVITY_LABEL.match(stripped)
    if match:
        return Label("activity", int(match.group(2)) if match.group(2) else 0, 0, _activity_text(match),
                     stripped[match.end():])
    match = _LETTER_LABEL.match(stripped)
    if match and _title_start(stripped[match.end():]):
        return Label("letter", match.group(1), 0, match.group(1), stripped[match.end():])
    return None


def _activity_text(match):
    word = match.group(1)
    word = word[0] + word[1:].lower()
    return f"{word} {match.group(2)}" if match.group(2) else word


def _title_start(rest):
    rest = rest.lstrip("\"'“‘(*[ ")
    return bool(rest) and rest[0].isupper()


# --- attribute labels ------------------------------------------------------------------------------

LEAD, COORDINATING, TIME, RESULT, FUNDING, TARGETS = "lead", "coordinating", "time", "result", "funding", "targets"

_LABELS = {
    LEAD: ["chu tri", "don vi chu tri", "co quan chu tri", "co quan don vi chu tri", "thuc hien",
           "co quan thuc hien", "don vi thuc hien", "chu tri thuc hien", "don vi chu tri thuc hien",
           "co quan chu tri thuc hien", "phu trach", "don vi phu trach", "trach nhiem thuc hien",
           "co quan don vi thuc hien", "nguoi thuc hien", "bo phan thuc hien", "chu tri trien khai"],
    COORDINATING: ["phoi hop", "co quan phoi hop", "don vi phoi hop", "phoi hop thuc hien", "co quan don vi phoi hop",
                   "don vi phoi hop thuc hien", "co quan phoi hop thuc hien"],
    TIME: ["thoi gian", "thoi gian thuc hien", "thoi han", "thoi han thuc hien", "thoi han hoan thanh",
           "thoi gian hoan thanh", "tien do", "tien do thuc hien", "tien do hoan thanh", "thoi gian trien khai"],
    RESULT: ["ket qua", "ket qua thuc hien", "san pham", "ket qua san pham", "san pham dau ra", "ket qua dau ra",
             "ket qua du kien", "san pham du kien", "ket qua can dat", "yeu cau ket qua", "hinh thuc san pham"],
    FUNDING: ["kinh phi", "kinh phi thuc hien", "nguon kinh phi", "du toan kinh phi", "du toan", "kinh phi du kien"],
    TARGETS: ["chi tieu", "chi tieu can dat", "chi tieu dat duoc"],
}
_LABEL_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL_HEAD = re.compile(r"^([^:：]{1,45})[:：]\s*")


def read_attribute(text):
    """(field, value) when `text` is an attribute line ("- *Chủ trì:* Phòng Nghiệp vụ"), else None."""
    stripped = BULLET.sub("", text.strip())
    match = _LABEL_HEAD.match(stripped)
    if not match:
        return None
    head = key(match.group(1).strip("*_ "))
    field = _LABEL_FIELD.get(head)
    if field is None:
        return None
    return field, stripped[match.end():].strip()


_NEXT_LABEL = re.compile(r"[;.]\s+(?:[-+•]\s*)?\*{0,2}([^:;.\n]{2,45}?)\*{0,2}\s*:\s*")


def read_attributes(text):
    """Every attribute of a line, which may hold several: "Chủ trì: Phòng A; Thời gian: Quý II" → two.
    None when the line does not start with an attribute label."""
    first = read_attribute(text)
    if first is None:
        return None
    name, value = first
    found = []
    while True:
        cut = next((m for m in _NEXT_LABEL.finditer(value) if key(m.group(1)) in _LABEL_FIELD), None)
        if cut is None:
            found.append((name, value))
            return found
        found.append((name, value[:cut.start()].strip()))
        name, value = _LABEL_FIELD[key(cut.group(1))], value[cut.end():].strip()


def is_bullet(text):
    return bool(BULLET.match(text.strip()))


def strip_bullet(text):
    return BULLET.sub("", text.strip(), count=1).strip()


def sentence_ends(text):
    """Positions just after each full stop that ends a sentence ("… 2025. Xây dựng …")."""
    ends = []
    for match in re.finditer(r"[.!?…](?=\s+\S)", text):
        after = text[match.end():].lstrip()
        before = text[:match.start()].rsplit(" ", 1)[-1]
        # The next sentence starts with a capital; "TP.", "Q." and "v.v." are abbreviations, not ends.
        if after[:1].isupper() and not re.fullmatch(r"[A-ZĐ]{1,2}|v\.v|TP|Tp", before):
            ends.append(match.end())
    return ends
