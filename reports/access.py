"""Who may read which report: READ_WHOLE_PROVINCE (plans/roles.py) everything of the province; any other
member only the work of their own unit(s); another province's report is a 404 (it does not exist for them).
A background report file belongs to whoever asked for it."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans.models import Province, Unit, memberships_of
from plans.roles import Capability
from reports.models import Report, ReportJob


def may_open_reports(user):
    """The report page opens for whoever reads a whole province or belongs to a unit (on that unit's report)."""
    memberships = memberships_of(user)
    return memberships.holds(Capability.READ_WHOLE_PROVINCE) or bool(memberships.unit_ids_with(Capability.READ_OWN_UNITS))


def check_report_access(user, scope):
    """Raise PermissionDenied unless the user may read this scope's report (visibility is checked before)."""
    memberships = memberships_of(user)
    if memberships.holds(Capability.READ_WHOLE_PROVINCE, scope.province):
        return
    if scope.kind == "unit" and scope.unit.pk in memberships.units_under(Capability.READ_OWN_UNITS):
        return
    raise PermissionDenied(_("Bạn chỉ được xem báo cáo về công việc của đơn vị mình."))


def default_scope_code(user):
    """The scope a user's report page opens on: their (first) unit for a member who reads no whole province,
    else None (the current year)."""
    memberships = memberships_of(user)
    own = memberships.unit_ids_with(Capability.READ_OWN_UNITS)
    if own and not memberships.unit_ids_with(Capability.READ_WHOLE_PROVINCE):
        return f"unit:{own[0]}"
    return None


def units_for_choice(user, province):
    """Units a user may pick as a report scope."""
    memberships = memberships_of(user)
    if memberships.holds(Capability.READ_WHOLE_PROVINCE, province):
        return Unit.objects.filter(province=province, kind__in=[Unit.Kind.INTERNAL, Unit.Kind.GROUP])
    return Unit.objects.filter(province=province, pk__in=memberships.units_under(Capability.READ_OWN_UNITS))


def may_open_national(user):
    """The national comparison of provinces: the national role (and superusers)."""
    return memberships_of(user).holds(Capability.READ_ALL_PROVINCES)


def check_national_access(user):
    if not may_open_national(user):
        raise PermissionDenied(_("Trang so sánh các tỉnh dành cho cán bộ trung ương."))


def may_open_dashboard(user):
    """The dashboard is for those who read a whole province: leaders and editors (and admins)."""
    return memberships_of(user).holds(Capability.READ_WHOLE_PROVINCE)


def check_dashboard_access(user, province):
    """Raise PermissionDenied unless the user reads the whole of this province."""
    if not memberships_of(user).holds(Capability.READ_WHOLE_PROVINCE, province):
        raise PermissionDenied(_("Trang tổng quan dành cho lãnh đạo và cán bộ biên tập kế hoạch."))


def get_job_for_user(user, pk):
    """A background report belongs to whoever asked for it; anyone else gets a 404."""
    return get_object_or_404(ReportJob, pk=pk, requested_by=user)


def year_scope_code(user, plans, scope_code, year, province_code=None):
    """Complete "year" / "year:2021" with a province for a user who sees more than one (admins, national users).

    The province is the one asked for (`?tinh=`), else the first one the user belongs to, else the first visible.
    """
    kind, _sep, rest = (scope_code or "").partition(":")
    if kind != "year" or ":" in rest:
        return scope_code
    year = rest or year
    provinces = visible_provinces(plans)
    if not province_code and len(provinces) <= 1:
        return f"year:{year}"
    return f"year:{year}:{scope_province(user, provinces, province_code).code}"


def scope_province(user, provinces, province_code=None):
    """Of `provinces` (visible_provinces), the one a scope is chosen in: the one asked for (`?tinh=`, else 404),
    else the first one the user belongs to, else the first; None when there is none."""
    if province_code:
        province = provinces.filter(code=province_code).first()
        if province is None:
            raise Http404(_("Không tìm thấy tỉnh %(code)s.") % {"code": province_code})
        return province
    own = [province_id for _unit, province_id, _role in memberships_of(user).rows]
    return next((p for pk in own for p in provinces if p.pk == pk), None) or provinces.first()


def visible_provinces(plans):
    """Provinces whose plans the user sees, and those that inherited them (a merger, plans/reform.py); a choice is
    offered only when there is more than one."""
    seen = plans.values("province")
    return Province.objects.filter(Q(pk__in=seen) | Q(inherited__in=seen)).distinct().order_by("name")


def may_write_report(user, scope):
    """Who drafts, edits and issues a report document: editors and leaders of the province (whoever reads it
    whole, but not the national role, which writes nothing) for any scope; an updater only the report of their
    own unit (or a unit under it)."""
    memberships = memberships_of(user)
    if memberships.holds(Capability.WRITE_REPORTS, scope.province):
        return True
    return scope.kind == "unit" and scope.unit.pk in memberships.units_under(Capability.REPORT_PROGRESS)


def check_report_write(user, scope):
    if not may_write_report(user, scope):
        raise PermissionDenied(_("Bạn không được soạn, sửa hoặc ban hành báo cáo này."))


def reports_for_user(user, plans):
    """The report documents a user may open: those of the provinces they read whole, and those of their own
    units elsewhere."""
    memberships = memberships_of(user)
    provinces = Province.objects.filter(pk__in=plans.values("province"))
    whole = [p.pk for p in provinces if memberships.holds(Capability.READ_WHOLE_PROVINCE, p)]
    own = memberships.units_under(Capability.READ_OWN_UNITS)
    return Report.objects.filter(Q(province__in=whole) | Q(unit__in=own, province__in=provinces))


def get_report_for_user(user, pk, plans):
    """A report document the user may read; anything else is a 404."""
    return get_object_or_404(reports_for_user(user, plans).select_related("province", "plan", "unit", "issued_by",
                                                                           "created_by"), pk=pk)


def reads_whole_province(user, province):
    """Whether the report page offers the year and every plan (else only the user's own units)."""
    return memberships_of(user).holds(Capability.READ_WHOLE_PROVINCE, province)
