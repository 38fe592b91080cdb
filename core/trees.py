"""Walking a tree held as (id, parent id) pairs: units under a unit, nodes under an activity. The one walker;
callers fetch the pairs in one query and pass them in."""


def descendants(links, roots):
    """[root ids…, then everything under them, level by level] from `links`, an iterable of (id, parent id)."""
    children = {}
    for pk, parent_id in links:
        children.setdefault(parent_id, []).append(pk)
    found, seen, frontier = list(roots), set(roots), list(roots)
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, ()) if child not in seen]
        seen.update(frontier)
        found.extend(frontier)
    return found
