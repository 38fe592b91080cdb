"""Plain or markdown text → paragraphs and tables: markup removed, and lines that a PDF or an e-mail
wrapped at a fixed width joined back into the paragraphs they were.
"""
import html
import re
import unicodedata

from importer.reading.blocks import Paragraph, Table
from importer.reading.patterns import BULLET, is_bullet, read_attribute, read_label, starts_lower, starts_upper

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MD_HEADING = re.compile(r"^(#{1,6})\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_MD_STRONG = re.compile(r"\*\*|__")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")
_HTML_TAG = re.compile(r"</?(?:br|p|b|i|u|strong|em|span|div|sup|sub)\b[^>]{0,200}>", re.IGNORECASE)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TERMINAL = re.compile(r"[.;:!?…][\"'”’)\]*]*$")
_HORIZONTAL_RULE = re.compile(r"^(?:[-_*=~.]\s*){3,}$")


def normalise_text(text):
    """NFC, one kind of newline, no invisible characters; tabs and odd spaces become plain spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _INVISIBLE.sub("", text)


class Line:
    """One line of the source with its markup already read."""

    __slots__ = ("text", "bold", "heading", "indent", "blank_before")

    def __init__(self, text, bold, heading, indent, blank_before):
        self.text, self.bold, self.heading, self.indent, self.blank_before = text, bold, heading, indent, blank_before


def clean_markup(line):
    """(text, bold, heading level) of one line of markdown or plain text, markup removed."""
    text = _SPACES.sub(" ", line).strip()
    heading = 0
    match = _MD_HEADING.match(text)
    if match:
        heading = len(match.group(1))
        text = text[match.end():]
    if text.startswith("> "):
        text = text[2:]
    if "&" in text:
        text = html.unescape(text)
    text = _HTML_TAG.sub(" ", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    bullet = ""
    match = BULLET.match(text)
    if match:
        # "+" marks a sub-item under a "-" item: kept apart so that the two levels can be told.
        bullet = "+ " if match.group().startswith("+") else "- "
        text = text[match.end():]
    stripped = text.strip()
    bold = len(stripped) > 4 and stripped.startswith(("**", "__")) and stripped.endswith(("**", "__"))
    text = _MD_STRONG.sub("", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    text = " ".join(text.split())
    return (bullet + text if text else ""), bold, heading


def text_blocks(text):
    """Blocks of a text document (plain text, markdown, or text pasted from a PDF)."""
    lines, blocks = [], []
    pending_blank = False
    raw_lines = normalise_text(text).split("\n")
    index = 0
    while index < len(raw_lines):
        raw = raw_lines[index]
        if _PIPE_ROW.match(raw):
            rows = []
            while index < len(raw_lines) and (_PIPE_ROW.match(raw_lines[index]) or _PIPE_RULE.match(raw_lines[index])):
                if not _PIPE_RULE.match(raw_lines[index]):
                    rows.append(_pipe_cells(raw_lines[index]))
                index += 1
            blocks.extend(join_lines(lines))
            lines = []
            blocks.append(Table(rows))
            pending_blank = True
            continue
        if _is_tab_row(raw) and index + 1 < len(raw_lines) and _is_tab_row(raw_lines[index + 1]):
            # A table pasted from Word: one row per line, its cells separated by tabs.
            rows = []
            while index < len(raw_lines) and _is_tab_row(raw_lines[index], within=True):
                rows.append([clean_markup(cell)[0].strip() for cell in raw_lines[index].split("\t")])
                index += 1
            width = max(len(row) for row in rows)
            blocks.extend(join_lines(lines))
            lines = []
            blocks.append(Table([row + [""] * (width - len(row)) for row in rows]))
            pending_blank = True
            continue
        index += 1
        cleaned, bold, heading = clean_markup(raw)
        if not cleaned or _HORIZONTAL_RULE.match(cleaned):
            pending_blank = True
            continue
        indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
        lines.append(Line(cleaned, bold, heading, indent, pending_blank))
        pending_blank = False
    blocks.extend(join_lines(lines))
    return blocks


def _is_tab_row(line, within=False):
    """A line of a table pasted from Word: at least three cells separated by tabs, text in two of them (in one,
    a row merged across the table, once the table has begun)."""
    cells = line.split("\t")
    return len(cells) >= 3 and sum(1 for cell in cells if cell.strip()) >= (1 if within else 2)


def _pipe_cells(row):
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    cells = re.split(r"(?<!\\)\|", row)
    out = []
    for cell in cells:
        parts = re.split(r"<br\s*/?>", cell, flags=re.IGNORECASE)
        out.append("\n".join(clean_markup(part)[0] for part in parts).strip())
    return out


def _wrap_width(lines):
    """The width at which the text was wrapped, or None when lines are whole paragraphs.

    A wrapped text (pasted from a PDF) has most lines of nearly the same length and none much longer;
    a text of whole paragraphs has long lines far beyond any page width.
    """
    lengths = sorted(len(line.text) for line in lines if not line.heading)
    if len(lengths) < 8:
        return None
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    if p90 < 40 or p90 > 140:
        return None
    if lengths[-1] > p90 * 1.6:
        return None
    full = sum(1 for length in lengths if length >= p90 * 0.8)
    if full < len(lengths) * 0.3:
        return None
    return p90


def _starts_block(text):
    """True when a line opens something of its own: a numbered item, a bullet, an attribute, a heading."""
    return bool(
        is_bullet(text) or read_label(text) or read_attribute(text)
        or re.match(r"^(?:Nơi nhận|NƠI NHẬN|Số\s*:|Kính gửi)", text)
    )


def _ends_sentence(text):
    return bool(_TERMINAL.search(text))


def join_lines(lines):
    """Join continuation lines into paragraphs.

    Everywhere: a line that starts in lower case continues the previous one ("…1217/QCPH-STP-TAND" /
    "ngày 16/4/2020 …"). In a wrapped text also: a full-width line without a full stop runs on into the
    next, unless that one opens an item of its own.
    """
    width = _wrap_width(lines)
    base_indent = _common_indent(lines)
    paragraphs, last_lengths = [], []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], last_lengths[-1], line, width, base_indent):
            previous = paragraphs[-1]
            glue = "" if re.search(r"\w[-/]$", previous.text) else " "
            previous.text = f"{previous.text}{glue}{line.text}"
            previous.bold = previous.bold and line.bold
            last_lengths[-1] = len(line.text)
            continue
        paragraphs.append(Paragraph(line.text, bold=line.bold, heading=line.heading))
        last_lengths.append(len(line.text))
    return paragraphs


def _wrapped_dash(previous, last_length, line, width):
    """"kinh tế" / "- xã hội …": a dash that the wrapping put at the start of a line, mid-sentence."""
    if not line.text.startswith("- ") or last_length < width * 0.72 or _ends_sentence(previous.text):
        return False
    return starts_lower(line.text[2:])


def _common_indent(lines):
    indents = sorted(line.indent for line in lines)
    return indents[len(indents) // 2] if indents else 0


def _continues(previous, last_length, line, width, base_indent):
    if line.heading or previous.heading:
        return False
    if width is not None and _wrapped_dash(previous, last_length, line, width):
        return True
    if _starts_block(line.text):
        return False
    if previous.bold != line.bold and width is None:
        return False
    if starts_lower(line.text):
        return not previous.text.rstrip().endswith(":") or width is not None
    if width is None:
        return False
    if last_length < width * 0.72:
        return False
    if _ends_sentence(previous.text) and (starts_upper(line.text) or line.indent > base_indent + 1):
        return False
    return True
