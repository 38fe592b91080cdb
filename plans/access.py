"""Who may do what to a plan: the one place the editor role is checked.

Seeing follows `Plan.objects.for_user()` (another province's plan is a 404); changing a plan and its
content needs the editor (or admin) role in the plan's province (a read-only member gets a 403).
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans.models import Membership, Plan, Province, Role

EDITING_ROLES = (Role.EDITOR, Role.ADMIN)


def can_edit_plans(user, province):
    """True when the user may create and change plans of this province."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit__province=province, role__in=EDITING_ROLES).exists()


def editable_provinces(user):
    """Provinces in which the user may create plans (a queryset, for choices)."""
    if user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(
        units__memberships__user=user, units__memberships__role__in=EDITING_ROLES
    ).distinct()


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
