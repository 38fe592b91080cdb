"""The national view: every province that exists today side by side, on the figures of its own dashboard, for one
year; a province merged into another counts in its heir (Province.heir, plans/reform.py).

A fixed number of queries whatever the number of provinces: provinces, plans, activity counts, targets and their
reports, budget lines, and spending once per reporting window in use (two at most). The figures follow the one
definition of each: overdue is ActivityQuerySet.overdue, a target's achievement progress.selectors.achieved,
money budgets.selectors (line_basis, line_money, spending_by_line).
"""
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field

from django.db.models import Count, Q

from activities.models import Activity, Status, Target
from budgets.models import BudgetLine
from budgets.selectors import Money, MoneyWindows, WithMoney, YearBasis, line_basis, line_money, spending_by_line
from core.archive import live
from core.periods import PeriodKind, ReportingPeriod
from plans.models import Plan, Province
from progress.selectors import achieved, target_reports

_Line = namedtuple("_Line", "pk amount allocated fiscal_year plan_id")  # what line_basis and line_money read


@dataclass
class ProvinceFigures(WithMoney):
    """One province's year: its plans, activities, targets and money (with those of the provinces merged into it)."""

    province: Province
    merged: list = field(default_factory=list)
    plans: int = 0
    activities: int = 0
    done: int = 0
    overdue: int = 0
    targets: int = 0
    targets_behind: int = 0
    money: Money = field(default_factory=Money)

    @property
    def share_done(self):
        return 100 * self.done / self.activities if self.activities else None


def national_figures(year, today):
    """[ProvinceFigures] of every province existing today, by name, and their sum (a ProvinceFigures of None)."""
    provinces = list(Province.objects.order_by("name"))
    rows = {p.pk: ProvinceFigures(p) for p in provinces if p.heir_id is None}
    heir = {p.pk: p.heir_id or p.pk for p in provinces}
    for province in provinces:
        if province.heir_id in rows:
            rows[province.heir_id].merged.append(province)

    plans = {plan.pk: plan for plan in Plan.objects.in_force(year).select_related("province")
             .only("pk", "province__reporting_window", "start_year", "end_year", "open_ended")}
    for plan in plans.values():
        rows[heir[plan.province_id]].plans += 1

    trackable = Activity.objects.trackable().filter(plan__in=list(plans))
    for row in trackable.values("plan__province").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Status.DONE)),
        overdue=Count("pk", filter=Q(pk__in=Activity.objects.overdue(today).values("pk"))),
    ).order_by():
        figures = rows[heir[row["plan__province"]]]
        figures.activities += row["total"]
        figures.done += row["done"]
        figures.overdue += row["overdue"]

    period = ReportingPeriod(year, PeriodKind.YEAR)
    reports = target_reports(Q(target__activity__plan__in=list(plans)), until=(year, period.last_quarter))
    for target in Target.objects.filter(activity__in=trackable).values("pk", "quantity", "measure",
                                                                        "activity__plan__province"):
        figures = rows[heir[target["activity__plan__province"]]]
        figures.targets += 1
        if achieved(target["measure"], reports.get(target["pk"], [])) < target["quantity"]:
            figures.targets_behind += 1

    by_window = defaultdict(list)
    for plan in plans.values():
        by_window[plan.province.reporting_window].append(plan.pk)
    spending = {}
    for window_kind, plan_ids in by_window.items():
        spending.update(spending_by_line(MoneyWindows.of(period, window_kind), plan_ids=plan_ids))
    # Plain tuples, not model instances: a country's lines are tens of thousands (bench/national_bench.py).
    lines = BudgetLine.objects.filter(live("activity"), activity__plan__in=list(plans)).values_list(
        "pk", "amount", "allocated", "fiscal_year", "activity__plan_id")
    for line in map(_Line._make, lines):
        plan = plans[line.plan_id]
        if line_basis(line, plan, year) == YearBasis.IN_YEAR:
            rows[heir[plan.province_id]].money.add(line_money(line, spending))

    result = sorted(rows.values(), key=lambda row: row.province.name)
    total = ProvinceFigures(None)
    for row in result:
        for name in ("plans", "activities", "done", "overdue", "targets", "targets_behind"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.money.add(row.money)
    return result, total
