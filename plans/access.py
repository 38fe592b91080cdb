"""Who may do what to a plan. The roles behind each capability are in plans/roles.py.

Seeing follows `Plan.objects.for_user()` (another province's plan is a 404); changing a plan and its
content needs the EDIT_PLANS capability in the plan's province (a read-only member gets a 403).
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan, Province, Unit, memberships_of
from plans.roles import Capability


def provinces_where(user, capability):
    """Provinces in which the user holds the capability (a queryset, ordered by name)."""
    ids = memberships_of(user).province_ids_with(capability)
    return Province.objects.all() if ids is None else Province.objects.filter(pk__in=ids)


def can_edit_plans(user, province=None):
    """True when the user may create and change plans of this province (of some province, without one)."""
    return memberships_of(user).holds(Capability.EDIT_PLANS, province)


def editable_provinces(user):
    """Provinces in which the user may create plans (a queryset, for choices): those that exist today (a
    province merged into another keeps its plans, edited by the heir's editors, but takes no new ones)."""
    return provinces_where(user, Capability.EDIT_PLANS).valid_on(timezone.localdate())


def get_provinces_for_editor(user, refusal):
    """The provinces in which the user may create plans; a 403 saying `refusal` when there are none."""
    provinces = editable_provinces(user)
    if not provinces.exists():
        raise PermissionDenied(refusal)
    return provinces


def get_plan_for_user(user, pk, *, include_archived=False):
    """The plan if the user may see it; a 404 otherwise, so other provinces' plans do not leak.

    An archived plan is a 404 too, except where the caller asks for it (its archive page and restore).
    """
    plans = Plan.all_objects if include_archived else Plan.objects
    return get_object_or_404(plans.for_user(user).select_related("province", "issuing_unit__parent"), pk=pk)


def get_plan_for_editor(user, pk, *, include_archived=False):
    """The plan if the user may change it; 404 if they may not even see it, 403 if they only read it.

    An archived plan is a 404 unless `include_archived` (its archive page, restoring it).
    """
    plan = get_plan_for_user(user, pk, include_archived=include_archived)
    if not can_edit_plans(user, plan.province):
        raise PermissionDenied(_("Chỉ cán bộ biên tập kế hoạch của tỉnh mới được sửa kế hoạch này."))
    return plan


def get_unit_for_user(user, pk):
    """A unit of a province the user sees (with those merged into theirs); a 404 otherwise."""
    return get_object_or_404(
        Unit.objects.for_user(user).select_related("province", "parent", "ended_by", "begun_by"), pk=pk,
    )
