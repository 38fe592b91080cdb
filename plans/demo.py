"""The 2025 reform in the demo data, recorded through the same services an administrator uses (plans/reform.py):
Trà Vinh merged into Vĩnh Long (Nghị quyết 202/2025/QH15), its Sở Tư pháp and Trung tâm TGPL into Vĩnh Long's,
and the district level ended (Nghị quyết 203/2025/QH15), plus a national user. Run after the seed fixtures by
`load_demo` and by the test suite's shared demo data."""
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from plans import reform
from plans.models import Membership, Province, Unit, UnitAlias
from plans.roles import Role

PROVINCE_MERGER = {
    "decision_type": "Nghị quyết", "decision_number": "202/2025/QH15",
    "decided_on": datetime.date(2025, 6, 12), "effective_on": datetime.date(2025, 7, 1),
    "note": "Sắp xếp đơn vị hành chính cấp tỉnh năm 2025: Bến Tre, Trà Vinh và Vĩnh Long thành tỉnh Vĩnh Long.",
}
DISTRICTS_ENDED = {
    "decision_type": "Nghị quyết", "decision_number": "203/2025/QH15",
    "decided_on": datetime.date(2025, 6, 16), "effective_on": datetime.date(2025, 7, 1),
    "note": "Sửa đổi Hiến pháp: chính quyền địa phương hai cấp, không còn cấp huyện.",
}
NATIONAL_USERNAME = "trunguong"

# Vĩnh Long's units that carry on Trà Vinh's: (name, short name, kind, parent's index, Trà Vinh unit, aliases).
VINH_LONG_UNITS = [
    ("Ủy ban nhân dân tỉnh Vĩnh Long", "UBND tỉnh", Unit.Kind.EXTERNAL, None, "Ủy ban nhân dân tỉnh Trà Vinh",
     ["UBND tỉnh Vĩnh Long", "UBND tỉnh", "Ủy ban nhân dân tỉnh"]),
    ("Sở Tư pháp tỉnh Vĩnh Long", "Sở Tư pháp", Unit.Kind.INTERNAL, 0, "Sở Tư pháp tỉnh Trà Vinh",
     ["Sở Tư pháp", "STP"]),
    ("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Vĩnh Long", "Trung tâm TGPL", Unit.Kind.INTERNAL, 1,
     "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Trà Vinh",
     ["Trung tâm TGPL", "Trung tâm trợ giúp pháp lý nhà nước", "Trung tâm trợ giúp pháp lý"]),
]
# District bodies named in the seed plans, and the body that took their work on 1/7/2025 (None: nobody).
DISTRICT_SUCCESSORS = {
    "Ủy ban nhân dân các huyện, thành phố": ("Ủy ban nhân dân các xã, phường", "UBND các xã, phường"),
}


@transaction.atomic
def record_2025_reform(user=None):
    """Record the reform in the demo data once; False (nothing done) when it is there already or the seed
    province is missing."""
    tra_vinh = Province.objects.filter(code="tra-vinh").first()
    if tra_vinh is None or tra_vinh.valid_to is not None:
        return False
    vinh_long = Province.objects.create(name="Vĩnh Long", code="vinh-long")
    created = []
    for position, (name, short, kind, parent, old_name, aliases) in enumerate(VINH_LONG_UNITS, start=1):
        unit = Unit.objects.create(province=vinh_long, name=name, short_name=short, kind=kind, position=position,
                                   parent=created[parent] if parent is not None else None)
        UnitAlias.objects.bulk_create([UnitAlias(unit=unit, name=alias) for alias in aliases])
        created.append(unit)
    reform.province_merge(provinces=[tra_vinh], into=vinh_long, decision=PROVINCE_MERGER, user=user)
    for unit, (_name, _short, _kind, _parent, old_name, _aliases) in zip(created, VINH_LONG_UNITS):
        old = Unit.objects.get(province=tra_vinh, name=old_name)
        reform.unit_merge(units=[old], into=unit, decision=PROVINCE_MERGER, user=user)
        # Trà Vinh's staff went on working in Vĩnh Long's unit.
        Membership.objects.filter(unit=old).update(unit=unit)
    for old in Unit.objects.filter(name__in=DISTRICT_SUCCESSORS, valid_to__isnull=True).select_related("province"):
        new_name, new_short = DISTRICT_SUCCESSORS[old.name]
        successor = Unit.objects.create(
            province=old.province, parent=old.parent, name=new_name, short_name=new_short, kind=old.kind,
            position=old.position, valid_from=DISTRICTS_ENDED["effective_on"],
        ) if new_name else None
        change = reform.unit_dissolve(unit=old, successor=successor, decision=DISTRICTS_ENDED, user=user)
        if successor is not None:
            successor.begun_by = change
            successor.save(update_fields=["begun_by"])
    _national_user(Unit.objects.filter(name="Cục Trợ giúp pháp lý - Bộ Tư pháp").first())
    return True


def _national_user(unit):
    """trunguong: the national role, held in the Cục Trợ giúp pháp lý (the ministry's department)."""
    if unit is None:
        return
    from plans.management.commands.load_demo import DEMO_PASSWORD

    users = get_user_model().objects
    user = users.filter(username=NATIONAL_USERNAME).first() or users.create_user(
        NATIONAL_USERNAME, password=DEMO_PASSWORD, first_name="Cán bộ", last_name="Cục TGPL",
    )
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.NATIONAL)
