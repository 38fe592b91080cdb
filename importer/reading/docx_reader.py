"""A .docx → paragraphs and tables, in document order, through python-docx.

Word's automatic numbering ("1.", "2.1.", "a)", bullets) is not in the text of a paragraph: it is
written out here from the numbering definitions, so numbered items read like typed ones.
"""
import io
import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from importer.reading.blocks import Table
from importer.reading.patterns import to_roman
from importer.reading.textlayout import Line, clean_markup, join_lines, normalise_text

_MAX_BLOCKS = 50_000


def docx_blocks(data):
    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document, _Styles(document))
    blocks, lines = [], []
    for element in _body_elements(document.element.body):
        if len(blocks) + len(lines) > _MAX_BLOCKS:
            break
        if element.tag == qn("w:p"):
            lines.extend(_lines(DocxParagraph(element, document), numbering))
        elif element.tag == qn("w:tbl"):
            blocks.extend(join_lines(lines))
            lines = []
            blocks.append(_table(DocxTable(element, document), numbering))
    blocks.extend(join_lines(lines))
    return blocks


def _body_elements(parent):
    for element in parent.iterchildren():
        if element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)
        elif element.tag in (qn("w:p"), qn("w:tbl")):
            yield element


def _lines(paragraph, numbering):
    """The lines of one Word paragraph (a manual line break starts a new one), joined later like the lines of
    a text file, since Word files converted from PDF often break sentences into paragraphs."""
    text = normalise_text(_text(paragraph._p))
    heading, style_bold, _style_properties = numbering.styles.of(paragraph)
    label = numbering.label_of(paragraph)
    bold = _is_bold(paragraph, style_bold)
    out = []
    for index, line in enumerate(text.split("\n")):
        if index == 0 and label:
            line = f"{label} {line}"
        cleaned, marked_bold, marked_heading = clean_markup(line)
        if cleaned:
            out.append(Line(cleaned, bold or marked_bold, heading or marked_heading, 0, False))
    return out


def _table(table, numbering):
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            lines = []
            for paragraph in cell.paragraphs:
                lines.extend(line.text for line in _lines(paragraph, numbering))
            cells.append("\n".join(lines))
        rows.append(cells)
    return Table(rows)


class _Styles:
    """What a paragraph's style says (heading level, bold, list numbering), looked up once per style.

    python-docx finds a paragraph's style by walking every style of the document for the default one on each
    call; a plan has thousands of paragraphs and a few styles, so each style is read once here."""

    def __init__(self, document):
        self.by_id = {}
        self.default = None
        try:
            for style in document.styles:
                if style.type == WD_STYLE_TYPE.PARAGRAPH:
                    self.by_id[style.style_id] = style
                    if style.element.get(qn("w:default")) in ("1", "true", "on"):
                        self.default = style
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            pass
        self.cache = {}

    def of(self, paragraph):
        """(heading level, bold, [pPr of each style in the chain]) of the paragraph's style."""
        style_id = paragraph._p.style
        if style_id not in self.cache:
            chain = list(self._chain(self.by_id.get(style_id, self.default)))
            self.cache[style_id] = (_heading_level(chain), any(style.font.bold for style in chain),
                                    [style.element.pPr for style in chain if style.element is not None])
        return self.cache[style_id]

    @staticmethod
    def _chain(style):
        seen = 0
        while style is not None and seen < 10:
            yield style
            style = style.base_style
            seen += 1


def _heading_level(chain):
    for style in chain:
        name = (style.name or "").lower()
        match = re.match(r"heading\s*(\d)", name)
        if match:
            return int(match.group(1))
        if name == "title":
            return 1
    return 0


_TEXT_TAGS = (qn("w:r"), qn("w:hyperlink"))


def _text(p):
    """A paragraph's text as python-docx gives it (its runs and hyperlinks), without an XPath query each time."""
    return "".join(child.text for child in p.iterchildren(*_TEXT_TAGS))


def _is_bold(paragraph, style_bold):
    runs = [Run(r, paragraph) for r in paragraph._p.iterchildren(qn("w:r"))]
    runs = [run for run in runs if (run.text or "").strip()]
    if not runs:
        return False
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


class _Numbering:
    """Word list numbering: the label each numbered paragraph shows, counted as Word counts it."""

    def __init__(self, document, styles):
        self.styles = styles
        self.levels = {}      # numId → {ilvl: (format, text, start)}
        self.abstract_of = {}  # numId → abstractNumId (lists sharing one definition count together)
        self.overrides = {}   # numId → {ilvl: start}
        self.counters = {}    # abstractNumId → {ilvl: value}
        self.started = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            return
        abstract = {}
        for definition in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in definition.findall(qn("w:lvl")):
                try:
                    ilvl = int(level.get(qn("w:ilvl")))
                    start = int(_val(level.find(qn("w:start"))) or 1)
                except (TypeError, ValueError):
                    continue
                levels[ilvl] = (_val(level.find(qn("w:numFmt"))) or "decimal", _val(level.find(qn("w:lvlText"))) or "", start)
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _val(num.find(qn("w:abstractNumId")))
            self.abstract_of[num_id] = abstract_id
            self.levels[num_id] = abstract.get(abstract_id, {})
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    try:
                        overrides[int(override.get(qn("w:ilvl")))] = int(_val(start))
                    except (TypeError, ValueError):
                        continue
            self.overrides[num_id] = overrides

    def label_of(self, paragraph):
        num_id, ilvl = _num_properties(paragraph, self.styles.of(paragraph)[2])
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counters = self.counters.setdefault(self.abstract_of.get(num_id), {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, value in self.overrides.get(num_id, {}).items():
                counters[level] = value - 1
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def value_of(match):
            level = int(match.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return _format(counters.get(level, level_start), level_fmt)

        return re.sub(r"%([1-9])", value_of, text).strip()


def _num_properties(paragraph, style_properties):
    """(numId, ilvl) of a paragraph: its own numbering, else its style's."""
    sources = [paragraph._p.pPr, *style_properties]
    for ppr in sources:
        if ppr is None:
            continue
        numpr = ppr.find(qn("w:numPr"))
        if numpr is None:
            continue
        num_id = _val(numpr.find(qn("w:numId")))
        try:
            ilvl = int(_val(numpr.find(qn("w:ilvl"))) or 0)
        except ValueError:
            ilvl = 0
        return num_id, ilvl
    return None, 0


def _val(element):
    return element.get(qn("w:val")) if element is not None else None


def _format(value, fmt):
    if fmt in ("upperRoman", "lowerRoman"):
        text = to_roman(max(value, 1))
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(max(value, 1) - 1) % 26]
        return text.upper() if fmt == "upperLetter" else text
    return str(value)
