"""The top menu, built from the same access checks as the pages it links to.

An item is shown when its page would open for the user: the menu asks each app's access module (and the
Django admin site) the very question the page asks. The current item is found by URL name: each page
belongs to exactly one item (`SECTIONS`), so a page marks one item or, like the sign-in page, none.
"""
from dataclasses import dataclass
from typing import Callable

from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plans.models import Role, province_names_of, roles_of, user_sees_all_provinces
from progress.access import can_lock_periods, may_open_work_list
from reports.access import may_open_dashboard, may_open_national, may_open_reports


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: Promise
    may_open: Callable  # request -> bool: the check of the page at url_name


MENU = (
    MenuItem("plans:list", _("Kế hoạch"), lambda request: request.user.is_authenticated),
    MenuItem("progress:work_list", _("Việc của đơn vị"), lambda request: may_open_work_list(request.user)),
    MenuItem("progress:locks", _("Khóa kỳ báo cáo"), lambda request: can_lock_periods(request.user)),
    MenuItem("reports:national", _("Toàn quốc"), lambda request: may_open_national(request.user)),
    MenuItem("reports:dashboard", _("Tổng quan"), lambda request: may_open_dashboard(request.user)),
    MenuItem("reports:report", _("Báo cáo"), lambda request: may_open_reports(request.user)),
    MenuItem("admin:index", _("Quản trị"), admin.site.has_permission),
)

# Which menu item a page belongs to, by URL name. A namespace ("plans:") stands for all its URL names that
# are not listed by name; a page under neither (sign-in, sign-out) marks no item.
SECTIONS = {
    # A plan and everything done to it, wherever the app that serves the page.
    "plans:": "plans:list",
    "activities:": "plans:list",
    "budgets:": "plans:list",
    "importer:": "plans:list",
    "reports:plan_history": "plans:list",
    "reports:plan_archive": "plans:list",
    # A unit's work: activity pages, the progress form, evidence, expenditures, archiving a report.
    "progress:": "progress:work_list",
    "progress:locks": "progress:locks",
    "progress:lock": "progress:locks",
    "progress:unlock": "progress:locks",
    "reports:dashboard": "reports:dashboard",
    "reports:dashboard_list": "reports:dashboard",
    "reports:national": "reports:national",
    "reports:national_report": "reports:national",
    "reports:report": "reports:report",
    "reports:scope_suggest": "reports:report",
    "reports:document_plan_suggest": "reports:report",
    "reports:job": "reports:report",
    "reports:job_download": "reports:report",
    "reports:documents": "reports:report",
    "reports:document_create": "reports:report",
    "reports:document": "reports:report",
    "reports:document_issue": "reports:report",
    "reports:document_new_version": "reports:report",
    "reports:document_redraft": "reports:report",
    "reports:document_download": "reports:report",
    "admin:": "admin:index",
    # A user's API tokens (linked beside their name) and the API itself belong to no section of their own.
    "api:": "plans:list",
}


def section_of(view_name):
    """The URL name of the menu item the page `view_name` ("progress:update") belongs to, or None."""
    if not view_name:
        return None
    if view_name in SECTIONS:
        return SECTIONS[view_name]
    namespace, colon, _rest = view_name.partition(":")
    return SECTIONS.get(namespace + colon) if colon else None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = section_of(match.view_name if match else None)
    items = [
        (item.label, reverse(item.url_name), item.url_name == current)
        for item in MENU if item.may_open(request)
    ]
    roles = roles_of(user)
    provinces = ", ".join(province_names_of(user)) if not user_sees_all_provinces(user) else _("Toàn quốc")
    return {
        "nav_items": items,
        "nav_roles": [label for value, label in Role.choices if value in roles],
        "nav_provinces": provinces,
    }
