"""Reading the time words of a plan ("Quý II - III năm 2021", "Hằng năm", "Hoàn thành trước Quý III")
into a start date, a due date and a recurrence.

The one place such words are read. It never raises and never guesses: words it cannot account for
entirely give `understood=False` and no dates, and the raw words are always kept.
"""
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.formatting import format_date
from core.periods import quarter_bounds


class Recurrence(models.TextChoices):
    NONE = "none", _("Không lặp lại")
    YEARLY = "yearly", _("Hằng năm")
    QUARTERLY = "quarterly", _("Hằng quý")
    MONTHLY = "monthly", _("Hằng tháng")
    WEEKLY = "weekly", _("Hằng tuần")


@dataclass(frozen=True)
class Timeframe:
    text: str
    start: datetime.date | None = None
    due: datetime.date | None = None
    recurrence: str = Recurrence.NONE
    understood: bool = False

    def as_dict(self):
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None,
            "recurrence": str(self.recurrence),
            "understood": self.understood,
        }

    def describe(self):
        """How the words were read, in the clerk's language: "Từ 01/04/2021 đến 30/09/2021"."""
        if not self.understood:
            return "Chưa đọc được thời gian; lời gốc được giữ nguyên."
        if self.start and self.due:
            span = f"Từ {format_date(self.start)} đến {format_date(self.due)}"
        elif self.start:
            span = f"Từ {format_date(self.start)}, không có hạn kết thúc"
        elif self.due:
            span = f"Hạn hoàn thành {format_date(self.due)}"
        else:
            span = "Không gắn với ngày cụ thể"
        if self.recurrence != Recurrence.NONE:
            span += f"; lặp lại {Recurrence(self.recurrence).label.lower()}"
        return span


def _fold(text):
    """Lower case without diacritics (đ → d), single spaces, one kind of dash."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    text = re.sub(r"[‐-―−]", "-", text)
    # "Quí", "Qúy", "quí" are spellings of one word (the accent placed differently, or i for y).
    text = re.sub(r"\bqui\b", "quy", text)
    return re.sub(r"\s+", " ", text).strip()


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:iv|iii|ii|i|[1-4])"
_YEAR = r"(?:19|20|21)\d{2}"
_JOIN = r"\s*(?:-|,|va|den|toi)\s*"

# Phrases that make an activity repeat; removed before the dates are read.
_RECURRENCES = [
    (re.compile(r"\b(?:hang|moi) nam\b|\bthuong nien\b"), Recurrence.YEARLY),
    (re.compile(r"\b(?:hang|moi) quy\b"), Recurrence.QUARTERLY),
    (re.compile(r"\b(?:hang|moi) thang\b|\b[a-z]+ ?/ ?thang\b"), Recurrence.MONTHLY),
    (re.compile(r"\b(?:hang|moi) tuan\b|\b(?:[a-z]+ ?)?/ ?tuan\b"), Recurrence.WEEKLY),
]
_OPEN_ENDED = re.compile(r"\b(?:va )?(?:nhung|cac) nam tiep theo\b|\btro (?:di|ve sau)\b")
_ONGOING = re.compile(r"\bthuong xuyen\b|\blien tuc\b")

# One date-bearing piece each; the order of the alternatives matters (longest readings first).
_PIECES = re.compile(
    rf"(?P<longdate>\bngay (?P<l_day>\d{{1,2}}) thang (?P<l_month>\d{{1,2}}) nam (?P<l_year>{_YEAR})\b)"
    rf"|(?P<date>\b(?P<d_day>\d{{1,2}})[/.-](?P<d_month>\d{{1,2}})[/.-](?P<d_year>{_YEAR})\b)"
    rf"|(?P<quarter>\bquy (?P<q_list>{_Q}(?:{_JOIN}(?:quy )?{_Q})*)\b(?:\s*(?:nam|/)\s*(?P<q_year>{_YEAR}))?)"
    rf"|(?P<half>\b(?P<h_months>[1-9]|1[01]|sau|chin|ba) thang (?P<h_part>dau|cuoi) nam\b"
    rf"(?:\s*(?P<h_year>{_YEAR}))?)"
    rf"|(?P<yearend>\bhet nam\b(?:\s*(?P<ye_year>{_YEAR}))?)"
    rf"|(?P<wholeyear>\bca nam\b(?:\s*(?P<w_year>{_YEAR}))?)"
    rf"|(?P<month>\bthang (?P<m_first>\d{{1,2}})(?:{_JOIN}(?:thang )?(?P<m_last>\d{{1,2}}))?\b"
    rf"(?:\s*(?:nam|/)\s*(?P<m_year>{_YEAR}))?)"
    rf"|(?P<monthyear>\b(?P<my_month>\d{{1,2}})/(?P<my_year>{_YEAR})\b)"
    rf"|(?P<daymonth>\b(?P<dm_day>\d{{1,2}})/(?P<dm_month>\d{{1,2}})\b)"
    rf"|(?P<years>\b(?P<y_first>{_YEAR})\s*(?:-|den|toi)\s*(?:nam )?(?P<y_last>{_YEAR})\b)"
    rf"|(?P<year>\b(?P<y_only>{_YEAR})\b)"
)
_BEFORE = re.compile(r"\b(?:truoc|cham nhat(?: la)?|han chot)(?: ngay)?\s*$")
# "… đến hết tháng 6", "đến hết năm 2021": the piece gives the end, not the start.
_UNTIL = re.compile(r"\b(?:den|toi) het\s*$|\b(?:den|toi)\s*$")
_MONTH_WORDS = {"sau": 6, "chin": 9, "ba": 3}

# Words that carry no time of their own; anything left besides these means "not understood".
_FILLER = re.compile(
    r"\b(?:hoan thanh|thuc hien|trien khai|to chuc|ca|trong|truoc|tu|den|toi|va|cac|nhung|lan(?: thu)?"
    r"|bo sung|dinh ky|ngay|nam|thang|quy|vao|cham nhat|la|giai doan|han chot|het|\d{1,2})\b"
)


@dataclass
class _Piece:
    kind: str
    match: re.Match
    year: int | None
    deadline: bool
    until: bool = False

    def bounds(self, year):
        """First and last day for this piece once its year is known; ValueError if impossible."""
        g = self.match.group
        if self.kind == "longdate":
            day = datetime.date(int(g("l_year")), int(g("l_month")), int(g("l_day")))
            return day, day
        if self.kind == "date":
            day = datetime.date(int(g("d_year")), int(g("d_month")), int(g("d_day")))
            return day, day
        if self.kind == "daymonth":
            day = datetime.date(year, int(g("dm_month")), int(g("dm_day")))
            return day, day
        if self.kind == "quarter":
            quarters = [_ROMAN[q] for q in re.findall(rf"\b{_Q}\b", g("q_list"))]
            return quarter_bounds(year, min(quarters))[0], quarter_bounds(year, max(quarters))[1]
        if self.kind == "half":
            # "6 tháng đầu năm", "9 tháng đầu năm", "6 tháng cuối năm": that many months from either end.
            months = _MONTH_WORDS.get(g("h_months")) or int(g("h_months"))
            if g("h_part") == "dau":
                return datetime.date(year, 1, 1), _month_end(year, months)
            return datetime.date(year, 13 - months, 1), datetime.date(year, 12, 31)
        if self.kind in ("month", "monthyear"):
            first = int(g("m_first") or g("my_month"))
            last = int(g("m_last") or first)
            if not (1 <= first <= last <= 12):
                raise ValueError("month out of range")
            return datetime.date(year, first, 1), _month_end(year, last)
        if self.kind == "years":
            first, last = int(g("y_first")), int(g("y_last"))
            if last < first:
                raise ValueError("years backwards")
            return datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _month_end(year, month):
    return (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1))


_YEAR_GROUP = {"longdate": "l_year", "date": "d_year", "quarter": "q_year", "half": "h_year", "month": "m_year",
               "monthyear": "my_year", "years": "y_first", "year": "y_only", "yearend": "ye_year",
               "wholeyear": "w_year"}


def _explicit_year(kind, match):
    name = _YEAR_GROUP.get(kind)
    return int(match.group(name)) if name and match.group(name) else None


def parse_timeframe(text, year=None, end_year=None):
    """Read time words. `year` fills a missing year ("Quý IV" in a 2022 plan); `end_year` is where a
    plan's repetition ends ("Hằng năm" in a 2013–2020 plan). Never raises."""
    raw = "" if text is None else str(text)
    try:
        return _parse(raw, year, end_year)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError):
        return Timeframe(raw)


def _parse(raw, year, end_year):
    folded = _fold(raw)
    if not folded:
        return Timeframe(raw)

    recurrence = Recurrence.NONE
    for pattern, kind in _RECURRENCES:
        if pattern.search(folded):
            recurrence = kind
            folded = pattern.sub(" ", folded)
            break
    open_ended = bool(_OPEN_ENDED.search(folded))
    folded = _OPEN_ENDED.sub(" ", folded)
    ongoing = bool(_ONGOING.search(folded))
    folded = _ONGOING.sub(" ", folded)

    pieces, leftover, cursor = [], [], 0
    for match in _PIECES.finditer(folded):
        kind = match.lastgroup if match.lastgroup in _KINDS else _kind_of(match)
        before = folded[cursor:match.start()]
        leftover.append(before)
        cursor = match.end()
        pieces.append(_Piece(kind, match, _explicit_year(kind, match), bool(_BEFORE.search(before)),
                             until=bool(pieces) and bool(_UNTIL.search(before)) and kind != "years"
                             or kind == "yearend"))
    leftover.append(folded[cursor:])

    rest = _FILLER.sub(" ", " ".join(leftover))
    if re.search(r"\w", rest):
        return Timeframe(raw)
    if not pieces and recurrence == Recurrence.NONE and not ongoing:
        return Timeframe(raw)

    # A piece without a year takes the next year written after it ("tháng 3 đến tháng 5 năm 2021"),
    # else the one before it, else the plan's year.
    known = [piece.year for piece in pieces]
    for index, piece in enumerate(pieces):
        if piece.year is None:
            later = [y for y in known[index + 1:] if y is not None]
            earlier = [y for y in known[:index] if y is not None]
            piece.year = later[0] if later else earlier[-1] if earlier else year
            if piece.year is None:
                return Timeframe(raw)

    starts, dues = [], []
    for piece in pieces:
        first, last = piece.bounds(piece.year)
        if piece.kind == "wholeyear" and not piece.match.group("w_year") and end_year:
            last = datetime.date(end_year, 12, 31)  # "Cả năm" in a plan of several years: all of them
        if piece.deadline and piece.kind in _DAYS:
            # "trước ngày 15/12": work handed in on the 15th is on time, so the 15th is the due date.
            dues.append(first)
        elif piece.deadline:
            dues.append(first - datetime.timedelta(days=1))
        elif piece.until:
            dues.append(last)
        else:
            starts.append(first)
            dues.append(last)

    start = min(starts) if starts else None
    due = max(dues) if dues else None
    if not pieces:
        # "Hằng năm", "thường xuyên": the plan's own years.
        start = datetime.date(year, 1, 1) if year else None
        due = datetime.date(end_year or year, 12, 31) if (end_year or (ongoing and year)) else None
    if open_ended:
        due = None
        if recurrence == Recurrence.NONE:
            recurrence = Recurrence.YEARLY
    if start and due and due < start:
        return Timeframe(raw)
    return Timeframe(raw, start, due, recurrence, True)


_KINDS = {"longdate", "date", "quarter", "half", "month", "monthyear", "daymonth", "years", "year", "yearend",
          "wholeyear"}
_DAYS = {"longdate", "date", "daymonth"}


def _kind_of(match):
    for kind in _KINDS:
        if match.group(kind):
            return kind
    raise ValueError("unmatched piece")
