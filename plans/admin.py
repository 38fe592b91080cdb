"""Admin for provinces, units, memberships, users and plans (in Vietnamese, like the rest)."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.models import FailedSignIns, LegalBasis, Membership, Plan, Province, Unit, UnitAlias

User = get_user_model()


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reporting_window"]
    search_fields = ["name"]
    prepopulated_fields = {"code": ["name"]}


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "province"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline]
    list_select_related = ["parent", "province"]


class UnitMembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    verbose_name = _("đơn vị và vai trò")
    verbose_name_plural = _("đơn vị và vai trò")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UnitMembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__province"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(FailedSignIns)
class FailedSignInsAdmin(admin.ModelAdmin):
    """Seen and deleted only: deleting a row lifts the lock before it runs out (a user who remembered)."""

    list_display = ["username", "address", "failures", "first_failure_at", "locked_until"]
    search_fields = ["username", "address"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LegalBasisInline(admin.StackedInline):
    model = LegalBasis
    fk_name = "plan"
    extra = 0
    autocomplete_fields = ["cited_plan"]
    fields = [("position", "doc_type", "number", "issued_on"), "issuer", "summary", "cited_plan"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "province", "issuing_unit", "start_year", "end_year", "status", "issued_on"]
    list_filter = ["province", "status", "kind", "start_year"]
    search_fields = ["number", "title"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuing_unit"]
    list_select_related = ["province", "issuing_unit"]
    # Apps above this one append their inlines (activities/admin.py), keeping imports one-way.
    inlines = [LegalBasisInline]
    fieldsets = [
        (None, {"fields": ["province", "issuing_unit", ("number", "place", "issued_on"), "kind", "title", "status"]}),
        (_("Thời kỳ"), {"fields": [("start_year", "end_year", "open_ended")]}),
        (_("Nội dung văn bản"), {"fields": ["purpose", "requirements", "funding_note", "implementation_note"]}),
        (_("Nơi nhận, người ký"), {"fields": ["recipients", ("signer_title", "signer_name")]}),
    ]


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "cited_plan"]
    search_fields = ["number", "summary", "issuer"]
    list_filter = ["doc_type"]
    autocomplete_fields = ["plan", "cited_plan"]
