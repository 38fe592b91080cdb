"""Display numbers of a plan's content tree ("1", "2.2.1", "Hoạt động 3"), derived from position, never typed.

Pure logic on any objects with pk, parent_id, position and number_style, so every app may use it.
"""
from collections import defaultdict

from django.utils.translation import gettext as _


def number_nodes(nodes):
    """Map node id → display number for one plan's nodes.

    `nodes` are objects with `pk`, `parent_id`, `position` and `number_style` (all of one plan, in any
    order). Decimal numbers nest under decimal parents ("2.2.1"); "Hoạt động N" counts only the
    activity-style siblings and is written "Hoạt động" alone when a heading holds just one.
    """
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))

    numbers = {}

    def walk(parent_id, decimal_prefix):
        siblings = children.get(parent_id, [])
        decimal_count = activity_count = 0
        activity_total = sum(1 for n in siblings if n.number_style == "activity")
        for node in siblings:
            if node.number_style == "activity":
                activity_count += 1
                numbers[node.pk] = _("Hoạt động") if activity_total == 1 else _("Hoạt động %(n)s") % {"n": activity_count}
                walk(node.pk, "")
            else:
                decimal_count += 1
                number = f"{decimal_prefix}{decimal_count}"
                numbers[node.pk] = number
                walk(node.pk, f"{number}.")

    walk(None, "")
    return numbers


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
