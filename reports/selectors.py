"""Reads of the quarter going out: the dashboard's figures, taken from the one built Report (reports.rows)
so that the dashboard, the report page, the PDF and the workbook never disagree."""
from django.db.models import Max, Q

from plans.models import Plan
from reports.charts import status_bar


def plan_stats(report):
    """Per plan of the report: activities by status, overdue count, share done, and its money."""
    stats = []
    for block in report.blocks:
        counts, overdue = {}, 0
        for row in block.rows:
            if row.status:
                counts[row.status] = counts.get(row.status, 0) + 1
                overdue += row.overdue
        total = sum(counts.values())
        stats.append({
            "plan": block.plan, "total": total, "counts": counts, "overdue": overdue,
            "done": counts.get("done", 0), "share": 100 * counts.get("done", 0) / total if total else 0,
            "segments": status_bar(counts), "money": block.money,
            "targets": sum(len(row.targets) for row in block.rows),
            "targets_reached": sum(1 for row in block.rows for target in row.targets if target.reached),
        })
    return stats


def overdue_and_due(report):
    """(activities overdue, activities due within the report's window and not finished)."""
    first, last = report.window
    rows = [row for row in report.rows if row.status]
    overdue = [row for row in rows if row.overdue]
    due = [row for row in rows if row.due and first <= row.due <= last and row.status not in ("done", "cancelled")]
    return overdue, due


def default_year(plans, today):
    """This year if a plan in force covers it, else the latest year a plan starts in (the demo's 2021/2022)."""
    if plans.filter(start_year__lte=today.year).filter(
        Q(open_ended=True) | Q(end_year__gte=today.year) | Q(start_year=today.year)
    ).exclude(status=Plan.Status.DRAFT).exists():
        return today.year
    return plans.aggregate(latest=Max("start_year"))["latest"] or today.year
