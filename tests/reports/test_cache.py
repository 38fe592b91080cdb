"""Documents built once (reports/cache.py): a second download of the same report, for the same data on the same day,
is a file read; any change to what a report reads gives it a new key (reports/dataversion.py)."""
import datetime
import io
import json
import os
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, ProgressUpdate, Status, Target, TargetProgress
from activities.services import refresh_activity_status
from budgets.models import BudgetLine, Expenditure, FundingSource
from core import archive
from core.periods import parse_period
from core.signals import data_changed
from plans import reform
from plans.models import LegalBasis, OrganisationChange, Plan, Province, ProvinceName, Unit, UnitName
from reports import cache, views, views_documents, views_national
from reports.dataversion import version_everywhere, version_of
from reports.jsondoc import write_json
from reports.models import Report
from reports.rows import build_report, parse_scope
from reports.services import report_create, report_update

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")
DAY = datetime.date(2026, 11, 30)


@pytest.fixture
def demo(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Plan.objects.get(number="19/KH-TGPL")


class Spy:
    """Wraps a writer: counts its calls and keeps what it returned."""

    def __init__(self, writer):
        self.writer, self.calls, self.results = writer, 0, []

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.results.append(self.writer(*args, **kwargs))
        return self.results[-1]


@pytest.fixture
def spies(monkeypatch):
    found = {}
    for name in ("pdf", "docx", "xlsx", "json"):
        spy = Spy(views.WRITERS[name])
        monkeypatch.setitem(views.WRITERS, name, spy)
        found[name] = spy
    return found


def _download(client, scope_code, file_format, period="2021-Q2"):
    return client.get(URL, {"pham_vi": scope_code, "ky": period, "dinh_dang": file_format})


# -- the download ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx", "json"])
def test_second_download_is_the_same_file_read_back(client, demo, demo_leader, spies, file_format):
    client.force_login(demo_leader)
    first = _download(client, f"plan:{demo.pk}", file_format)
    assert first.status_code == 200 and spies[file_format].calls == 1
    assert first.content == spies[file_format].results[0]
    with CaptureQueriesContext(connection) as queries:
        second = _download(client, f"plan:{demo.pk}", file_format)
    assert spies[file_format].calls == 1  # not built again
    assert second.content == first.content
    assert (second["Content-Type"], second["Content-Disposition"]) == (first["Content-Type"], first["Content-Disposition"])
    # session, user, memberships; the plan of the scope; the data version: the file is read, nothing is built.
    assert len(queries) == 5, [q["sql"] for q in queries.captured_queries]


def test_cached_file_is_what_a_fresh_build_gives(client, demo, demo_leader):
    client.force_login(demo_leader)
    for _attempt in range(2):
        data = _download(client, f"plan:{demo.pk}", "json").content
        scope = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021)
        assert data == write_json(build_report(scope, parse_period("2021-Q2")))
    cells = []
    for _attempt in range(2):
        book = load_workbook(io.BytesIO(_download(client, f"plan:{demo.pk}", "xlsx").content))
        cells.append({sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book})
    assert cells[0] == cells[1] and cells[0]["Kinh phí"]


def test_a_change_builds_the_file_again(client, demo, demo_leader, spies):
    client.force_login(demo_leader)
    before = json.loads(_download(client, f"plan:{demo.pk}", "json").content)
    line = BudgetLine.objects.filter(activity__plan=demo).order_by("pk").first()
    line.amount += 1_000
    line.save()
    after = json.loads(_download(client, f"plan:{demo.pk}", "json").content)
    assert spies["json"].calls == 2
    assert after["totals"]["planned"] == before["totals"]["planned"] + 1_000


def test_another_day_or_language_is_another_file(demo):
    scope = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021)
    period = parse_period("2021-Q2")
    today = cache.for_scope(scope, period, "pdf", today=DAY)
    assert today.key == cache.for_scope(scope, period, "pdf", today=DAY).key
    assert today.key != cache.for_scope(scope, period, "pdf", today=DAY + datetime.timedelta(days=1)).key
    assert today.key != cache.for_scope(scope, period, "xlsx", today=DAY).key
    assert today.key != cache.for_scope(scope, parse_period("2021-Q3"), "pdf", today=DAY).key
    preview = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021, preview=True)
    assert preview.code == scope.code or today.key != cache.for_scope(preview, period, "pdf", today=DAY).key
    from django.utils import translation

    with translation.override("en"):
        assert today.key != cache.for_scope(scope, period, "pdf", today=DAY).key


def test_a_new_layout_is_another_file(demo, monkeypatch):
    scope = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021)
    key = cache.for_scope(scope, parse_period("2021-Q2"), "pdf", today=DAY).key
    monkeypatch.setattr(cache, "code_version", lambda: "another-deploy")
    assert key != cache.for_scope(scope, parse_period("2021-Q2"), "pdf", today=DAY).key


def test_an_updater_never_gets_the_provinces_file(client, demo, demo_leader, demo_updater, spies):
    """The province's year report, cached for a leader, is refused to an updater (access is checked before the
    cache is read); the updater's unit report is its own file."""
    province = demo.province
    client.force_login(demo_leader)
    year = _download(client, f"year:2021:{province.code}", "json", period="2021")
    assert year.status_code == 200
    client.force_login(demo_updater)
    refused = _download(client, f"year:2021:{province.code}", "json", period="2021")
    assert refused.status_code in (403, 404) and spies["json"].calls == 1
    unit = demo_updater.memberships.get().unit
    own = _download(client, f"unit:{unit.pk}", "json", period="2021")
    assert own.status_code == 200 and spies["json"].calls == 2
    assert own.content != year.content
    assert json.loads(own.content)["scope"] != json.loads(year.content)["scope"]


def test_a_big_report_already_built_is_served_without_a_job(client, demo, demo_leader, settings, spies):
    client.force_login(demo_leader)
    assert _download(client, f"plan:{demo.pk}", "xlsx").status_code == 200
    settings.REPORT_INLINE_MAX_ACTIVITIES = 5  # now it would go to the worker, but the file is there
    response = _download(client, f"plan:{demo.pk}", "xlsx")
    assert response.status_code == 200 and spies["xlsx"].calls == 1


def test_the_worker_goes_through_the_same_cache(client, demo, demo_leader, monkeypatch):
    from reports import tasks
    from reports.models import ReportJob

    spy = Spy(tasks.WRITERS["xlsx"])
    monkeypatch.setitem(tasks.WRITERS, "xlsx", spy)
    client.force_login(demo_leader)
    inline = _download(client, f"plan:{demo.pk}", "xlsx").content  # built by the page, stored
    job = ReportJob.objects.create(requested_by=demo_leader, scope_code=f"plan:{demo.pk}", period_code="2021-Q2",
                                   file_format="xlsx")
    tasks.build_report_file.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and spy.calls == 0
    assert job.file.read() == inline
    other = ReportJob.objects.create(requested_by=demo_leader, scope_code=f"plan:{demo.pk}", period_code="2021-Q3",
                                     file_format="xlsx")
    tasks.build_report_file.call(str(other.pk))
    assert spy.calls == 1
    monkeypatch.setitem(views.WRITERS, "xlsx", Spy(views.WRITERS["xlsx"]))
    again = _download(client, f"plan:{demo.pk}", "xlsx", period="2021-Q3")
    assert again.content == spy.results[0] and views.WRITERS["xlsx"].calls == 0


def test_a_draft_documents_files_are_cached_until_it_is_edited(client, demo, demo_editor, monkeypatch):
    scope = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021)
    document = report_create(user=demo_editor, scope=scope, period=parse_period("2021-Q2"))
    spy = Spy(views_documents.render_pdf)
    monkeypatch.setattr(views_documents, "render_pdf", spy)
    client.force_login(demo_editor)
    url = reverse("reports:document_download", args=[document.pk, "pdf"])
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.content == second.content and spy.calls == 1
    report_update(report=document, data={"results": "Một đoạn mới."})
    assert client.get(url).status_code == 200 and spy.calls == 2


def test_the_national_report_is_cached_until_a_report_is_issued(client, demo, demo_users, monkeypatch):
    from plans.models import Membership

    user = next((u for u in demo_users.values() if u.username == "trunguong"), None)
    assert user is not None and Membership.objects.filter(user=user).exists()
    spy = Spy(views_national.national_documents.write_json)
    monkeypatch.setattr(views_national.national_documents, "write_json", spy)
    client.force_login(user)
    url = reverse("reports:national_report", args=["json"]) + "?nam=2021"
    assert client.get(url).content == client.get(url).content and spy.calls == 1
    Province.objects.order_by("pk").first().save()  # a province renamed, say
    client.get(url)
    assert spy.calls == 2
    scope = parse_scope(f"plan:{demo.pk}", Plan.objects.all(), year=2021)
    count = Report.objects.count()
    report_create(user=demo_users["bientap"], scope=scope, period=parse_period("2021-Q2"))  # any report document
    assert Report.objects.count() == count + 1
    client.get(url)
    assert spy.calls == 3


# -- the data version: every kind of change ----------------------------------------------------------------------

def _activity(plan):
    return plan.activities.filter(kind=Activity.Kind.ACTIVITY, targets__isnull=False,
                                  budget_lines__isnull=False).order_by("pk").first()


def _changes(plan, user):
    """Each kind of write a report reads, as a function making one."""
    activity = _activity(plan)
    unit = activity.lead_units.order_by("pk").first()
    other_unit = Unit.objects.filter(province=plan.province).exclude(pk=unit.pk).order_by("pk").first()
    target = activity.targets.order_by("pk").first()
    line = activity.budget_lines.order_by("pk").first()

    def new_update():
        return ProgressUpdate.objects.create(activity=activity, unit=unit, year=2030, quarter=1,
                                             status=Status.IN_PROGRESS, author=user)

    def decision():
        return {"decision_type": "Quyết định", "decision_number": "1/QĐ", "decided_on": datetime.date(2026, 1, 1),
                "effective_on": datetime.date(2026, 1, 1)}

    return {
        "plan saved": lambda: Plan.objects.get(pk=plan.pk).save(),
        "activity created": lambda: Activity.objects.create(plan=plan, title="Mới", position=999),
        "activity saved": lambda: Activity.objects.get(pk=activity.pk).save(),
        "activity deleted": lambda: Activity.objects.filter(
            plan=plan, children__isnull=True, targets__isnull=True, budget_lines__isnull=True,
            updates__isnull=True).order_by("pk").first().delete(),
        "activity archived": lambda: archive.archive(Activity.objects.get(pk=activity.pk), user=user),
        "lead unit added": lambda: activity.lead_units.add(other_unit),
        "lead unit removed": lambda: activity.lead_units.remove(unit),
        "co-ordinating units cleared": lambda: activity.coordinating_units.clear(),
        "target saved": lambda: Target.objects.get(pk=target.pk).save(),
        "target deleted": lambda: Target.objects.create(activity=activity, quantity=1, measure="lần").delete(),
        "budget line saved": lambda: BudgetLine.objects.get(pk=line.pk).save(),
        "funding source renamed": lambda: FundingSource.objects.order_by("pk").first().save(),
        "progress update created": new_update,
        "achieved quantity": lambda: TargetProgress.objects.create(update=new_update(), target=target, achieved=1),
        "expenditure recorded": lambda: Expenditure.objects.create(budget_line=line, progress_update=new_update(),
                                                                   amount=1, spent_on=datetime.date(2030, 1, 2),
                                                                   recorded_by=user),
        "status refreshed (QuerySet.update)": lambda: (Activity.objects.filter(pk=activity.pk).update(status="x"),
                                                        refresh_activity_status(Activity.objects.get(pk=activity.pk))),
        "unit renamed": lambda: reform.unit_rename(unit=unit, name="Tên mới của đơn vị", decision=decision()),
        "unit former name": lambda: UnitName.objects.create(unit=unit, name="Tên cũ", used_until=datetime.date(2001, 1, 1)),
        "unit saved": lambda: Unit.objects.get(pk=unit.pk).save(),
        "province saved": lambda: Province.objects.get(pk=plan.province_id).save(),
        "province former name": lambda: ProvinceName.objects.create(province=plan.province, name="Tên tỉnh cũ",
                                                                    used_until=datetime.date(2001, 1, 1)),
        "organisation change": lambda: OrganisationChange.objects.create(kind="rename", **decision()),
        "legal basis": lambda: LegalBasis.objects.create(plan=plan, position=99, number="1/QĐ"),
        "data_changed sent": lambda: data_changed.send(sender=Plan, province_ids=[plan.province_id]),
    }


CHANGES = ["plan saved", "activity created", "activity saved", "activity deleted", "activity archived",
           "lead unit added", "lead unit removed", "co-ordinating units cleared", "target saved", "target deleted",
           "budget line saved", "funding source renamed", "progress update created", "achieved quantity", "expenditure recorded",
           "status refreshed (QuerySet.update)", "unit renamed", "unit former name", "unit saved", "province saved",
           "province former name", "organisation change", "legal basis", "data_changed sent"]


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_gives_a_new_data_version(demo, demo_editor, change):
    province = demo.province
    changes = _changes(demo, demo_editor)
    assert set(changes) == set(CHANGES)
    make = changes[change]
    before = version_of(province)
    with transaction.atomic():
        make()
    assert version_of(province) != before


def test_a_change_in_a_merged_province_changes_its_heirs_version(demo_data):
    heir = Province.objects.get(code="vinh-long")
    merged = Province.objects.get(code="tra-vinh")
    plan = Plan.objects.filter(province=merged).first()
    before = version_of(heir)
    Plan.objects.get(pk=plan.pk).save()
    assert version_of(heir) != before


def test_a_change_elsewhere_keeps_the_version(demo):
    before = version_of(demo.province)
    other = Plan.objects.exclude(province=demo.province).exclude(province__heir=demo.province).first()
    Plan.objects.get(pk=other.pk).save()
    assert version_of(demo.province) == before


def test_writes_after_a_read_in_one_transaction_change_the_version_again(demo):
    """A version read between two writes of one transaction must not survive the second."""
    with transaction.atomic():
        Plan.objects.get(pk=demo.pk).save()
        seen = version_of(demo.province)
        Plan.objects.get(pk=demo.pk).save()
        assert version_of(demo.province) != seen


def test_a_rolled_back_savepoint_does_not_hide_a_later_write(demo):
    before = version_of(demo.province)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Plan.objects.get(pk=demo.pk).save()
                raise RuntimeError
        except RuntimeError:
            pass
        Plan.objects.get(pk=demo.pk).save()  # must touch again: the savepoint's touch was rolled back
    assert version_of(demo.province) != before


def test_many_writes_in_one_transaction_touch_the_version_once(demo):
    activity = _activity(demo)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        for target in activity.targets.all():
            target.save()
        for line in activity.budget_lines.all():
            line.save()
    touches = [q for q in queries.captured_queries if "reports_dataversion" in q["sql"]]
    assert len(touches) == 1


def test_importing_a_plan_changes_the_version(demo, demo_editor):
    from importer.reading.parser import parse_text
    from importer.save import save_draft

    before = version_of(demo.province)
    parsed = parse_text("KẾ HOẠCH\nTriển khai công tác trợ giúp pháp lý năm 2027\n1. Tập huấn\n2. Truyền thông\n")
    save_draft(parsed, province=demo.province, user=demo_editor)
    assert version_of(demo.province) != before


def test_a_province_merger_changes_every_version(demo_data):
    everything = version_everywhere()
    lang_son = Province.objects.get(code="lang-son")
    new = Province.objects.create(name="Tỉnh mới", code="tinh-moi")
    reform.province_merge(provinces=[lang_son], into=new, decision={
        "decision_type": "Nghị quyết", "decision_number": "2/NQ", "decided_on": datetime.date(2026, 1, 1),
        "effective_on": datetime.date(2026, 7, 1)})
    assert version_everywhere() != everything
    assert f"{lang_son.pk}=" in version_of(new)


# -- the files ---------------------------------------------------------------------------------------------------

def test_a_file_is_written_whole_then_renamed(demo, monkeypatch):
    place = cache.CachedDocument("pdf", "a", "b")
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append((os.path.dirname(source) == os.path.dirname(target), os.path.exists(target),
                     open(source, "rb").read()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert place.read() is None
    assert place.store(b"%PDF whole") == b"%PDF whole"
    assert seen == [(True, False, b"%PDF whole")]
    assert place.read() == b"%PDF whole"
    assert not [p for p in place.path.parent.iterdir() if p.name.startswith(".tmp-")]


def test_old_files_are_cleaned(demo):
    old, new = cache.CachedDocument("pdf", "old"), cache.CachedDocument("pdf", "new")
    old.store(b"old")
    new.store(b"new")
    yesterday = time.time() - 2 * 86400
    os.utime(old.path, (yesterday, yesterday))
    out = io.StringIO()
    call_command("clean_report_cache", stdout=out)
    assert not old.path.exists() and new.path.exists()
    assert out.getvalue().startswith("1 tệp đã xóa")
