"""Writes to an activity's budget lines, each in one function inside a transaction (see STYLE.md).

Amounts are integers of đồng; an issued plan's changes carry the editor's reason into the history. A line is
archived, never deleted (core/archive.py).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity
from budgets.models import BudgetLine
from core import archive
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
