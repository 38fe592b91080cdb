"""Benchmark of the country: 34 provinces × 5 years of plans on PostgreSQL, next to the 1× demo data.

    .venv/bin/python bench/country.py [--scale 1.0] [--old /tmp/old]

Recreates the database (default tgpl_country; its name must contain "country"), loads the demo data (the 1×
figures: Lạng Sơn's leader and the Trung tâm's updater), then generates with bulk_create, for each of
34 × scale provinces and each year 2021–2025, 6 plans of 50 nodes (5 headings, 45 activities: ~200 plans and
~10,000 activities a year across the country), each activity with its lead and co-ordinating units, a target,
a budget line of the year and four quarterly updates with achieved quantities and an expenditure. One more
province ("x50") holds, in 2021, 50× the nodes of the demo's Lạng Sơn year (25 plans of 50 nodes): the
"50× the data" of one report.

It prints, per page, the number of queries and the median time of 5 requests (Django's test client, DEBUG
off), for the demo (1×), a generated province (country) and x50; then the year report's rows. `--old PATH`
runs the same measurements with the code of another checkout (e.g. `git worktree add /tmp/old a66d55c && ln -s
"$PWD/.venv" /tmp/old/.venv`) against the same database, so old and new are timed in one run.

`--documents` adds the year report's workbook of each subject and its PDF of the 1× and 50× ones (pages, ms,
ms per page; after one untimed PDF, as in a server process that has built one already), and on the 50× report
our workbook against the
minimal openpyxl script of bench/workbook_bench.py (`minimal_workbook(report)`, the same cells). `--load
SECONDS` then runs the load script (bench/load.py: it recreates its own database, starts gunicorn and plays
`--load-users` users) once with the old checkout's script and code (database tgpl_load_before) and once with
this one's (tgpl_load_after), both with `--editors 0`, the mix the old script plays. The run ends with a
summary table, old beside new, to paste into a closing note. The whole comparison in one run:

    .venv/bin/python bench/country.py --measure-only --documents --old /tmp/old --load 60
"""
import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = dict(os.environ)  # before setup() points it at this benchmark's database: for the load runs
YEARS = range(2021, 2026)
PLANS_PER_YEAR = 6
NODES_PER_PLAN = 50
SECTIONS = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tgpl_country")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 34 provinces generated (default 1)")
    parser.add_argument("--old", help="another checkout whose code is measured on the same database")
    parser.add_argument("--measure-only", action="store_true", help="measure the existing database")
    parser.add_argument("--code", default=str(ROOT), help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median reported)")
    parser.add_argument("--documents", action="store_true", help="also time the PDF and workbook of the reports")
    parser.add_argument("--load", type=float, default=0, metavar="SECONDS",
                        help="also run bench/load.py this long with the --old checkout's code and with this one's")
    parser.add_argument("--load-users", type=int, default=20, help="simulated users of the load runs (default 20)")
    parser.add_argument("--summary-json", help=argparse.SUPPRESS)  # where an --old run leaves its figures
    return parser.parse_args()


def setup(args):
    if "country" not in args.database_url.rsplit("/", 1)[-1]:
        sys.exit("The database name must contain 'country': this script drops and recreates it.")
    sys.path.insert(0, args.code)
    os.chdir(args.code)
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "tgpl.test_settings",
                       "DEBUG": "0", "ALLOWED_HOSTS": "testserver", "HTTPS": "0"})
    import django

    django.setup()


def recreate_database(url):
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- generation -------------------------------------------------------------------------------------------

def generate(provinces, plans_per_year, years, code_prefix="p"):
    """Bulk-create `provinces` provinces, each with its unit tree, a leader and an updater, and for each year
    `plans_per_year` issued plans of NODES_PER_PLAN nodes with their units, targets, lines, quarterly
    updates, achievements and expenditures. Returns the provinces."""
    import datetime

    from django.contrib.auth import get_user_model

    from activities.models import Activity, ProgressUpdate, Status, Target, TargetProgress
    from budgets.models import BudgetLine, Expenditure, FundingSource
    from plans.models import Membership, Plan, Province, Unit

    User = get_user_model()
    sources = list(FundingSource.objects.order_by("position")) or [
        FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương")]
    statuses = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE]
    created = []
    for p in range(provinces):
        code = f"{code_prefix}{p + 1:02d}"
        province = Province.objects.create(name=f"Tỉnh thử nghiệm {code}", code=code)
        created.append(province)
        department = Unit.objects.create(province=province, name=f"Sở Tư pháp tỉnh {code}", short_name="Sở Tư pháp")
        centre = Unit.objects.create(province=province, parent=department, position=1, short_name="Trung tâm TGPL",
                                     name=f"Trung tâm Trợ giúp pháp lý nhà nước tỉnh {code}")
        offices = Unit.objects.bulk_create(
            [Unit(province=province, parent=department, position=2 + i, name=f"Phòng {i + 1}") for i in range(4)]
            + [Unit(province=province, parent=centre, position=6 + i, name=f"Chi nhánh số {i + 1}") for i in range(4)]
            + [Unit(province=province, position=20, kind=Unit.Kind.EXTERNAL, name="Tòa án nhân dân tỉnh")])
        leads = [centre] + offices[:8]
        leader = User.objects.create(username=f"lanhdao-{code}", password="!")
        updater = User.objects.create(username=f"trungtam-{code}", password="!")
        Membership.objects.bulk_create([Membership(user=leader, unit=department, role="leader"),
                                        Membership(user=updater, unit=centre, role="updater")])
        for year in years:
            plans = Plan.objects.bulk_create([
                Plan(province=province, issuing_unit=department, number=f"{n + 1}/KH-{code.upper()}-{year}",
                     title=f"Kế hoạch triển khai công tác trợ giúp pháp lý số {n + 1} năm {year}", start_year=year,
                     issued_on=datetime.date(year, 1, 10 + n % 15), status=Plan.Status.ISSUED, place=code)
                for n in range(plans_per_year)])
            sections = Activity.objects.bulk_create([
                Activity(plan=plan, kind=Activity.Kind.SECTION, position=s, title=f"Mục {s + 1}: nâng cao năng lực")
                for plan in plans for s in range(SECTIONS)])
            activities = Activity.objects.bulk_create([
                Activity(plan=plan, parent=sections[i * SECTIONS + a % SECTIONS], position=a,
                         title=f"Tổ chức truyền thông, tập huấn về trợ giúp pháp lý số {a + 1} cho người dân",
                         timeframe_text=f"Quý {'I' * (1 + a % 3)} năm {year}",
                         due=datetime.date(year, 3 * (1 + a % 4), 28), expected_result="Các hoạt động được tổ chức.")
                for i, plan in enumerate(plans) for a in range(NODES_PER_PLAN - SECTIONS)])
            lead_links, coordinating_links, targets, lines = [], [], [], []
            for a, activity in enumerate(activities):
                lead = leads[a % len(leads)]
                lead_links.append(Activity.lead_units.through(activity_id=activity.pk, unit_id=lead.pk))
                if a % 7 == 0:  # a few activities have two lead units: their money is counted under the first
                    lead_links.append(Activity.lead_units.through(activity_id=activity.pk, unit_id=department.pk))
                coordinating_links.append(Activity.coordinating_units.through(
                    activity_id=activity.pk, unit_id=leads[(a + 1) % len(leads)].pk))
                targets.append(Target(activity=activity, quantity=10 if a % 5 else 100, measure="đợt" if a % 5 else "%"))
                lines.append(BudgetLine(activity=activity, amount=10_000_000 + a * 1000, fiscal_year=year,
                                        funding_source=None if a % 11 == 0 else sources[a % len(sources)],
                                        allocated=a % 4 != 0, description="Chi tổ chức hội nghị, tài liệu"))
            Activity.lead_units.through.objects.bulk_create(lead_links)
            Activity.coordinating_units.through.objects.bulk_create(coordinating_links)
            Target.objects.bulk_create(targets)
            BudgetLine.objects.bulk_create(lines)
            updates = ProgressUpdate.objects.bulk_create([
                ProgressUpdate(activity=activity, unit=leads[a % len(leads)], year=year, quarter=q, author=updater,
                               status=statuses[min(q - 1, a % 4)], result=f"Đã tổ chức {q} đợt tại các xã.",
                               difficulties="Kinh phí cấp chậm." if a % 9 == 0 else "")
                for a, activity in enumerate(activities) for q in range(1, 5)], batch_size=5000)
            TargetProgress.objects.bulk_create([
                TargetProgress(update=update, target=targets[i // 4], achieved=25 if targets[i // 4].measure == "%"
                               else 2 + i % 2) for i, update in enumerate(updates)], batch_size=5000)
            Expenditure.objects.bulk_create([
                Expenditure(budget_line=lines[i // 4], progress_update=update, amount=1_500_000 + i % 4 * 100_000,
                            spent_on=datetime.date(year, 3 * update.quarter - 1, 15), recorded_by=updater)
                for i, update in enumerate(updates)], batch_size=5000)
    return created


def build(args):
    from django.core.management import call_command
    from django.db import connection

    from activities.models import Activity, ProgressUpdate

    recreate_database(args.database_url)
    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plans", "demo", verbosity=0)
    started = time.perf_counter()
    generate(max(1, round(34 * args.scale)), PLANS_PER_YEAR, YEARS)
    # 50× the demo's Lạng Sơn 2021 year report (25 rows) in one province's 2021: 25 plans of 50 nodes
    generate(1, 25, [2021], code_prefix="x")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {Activity.objects.count():,} nodes, {ProgressUpdate.objects.count():,} updates "
          f"in {time.perf_counter() - started:.0f} s")


# --- measurement ------------------------------------------------------------------------------------------

def timed(function, runs):
    """(median wall ms, median CPU ms of this process, result): on a shared machine the CPU time of the Python
    side is the steadier figure; the wall time adds PostgreSQL's work and the waits for a core."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), result


def pages(leader, updater, year, province):
    """(name, user, url) of every page measured for one province and year."""
    from django.urls import reverse

    from activities.models import Activity
    from plans.models import Plan

    plan = Plan.objects.filter(province=province, start_year=year).order_by("pk").first()
    activity = Activity.objects.filter(plan=plan, kind="activity", lead_units__memberships__user=updater).first()
    return [
        ("plan list", leader, reverse("plans:list")),
        ("plan page", leader, reverse("plans:detail", args=[plan.pk])),
        ("dashboard", leader, reverse("reports:dashboard") + f"?nam={year}&phan=N"),
        ("year report page", leader, reverse("reports:report") + f"?pham_vi=year:{year}:{province.code}&ky={year}"),
        ("plan report page", leader, reverse("reports:report") + f"?pham_vi=plan:{plan.pk}&ky={year}-Q2"),
        ("unit work page", updater, reverse("progress:work_list")),
        ("activity page", updater, reverse("progress:activity", args=[activity.pk])),
        ("progress form", updater, reverse("progress:update", args=[activity.pk]) + f"?ky={year}-Q4"),
    ]


def measure(args):
    """Print the table of pages and the year report for the three subjects; return the figures (for the
    summary): {"code": head, "table": {row: {subject: (count, wall ms, CPU ms)}}, "workbook": …}."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.periods import parse_period
    from plans.models import Plan, Province
    from reports.rows import build_report, parse_scope

    # The request's own reset of connection.queries would hide them from CaptureQueriesContext.
    request_started.disconnect(reset_queries)
    User = get_user_model()
    head = str(subprocess.run(["git", "-C", args.code, "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True).stdout.strip())[:70]
    print(f"\ncode: {head}")
    print(f"{'page':<20}" + "".join(f"{label:>26}" for label, *_ in SUBJECTS) + "   (queries, wall ms, CPU ms)")
    table, workbook, warm = {}, None, False
    for label, leader_name, updater_name, year, code in SUBJECTS:
        province = Province.objects.get(code=code)
        leader, updater = User.objects.get(username=leader_name), User.objects.get(username=updater_name)
        clients = {}
        for user in (leader, updater):
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        for name, user, url in pages(leader, updater, year, province):
            client = clients[user.pk]
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            table.setdefault(name, {})[label] = (len(queries), *timed(lambda: client.get(url), args.runs)[:2])  # noqa: B023
            if name in FIRST_VIEW:
                # The first view after a change: nothing kept yet (reports/figures.py keeps what a page drew).
                def first_view(client=client, url=url):
                    cache.clear()
                    return client.get(url)

                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                table.setdefault(f"{name} (1st view)", {})[label] = (len(queries), *timed(first_view, args.runs)[:2])
        scope = parse_scope(f"year:{year}:{code}", Plan.objects.all())
        period = parse_period(str(year))
        ms, cpu, report = timed(lambda: build_report(scope, period), args.runs)  # noqa: B023
        table.setdefault("year report rows", {})[label] = (len(report.rows), ms, cpu)
        if args.documents:
            import io

            from pypdf import PdfReader

            from reports.documents import render_pdf
            from reports.xlsx import write_workbook

            # The workbooks first, then the PDF: a 700-page PDF leaves a large heap behind, and every garbage
            # collection after it walks that heap (openpyxl's many small objects then paid up to 4× more).
            gc.collect()
            ms, cpu, _book = timed(lambda: write_workbook(report), 1)  # noqa: B023
            table.setdefault("year report xlsx", {})[label] = (len(report.rows), ms, cpu)
            if label == FIFTY:
                workbook = compare_workbooks(report, write_workbook)
            if label in (ONE, FIFTY):  # the country's PDF (~170 pages) would add a minute and no figure asked for
                if not warm:  # a server process has built a PDF before: fonts and stylesheet set up where reused
                    render_pdf(report)
                    warm = True
                gc.collect()
                ms, cpu, pdf = timed(lambda: render_pdf(report), 1)  # noqa: B023
                pages_count = len(PdfReader(io.BytesIO(pdf)).pages)
                table.setdefault("year report PDF", {})[label] = (pages_count, ms, cpu)
    for name, row in table.items():
        print(f"{name:<20}" + "".join(f"{row[label][0]:>8} {row[label][1]:>8.0f} {row[label][2]:>8.0f}"
                                      if label in row else f"{'—':>26}" for label, *_ in SUBJECTS))
    for figure, index in (("wall", 1), ("CPU", 2)):
        ratios = []
        for name in ("dashboard", "dashboard (1st view)", "year report page", "year report page (1st view)",
                     "year report rows"):
            one, country, fifty = (table[name][label][index] for label, *_ in SUBJECTS)
            ratios.append(f"{name} country {country / one:.1f}×, 50× {fifty / one:.1f}×")
        print(f"{figure} ratios to 1×: " + "; ".join(ratios))
    print("(year report rows: rows instead of queries; PDF: pages; xlsx: rows)")
    if workbook is not None:
        print(f"workbook of the 50× report: {workbook['text']}")
    return {"code": head, "table": table, "workbook": workbook}


SUBJECTS = [("1× demo", "lanhdao", "trungtam", 2021, "lang-son"),
            ("country", "lanhdao-p01", "trungtam-p01", 2023, "p01"),
            ("50× one report", "lanhdao-x01", "trungtam-x01", 2021, "x01")]
ONE, FIFTY = SUBJECTS[0][0], SUBJECTS[2][0]
FIRST_VIEW = ("dashboard", "year report page")  # also timed with an empty cache each time
WORKBOOK_RUNS = 5


def compare_workbooks(report, write_workbook):
    """Our workbook against bench/workbook_bench.minimal_workbook (a plain openpyxl script writing the same
    cells with shared styles), on the same report: median wall and CPU ms of WORKBOOK_RUNS each, alternating
    after one untimed build of each."""
    try:
        sys.path.append(str(ROOT))  # this checkout's bench/, also when the code measured is another one
        from bench.workbook_bench import minimal_workbook
    except Exception as error:  # not written yet, or not importable with another checkout's code
        return {"text": f"not compared: bench/workbook_bench.py with minimal_workbook(report) is missing ({error})"}
    try:
        minimal_workbook(report)  # one untimed build of each first, then alternating: neither pays the warm-up
    except Exception as error:  # the report rows of another checkout may not be what it reads
        return {"text": f"not compared: minimal_workbook failed on this code's report ({error!r})"[:200]}
    write_workbook(report)
    times = {"ours": ([], []), "minimal": ([], [])}
    for _run in range(WORKBOOK_RUNS):
        for name, build in (("ours", write_workbook), ("minimal", minimal_workbook)):
            ms, cpu, _book = timed(lambda build=build: build(report), 1)
            times[name][0].append(ms)
            times[name][1].append(cpu)
    (ours, ours_cpu), (minimal, minimal_cpu) = (
        (statistics.median(times[name][0]), statistics.median(times[name][1])) for name in ("ours", "minimal"))
    return {"rows": len(report.rows), "ours": ours, "ours_cpu": ours_cpu, "minimal": minimal,
            "minimal_cpu": minimal_cpu,
            "text": f"{len(report.rows)} rows, write_workbook {ours:.0f} ms (CPU {ours_cpu:.0f}), minimal openpyxl "
                    f"{minimal:.0f} ms (CPU {minimal_cpu:.0f}): {ours / minimal:.2f}× (CPU {ours_cpu / minimal_cpu:.2f}×)"}


def signin_cpu():
    """CPU ms of checking one password with each hasher of the settings (the work of one sign-in); returns
    [(hasher, CPU ms, is the first hasher)]."""
    from django.conf import global_settings
    from django.contrib.auth.hashers import import_string

    import tgpl.settings as production

    # Settings that name no hashers (an older checkout) use Django's own list.
    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    password = "tai-thu-2026-mat-khau"
    print("\nsign-in: CPU of one password check")
    found = []
    for path in dict.fromkeys(hashers[:2] + ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        hasher = import_string(path)()
        encoded = hasher.encode(password, hasher.salt())
        _wall, cpu, ok = timed(lambda: hasher.verify(password, encoded), 5)  # noqa: B023
        assert ok
        first = path == hashers[0]
        found.append((path.rsplit(".", 1)[-1], cpu, first))
        print(f"  {path.rsplit('.', 1)[-1]:<24} {cpu:6.0f} ms CPU{'   (first: new passwords)' if first else ''}")
    return found


# --- the load script, old and new ----------------------------------------------------------------------

LOAD_ROW = re.compile(r"^(\S+)\s+(\d+)\s+([\d.]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)$")


def run_load(checkout, label, args):
    """Run `checkout`'s bench/load.py with its own code on a database of its own; return its figures:
    {"kinds": {kind: (requests, rps, median ms, p95 ms)}, "lost": …, "exit": …, "log": path}."""
    script = Path(checkout) / "bench" / "load.py"
    python = Path(checkout) / ".venv" / "bin" / "python"
    base = args.database_url.rsplit("/", 1)[0]
    command = [str(python if python.exists() else sys.executable), str(script), "--seconds", str(args.load),
               "--users", str(args.load_users), "--database-url", f"{base}/tgpl_load_{label}"]
    if "--editors" in script.read_text():
        command += ["--editors", "0"]  # the same mix as a script without editors: updaters and leaders
    log = Path(tempfile.gettempdir()) / f"tgpl-country-load-{label}.log"
    print(f"\nload {label}: {' '.join(command[1:])} (in {checkout}; output in {log}) …", flush=True)
    with open(log, "w") as output:
        finished = subprocess.run(command, cwd=checkout, env=ENVIRONMENT, stdout=output, stderr=subprocess.STDOUT)
    text = log.read_text(errors="replace")
    kinds = {}
    for line in text.splitlines():
        match = LOAD_ROW.match(line.strip())
        if match:
            kind, requests, rps, median, p95 = match.groups()[:5]
            kinds[kind] = (int(requests), float(rps), float(median), float(p95))
    lost = re.search(r"Lost or inconsistent updates: (\d+)", text)
    errors = re.search(r"^Errors: (\d+)", text, re.M)
    loads = re.findall(r"Load average (?:before|after): ([\d.]+)", text)
    if "ALL" not in kinds:
        print(text[-2000:])
    return {"kinds": kinds, "lost": lost and int(lost.group(1)), "errors": errors and int(errors.group(1)),
            "exit": finished.returncode, "log": str(log), "load_average": loads}


def print_load(runs):
    """The load runs side by side: per kind of request, requests/s, median and 95th percentile ms."""
    labels = list(runs)
    kinds = sorted({kind for run in runs.values() for kind in run["kinds"]} - {"ALL"}) + ["ALL"]
    print(f"\n{'load: kind':<16}" + "".join(f"{label + ' rps':>12}{'median':>8}{'p95':>8}" for label in labels))
    for kind in kinds:
        cells = ""
        for label in labels:
            figures = runs[label]["kinds"].get(kind)
            cells += f"{figures[1]:>12.1f}{figures[2]:>8.0f}{figures[3]:>8.0f}" if figures else f"{'—':>12}{'':>16}"
        print(f"{kind:<16}{cells}")
    for label, run in runs.items():
        print(f"load {label}: exit {run['exit']}, errors {run['errors']}, lost updates {run['lost']}, load average "
              f"{' → '.join(run['load_average']) or '?'}; output in {run['log']}")


# --- the summary ------------------------------------------------------------------------------------------

def _ratio(table, name, index):
    one, fifty = table[name][ONE][index], table[name][FIFTY][index]
    return f"{one:.0f} → {fifty:.0f} ms ({fifty / one:.1f}×)"


def summary_rows(result):
    """[(figure, text)] of one code's measurements, for the summary table."""
    table, rows = result["table"], []
    for name in ("dashboard", "dashboard (1st view)", "year report page", "year report page (1st view)",
                 "year report rows"):
        if name not in table:
            continue
        rows.append((f"{name}, 1× → 50×, wall", _ratio(table, name, 1)))
        rows.append((f"{name}, 1× → 50×, CPU", _ratio(table, name, 2)))
    for label in (ONE, FIFTY):
        if "year report PDF" in table:
            pages_count, ms, cpu = table["year report PDF"][label]
            rows.append((f"year report PDF, {label}", f"{pages_count} pages, {ms:.0f} ms (CPU {cpu:.0f}): "
                                                       f"{ms / pages_count:.0f} ms/page (CPU {cpu / pages_count:.0f})"))
    workbook = result.get("workbook")
    if workbook:
        rows.append(("workbook, 50×: ours vs minimal openpyxl", (
            f"{workbook['ours']:.0f} vs {workbook['minimal']:.0f} ms ({workbook['ours'] / workbook['minimal']:.2f}×; "
            f"CPU {workbook['ours_cpu'] / workbook['minimal_cpu']:.2f}×)"
            if "ours" in workbook else workbook["text"])))
    for name, cpu, first in result.get("signin", []):
        if first:
            rows.append(("sign-in CPU (first hasher)", f"{cpu:.0f} ms ({name})"))
    return rows


def load_rows(run):
    overall = run["kinds"].get("ALL")
    if overall is None:
        return [("load: requests/s", f"no figures (exit {run['exit']}, see {run['log']})")]
    return [("load: requests/s", f"{overall[1]:.1f}"), ("load: median ms", f"{overall[2]:.0f}"),
            ("load: p95 ms", f"{overall[3]:.0f}"),
            ("load: errors, lost updates, exit", f"{run['errors']}, {run['lost']}, exit {run['exit']}")]


def print_summary(new, old, loads, args):
    """One table, old beside new, of the figures a closing note gives."""
    columns = [("before", old, loads.get("before")), ("after", new, loads.get("after"))] if old else [
        ("now", new, loads.get("after"))]
    texts = {}
    for label, result, load in columns:
        rows = (summary_rows(result) if result else []) + (load_rows(load) if load else [])
        texts[label] = dict(rows)
    figures = list(dict.fromkeys(figure for rows in texts.values() for figure in rows))
    load = f"; load: {args.load_users} users for {args.load:.0f} s, no editors" if args.load else ""
    print(f"\n## Summary (pages: median of {args.runs} requests{load})\n")
    print("| figure | " + " | ".join(f"{label}: {(result or {}).get('code', '?').split(' ')[0]}"
                                     for label, result, _load in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for figure in figures:
        print(f"| {figure} | " + " | ".join(texts[label].get(figure, "—") for label, *_ in columns) + " |")


def main():
    args = parse_args()
    setup(args)
    if not args.measure_only:
        build(args)
    elif not args.summary_json:  # the database may come from an older checkout: bring it to this code's tables
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    result = measure(args)
    result["signin"] = signin_cpu()
    if args.summary_json:  # an --old run: the parent prints the summary
        Path(args.summary_json).write_text(json.dumps(result))
        return
    old = None
    if args.old:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            path = handle.name
        command = [sys.executable, str(Path(__file__).resolve()), "--measure-only", "--code", args.old,
                   "--database-url", args.database_url, "--runs", str(args.runs), "--summary-json", path]
        subprocess.run(command + (["--documents"] if args.documents else []), check=True)
        old = json.loads(Path(path).read_text())
        os.unlink(path)
    loads = {}
    if args.load:
        if args.old:
            loads["before"] = run_load(args.old, "before", args)
        loads["after"] = run_load(str(ROOT), "after", args)
        print_load(loads)
    print_summary(result, old, loads, args)


if __name__ == "__main__":
    main()
