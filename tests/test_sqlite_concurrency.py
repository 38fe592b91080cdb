"""The embedded default (SQLite) takes concurrent writers: several real processes write to one database file
through the services the views call, at once, and every save lands (tgpl/settings.py: WAL, busy timeout,
IMMEDIATE transactions).

The processes read before they write, as a view does (the plan's row, the siblings, the last budget line, the
update's version); under SQLite's deferred transactions those upgrades failed with "database is locked"
whatever the timeout.
"""
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 6
ROUNDS = 5


def _setup_django(db_path):
    """Configure Django in a fresh (spawned) process on the database file."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tgpl.test_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()


def _prepare(db_path, queue):
    _setup_django(db_path)
    from django.core.management import call_command

    from activities.models import Activity, Target
    from plans.models import Role
    from tests.factories import make_people, make_plan, make_province, make_user

    call_command("migrate", verbosity=0)
    province, department, centre, branch = make_province("Lạng Sơn", "lang-son")
    people = make_people(department, centre)
    plan = make_plan(province, centre, number="19/KH-TGPL", status="draft", start_year=2021)
    activity = Activity.objects.create(plan=plan, title="Truyền thông")
    activity.lead_units.add(centre)
    Target.objects.create(activity=activity, quantity=100, measure="đợt")
    updaters = [make_user(f"updater-{i}", centre, Role.UPDATER).pk for i in range(PROCESSES)]
    queue.put({"plan": plan.pk, "activity": activity.pk, "editor": people[Role.EDITOR].pk,
               "centre": centre.pk, "updaters": updaters})


def _write(db_path, ids, index, barrier, queue):
    """One process: an editor adding activities and budget lines, and a unit reporting its quarter."""
    _setup_django(db_path)
    from django.contrib.auth import get_user_model
    from django.db import OperationalError

    from activities.models import Activity, Status
    from activities.services import activity_create
    from budgets.services import budget_line_create
    from plans.models import Plan, Unit
    from progress.services import ProgressInput, progress_save

    plan = Plan.objects.get(pk=ids["plan"])
    activity = Activity.objects.select_related("plan__province").get(pk=ids["activity"])
    centre = Unit.objects.get(pk=ids["centre"])
    author = get_user_model().objects.get(pk=ids["updaters"][index])
    target = activity.targets.get()
    done, failed = 0, []
    barrier.wait()  # all start writing together
    for round_ in range(ROUNDS):
        writes = [
            lambda: activity_create(plan=plan, kind=Activity.Kind.ACTIVITY, title=f"Việc {index}-{round_}"),
            lambda: budget_line_create(activity=activity, amount=1_000 * (index + 1), description=f"Dòng {index}-{round_}"),
            # Each process reports its own year's first quarter, again each round (read version, then write).
            lambda: progress_save(
                activity=activity, unit=centre, year=2021 + index, quarter=1, author=author,
                expected_version=round_,  # the version this process's previous save left
                data=ProgressInput(status=Status.IN_PROGRESS, result=f"Lần {round_}",
                                   achievements={target.pk: round_ + 1}),
            ),
        ]
        for write in writes:
            try:
                write()
                done += 1
            except OperationalError as error:
                failed.append(str(error))
    queue.put({"index": index, "done": done, "failed": failed})


@pytest.mark.skipif(sys.platform == "win32", reason="spawned processes on a POSIX file system")
def test_concurrent_writers_on_sqlite_lose_nothing(tmp_path):
    db_path = tmp_path / "concurrent.sqlite3"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    prepare = context.Process(target=_prepare, args=(db_path, queue))
    prepare.start()
    ids = queue.get(timeout=120)
    prepare.join(30)

    barrier = context.Barrier(PROCESSES)
    workers = [context.Process(target=_write, args=(db_path, ids, i, barrier, queue)) for i in range(PROCESSES)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0

    assert [r["failed"] for r in results] == [[]] * PROCESSES
    assert sum(r["done"] for r in results) == PROCESSES * ROUNDS * 3

    import sqlite3

    with sqlite3.connect(db_path) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        count = database.execute  # every acknowledged write is in the file
        assert count("SELECT COUNT(*) FROM activities_activity WHERE plan_id = ? AND title LIKE 'Việc %'",
                     (ids["plan"],)).fetchone() == (PROCESSES * ROUNDS,)
        # Positions stayed 1..n under the plan's row lock.
        positions = [row[0] for row in count(
            "SELECT position FROM activities_activity WHERE plan_id = ? AND parent_id IS NULL ORDER BY position",
            (ids["plan"],))]
        assert positions == list(range(1, PROCESSES * ROUNDS + 2))
        assert count("SELECT COUNT(*), SUM(amount) FROM budgets_budgetline").fetchone() == (
            PROCESSES * ROUNDS, sum(1_000 * (i + 1) for i in range(PROCESSES)) * ROUNDS)
        assert count("SELECT year, version, result FROM activities_progressupdate ORDER BY year").fetchall() == [
            (2021 + i, ROUNDS, f"Lần {ROUNDS - 1}") for i in range(PROCESSES)]
