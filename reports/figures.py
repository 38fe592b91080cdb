"""What the dashboard and the report page show of a report, kept until the data changes.

Building a report's rows (reports.rows.build_report) costs time in proportion to its activities. The dashboard
shows a few dozen figures and the first items of four lists; the report page shows the report's body. Both are
drawn from the one built Report, once, and kept in Django's cache under a key naming everything they depend on:
the scope's code, the period, the day (overdue status), the language, and the data version of the scope's
province and of the provinces merged into it (reports.dataversion), which changes in the same transaction as
any write to what a report reads. So a page asked again before anything changed costs a cache read and a small
template, whatever the size of the report; the first request after a change pays the build.

What is kept depends on the scope only, never on who asks: access is checked before (reports.access), and two
users who may read the same scope see the same report.
"""
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from budgets.selectors import figure_labels
from reports.charts import legend, money_bars
from reports.dataversion import version_of
from reports.documents import document_context
from reports.rows import build_report, check_reportable
from reports.selectors import dashboard_lists, dashboard_query, plan_stats

FORMAT = 2  # bump when what is kept changes shape, so that no process reads an entry of the old shape
TIMEOUT = 24 * 3600  # a key names its day: nothing is asked for under it after that


def _key(kind, scope, period, today):
    parts = (kind, FORMAT, scope.code, period.code, today.isoformat(), translation.get_language() or "",
             version_of(scope.province))
    return "tgpl:figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _kept(kind, scope, period, today, make):
    """`make()`'s value for this scope, period and day, from the cache while the data has not changed."""
    key = _key(kind, scope, period, today)  # read before the rows: a change in between is seen next time
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, TIMEOUT)
    return value


@dataclass
class DashboardFigures:
    """The dashboard's reading of a Report, under the Report's own attribute names (the template reads
    `report.…`): every sum the page shows, the plans' progress, and the first items of each list."""

    scope: object
    period: object
    window: tuple
    window_label: str
    status_caption: str
    targets_to_date_caption: str
    activity_count: int
    done_count: int
    status_counts: dict
    target_count: int
    targets_reached: int
    targets_behind: int
    totals: object
    unassigned: object
    windows: object
    execution_rate_text: str
    has_lead_rule: bool
    by_unit: list
    by_source: list
    money_legend: list
    plan_stats: list
    lists: list = field(default_factory=list)

    @classmethod
    def of(cls, report):
        targets = report.targets
        reached = sum(1 for target in targets if target.reached)
        return cls(
            scope=report.scope, period=report.period, window=report.window, window_label=str(report.window_label),
            status_caption=str(report.status_caption), targets_to_date_caption=str(report.targets_to_date_caption),
            activity_count=report.activity_count, done_count=report.done_count,
            status_counts=dict(report.status_counts), target_count=len(targets), targets_reached=reached,
            targets_behind=len(targets) - reached, totals=report.totals, unassigned=report.unassigned,
            windows=report.windows, execution_rate_text=report.execution_rate_text,
            has_lead_rule=report.has_lead_rule, by_unit=report.by_unit, by_source=report.by_source,
            money_legend=[(str(name), str(meaning)) for name, meaning in report.legend()],
            plan_stats=plan_stats(report), lists=[item.head() for item in dashboard_lists(report)],
        )


@dataclass
class DashboardPage:
    """The dashboard below its form: the figures it was drawn from (kept in the page's context) and its HTML."""

    figures: DashboardFigures
    html: str


def dashboard_page(scope, period, today):
    """DashboardPage of the scope's report for the period, as of `today` (DraftNotReportable as build_report)."""
    check_reportable(scope)

    def make():
        figures = DashboardFigures.of(build_report(scope, period, today=today))
        context = {
            "report": figures, "labels": figure_labels(), "legend": legend(),
            "money_bars": money_bars(figures.by_source), "money_chart_height": 20 + 46 * len(figures.by_source),
            "overdue_count": figures.lists[0].total,
            "list_query": dashboard_query(period, scope),
        }
        return DashboardPage(figures, render_to_string("reports/_dashboard_body.html", context))

    return _kept("dashboard", scope, period, today, make)


@dataclass
class PageBody:
    """The report page's body (the report as it will be signed, with its appendices when it is small enough to
    show), drawn once, and the number of activities it covers."""

    html: str
    activity_count: int
    too_large: bool


def report_page_body(scope, period, today, *, inline_max):
    """PageBody of the scope's report for the period; the body does not depend on who reads it (its template
    reads no user, no permission and no request)."""
    def make():
        report = build_report(scope, period, today=today)
        too_large = report.activity_count > inline_max
        context = {**document_context(report), "hide_appendix": too_large}
        return PageBody(render_to_string("reports/report_body.html", context), report.activity_count, too_large)

    return _kept(f"page:{inline_max}", scope, period, today, make)
