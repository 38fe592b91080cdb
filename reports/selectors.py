"""Reads of the quarter going out: the dashboard's figures, taken from the one built Report (reports.rows)
so that the dashboard, the report page, the PDF and the workbook never disagree."""
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

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


LIST_SIZE = 10  # items of each list the dashboard shows; the rest are on the list's own page
LIST_PAGE_SIZE = 50


@dataclass
class DashboardList:
    """One of the dashboard's lists of activities to look at: its first LIST_SIZE items show on the dashboard,
    all of them on its own page (reports:dashboard_list)."""

    slug: str  # the list's page: tong-quan/danh-sach/<slug>/
    title: str
    empty: str  # what the dashboard says when nothing is in it
    rows: list  # Row, or (Row, LineRow) for the lines without a source
    total: int | None = None  # how many there are, when `rows` holds only the first ones

    def __post_init__(self):
        self.title, self.empty = str(self.title), str(self.empty)
        if self.total is None:
            self.total = len(self.rows)

    @property
    def first(self):
        return self.rows[:LIST_SIZE]

    @property
    def more(self):
        return max(0, self.total - LIST_SIZE)

    def head(self):
        """The list as the dashboard keeps it: its first items and how many there are."""
        return DashboardList(self.slug, self.title, self.empty, self.first, self.total)


def dashboard_query(period, scope):
    """The dashboard's query string for a period and a scope (its links to the lists' pages and back)."""
    return f"nam={period.year}&phan={period.code.partition('-')[2] or 'N'}&pham_vi={scope.code}"


def dashboard_lists(report):
    """The dashboard's four lists: overdue, due within the report's window and not finished, targets and status
    that disagree, and money lines without a source."""
    first, last = report.window
    rows = [row for row in report.rows if row.status]
    return [
        DashboardList("qua-han", _("Hoạt động quá hạn"), _("Không có hoạt động quá hạn."),
                      [row for row in rows if row.overdue]),
        DashboardList("den-han", _("Đến hạn trong kỳ"), _("Không có hoạt động đến hạn trong kỳ."),
                      [row for row in rows if row.due and first <= row.due <= last
                       and row.status not in ("done", "cancelled")]),
        DashboardList("can-xem-lai", _("Cần xem lại: chỉ tiêu và trạng thái chưa khớp"),
                      _("Trạng thái của các hoạt động khớp với kết quả chỉ tiêu."), report.flagged_rows),
        DashboardList("thieu-nguon", _("Dòng kinh phí cần bổ sung nguồn"), _("Mọi dòng kinh phí đều đã ghi nguồn."),
                      report.lines_without_source),
    ]


def default_year(plans, today):
    """This year if a plan in force covers it, else the latest year a plan starts in (the demo's 2021/2022)."""
    if plans.filter(start_year__lte=today.year).filter(
        Q(open_ended=True) | Q(end_year__gte=today.year) | Q(start_year=today.year)
    ).exclude(status=Plan.Status.DRAFT).exists():
        return today.year
    return plans.aggregate(latest=Max("start_year"))["latest"] or today.year
