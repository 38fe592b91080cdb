"""Benchmark: the national comparison (reports.national) over a generated country.

    .venv/bin/python bench/national_bench.py [--provinces 34] [--plans 5] [--activities 40]

Builds its own throw-away SQLite database (or uses DATABASE_URL), fills it with every province's plans,
activities (a target and a budget line each, half of them granted, spending on a third), then times the
national figures for the year and counts their queries.
"""
import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='tgpl-bench-')}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgpl.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from activities.models import Activity, Target  # noqa: E402
from budgets.models import BudgetLine, Expenditure  # noqa: E402
from plans.models import Plan, Province, Unit  # noqa: E402
from reports.national import national_figures  # noqa: E402

YEAR = 2026


@transaction.atomic
def generate(provinces, plans, per_plan):
    clerk = get_user_model().objects.create_user("ketoan")
    for p in range(provinces):
        province = Province.objects.create(name=f"Tỉnh {p:02d}", code=f"tinh-{p:02d}")
        unit = Unit.objects.create(province=province, name=f"Sở Tư pháp tỉnh {p:02d}")
        for n in range(plans):
            plan = Plan.objects.create(province=province, issuing_unit=unit, number=f"{n}/KH", title="Kế hoạch",
                                       start_year=YEAR, status=Plan.Status.ISSUED)
            activities = Activity.objects.bulk_create(
                Activity(plan=plan, title=f"Hoạt động {a}", position=a, due=datetime.date(YEAR, 1 + a % 12, 28),
                         status="done" if a % 4 == 0 else "in_progress") for a in range(per_plan))
            Target.objects.bulk_create(Target(activity=a, quantity=10, measure="đợt") for a in activities)
            lines = BudgetLine.objects.bulk_create(
                BudgetLine(activity=a, amount=10_000_000, allocated=i % 2 == 0) for i, a in enumerate(activities))
            Expenditure.objects.bulk_create(
                Expenditure(budget_line=line, amount=1_000_000, spent_on=datetime.date(YEAR, 3, 1), recorded_by=clerk)
                for i, line in enumerate(lines) if i % 3 == 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--plans", type=int, default=5)
    parser.add_argument("--activities", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(args.provinces, args.plans, args.activities)
    print(f"generated {args.provinces} provinces × {args.plans} plans × {args.activities} activities "
          f"in {time.perf_counter() - started:.1f} s")
    for attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            rows, total = national_figures(YEAR, datetime.date(YEAR, 12, 31))
            elapsed = time.perf_counter() - started
        print(f"national figures: {len(rows)} provinces, {total.activities} activities, "
              f"{len(queries)} queries, {elapsed * 1000:.0f} ms")
        if os.environ.get("BENCH_SQL"):
            for query in queries:
                print(f"  {float(query['time']) * 1000:7.0f} ms  {query['sql'][:110]}")


if __name__ == "__main__":
    main()
