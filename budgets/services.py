"""Writes to an activity's budget lines, each in one function inside a transaction (see STYLE.md).

Amounts are integers of đồng; an issued plan's changes carry the editor's reason into the history.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import BudgetLine
from plans.services import clean_change_reason

LINE_FIELDS = ("description", "amount", "funding_source", "fiscal_year", "allocated", "decision_reference", "note")


def _save(line, reason):
    line.full_clean()
    if reason:
        line._change_reason = reason
    line.save()
    return line


@transaction.atomic
def budget_line_create(*, activity, reason="", **fields):
    reason = clean_change_reason(activity.plan, reason)
    last = activity.budget_lines.order_by("-position").values_list("position", flat=True).first() or 0
    line = BudgetLine(activity=activity, position=last + 1, **{name: fields[name] for name in LINE_FIELDS})
    return _save(line, reason)


@transaction.atomic
def budget_line_update(*, line, reason="", **fields):
    reason = clean_change_reason(line.activity.plan, reason)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    for name in LINE_FIELDS:
        setattr(line, name, fields[name])
    return _save(line, reason)


@transaction.atomic
def budget_line_delete(*, line, reason=""):
    """Remove the line; refused once money has been spent against it (the spending must stay traceable)."""
    reason = clean_change_reason(line.activity.plan, reason)
    spent = line.expenditures.count()
    if spent:
        raise ValidationError(
            _("Không thể xóa dòng kinh phí này: đã có %(n)s khoản chi ghi vào dòng này.") % {"n": spent},
            code="has_expenditures",
        )
    line._change_reason = reason or None
    line.delete()
