"""Reads of money: how much of each budget line was spent, in one place for every page that shows it.

Spending counts only while neither its budget line nor the progress update that recorded it is archived
(`Expenditure.objects.counted()`, `core.archive.live`).
"""
from django.db.models import Sum
from django.db.models.functions import Coalesce

from budgets.models import Expenditure
from core.archive import live


def spent_by_line(line_ids):
    """{budget line id: đồng spent}, for the lines that have spending."""
    rows = (Expenditure.objects.counted().filter(budget_line_id__in=line_ids)
            .values("budget_line_id").annotate(total=Sum("amount")))
    return {row["budget_line_id"]: row["total"] for row in rows}


def lines_with_spending(activity):
    """The activity's live budget lines with their source, each carrying `spent` and `remaining` (one query)."""
    lines = list(
        activity.budget_lines.select_related("funding_source")
        .annotate(spent=Coalesce(Sum("expenditures__amount", filter=live("expenditures__progress_update")), 0))
    )
    for line in lines:
        line.remaining = line.amount - line.spent
    return lines
