"""Writes to an activity's budget lines, each in one function inside a transaction (docs/architecture.md).

Amounts are integers of đồng; an issued plan's changes carry the editor's reason into the history. A line is
archived, never deleted (core/archive.py).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.locks import ensure_lines_open
from activities.models import Activity
from budgets.models import BudgetLine, FundingSource
from core import archive
from plans.services import clean_change_reason


def _save(line, reason):
    line.full_clean()
    if reason:
        line._change_reason = reason
    line.save()
    return line


@transaction.atomic
def budget_line_create(
    *, activity: Activity, amount: int, description: str = "", funding_source: FundingSource | None = None,
    fiscal_year: int | None = None, allocated: bool = True, decision_reference: str = "", note: str = "",
    reason: str = "",
) -> BudgetLine:
    """A new line at the end of the activity's lines."""
    reason = clean_change_reason(activity.plan, reason)
    last = activity.budget_lines.order_by("-position").values_list("position", flat=True).first() or 0
    line = BudgetLine(
        activity=activity, position=last + 1, amount=amount, description=description, funding_source=funding_source,
        fiscal_year=fiscal_year, allocated=allocated, decision_reference=decision_reference, note=note,
    )
    return _save(line, reason)


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, amount: int, description: str = "", funding_source: FundingSource | None = None,
    fiscal_year: int | None = None, allocated: bool = True, decision_reference: str = "", note: str = "",
    reason: str = "",
) -> BudgetLine:
    """Every field of the line as the form now holds it; the amount stays while a locked quarter has spending
    from the line (activities/locks.py)."""
    reason = clean_change_reason(line.activity.plan, reason)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if amount != line.amount:
        ensure_lines_open([line.pk])  # its spending in a locked quarter was reviewed against this amount
    line.amount, line.description, line.funding_source, line.fiscal_year = amount, description, funding_source, fiscal_year
    line.allocated, line.decision_reference, line.note = allocated, decision_reference, note
    return _save(line, reason)


@transaction.atomic
def budget_line_archive(*, line, user, reason=""):
    """Archive the line: it leaves every total; spending recorded against it is kept (and stops counting)."""
    reason = clean_change_reason(line.activity.plan, reason)
    line = BudgetLine.all_objects.select_for_update().get(pk=line.pk)
    if line.archived_at is not None:
        raise ValidationError(_("Dòng kinh phí này đã được lưu trữ."), code="archived")
    archive.archive(line, user=user, reason=reason)
    return line


@transaction.atomic
def budget_line_restore(*, line, user, reason=""):
    reason = clean_change_reason(line.activity.plan, reason)
    line = BudgetLine.all_objects.select_for_update().get(pk=line.pk)
    if line.archived_at is None:
        raise ValidationError(_("Dòng kinh phí này không nằm trong lưu trữ."), code="not_archived")
    if not Activity.objects.filter(pk=line.activity_id).exists():
        raise ValidationError(_("Hoạt động của dòng kinh phí này đang được lưu trữ: hãy khôi phục hoạt động trước."),
                              code="activity_archived")
    archive.restore(line, user=user, reason=reason)
    return line
