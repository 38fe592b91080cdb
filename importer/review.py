"""Corrections the editor makes to the rows of a draft on the review page, before anything is written: drop a
row, merge it into the row above, promote or demote it one level, mark it a heading or an activity.

Rows are numbered in reading order (the order of ParsedPlan.walk()); every action names a row of the draft as
it was shown, so the actions of one review are applied together, whatever their order on the page.
"""
from django.utils.translation import gettext_lazy as _

KEEP, DROP, MERGE, PROMOTE, DEMOTE, HEADING, ACTIVITY = (
    "", "drop", "merge", "promote", "demote", "heading", "activity")
ROW_ACTIONS = [
    (KEEP, _("Giữ nguyên")),
    (DROP, _("Bỏ dòng này")),
    (MERGE, _("Gộp vào dòng trên")),
    (PROMOTE, _("Lên một cấp")),
    (DEMOTE, _("Xuống một cấp (vào dòng trên cùng cấp)")),
    (HEADING, _("Là mục (tiêu đề)")),
    (ACTIVITY, _("Là hoạt động")),
]


def apply_row_actions(plan, actions):
    """Apply {row index: action} to a ParsedPlan in place; returns the messages of actions that could not be
    applied (a first row has nothing above it to merge into, a top-level row cannot go higher …)."""
    rows = list(plan.walk())
    located = _locate_warnings(plan)
    chosen = [(index, action) for index, action in sorted(actions.items()) if action and 0 <= index < len(rows)]
    problems = []
    # Drops, then merges, from the bottom up, so the rows above keep their places; then the rest, top down, on
    # the rows that are left (a row demoted under a dropped one goes under the row above that).
    for index, action in reversed(chosen):
        if action == DROP:
            _drop(plan, rows[index])
    for index, action in reversed(chosen):
        node = rows[index]
        if action == MERGE:
            above = _row_above(plan, node)
            if above is None:
                problems.append(_("Dòng “%(title)s” là dòng đầu tiên: không có dòng trên để gộp vào.")
                                % {"title": _short(node)})
                continue
            _merge(plan, above, node)
    for index, action in chosen:
        node = rows[index]
        if action in (HEADING, ACTIVITY):
            node.is_heading = action == HEADING
        elif action == PROMOTE and not _promote(plan, node):
            problems.append(_("Dòng “%(title)s” đã ở cấp cao nhất.") % {"title": _short(node)})
        elif action == DEMOTE and not _demote(plan, node):
            problems.append(_("Dòng “%(title)s” không có dòng cùng cấp ở trên để xếp vào.") % {"title": _short(node)})
    _relocate_warnings(plan, located)
    return problems


def _paths(plan):
    """{id(node): "activities.0.children.1"}: how a warning names a row."""
    paths = {}

    def walk(nodes, prefix):
        for index, node in enumerate(nodes):
            paths[id(node)] = f"{prefix}.{index}"
            walk(node.children, f"{prefix}.{index}.children")

    walk(plan.activities, "activities")
    return paths


def _locate_warnings(plan):
    """Each warning with the row it is about (None for the plan's own), before the rows move."""
    paths = _paths(plan)
    by_path = {paths[id(node)]: node for node in plan.walk()}
    located = []
    for warning in plan.warnings:
        path, _sep, field = warning["field"].rpartition(".")
        located.append((by_path.get(path), field if path in by_path else warning["field"], warning["message"]))
    return located


def _relocate_warnings(plan, located):
    """The warnings again, named by the rows' new places; those of rows dropped or merged away are gone."""
    paths = _paths(plan)
    plan.warnings = []
    for node, field, message in located:
        if node is None:
            plan.warn(field, message)
        elif id(node) in paths and not (field == "lead_units" and node.is_heading):
            plan.warn(f"{paths[id(node)]}.{field}", message)


def _siblings(plan, node):
    """(the list holding `node`, its parent or None)."""
    if node in plan.activities:
        return plan.activities, None
    for parent in plan.walk():
        if any(child is node for child in parent.children):
            return parent.children, parent
    raise ValueError("node not in plan")


def _index(items, node):
    return next(i for i, item in enumerate(items) if item is node)


def _promote(plan, node):
    siblings, parent = _siblings(plan, node)
    if parent is None:
        return False
    del siblings[_index(siblings, node)]
    outer, _grandparent = _siblings(plan, parent)
    outer.insert(_index(outer, parent) + 1, node)
    return True


def _demote(plan, node):
    siblings, _parent = _siblings(plan, node)
    at = _index(siblings, node)
    if at == 0:
        return False
    del siblings[at]
    siblings[at - 1].children.append(node)
    return True


def _row_above(plan, node):
    rows = list(plan.walk())
    at = _index(rows, node)
    return rows[at - 1] if at > 0 else None


def _drop(plan, node):
    """The row goes; rows under it take its place."""
    siblings, _parent = _siblings(plan, node)
    at = _index(siblings, node)
    siblings[at:at + 1] = node.children


def _merge(plan, above, node):
    """The row's words, units, time, targets and money join the row above it; rows under it follow."""
    words = [part for part in (node.title, node.description) if part]
    above.description = "\n".join(part for part in [above.description, *words] if part)
    for field in ("lead_units", "coordinating_units"):
        merged = getattr(above, field)
        merged.extend(name for name in getattr(node, field) if name not in merged)
    for field in ("lead_text", "coordinating_text", "expected_result", "funding_text"):
        setattr(above, field, "\n".join(part for part in (getattr(above, field), getattr(node, field)) if part))
    if not above.timeframe_text and node.timeframe_text:
        for field in ("timeframe_text", "start", "due", "recurrence", "timeframe_understood"):
            setattr(above, field, getattr(node, field))
    above.targets.extend(node.targets)
    above.budget_lines.extend(node.budget_lines)
    siblings, _parent = _siblings(plan, node)
    del siblings[_index(siblings, node)]
    above.children.extend(node.children)
    if above.has_attributes:
        above.is_heading = False


def _short(node):
    title = node.title or node.description.split("\n", 1)[0]
    return title if len(title) <= 60 else title[:57].rstrip() + "…"
