"""Display numbers of a plan's content tree ("1", "2.2.1", "Hoạt động 3"), derived from position, never typed.

Pure logic on any objects with pk, parent_id, position and number_style, so every app may use it.
"""
from collections import defaultdict

from django.utils.translation import gettext as _

# Styles counted among their own siblings, written as a word and the count ("Nhiệm vụ 2").
_WORDS = {"activity": "Hoạt động", "task": "Nhiệm vụ", "item": "Nội dung"}
# After these the decimal numbers of the children continue the parent's count ("Nhiệm vụ 2" → "2.1").
_PREFIXING = {"decimal", "task", "item"}
_LETTERS = "abcdefghiklmnopqrstuvxy"  # the Vietnamese alphabet's order as plans letter their items


def number_nodes(nodes):
    """Map node id → display number for one plan's nodes.

    `nodes` are objects with `pk`, `parent_id`, `position` and `number_style` (all of one plan, in any
    order). Decimal numbers nest under decimal parents ("2.2.1") and under "Nhiệm vụ N" / "Nội dung N"
    ("2.1"); every other style counts only its own siblings: "Hoạt động N" (written "Hoạt động" alone when a
    heading holds just one), "Nhiệm vụ N", "Nội dung N", Roman "II", letters "b)", a dash "-", or no number.
    """
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))

    numbers = {}

    def walk(parent_id, decimal_prefix):
        siblings = children.get(parent_id, [])
        counts = defaultdict(int)
        activity_total = sum(1 for n in siblings if n.number_style == "activity")
        for node in siblings:
            style = node.number_style
            counts[style] += 1
            count = counts[style]
            if style == "activity":
                number = _("Hoạt động") if activity_total == 1 else _("Hoạt động %(n)s") % {"n": count}
            elif style in _WORDS:
                number = f"{_(_WORDS[style])} {count}"
            elif style == "roman":
                number = _roman(count)
            elif style == "letter":
                number = f"{_LETTERS[(count - 1) % len(_LETTERS)]})"
            elif style == "dash":
                number = "-"
            elif style == "none":
                number = ""
            else:
                number = f"{decimal_prefix}{count}"
            numbers[node.pk] = number
            if style == "decimal":
                walk(node.pk, f"{number}.")
            elif style in _PREFIXING:
                walk(node.pk, f"{count}.")
            else:
                walk(node.pk, "")

    walk(None, "")
    return numbers


def number_mark(style):
    """What follows a number of this style in a title: "2.1." and "II.", "Nhiệm vụ 2:"; nothing after "a)", "-"."""
    if style in ("decimal", "roman"):
        return "."
    if style == "activity" or style in _WORDS:
        return ":"
    return ""


def _roman(value):
    out = []
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def ordered_tree(nodes):
    """The nodes in document order as (node, depth) pairs."""
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))
    ordered = []

    def walk(parent_id, depth):
        for node in children.get(parent_id, []):
            ordered.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return ordered
