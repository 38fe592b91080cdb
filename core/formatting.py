"""Vietnamese number, money and date writing (177.400.000 đ, 05/03/2026, ngày 05 tháng 3 năm 2026)
and the reverse for what clerks type. Templates reach these through the `vn` template filters.
"""
import datetime
import re
import unicodedata

from core.search import fold

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}


def format_number(value):
    """Whole numbers with dots between thousands: 177400000 → 177.400.000."""
    if value is None or value == "":
        return ""
    number = int(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def format_money(value):
    """Đồng with the currency sign: 177.400.000 đ (empty for no value, 0 đ for zero)."""
    if value is None or value == "":
        return ""
    return f"{format_number(value)} đ"


def format_date(value):
    """Short date: 05/03/2026."""
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")


def format_long_date(value):
    """The date line of an official document (Nghị định 30/2020, Phụ lục I): ngày 05 tháng 3 năm 2026.

    Days under 10 and the months 1 and 2 get a leading zero; other months do not.
    """
    if not value:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def format_place_date(place, value):
    """Lạng Sơn, ngày 05 tháng 3 năm 2026 — or the dotted blank line a draft shows."""
    if not value:
        return f"{place}, ngày     tháng     năm" if place else ""
    return f"{place}, {format_long_date(value)}" if place else format_long_date(value).capitalize()


# Documents cited by name first, then number and date: "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017".
_NAMED_TYPES = ("luật", "bộ luật", "pháp lệnh", "hiến pháp")


def format_citation(doc_type, number="", issued_on=None, issuer="", summary=""):
    """A cited document in the house style: "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017",
    "Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của Bộ trưởng Bộ Tư pháp về …". Dates as the office writes them
    in a citation (20/6/2017, no leading zeros); the one formatter the importer and the plan page use."""
    doc_type = (doc_type or "").strip() or "Văn bản"
    summary = (summary or "").strip()
    parts = [doc_type]
    if doc_type.lower() in _NAMED_TYPES and summary:
        parts.append(summary)
        summary = ""
    if number:
        parts.append(f"số {number.strip()}")
    if issued_on:
        parts.append(f"ngày {issued_on.day}/{issued_on.month}/{issued_on.year}")
    if issuer:
        parts.append(f"của {issuer.strip()}")
    if summary:
        parts.append(summary)
    return " ".join(parts)


def roman(value):
    return ROMAN.get(int(value), str(value))


def format_quarter(year, quarter):
    """Quý IV/2021."""
    return f"Quý {roman(quarter)}/{year}"


def format_percent(value, digits=1):
    """87,5% — decimal comma, no trailing ,0, the sign right after the number as the office writes it."""
    if value is None:
        return ""
    rounded = round(float(value), digits)
    text = f"{rounded:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{rounded:.0f}"
    return f"{text.replace('.', ',')}%"


_MONEY_JUNK = re.compile(r"(đồng|đ|₫|vnd|\s)", re.IGNORECASE)


def parse_money(text):
    """Read an amount of đồng as clerks type it: "177.400.000", "177,400,000", "177400000 đ".

    Returns an int; raises ValueError with a Vietnamese message for anything that is not a whole,
    non-negative number of đồng.
    """
    cleaned = _MONEY_JUNK.sub("", str(text or ""))
    if not cleaned:
        raise ValueError("Chưa nhập số tiền.")
    if cleaned.startswith("-"):
        raise ValueError("Số tiền không được âm.")
    if not re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d+", cleaned):
        raise ValueError("Số tiền phải là số nguyên đồng, ví dụ 177.400.000.")
    return int(re.sub(r"[.,]", "", cleaned))


def parse_quantity(text):
    """A target quantity as typed: 80.000 or 80000 → 80000 (targets count whole things)."""
    cleaned = str(text or "").replace(" ", "")
    if not cleaned:
        raise ValueError("Chưa nhập số lượng.")
    if cleaned.startswith("-"):
        raise ValueError("Số lượng không được âm.")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", cleaned):
        raise ValueError("Số lượng phải là số nguyên, ví dụ 80.000.")
    return int(cleaned.replace(".", ""))


def parse_date(text):
    """dd/mm/yyyy as typed in the forms; raises ValueError with a Vietnamese message."""
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", str(text or ""))
    if not match:
        raise ValueError("Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 05/03/2026.")
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError("Ngày không có thật trên lịch.") from None


# "Kế hoạch" at the start of a plan's title, however it was typed ("KẾ HOẠCH", "Kế Hoạch", "Ke hoach"),
# matched on the folded text (one character for one: fold only drops marks).
_PLAN_WORD = re.compile(r"ke\s+hoach(?![a-z0-9])[\s:.,;-]*")


def plan_title_without_kind(title):
    """A plan's title without a leading "Kế hoạch": the document already prints "KẾ HOẠCH" above its title, so
    "Kế hoạch triển khai công tác TGPL năm 2027" reads "Triển khai công tác TGPL năm 2027". A title that is
    nothing but those words is kept as typed."""
    text = unicodedata.normalize("NFC", (title or "").strip())
    found = _PLAN_WORD.match(fold(text))
    rest = text[found.end():] if found else ""
    if not rest:
        return text
    return rest[:1].upper() + rest[1:]
