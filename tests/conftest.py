"""Shared pytest fixtures: the demo data loaded once per session, its users by role, and a real Chromium
driven by Playwright for the browser journeys.

The database. Each test session (each pytest-xdist worker: each has its own test database) loads the demo data
(fixtures seed_plans + demo) once, right after creating the test database. Then:

* a test that asks for `demo_data` (or for one of the demo users below) reads and writes that shared data; what it
  writes is rolled back with its transaction, so the next test finds the data as loaded;
* every other database test starts from an empty database, as it always has: the rows the demo data filled are
  deleted inside the test's own transaction and come back when it rolls back (factory-built worlds reuse the demo's
  province names and codes, which are unique);
* a transactional test (transaction=True: the browser journeys, the PostgreSQL concurrency tests, backup and
  restore) commits for real, and Django empties the database after it; the demo data is loaded again, committed,
  before the next test that needs it.

This is for pytest-style tests (the django_db marker or the db fixtures): a unittest-style django.test.TestCase
class would find the demo data in its database.
"""
import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_save

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
DEMO_FIXTURES = ("seed_plans", "demo")


class SharedData:
    """The demo data of this test process: the tables it fills, and whether it is in the database right now."""

    def __init__(self):
        self.blocker = None  # pytest-django's database blocker, set once the test database exists
        self.tables = ()
        self.present = False

    def load(self):
        """Load the fixtures (committed), noting every table they fill."""
        from plans.demo import record_2025_reform

        models = set()

        def seen(sender, **kwargs):
            models.add(sender)

        post_save.connect(seen, weak=False, dispatch_uid="tests.conftest.shared_data")
        try:
            call_command("loaddata", *DEMO_FIXTURES, verbosity=0)
            record_2025_reform()  # as load_demo does: Trà Vinh merged into Vĩnh Long, a national user
        finally:
            post_save.disconnect(dispatch_uid="tests.conftest.shared_data")
        tables = {model._meta.db_table for model in models}
        tables |= {field.remote_field.through._meta.db_table for model in models
                   for field in model._meta.local_many_to_many if field.remote_field.through._meta.auto_created}
        self.tables = tuple(sorted(tables))
        self.present = True

    def delete(self):
        """Delete every row of the tables the demo data fills, in one transaction (a savepoint inside a test's).
        Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED on SQLite and
        PostgreSQL), so the order does not matter: by then the rows that pointed at deleted ones are gone too."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


SHARED = SharedData()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, created as pytest-django does, then filled with the demo data once."""
    with django_db_blocker.unblock():
        SHARED.load()
    SHARED.blocker = django_db_blocker


def _uses_db(item):
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in names or "live_server" in names


def _wants_demo_data(item):
    return "demo_data" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """After a transactional test emptied the database, load the demo data again for the next test that needs it,
    before that test's fixtures open its transaction (so the load is committed, and done once)."""
    if SHARED.blocker is not None and not SHARED.present and _uses_db(item) and _wants_demo_data(item):
        with SHARED.blocker.unblock():
            SHARED.load()


@pytest.fixture(autouse=True)
def _demo_data_or_empty_database(request):
    """Database tests get the shared demo data if they ask for `demo_data`, an empty database otherwise."""
    if not _uses_db(request.node):
        yield
        return
    request.getfixturevalue("db")  # the test's transaction is open (or, for a transactional test, none is)
    transactional = not connection.in_atomic_block
    if SHARED.present and not _wants_demo_data(request.node):
        SHARED.delete()  # rolled back after the test, or (transactional) committed
        SHARED.present = not transactional
    yield
    if transactional:
        SHARED.present = False  # Django empties the database after a transactional test


@pytest.fixture
def demo_data(db):
    """The demo data as loaded (seed_plans + demo), shared by the tests of this session; see the module docstring."""
    assert SHARED.present, "the shared demo data is missing"


@pytest.fixture
def demo_users(demo_data):
    """The demo users by username."""
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}


# The demo users by role, in Lạng Sơn (and Trà Vinh, the other province); every demo password is tgpl2026.
@pytest.fixture
def demo_editor(demo_users):
    """bientap: editor at the Sở Tư pháp of Lạng Sơn."""
    return demo_users["bientap"]


@pytest.fixture
def demo_updater(demo_users):
    """trungtam: updater at the Trung tâm TGPL of Lạng Sơn."""
    return demo_users["trungtam"]


@pytest.fixture
def demo_leader(demo_users):
    """lanhdao: leader at the Sở Tư pháp of Lạng Sơn."""
    return demo_users["lanhdao"]


@pytest.fixture
def demo_admin(demo_users):
    """quantri: the administrator role of Lạng Sơn (not a superuser)."""
    return demo_users["quantri"]


@pytest.fixture
def demo_superuser(demo_data, django_user_model):
    """hethong: the system's superuser, as `load_demo` adds it (every province, the Django admin)."""
    return django_user_model.objects.create_superuser("hethong", password="tgpl2026", first_name="Quản trị hệ thống")


@pytest.fixture
def tv_editor(demo_users):
    """bientap.tv: editor in Trà Vinh."""
    return demo_users["bientap.tv"]


@pytest.fixture
def tv_updater(demo_users):
    """trungtam.tv: updater in Trà Vinh."""
    return demo_users["trungtam.tv"]


@pytest.fixture
def tv_leader(demo_users):
    """lanhdao.tv: leader in Trà Vinh."""
    return demo_users["lanhdao.tv"]


# --- browser journeys ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium).")
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests make
    # around it are ordinary synchronous calls, so Django's async-safety guard must be told so.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory):
    """Where screenshots go: SCREENSHOTS_DIR if set (`make screenshots` sets docs/screenshots, the ones the README
    links to), else a temporary folder, so an ordinary test run leaves the working tree as it was."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("screenshots"))


@pytest.fixture
def screenshot(screenshots_dir):
    """Save a screenshot of the page, named `name`.png, in `screenshots_dir`."""

    def take(page, name):
        path = os.path.join(screenshots_dir, f"{name}.png")
        page.screenshot(path=path, full_page=False)
        return path

    return take


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test kept (reports/figures.py) is keyed by a data version that
    another test's rolled-back transaction may have had too."""
    from django.core.cache import cache

    cache.clear()
