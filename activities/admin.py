"""Admin for activities, targets, progress updates and evidence files."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from activities.locks import LockedParentInline, LockedReadOnlyAdmin
from activities.models import Activity, Attachment, PeriodLock, ProgressUpdate, ReminderSent, Target, TargetProgress
from core.history import HumanHistoryAdmin
from plans.admin import ArchivableAdmin, PlanAdmin


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    can_delete = False  # archive instead (core/archive.py)
    show_change_link = True
    fields = [("parent", "position", "kind", "number_style"), "title", ("timeframe_text", "status")]
    autocomplete_fields = ["parent"]


PlanAdmin.inlines = [*PlanAdmin.inlines, ActivityInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ArchivableAdmin):
    list_display = ["title", "plan", "kind", "timeframe_text", "start", "due", "timeframe_understood", "status"]
    list_filter = ["kind", "status", "timeframe_understood", "recurrence", "plan__province"]
    search_fields = ["title", "description", "plan__number"]
    autocomplete_fields = ["plan", "parent", "lead_units", "coordinating_units"]
    list_select_related = ["plan", "archived_by"]
    # budgets/admin.py appends the budget-line inline.
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["plan", ("parent", "position", "kind", "number_style"), "title", "description"]}),
        (_("Đơn vị"), {"fields": ["lead_units", "lead_text", "coordinating_units", "coordinating_text"]}),
        (_("Thời gian"), {"fields": ["timeframe_text", ("start", "due", "recurrence", "timeframe_understood")]}),
        (_("Kết quả"), {"fields": ["expected_result", "funding_text", "status"]}),
    ]


@admin.register(Target)
class TargetAdmin(HumanHistoryAdmin):
    list_display = ["__str__", "activity", "description"]
    search_fields = ["measure", "description", "activity__title"]
    autocomplete_fields = ["activity"]


class TargetProgressInline(LockedParentInline, admin.TabularInline):
    model = TargetProgress
    extra = 0
    autocomplete_fields = ["target"]


class AttachmentInline(LockedParentInline, admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    fields = readonly_fields


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(LockedReadOnlyAdmin, ArchivableAdmin):
    list_display = ["activity", "unit", "year", "quarter", "status", "author", "updated_at"]
    list_filter = ["year", "quarter", "status", "unit__province"]
    search_fields = ["activity__title", "result", "unit__name"]
    autocomplete_fields = ["activity", "unit", "author"]
    list_select_related = ["activity", "unit", "author", "archived_by"]
    inlines = [TargetProgressInline, AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "update", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    autocomplete_fields = ["update"]


@admin.register(PeriodLock)
class PeriodLockAdmin(HumanHistoryAdmin):
    list_display = ["province", "year", "quarter", "locked_by", "locked_at", "unlocked_by", "unlocked_at"]
    list_filter = ["province", "year", "quarter"]
    readonly_fields = ["locked_at"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "user", "activity", "reason"]
    list_filter = ["reason", "sent_on"]
    raw_id_fields = ["user", "activity"]
