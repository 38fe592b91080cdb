"""Small builders for test data: a province with its unit tree and one user per role."""
from django.contrib.auth import get_user_model

from plans.models import Membership, Plan, Province, Role, Unit


def make_province(name="Lạng Sơn", code=None):
    province = Province.objects.create(name=name, code=code or name.lower().replace(" ", "-"))
    department = Unit.objects.create(province=province, name=f"Sở Tư pháp tỉnh {name}", short_name="Sở Tư pháp")
    centre = Unit.objects.create(
        province=province, parent=department, name="Trung tâm Trợ giúp pháp lý nhà nước", short_name="Trung tâm TGPL",
    )
    branch = Unit.objects.create(province=province, parent=centre, name="Chi nhánh số 1")
    return province, department, centre, branch


def make_user(username, unit, role, password="tgpl2026", **extra):
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_plan(province, unit=None, **fields):
    fields.setdefault("title", "Kế hoạch triển khai công tác trợ giúp pháp lý")
    fields.setdefault("start_year", 2021)
    return Plan.objects.create(province=province, issuing_unit=unit, **fields)


def make_people(department, centre):
    """One user per role in a province, keyed by role."""
    prefix = department.province.code
    return {
        Role.EDITOR: make_user(f"{prefix}-editor", department, Role.EDITOR),
        Role.UPDATER: make_user(f"{prefix}-updater", centre, Role.UPDATER),
        Role.LEADER: make_user(f"{prefix}-leader", department, Role.LEADER),
    }
