"""Search that ignores Vietnamese diacritics and case, and ranks its results as a person would.

One folding rule, `fold()`: lower case, no diacritics, đ → d. Where a database filters or sorts, the column
is folded by the `Fold` expression, which PostgreSQL runs as lower(unaccent(…)) and SQLite as `fold()` itself,
registered on every new connection by `register_sqlite_fold`.

`rank()` decides whether a text answers a query and how well: every word typed must begin a word of the text
("an" finds "an toàn", not "toàn", where it is inside a word) or be the initials of consecutive words ("tgpl"
finds "Trợ giúp pháp lý", "ubnd" "Ủy ban nhân dân"). Whole words beat initials, which beat beginnings; words in
the order typed and next to each other beat scattered ones; earlier beats later: "toa an" puts "Tòa án nhân dân
tỉnh" before "Ban Chỉ huy quân sự xã an toàn khu". The unit pickers and the plan search use it.
"""
import re
import unicodedata

from django.db import NotSupportedError
from django.db.models import Func, TextField

SQLITE_FUNCTION = "tgpl_fold"


def fold(text):
    """Lower case without diacritics: "Đồng bào TẬP HUẤN" → "dong bao tap huan"."""
    # đ/Đ are letters of their own, not d with a combining mark, so NFD leaves them alone.
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()


def _sqlite_fold(value):
    # SQLite hands over NULL as None and numbers as numbers; only text is folded.
    return fold(value) if isinstance(value, str) else value


class Fold(Func):
    """The database's own copy of `fold()`, so filtering and sorting stay in SQL."""

    function = SQLITE_FUNCTION
    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # unaccent first: once the text is ASCII, lower() is right whatever the database's locale.
        # The unaccent extension is created by migration plans.0002.
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Diacritic-insensitive search is not implemented for {connection.vendor}.")


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created receiver: give each new SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True)


_WORD = re.compile(r"[a-z0-9]+")


def words(text):
    """The folded words of a text: "Trung tâm TGPL số 1" → ["trung", "tam", "tgpl", "so", "1"]."""
    return _WORD.findall(fold(text or ""))


def _candidates(typed, text_words):
    """Where one typed word can match: (start, end, looseness). Looseness 0 is a whole word; initials of consecutive
    words are 1 from three letters ("tgpl") and 3 for two ("tp": more often the start of a word being typed);
    the beginning of a word is 2."""
    found = []
    for start, word in enumerate(text_words):
        if word == typed:
            found.append((start, start + 1, 0))
        elif word.startswith(typed):
            found.append((start, start + 1, 2))
    if len(typed) >= 2 and typed.isalpha():
        looseness = 1 if len(typed) >= 3 else 3
        for start in range(len(text_words) - len(typed) + 1):
            span = text_words[start:start + len(typed)]
            if all(word[0] == letter for word, letter in zip(span, typed)):
                found.append((start, start + len(typed), looseness))
    return sorted(found)


def _rank_words(typed_words, text_words):
    used, previous_end, out_of_order, looseness, gaps, first = set(), 0, 0, 0, 0, None
    for typed in typed_words:
        options = [c for c in _candidates(typed, text_words) if not used.intersection(range(c[0], c[1]))]
        if not options:
            return None
        # The first match after the previous word, whole words first; else the best anywhere (typed out of order).
        in_order = [c for c in options if c[0] >= previous_end]
        start, end, loose = min(in_order or options, key=lambda c: (c[2], c[0]))
        if not in_order:
            out_of_order += 1
        elif first is not None:
            gaps += start - previous_end
        used.update(range(start, end))
        looseness += loose
        previous_end = end
        first = start if first is None else first
    return (looseness, out_of_order, gaps, first, len(text_words))


def rank(query, *texts):
    """How well `texts` (a name, then its other names, in order of preference) answer `query`: a sortable tuple,
    smaller is better, or None when they do not. An empty query answers nothing."""
    typed_words = words(query)
    if not typed_words:
        return None
    best = None
    for preference, text in enumerate(texts):
        score = _rank_words(typed_words, words(text))
        if score is not None:
            score = (*score[:3], preference, *score[3:])
            best = score if best is None or score < best else best
    return best


def ranked(query, items, texts):
    """The items whose texts (`texts(item)` → names in order of preference) answer `query`, best first; ties keep
    the items' own order."""
    scored = []
    for position, item in enumerate(items):
        score = rank(query, *texts(item))
        if score is not None:
            scored.append((score, position, item))
    return [item for _score, _position, item in sorted(scored, key=lambda entry: entry[:2])]
