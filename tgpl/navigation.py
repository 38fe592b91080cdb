"""Navigation shown in the base layout, by the signed-in user's roles."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Role, provinces_of, roles_of, user_sees_all_provinces


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = [(_("Kế hoạch"), reverse("plans:list"), "plans")]
    if Role.UPDATER in roles:
        items.append((_("Việc của đơn vị"), reverse("progress:work_list"), "activities"))
    if Role.LEADER in roles:
        items.append((_("Khóa kỳ báo cáo"), reverse("progress:locks"), "activities"))
    if user.is_superuser or roles & {Role.EDITOR, Role.LEADER, Role.ADMIN}:
        items.append((_("Tổng quan"), reverse("reports:dashboard"), "reports"))
    if roles or user.is_superuser:
        items.append((_("Báo cáo"), reverse("reports:report"), "reports"))
    if user.is_staff and (Role.ADMIN in roles or user.is_superuser):
        items.append((_("Quản trị"), reverse("admin:index"), "admin"))
    provinces = ", ".join(p.name for p in provinces_of(user)) if not user_sees_all_provinces(user) else _("Toàn quốc")
    return {
        "nav_items": items,
        "nav_roles": [label for value, label in Role.choices if value in roles],
        "nav_provinces": provinces,
    }
