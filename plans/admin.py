"""Admin for provinces, units, memberships, users and plans (in Vietnamese, like the rest)."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.history import HumanHistoryAdmin
from plans import admin_reform
from plans.models import (
    FailedSignIns,
    LegalBasis,
    Membership,
    OrganisationChange,
    Plan,
    Province,
    ProvinceName,
    Unit,
    UnitAlias,
    UnitName,
    UnitSuccession,
)

User = get_user_model()


class ProvinceNameInline(admin.TabularInline):
    """Former names are written by the rename action (with its decision); here they are read."""

    model = ProvinceName
    extra = 0
    fields = ["name", "used_until", "change"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reporting_window", "valid_from", "valid_to", "merged_into"]
    search_fields = ["name", "former_names__name"]
    prepopulated_fields = {"code": ["name"]}
    readonly_fields = ["valid_to", "merged_into"]  # written by the merge action, with its decision
    inlines = [ProvinceNameInline]
    actions = [admin_reform.record_province_merge, admin_reform.record_province_rename]

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: admin_reform.province_merge_view(self, request))
        rename = self.admin_site.admin_view(lambda request: admin_reform.province_rename_view(self, request))
        return [path("sap-nhap/", view, name="plans_province_merge"),
                path("doi-ten/", rename, name="plans_province_rename"), *super().get_urls()]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


class UnitNameInline(admin.TabularInline):
    """Former names are written by the rename action (with its decision); here they are read."""

    model = UnitName
    extra = 0
    fields = ["name", "short_name", "used_until", "change"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "province", "valid_from", "valid_to"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "short_name", "aliases__name", "former_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline, UnitNameInline]
    list_select_related = ["parent", "province"]
    readonly_fields = ["valid_to"]  # ended by the guided action, which records the decision
    actions = [admin_reform.record_unit_change]

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: admin_reform.unit_change_view(self, request))
        return [path("thay-doi-to-chuc/", view, name="plans_unit_change_org"), *super().get_urls()]


class UnitSuccessionInline(admin.TabularInline):
    model = UnitSuccession
    extra = 0
    fields = ["predecessor", "successor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrganisationChange)
class OrganisationChangeAdmin(admin.ModelAdmin):
    """The record of decisions: read here, written by the guided actions of units and provinces."""

    list_display = ["kind", "decision_number", "decided_on", "effective_on", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["decision_number", "note"]
    inlines = [UnitSuccessionInline]
    readonly_fields = ["kind", "decision_type", "decision_number", "decided_on", "effective_on", "recorded_by",
                       "recorded_at"]
    fields = [*readonly_fields, "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class ArchivedFilter(admin.SimpleListFilter):
    title = _("lưu trữ")
    parameter_name = "luu_tru"

    def lookups(self, request, model_admin):
        return [("0", _("Đang dùng")), ("1", _("Đã lưu trữ"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(archived_at__isnull=self.value() == "0")
        return queryset


class ArchivableAdmin(HumanHistoryAdmin):
    """Admin of an archivable model (core/archive.py): archived rows are listed too, marked, and nothing is
    deleted from here (a delete would cascade past the archive); archive and restore from the app's pages."""

    archive_fields = ["archived_at", "archived_by"]

    def get_queryset(self, request):
        queryset = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_list_display(self, request):
        return [*super().get_list_display(request), *self.archive_fields]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ArchivedFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.archive_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:  # declared fieldsets do not show read-only fields of their own accord
            fieldsets = [*fieldsets, (_("Lưu trữ"), {"fields": self.archive_fields})]
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ArchivableAdmin):
    list_display = ["number", "title", "province", "issuing_unit", "start_year", "end_year", "status", "issued_on"]
    list_filter = ["province", "status", "kind", "start_year"]
    search_fields = ["number", "title"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuing_unit"]
    list_select_related = ["province", "issuing_unit", "archived_by"]
    # Apps above this one append their inlines (activities/admin.py), keeping imports one-way.
    inlines = [LegalBasisInline]
    fieldsets = [
        (None, {"fields": ["province", "issuing_unit", ("number", "place", "issued_on"), "kind", "title", "status"]}),
        (_("Thời kỳ"), {"fields": [("start_year", "end_year", "open_ended")]}),
        (_("Nội dung văn bản"), {"fields": ["purpose", "requirements", "funding_note", "implementation_note"]}),
        (_("Nơi nhận, người ký"), {"fields": ["recipients", ("signer_title", "signer_name")]}),
    ]


@admin.register(LegalBasis)
class LegalBasisAdmin(HumanHistoryAdmin):
    list_display = ["__str__", "plan", "cited_plan"]
    search_fields = ["number", "summary", "issuer"]
    list_filter = ["doc_type"]
    autocomplete_fields = ["plan", "cited_plan"]
