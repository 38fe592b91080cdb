"""Picking units for an activity: a province's units with their tree path, and a search that ignores
diacritics and case over names, short names and aliases, best match first ("toa an" → "Tòa án nhân dân…",
"tgpl" → "Trung tâm Trợ giúp pháp lý"; see core.search.rank).
"""
from core.search import ranked
from plans.models import Unit, UnitAlias

SEPARATOR = " › "
MAX_RESULTS = 15


def unit_paths(province_id):
    """{unit id: "Sở Tư pháp › Trung tâm TGPL › Chi nhánh số 1"} for the province, in one query."""
    units = {u.pk: u for u in Unit.objects.filter(province_id=province_id).only("name", "short_name", "parent_id")}
    paths = {}
    for pk, unit in units.items():
        names, seen, parent = [unit.name], {pk}, units.get(unit.parent_id)
        while parent is not None and parent.pk not in seen:  # a bad loop in the data must not hang a page
            names.append(parent.display_name)
            seen.add(parent.pk)
            parent = units.get(parent.parent_id)
        paths[pk] = SEPARATOR.join(reversed(names))
    return paths


def search_units(province_id, text, on=None):
    """Ids of the province's units answering `text` in their name, short name or an alias, best first (at most
    MAX_RESULTS); with `on` (the plan's day) only the units that exist on that day. A province has a few hundred
    units at most: they are ranked in Python, in two queries."""
    existing = Unit.objects.valid_on(on) if on else Unit.objects
    units = list(existing.filter(province_id=province_id).order_by("position", "name")
                 .values_list("pk", "name", "short_name"))
    aliases = {}
    for unit_id, name in UnitAlias.objects.filter(unit__province_id=province_id).values_list("unit_id", "name"):
        aliases.setdefault(unit_id, []).append(name)
    found = ranked(text, units, lambda unit: [unit[1], unit[2], *aliases.get(unit[0], [])])
    return [unit[0] for unit in found[:MAX_RESULTS]]
