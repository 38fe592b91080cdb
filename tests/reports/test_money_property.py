"""Property: for random plans, budget lines, spending and archiving, a year's report is the sum of its plans and
of its lead units, and equals the figures worked out by hand from the rows that are not archived."""
import datetime

from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from activities.models import Activity, ProgressUpdate
from budgets.models import BudgetLine, Expenditure, FundingSource
from core import archive
from core.periods import WindowKind, parse_period
from plans.models import Plan, Unit
from reports.rows import build_report, parse_scope
from tests.factories import make_province

YEAR = 2021
PLAN_YEARS = [(2021, None, False), (2021, 2021, False), (2020, 2022, False), (2019, None, True), (2021, 2025, False),
              (2022, None, False)]

spending = st.tuples(st.dates(datetime.date(2020, 11, 1), datetime.date(2022, 2, 28)),
                     st.integers(1, 10**8), st.sampled_from(["none", "live", "archived"]))
line = st.fixed_dictionaries({
    "amount": st.integers(0, 10**9),
    "fiscal_year": st.sampled_from([None, None, 2020, 2021, 2021, 2022]),
    "allocated": st.booleans(),
    "source": st.sampled_from([None, 0, 1]),
    "archived": st.sampled_from([False, False, False, True]),
    "spending": st.lists(spending, max_size=3),
})
activity = st.fixed_dictionaries({
    "parent": st.integers(-1, 4),  # an earlier node of the same plan, or none
    "section": st.sampled_from([False, False, True]),
    "leads": st.lists(st.integers(0, 3), max_size=3, unique=True),
    "coordinating": st.lists(st.integers(0, 3), max_size=2, unique=True),
    "archived": st.sampled_from([False, False, False, True]),
    "lines": st.lists(line, max_size=3),
})
plan = st.fixed_dictionaries({
    "years": st.sampled_from(PLAN_YEARS),
    "status": st.sampled_from(["issued", "issued", "closed", "draft"]),
    "archived": st.sampled_from([False, False, False, True]),
    "activities": st.lists(activity, max_size=5),
})


class YearEqualsItsPartsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province, cls.department, _centre, _branch = make_province("Hòa Bình", "hoa-binh")
        # Four rooms side by side, none under another: a unit's report is exactly its own activities.
        cls.rooms = [Unit.objects.create(province=cls.province, parent=cls.department, name=f"Phòng {i}",
                                         position=10 - i) for i in range(4)]
        cls.sources = [FundingSource.objects.create(code=f"n{i}", name=f"Nguồn {i}", position=i) for i in range(2)]
        cls.user = get_user_model().objects.create_user("tinh", password="x" * 12)
        # An empty plan in force, so that the province has a year to report even when every other plan is archived.
        Plan.objects.create(province=cls.province, title="KH rỗng", start_year=YEAR, status="issued")

    def _build(self, plans):
        """Write the generated world; return the figures expected for it, worked out without the report code."""
        expected = {"planned": 0, "allocated": 0, "spent_in_period": 0, "spent_to_date": 0}
        quarter = 1
        for p_index, spec in enumerate(plans):
            start, end, open_ended = spec["years"]
            plan_row = Plan.objects.create(province=self.province, issuing_unit=self.department, title=f"KH {p_index}",
                                           number=f"{p_index}/KH", start_year=start, end_year=end,
                                           open_ended=open_ended, status=spec["status"])
            single_year = start if not open_ended and end in (None, start) else None
            in_year = (spec["status"] != "draft" and not spec["archived"] and start <= YEAR
                       and (open_ended or (end or start) >= YEAR))
            nodes, node_live = [], []
            for spec_a in spec["activities"]:
                parent = nodes[spec_a["parent"]] if 0 <= spec_a["parent"] < len(nodes) else None
                node = Activity.objects.create(plan=plan_row, parent=parent, title="Hoạt động",
                                               kind="section" if spec_a["section"] else "activity",
                                               position=len(nodes))
                node.lead_units.add(*(self.rooms[i] for i in spec_a["leads"]))
                node.coordinating_units.add(*(self.rooms[i] for i in spec_a["coordinating"]))
                parent_live = node_live[nodes.index(parent)] if parent is not None else True
                live = parent_live and not spec_a["archived"]
                nodes.append(node)
                node_live.append(live)
                for spec_l in spec_a["lines"]:
                    source = self.sources[spec_l["source"]] if spec_l["source"] is not None else None
                    line_row = BudgetLine.objects.create(activity=node, amount=spec_l["amount"],
                                                         fiscal_year=spec_l["fiscal_year"], funding_source=source,
                                                         allocated=spec_l["allocated"])
                    year = spec_l["fiscal_year"] if spec_l["fiscal_year"] is not None else single_year
                    counts = in_year and live and not spec_l["archived"] and year == YEAR
                    if counts:
                        expected["planned"] += spec_l["amount"]
                        expected["allocated"] += spec_l["amount"] if spec_l["allocated"] else 0
                    for day, amount, update_kind in spec_l["spending"]:
                        update = None
                        if update_kind != "none":
                            quarter += 1
                            update = ProgressUpdate.objects.create(
                                activity=node, unit=self.rooms[0], year=1990 + quarter // 4, quarter=quarter % 4 + 1,
                                status="in_progress", author=self.user)
                        Expenditure.objects.create(budget_line=line_row, amount=amount, spent_on=day,
                                                   recorded_by=self.user, progress_update=update)
                        if update_kind == "archived":
                            archive.archive(update, user=self.user)
                        if counts and update_kind != "archived":
                            if self.windows["to_date"][0] <= day <= self.windows["to_date"][1]:
                                expected["spent_to_date"] += amount
                            if self.windows["period"][0] <= day <= self.windows["period"][1]:
                                expected["spent_in_period"] += amount
                    if spec_l["archived"]:
                        archive.archive(line_row, user=self.user)
            for node, spec_a in zip(nodes, spec["activities"]):
                if spec_a["archived"]:
                    node.refresh_from_db()
                    if node.archived_at is None:  # not already archived with an archived parent
                        archive.archive(node, user=self.user)
            if spec["archived"]:
                archive.archive(plan_row, user=self.user)
        return expected

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plans=st.lists(plan, min_size=1, max_size=3), nd09=st.booleans(),
           period_code=st.sampled_from(["2021-Q1", "2021-Q3", "2021-H1", "2021"]))
    def test_year_is_the_sum_of_its_plans_and_lead_units_and_counts_nothing_archived(self, plans, nd09, period_code):
        kind = WindowKind.ND09 if nd09 else WindowKind.CALENDAR
        self.province.reporting_window = kind
        self.province.save()
        period = parse_period(period_code)
        first, last = period.window(kind)
        year_first = parse_period(str(YEAR)).window(kind)[0]
        self.windows = {"period": (first, last), "to_date": (year_first, last)}
        expected = self._build(plans)

        visible = Plan.objects.filter(province=self.province)
        year = build_report(parse_scope("year:2021", visible), period)
        totals = {key: getattr(year.totals, key) for key in expected}
        assert totals == expected  # nothing archived, nothing of another year, nothing of a draft

        plan_reports = [build_report(parse_scope(f"plan:{block.plan.pk}", visible, year=YEAR), period)
                        for block in year.blocks]
        unit_reports = [build_report(parse_scope(f"unit:{room.pk}", visible, year=YEAR), period)
                        for room in self.rooms]
        no_lead = [unit for unit in year.by_unit if not unit.known]
        for key in expected:
            assert sum(getattr(r.totals, key) for r in plan_reports) == expected[key], key
            assert sum(getattr(block.money, key) for block in year.blocks) == expected[key], key
            assert sum(getattr(source, key) for source in year.by_source) == expected[key], key
            assert sum(getattr(unit, key) for unit in year.by_unit) == expected[key], key
            assert (sum(getattr(r.totals, key) for r in unit_reports)
                    + sum(getattr(unit, key) for unit in no_lead)) == expected[key], key
        assert year.totals.remaining == year.totals.allocated - year.totals.spent_to_date
