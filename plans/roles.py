"""Which role may do what: the one role table of the project.

A user holds a role in a unit (plans.models.Membership). What a role allows is a capability, held either
province-wide (in the province of the unit: editing plans, locking quarters, reading everything) or for the
unit and every unit under it (reporting progress, reading one's own units' work). Every access check of
every app, and the menu, asks `memberships_of(user).holds(capability, …)` (plans.models); no other module
lists roles.

Seeing a province's plans at all needs no capability: any membership in the province, or the national
permission (plans.models.user_sees_all_provinces).

The national role ("Trung ương", the ministry's department in charge of legal aid) is held in the unit the
person works in, but what it gives holds in every province (NATIONWIDE_ROLES): reading every province, its
dashboard and reports, and the national comparison. It gives nothing that writes.
"""
import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Biên tập kế hoạch")
    UPDATER = "updater", _("Cập nhật tiến độ")
    LEADER = "leader", _("Lãnh đạo")
    ADMIN = "admin", _("Quản trị")
    NATIONAL = "national", _("Trung ương")


class Capability(enum.StrEnum):
    # Province-wide: create plans, change them and their content, issue, close, archive, copy, import.
    EDIT_PLANS = "edit_plans"
    # Province-wide: lock a reviewed quarter, and unlock it.
    LOCK_PERIODS = "lock_periods"
    # Province-wide: the dashboard, and a report of any scope (plan, year, unit).
    READ_WHOLE_PROVINCE = "read_whole_province"
    # The unit and those under it: report progress, money spent and evidence for the activities they lead or
    # co-ordinate, and archive those reports.
    REPORT_PROGRESS = "report_progress"
    # The unit and those under it: their work list, and reports scoped to one of those units.
    READ_OWN_UNITS = "read_own_units"
    # Every province, read only: the national dashboard comparing provinces, and each province's pages.
    READ_ALL_PROVINCES = "read_all_provinces"
    # Province-wide: draft, edit and issue report documents of any scope (reports/access.may_write_report).
    WRITE_REPORTS = "write_reports"


ROLE_TABLE = {
    Capability.EDIT_PLANS: frozenset({Role.EDITOR, Role.ADMIN}),
    Capability.LOCK_PERIODS: frozenset({Role.LEADER, Role.ADMIN}),
    Capability.READ_WHOLE_PROVINCE: frozenset({Role.EDITOR, Role.LEADER, Role.ADMIN, Role.NATIONAL}),
    Capability.REPORT_PROGRESS: frozenset({Role.UPDATER}),
    Capability.READ_OWN_UNITS: frozenset(Role),
    Capability.READ_ALL_PROVINCES: frozenset({Role.NATIONAL}),
    # Those who read the whole province, except the national role, which writes nothing.
    Capability.WRITE_REPORTS: frozenset({Role.EDITOR, Role.LEADER, Role.ADMIN}),
}

# Roles whose capabilities hold in every province, not only in the province of the member's unit.
NATIONWIDE_ROLES = frozenset({Role.NATIONAL})

# A superuser holds these in every province without a membership. Reporting stays with the units' own staff.
SUPERUSER_CAPABILITIES = frozenset({
    Capability.EDIT_PLANS, Capability.LOCK_PERIODS, Capability.READ_WHOLE_PROVINCE, Capability.READ_ALL_PROVINCES,
    Capability.WRITE_REPORTS,
})


def roles_with(capability):
    """The roles that give a capability."""
    return ROLE_TABLE[capability]
