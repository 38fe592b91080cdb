"""Admin for funding sources, budget lines and expenditures."""
from django.contrib import admin

from activities.admin import ActivityAdmin
from activities.locks import LockedParentInline, LockedReadOnlyAdmin
from budgets.models import BudgetLine, Expenditure, FundingSource
from core.history import HumanHistoryAdmin
from plans.admin import ArchivableAdmin


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    can_delete = False  # archive instead (core/archive.py)
    fields = ["position", "description", "amount", "funding_source", "fiscal_year", "allocated", "decision_reference"]


ActivityAdmin.inlines = [*ActivityAdmin.inlines, BudgetLineInline]


class ExpenditureInline(LockedParentInline, admin.TabularInline):
    model = Expenditure
    extra = 0
    autocomplete_fields = ["progress_update", "recorded_by"]


@admin.register(BudgetLine)
class BudgetLineAdmin(LockedReadOnlyAdmin, ArchivableAdmin):
    list_display = ["description", "activity", "amount", "funding_source", "fiscal_year", "allocated"]
    list_filter = ["funding_source", "fiscal_year", "allocated", "activity__plan__province"]
    search_fields = ["description", "decision_reference", "activity__title"]
    autocomplete_fields = ["activity"]
    list_select_related = ["activity", "funding_source", "archived_by"]
    inlines = [ExpenditureInline]


@admin.register(Expenditure)
class ExpenditureAdmin(LockedReadOnlyAdmin, HumanHistoryAdmin):
    list_display = ["budget_line", "amount", "spent_on", "document_reference", "recorded_by"]
    list_filter = ["spent_on"]
    search_fields = ["document_reference", "note", "budget_line__description"]
    autocomplete_fields = ["budget_line", "progress_update", "recorded_by"]
    list_select_related = ["budget_line", "recorded_by"]
