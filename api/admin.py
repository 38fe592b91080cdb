"""API tokens and the call log in the admin: read, and tokens revoked (created on the tokens page, which shows
the key once)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from api.models import ApiCall, ApiToken
from api.services import token_revoke


@admin.action(description=_("Thu hồi các mã đã chọn"))
def revoke(model_admin, request, queryset):
    for token in queryset:
        token_revoke(token=token, revoked_by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by"]
    actions = [revoke]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "token", "method", "path", "query", "status", "duration_ms"]
    list_filter = ["status", "method"]
    search_fields = ["path", "user__username"]
    list_select_related = ["user", "token"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
