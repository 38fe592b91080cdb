"""The pages whose filters listed every plan of a province, before and after the type-ahead fields (issue #16).

    .venv/bin/python bench/type_ahead.py [--plans 250] [--runs 7] [--old PATH]

Builds a SQLite database in a temporary folder with the demo data, then prints for the report page (a plan's
quarter), the dashboard (the year) and the unit work page: queries, HTML size and the median time of `--runs`
requests (Django's test client, DEBUG off), on the demo (1×) and after adding `--plans` issued plans to Lạng Sơn,
each with one activity led by the Trung tâm (so they are in the updater's work too). `--old PATH` measures the
code of another checkout (e.g. `git archive main | tar -x -C /tmp/old`) on a copy of the same database in the same
run, so the two can be compared. Timings vary with the machine; nothing here is asserted by the tests.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=250, help="plans added to Lạng Sơn (default 250)")
    parser.add_argument("--runs", type=int, default=7, help="requests per page (median reported)")
    parser.add_argument("--old", help="another checkout whose code is measured on a copy of the same database")
    parser.add_argument("--database", help=argparse.SUPPRESS)  # a child run on this database …
    parser.add_argument("--step", choices=["build", "grow", "measure"], help=argparse.SUPPRESS)  # … doing this
    parser.add_argument("--code", default=str(ROOT), help=argparse.SUPPRESS)
    return parser.parse_args()


def setup(code, database):
    sys.path.insert(0, code)
    os.chdir(code)
    os.environ.update({"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "tgpl.test_settings",
                       "DEBUG": "0"})
    import django

    django.setup()


def build():
    """Migrate and load the demo data, as load_demo does."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plans", "demo", verbosity=0)
    from plans.demo import record_2025_reform

    record_2025_reform()


def add_plans(count):
    import datetime

    from activities.models import Activity
    from plans.models import Plan, Province, Unit

    province = Province.objects.get(code="lang-son")
    department = Unit.objects.get(province=province, name="Sở Tư pháp tỉnh Lạng Sơn")
    centre = Unit.objects.get(province=province, name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")
    plans = Plan.objects.bulk_create([
        Plan(province=province, issuing_unit=department, number=f"{n + 1}/KH-BENCH", start_year=2021,
             title=f"Kế hoạch tập huấn, truyền thông về trợ giúp pháp lý đợt {n + 1} năm 2021",
             issued_on=datetime.date(2021, 1, 1 + n % 28), status=Plan.Status.ISSUED, place="Lạng Sơn")
        for n in range(count)])
    activities = Activity.objects.bulk_create([
        Activity(plan=plan, position=0, title="Tổ chức tập huấn cho người dân", due=datetime.date(2021, 12, 31))
        for plan in plans])
    Activity.lead_units.through.objects.bulk_create([
        Activity.lead_units.through(activity_id=activity.pk, unit_id=centre.pk) for activity in activities])


def measure(code, runs, label):
    from django.contrib.auth import get_user_model
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from plans.models import Plan

    request_started.disconnect(reset_queries)
    User = get_user_model()
    plan = Plan.objects.get(number="19/KH-TGPL")
    pages = [
        ("report page (plan)", "lanhdao", reverse("reports:report") + f"?pham_vi=plan:{plan.pk}&ky=2021-Q2"),
        ("dashboard (year)", "lanhdao", reverse("reports:dashboard") + "?nam=2021&phan=N"),
        ("unit work page", "trungtam", reverse("progress:work_list")),
    ]
    clients = {}
    rows = []
    for name, username, url in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        rows.append((name, len(queries), size / 1024, statistics.median(times)))
    head = subprocess.run(["git", "-C", code, "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
    for name, queries, kilobytes, ms in rows:
        print(f"{label:<12} {head or Path(code).name:<10} {name:<20} {queries:>8} {kilobytes:>9.1f} {ms:>9.1f}")


def main():
    args = parse_args()
    if args.database:  # a child run: one step on one database with one checkout's code
        setup(args.code, args.database)
        if args.step == "build":
            build()
        elif args.step == "grow":
            add_plans(args.plans)
        else:
            measure(args.code, args.runs, Path(args.database).stem)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-type-ahead-"))
    command = [sys.executable, str(Path(__file__).resolve()), "--runs", str(args.runs), "--plans", str(args.plans)]

    def step(name, database, code=args.code):
        # Each step in a process of its own: Django reads its settings (the database) once per process.
        subprocess.run(command + ["--step", name, "--database", str(database), "--code", code], check=True)

    try:
        base, grown = folder / "demo.sqlite3", folder / f"plus{args.plans}.sqlite3"
        step("build", base)
        shutil.copy(base, grown)
        step("grow", grown)
        print(f"{'data':<12} {'code':<10} {'page':<20} {'queries':>8} {'HTML KB':>9} {'median ms':>9}", flush=True)
        for code in [args.old] * bool(args.old) + [args.code]:
            step("measure", base, code)
            step("measure", grown, code)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
