"""Benchmark: the PDF and the workbook of a generated province-year (40 plans, 2,000 activities).

    .venv/bin/python bench/reports_bench.py [--plans 40] [--activities 50] [--trace-memory]

Builds its own throw-away SQLite database (or uses DATABASE_URL), fills it, then times building the
report rows, the PDF and the workbook, and prints wall time and peak memory for each.
"""
import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
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
from django.db import transaction  # noqa: E402

from activities.models import Activity, ProgressUpdate, Status, Target  # noqa: E402
from budgets.models import BudgetLine, Expenditure, FundingSource  # noqa: E402
from core.periods import parse_period  # noqa: E402
from plans.models import Plan, Province, Unit  # noqa: E402
from reports.documents import render_pdf  # noqa: E402
from reports.docx import write_docx  # noqa: E402
from reports.rows import build_report, parse_scope  # noqa: E402
from reports.xlsx import write_workbook  # noqa: E402


def generate(plans, per_plan):
    province = Province.objects.create(name="Tỉnh Thử Nghiệm", code="thu-nghiem")
    department = Unit.objects.create(province=province, name="Sở Tư pháp tỉnh Thử Nghiệm")
    units = [Unit.objects.create(province=province, parent=department, name=f"Phòng {i}") for i in range(8)]
    source = FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương")
    user = get_user_model().objects.create(username="bench")
    statuses = [Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.PAUSED]
    with transaction.atomic():
        for p in range(plans):
            plan = Plan.objects.create(province=province, issuing_unit=department, number=f"{p + 1}/KH-STP",
                                       title=f"Kế hoạch triển khai công tác trợ giúp pháp lý số {p + 1} năm 2021",
                                       start_year=2021, status=Plan.Status.ISSUED)
            sections = [Activity.objects.create(plan=plan, kind="section", title=f"Mục {s + 1}: nâng cao năng lực",
                                                position=s) for s in range(5)]
            for a in range(per_plan - 5):
                unit = units[a % len(units)]
                activity = Activity.objects.create(
                    plan=plan, parent=sections[a % 5], position=a,
                    title=f"Tổ chức hoạt động truyền thông, tập huấn về trợ giúp pháp lý số {a + 1} cho người dân",
                    timeframe_text="Quý II - III năm 2021", expected_result="Các hoạt động được tổ chức.",
                    status=statuses[a % 4])
                activity.lead_units.add(unit)
                activity.coordinating_units.add(units[(a + 1) % len(units)])
                Target.objects.create(activity=activity, quantity=10, measure="đợt")
                line = BudgetLine.objects.create(activity=activity, amount=10_000_000 + a * 1000, funding_source=source,
                                                 fiscal_year=2021, allocated=True)
                update = ProgressUpdate.objects.create(activity=activity, unit=unit, year=2021, quarter=2,
                                                       status=statuses[a % 4], author=user,
                                                       result="Đã tổ chức 3 đợt truyền thông tại các xã.")
                Expenditure.objects.create(budget_line=line, progress_update=update, amount=4_000_000,
                                           spent_on="2021-05-15", recorded_by=user)
    return province


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, function, trace_memory):
    """Wall time and the process's peak RSS so far; tracemalloc (slow, 2-3x on WeasyPrint) only if asked."""
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    line = f"{label:<28} {elapsed:7.2f} s   process peak RSS {peak_rss_mib():7.0f} MiB"
    if trace_memory:
        line += f"   peak Python allocations {tracemalloc.get_traced_memory()[1] / 2**20:7.1f} MiB"
        tracemalloc.stop()
    print(line)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=40)
    parser.add_argument("--activities", type=int, default=50, help="nodes per plan (5 are headings)")
    parser.add_argument("--trace-memory", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province = generate(args.plans, args.activities)
    print(f"generated {args.plans} plans, {Activity.objects.count()} nodes "
          f"({Activity.objects.filter(kind='activity').count()} activities) in {time.perf_counter() - started:.1f} s")
    scope = parse_scope("year:2021", Plan.objects.filter(province=province))
    period = parse_period("2021-H1")
    report = measure("report rows", lambda: build_report(scope, period), args.trace_memory)
    xlsx = measure("workbook (openpyxl)", lambda: write_workbook(report), args.trace_memory)
    pdf = measure("PDF (WeasyPrint)", lambda: render_pdf(report), args.trace_memory)
    docx = measure("Word (python-docx)", lambda: write_docx(report), args.trace_memory)
    import io

    from pypdf import PdfReader

    print(f"PDF {len(pdf) / 2**20:.1f} MiB, {len(PdfReader(io.BytesIO(pdf)).pages)} pages; "
          f"workbook {len(xlsx) / 2**20:.1f} MiB; Word {len(docx) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
