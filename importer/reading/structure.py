"""The content tree of a plan: numbered items (I./1./2.1/2.2.1/"Hoạt động N:"/a)) become nodes, the
paragraphs under them their title and description, and "Chủ trì:", "Thời gian thực hiện:" … lines their
attributes. Written as paragraphs or as a table, the result is the same tree.
"""
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from importer.reading import attributes as attrs
from importer.reading.draft import ParsedActivity
from importer.reading.header import DOC_TYPES
from importer.reading.patterns import (
    COORDINATING,
    FUNDING,
    LABEL_WORD_STYLES,
    LEAD,
    RESULT,
    TARGETS,
    TIME,
    Label,
    is_bullet,
    key,
    read_attributes,
    read_label,
    sentence_ends,
    squash,
    starts_upper,
    strip_bullet,
)

# A title longer than this that holds more than one sentence is cut to its lead clause.
LONG_TITLE = 300
_MIN_TITLE_WORDS = 6
_CITED = re.compile(r"\s*(?:" + "|".join(re.escape(t) for t in DOC_TYPES) + r")\s+số\b", re.IGNORECASE)
_INTRODUCER = re.compile(r"\s+(?:như sau|như|bao gồm|gồm|cụ thể(?: như sau)?|sau đây|gồm các nội dung sau)\s*$",
                         re.IGNORECASE)


@dataclass
class Item:
    """One node while the tree is read: its label, words and attributes, before they are interpreted."""

    label: object = None
    title: str = ""
    description: list = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    trailing: list = field(default_factory=list)  # paragraphs after its attributes
    open_field: str | None = None
    open_inline: bool = False
    open_bullet: str = ""
    node: ParsedActivity = field(default_factory=ParsedActivity)

    @property
    def style(self):
        return self.label.style if self.label is not None else ("plain", 0)

    def add_attribute(self, name, value, bullet=""):
        self.attributes.setdefault(name, [])
        if value:
            self.attributes[name].append(value)
        self.open_field, self.open_inline, self.open_bullet = name, bool(value), bullet


class TreeBuilder:
    def __init__(self):
        self.roots = []
        self.stack = []
        self.items = []
        self.intro = []

    @property
    def current(self):
        return self.items[-1] if self.items else None

    # --- placing nodes ----------------------------------------------------------------------------

    def add(self, item, sibling_of=None):
        """Put `item` in the tree: by its numbering, or beside `sibling_of` when it has none."""
        if sibling_of is not None:
            index = next((i for i, entry in enumerate(self.stack) if entry is sibling_of), len(self.stack))
            del self.stack[index:]
        else:
            self._close_to(item.label)
        parent = self.stack[-1].node if self.stack else None
        (parent.children if parent else self.roots).append(item.node)
        self.stack.append(item)
        self.items.append(item)
        return item

    def _close_to(self, label):
        if label is None:
            return
        if label.kind == "decimal" and "." in label.value:
            prefix = label.value.rsplit(".", 1)[0]
            for index in range(len(self.stack) - 1, -1, -1):
                other = self.stack[index].label
                if other is not None and other.kind == "decimal" and other.value == prefix:
                    del self.stack[index + 1:]
                    return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].style == label.style:
                del self.stack[index:]
                return
        if label.kind == "decimal":
            # "3." after "2.2.1" closes the deeper numbers even when no "2." was written.
            while self.stack and self.stack[-1].style[0] == "decimal" and self.stack[-1].style[1] > label.depth:
                self.stack.pop()

    # --- reading paragraphs -----------------------------------------------------------------------

    def paragraph(self, text):
        label = read_label(text)
        if label is not None and label.kind != "roman":
            if self.current is not None:
                self._settle(self.current)
            self.add(Item(label=label, title=label.rest.strip()))
            return
        found = read_attributes(text)
        current = self.current
        bullet = text.strip()[:1] if is_bullet(text) else ""
        if found is not None:
            if current is None or (current.attributes and current.trailing and current.open_field is None):
                current = self._unlabelled(current)
            elif self._heads_group(current):
                current = self._first_of_group(current)
            for name, value in found:
                current.add_attribute(name, value, bullet)
            return
        if current is None:
            self.intro.append(text)
            return
        if current.open_field is not None:
            # "Cơ quan thực hiện:" with its value on the next lines takes them, bullets or one plain line;
            # after an inline value only sub-bullets ("+" under "-") continue it.
            values = current.attributes[current.open_field]
            if (not current.open_inline and (bullet or not values)) or (bullet == "+" and current.open_bullet != "+"):
                values.append(text)
                return
            current.open_field = None
        if current.attributes:
            current.trailing.append(text)
        elif not current.title and not bullet and not current.description:
            current.title = text
        else:
            current.description.append(text)

    def _heads_group(self, item):
        """A numbered heading ("1. Công tác phối hợp") followed by one line that names an activity rather than
        describes it (no full stop, a dash item or a short line) and then that activity's attributes."""
        if item.attributes or item.label is None or item.label.kind == "bullet" or not item.title:
            return False
        if len(item.description) != 1:
            return False
        line = item.description[0].strip()
        return len(line) < 250 and not line.endswith((".", ";", ":", ",")) and starts_upper(strip_bullet(line))

    def _first_of_group(self, heading):
        line = heading.description.pop()
        child = Item(label=_dash_label() if is_bullet(line) else None, title=strip_bullet(line))
        return self.add(child)

    def _unlabelled(self, current):
        """An activity written without a number: the paragraphs before its attributes are its words."""
        words = current.trailing if current is not None else self.intro
        item = Item(label=None)
        if words:
            if is_bullet(words[0]):
                item.label, words[0] = _dash_label(), strip_bullet(words[0])
            item.title, item.description = words[0], words[1:]
            words.clear()
        if current is None:
            return self.add(item)
        self._settle(current)
        return self.add(item, sibling_of=current)

    def close_current(self):
        """The item being read is complete (a table follows)."""
        if self.current is not None:
            self._settle(self.current)

    def _settle(self, item):
        item.open_field = None
        if item.trailing:
            item.description.extend(item.trailing)
            item.trailing = []

    # --- finishing --------------------------------------------------------------------------------

    def finish(self, warn):
        self.close_current()
        for item in self.items:
            interpret(item, warn)
        return self.roots


def _dash_label():
    return Label("bullet", 0, 0, "-", None)


def interpret(item, warn):
    """Fill the item's ParsedActivity from its words."""
    node = item.node
    label = item.label
    node.number = label.text if label is not None else ""
    node.number_style = number_style(label)
    title, description = squash(item.title), [squash(d) for d in item.description if squash(d)]
    title, lead_in = split_long_title(title)
    if lead_in:
        description.insert(0, lead_in)
        warn(node, "title", _("Tên hoạt động được tách từ một đoạn văn dài; hãy kiểm tra lại chỗ tách."))
    if not title and description:
        title = title_from_bullets(description)
        if title:
            warn(node, "title", _("Hoạt động không có tên riêng; tên được ghép từ các ý bên dưới."))
    node.title = title.rstrip(" :")
    node.description = "\n".join(description)

    values = {name: [squash(v) if name in (TIME,) else v.strip() for v in lines if v.strip()]
              for name, lines in item.attributes.items()}
    node.lead_text = "\n".join(values.get(LEAD, []))
    node.coordinating_text = "\n".join(values.get(COORDINATING, []))
    node.timeframe_text = squash(" ".join(values.get(TIME, [])))
    node.expected_result = "\n".join(values.get(RESULT, []))
    node.funding_text = "\n".join(values.get(FUNDING, []))

    lead, coordinating = attrs.split_unit_text(node.lead_text)
    node.lead_units = lead
    node.coordinating_units = _unique(attrs.unit_names(node.coordinating_text) + coordinating)

    own_targets = attrs.find_targets("\n".join(values.get(TARGETS, [])))
    body_targets = [t for line in description for t in attrs.find_targets(line)]
    if not body_targets:
        body_targets = attrs.find_targets(title)
    if not body_targets and not own_targets:
        body_targets = attrs.find_targets(node.expected_result)
    node.targets = own_targets + body_targets
    node.budget_lines = attrs.budget_lines_from_description(description) + attrs.budget_lines_from_funding(
        node.funding_text)
    node.is_heading = bool(node.children) and not node.has_attributes
    if node.is_heading:
        node.targets = []


def number_style(label):
    """How a node's number is written, as activities.Activity.NumberStyle stores it: "decimal" (1, 2.1),
    "activity" / "task" / "item" (Hoạt động N, Nhiệm vụ N, Nội dung N), "letter" (a), "dash" (-), "roman" (I),
    "none" (no number)."""
    if label is None:
        return "none"
    if label.kind == "activity":
        return LABEL_WORD_STYLES.get(key(label.text.rsplit(" ", 1)[0] if label.text[-1:].isdigit() else label.text),
                                     "activity")
    return {"letter": "letter", "bullet": "dash", "roman": "roman", "roman_row": "roman"}.get(label.kind, "decimal")


def split_long_title(text):
    """(title, lead-in description) of a long paragraph that opens an item without a separate title.

    Only a paragraph longer than LONG_TITLE is cut, at its first colon, or — when it holds more than one
    sentence — at its first full stop or at a semicolon that does not merely list another cited
    document. Short titles and one-sentence paragraphs are kept whole.
    """
    if len(text) <= LONG_TITLE:
        return text, ""
    cuts = []
    colon = re.search(r":\s+(?=\S)", text)
    if colon:
        cuts.append((colon.start(), colon.end(), True))
    ends = sentence_ends(text)
    if ends:
        cuts.append((ends[0] - 1, ends[0], False))
        for match in re.finditer(r";\s+", text[:ends[0]]):
            if not _CITED.match(text, match.end()):
                cuts.append((match.start(), match.end(), False))
    cuts = [cut for cut in cuts if len(text[:cut[0]].split()) >= _MIN_TITLE_WORDS]
    if not cuts:
        return text, ""
    start, end, by_colon = min(cuts)
    title = text[:start].rstrip(" ;:.")
    if by_colon:
        title = _INTRODUCER.sub("", title)
    rest = text[end:].strip()
    return title, rest[:1].upper() + rest[1:]


def title_from_bullets(lines):
    """A title for an item written only as bullets: the lead clause of each bullet, joined by "; "."""
    clauses = []
    for line in lines:
        if not is_bullet(line):
            continue
        clause = re.split(r":\s", strip_bullet(line), maxsplit=1)[0].strip(" ;.")
        if clause:
            clauses.append(clause)
    if not clauses:
        return ""
    joined = clauses[0]
    for clause in clauses[1:]:
        joined += "; " + clause[:1].lower() + clause[1:]
    return joined


def _unique(names):
    seen, out = set(), []
    for name in names:
        marker = attrs.key(name)
        if marker not in seen:
            seen.add(marker)
            out.append(name)
    return out
