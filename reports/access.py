"""Who may read which report: leaders and editors everything of their province; an updater only the
work of their own unit(s); another province's report is a 404 (it does not exist for them)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from plans.models import Membership, Province, Role, Unit

WHOLE_PROVINCE_ROLES = (Role.EDITOR, Role.LEADER, Role.ADMIN)


def check_report_access(user, scope):
    """Raise PermissionDenied unless the user may read this scope's report (visibility is checked before)."""
    if user.is_superuser:
        return
    memberships = Membership.objects.filter(user=user, unit__province=scope.province).select_related("unit")
    if any(m.role in WHOLE_PROVINCE_ROLES for m in memberships):
        return
    if scope.kind == "unit":
        own = set()
        for membership in memberships:
            own |= membership.unit.descendant_ids()
        if scope.unit.pk in own:
            return
    raise PermissionDenied(_("Bạn chỉ được xem báo cáo về công việc của đơn vị mình."))


def default_scope_code(user):
    """The scope a user's report page opens on: their unit for an updater, else the current year."""
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    if memberships and not any(m.role in WHOLE_PROVINCE_ROLES for m in memberships):
        return f"unit:{memberships[0].unit_id}"
    return None


def units_for_choice(user, province):
    """Units a user may pick as a report scope."""
    if user.is_superuser or Membership.objects.filter(
        user=user, unit__province=province, role__in=WHOLE_PROVINCE_ROLES
    ).exists():
        return Unit.objects.filter(province=province, kind__in=[Unit.Kind.INTERNAL, Unit.Kind.GROUP])
    own = set()
    for membership in Membership.objects.filter(user=user, unit__province=province).select_related("unit"):
        own |= membership.unit.descendant_ids()
    return Unit.objects.filter(pk__in=own)


def check_dashboard_access(user, province):
    """The dashboard is for leaders and editors (and admins) of the province."""
    if user.is_superuser:
        return
    if not Membership.objects.filter(user=user, unit__province=province, role__in=WHOLE_PROVINCE_ROLES).exists():
        raise PermissionDenied(_("Trang tổng quan dành cho lãnh đạo và cán bộ biên tập kế hoạch."))


def year_scope_code(user, plans, scope_code, year, province_code=None):
    """Complete "year" / "year:2021" with a province for a user who sees more than one (admins, national users).

    The province is the one asked for (`?tinh=`), else the first one the user belongs to, else the first visible.
    """
    kind, _sep, rest = (scope_code or "").partition(":")
    if kind != "year" or ":" in rest:
        return scope_code
    year = rest or year
    provinces = Province.objects.filter(pk__in=plans.values("province")).order_by("name")
    if province_code:
        province = provinces.filter(code=province_code).first()
        if province is None:
            raise Http404(_("Không tìm thấy tỉnh %(code)s.") % {"code": province_code})
    elif len(provinces) > 1:
        own = Membership.objects.filter(user=user, unit__province__in=provinces).values_list("unit__province", flat=True)
        province = provinces.filter(pk__in=own[:1]).first() or provinces.first()
    else:
        return f"year:{year}"
    return f"year:{year}:{province.code}"


def visible_provinces(plans):
    """Provinces whose plans the user sees (a choice is offered only when there is more than one)."""
    return Province.objects.filter(pk__in=plans.values("province")).order_by("name")
