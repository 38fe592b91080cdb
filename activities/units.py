"""Picking units for an activity: a province's units with their tree path, and a search that ignores
diacritics and case over names, short names and aliases ("trung tam tgpl" finds "Trung tâm TGPL").
"""
from django.db.models import Exists, OuterRef, Q

from core.search import Fold, fold
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
    """Units of the province matching every word of `text` in their name, short name or an alias; with `on`
    (the plan's day) only the units that exist on that day."""
    words = fold(text or "").split()
    if not words:
        return []
    units = (Unit.objects.valid_on(on) if on else Unit.objects).filter(province_id=province_id).alias(folded_name=Fold("name"), folded_short=Fold("short_name"))
    for word in words:
        alias = UnitAlias.objects.alias(folded=Fold("name")).filter(unit=OuterRef("pk"), folded__contains=word)
        units = units.filter(Q(folded_name__contains=word) | Q(folded_short__contains=word) | Exists(alias))
    return list(units.order_by("position", "name").values_list("pk", flat=True)[:MAX_RESULTS])
