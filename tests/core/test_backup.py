"""`manage.py backup` / `restore`: the seed and demo data, their history and files survive a round trip
into an empty installation with every report total unchanged; a full database or a damaged file is refused."""
import io
import json
import shutil
import zipfile

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal

from activities.models import Attachment, ProgressUpdate
from core.backup import count_rows
from core.periods import parse_period
from plans.models import Plan, Province
from reports.jsondoc import report_data
from reports.models import ReportJob
from reports.rows import build_report, parse_scope
from tests.progress.factories import minimal_pdf

PERIODS = ["2014", "2020", "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2021-H1", "2021-9M", "2021", "2022-Q1", "2022"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def _report_figures(report):
    """Every figure of the report as its JSON file holds it (money, targets, rows), plus the activities' results."""
    return {**report_data(report), "results": [(r.number, r.title, r.status, r.result) for r in report.rows]}


def all_report_figures():
    figures = {}
    for period_code in PERIODS:
        period = parse_period(period_code)
        for plan in Plan.objects.order_by("pk"):
            scope = parse_scope(f"plan:{plan.pk}", Plan.objects.all(), year=period.year)
            figures[(f"plan:{plan.pk}", period_code)] = _report_figures(build_report(scope, period))
        for province in Province.objects.filter(plans__isnull=False).distinct().order_by("pk"):
            scope = parse_scope(f"year:{period.year}", Plan.objects.filter(province=province))
            figures[(f"year:{province.code}", period_code)] = _report_figures(build_report(scope, period))
    return figures


def fill_installation(editor, updater, admin):
    """To the seed plans and demo data, add what the fixtures lack: history, an evidence file, a report file,
    an admin log entry (a content type) and a national user (a permission)."""

    plan = Plan.objects.get(number="19/KH-TGPL")
    plan.title += " (đã sửa)"
    plan._history_user = editor
    plan.save()
    update = ProgressUpdate.objects.filter(unit__memberships__user=updater).first()
    update.result = "Đã in 80.000 tờ gấp"
    update.save()
    attachment = Attachment.objects.create(
        update=update, file=ContentFile(minimal_pdf(), name="bien-ban.pdf"), original_name="Biên bản.pdf",
        content_type="application/pdf", size=len(minimal_pdf()), uploaded_by=updater,
    )
    job = ReportJob(requested_by=editor, scope_code=f"plan:{plan.pk}", period_code="2021-Q2", file_format="xlsx",
                    state=ReportJob.State.DONE, progress=100)
    job.file.save(job.filename, ContentFile(b"PK\x03\x04 report bytes"), save=True)
    LogEntry.objects.log_actions(editor.pk, [plan], CHANGE, change_message="Sửa trích yếu", single_object=True)
    national = Group.objects.create(name="Cục Trợ giúp pháp lý")
    national.permissions.add(Permission.objects.get(codename="view_all_provinces"))
    admin.groups.add(national)
    return attachment


def recreate_content_types_with_new_ids():
    """A fresh installation numbers its content types and permissions its own way."""
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="khac", model="khac")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_empty_installation_keeps_every_row_file_and_report_total(
    media, tmp_path, client, demo_editor, demo_updater, demo_admin,
):
    attachment = fill_installation(demo_editor, demo_updater, demo_admin)
    attachment_name, attachment_bytes = attachment.file.name, attachment.file.read()
    counts_before, reports_before = count_rows(), all_report_figures()
    assert counts_before["plans.historicalplan"] > 0 and counts_before["activities.attachment"] == 1
    assert any(figures["totals"]["spent_to_date"] for figures in reports_before.values()), "the demo spends money"
    old_log_type = LogEntry.objects.get().content_type_id

    backup = tmp_path / "sao-luu.zip"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert "Đã sao lưu" in out.getvalue() and "2 tệp" in out.getvalue()
    manifest = json.loads(zipfile.ZipFile(backup).read("manifest.json"))
    assert manifest["format_version"] == 1
    assert manifest["counts"]["plans.plan"] == 5
    assert "0001_initial" in manifest["migrations"]["plans"]
    assert {f["field"] for f in manifest["files"]} == {"activities.attachment.file", "reports.reportjob.file"}

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    recreate_content_types_with_new_ids()
    assert ContentType.objects.get_for_model(Plan).pk != old_log_type
    assert Plan.objects.count() == 0

    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)
    assert "Đã khôi phục" in out.getvalue()

    assert count_rows() == counts_before
    assert all_report_figures() == reports_before
    restored = Attachment.objects.get()
    assert restored.file.name == attachment_name
    assert restored.file.read() == attachment_bytes
    assert (media / attachment_name).read_bytes() == minimal_pdf()
    assert ReportJob.objects.get().file.read() == b"PK\x03\x04 report bytes"
    assert LogEntry.objects.get().content_type == ContentType.objects.get_for_model(Plan)
    assert get_user_model().objects.get(username="quantri").has_perm("plans.view_all_provinces")
    assert Plan.objects.get(number="19/KH-TGPL").history.first().history_user.username == "bientap"
    assert client.login(username="trungtam", password="tgpl2026")
    # Sequences moved past the restored ids (PostgreSQL): new rows do not collide.
    Plan.objects.create(province=Province.objects.first(), title="Kế hoạch mới", start_year=2026)


# Transactional: loaddata moves PostgreSQL's sequences to the seed's ids, and a sequence does not roll back, so after
# a rolled-back test the next rows of the shared demo data would be given ids it already holds.
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_already_holds_data(media, tmp_path):
    call_command("loaddata", "seed_plans", verbosity=0)
    backup = tmp_path / "sao-luu.zip"
    call_command("backup", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="đã có dữ liệu") as error:
        call_command("restore", str(backup))
    assert "plans.plan: 5" in str(error.value)
    assert Plan.objects.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"khong phai zip", b"PK\x03\x04" + b"\x00" * 40])
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, content):
    damaged = tmp_path / "hong.zip"
    damaged.write_bytes(content)
    with pytest.raises(CommandError, match="bị hỏng hoặc không phải tệp sao lưu"):
        call_command("restore", str(damaged))


def rewrite(source, target, *, manifest=None, data=None):
    """Copy a backup, changing its manifest or its data."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "manifest.json" and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            if item.filename == "data.json" and data:
                content = data(content)
            new.writestr(item, content)


@pytest.fixture
def empty_backup(media, tmp_path):
    """A backup of one plan, and an installation emptied afterwards (rows and files)."""
    call_command("loaddata", "seed_plans", verbosity=0)
    backup = tmp_path / "sao-luu.zip"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    return backup


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_damaged_data_and_loads_nothing(empty_backup, tmp_path):
    damaged = tmp_path / "hong.zip"
    rewrite(empty_backup, damaged, data=lambda content: content.replace(b"2021", b"2022", 1))
    with pytest.raises(CommandError, match="không đúng mã kiểm tra"):
        call_command("restore", str(damaged))
    assert Plan.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_another_migration_state(empty_backup, tmp_path):
    newer = tmp_path / "moi-hon.zip"
    rewrite(empty_backup, newer, manifest=lambda m: {**m, "migrations": {**m["migrations"], "plans": [
        *m["migrations"]["plans"], "9999_tuong_lai"]}})
    with pytest.raises(CommandError, match="phiên bản phần mềm đã tạo bản sao lưu"):
        call_command("restore", str(newer))
    older = tmp_path / "cu-hon.zip"
    rewrite(empty_backup, older, manifest=lambda m: {**m, "migrations": {**m["migrations"], "plans": ["0001_initial"]}})
    with pytest.raises(CommandError, match="migration mới hơn bản sao lưu"):
        call_command("restore", str(older))
    assert Plan.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_restore_rolls_back_when_counts_disagree(empty_backup, tmp_path, media):
    wrong = tmp_path / "sai-so.zip"
    rewrite(empty_backup, wrong, manifest=lambda m: {**m, "counts": {**m["counts"], "plans.plan": 6}})
    with pytest.raises(CommandError, match="plans.plan: cần 6, có 5"):
        call_command("restore", str(wrong))
    assert count_rows() == {label: 0 for label in count_rows()}
    assert not any(media.iterdir())


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_stream_files_instead_of_holding_them(media, tmp_path):
    """A 40 MB evidence file goes into the backup and back out with a few MB of memory, not 40."""
    import os
    import tracemalloc

    from tests.progress.factories import add_update, build_world

    world = build_world()
    update = add_update(world["activity"], world["room"], world["people"]["updater"], quarter=2)
    big = os.urandom(1024 * 1024) * 40
    Attachment.objects.create(update=update, file=ContentFile(big, name="ho-so-lon.pdf"), original_name="Hồ sơ.pdf",
                              content_type="application/pdf", size=len(big), uploaded_by=world["people"]["updater"])
    name = Attachment.objects.get().file.name
    del big
    backup = tmp_path / "sao-luu.zip"

    tracemalloc.start()
    try:
        call_command("backup", str(backup), stdout=io.StringIO())
        _current, backup_peak = tracemalloc.get_traced_memory()
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(media)
        media.mkdir()
        tracemalloc.reset_peak()
        call_command("restore", str(backup), stdout=io.StringIO())
        _current, restore_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (media / name).stat().st_size == 40 * 1024 * 1024
    assert backup_peak < 15 * 1024 * 1024
    assert restore_peak < 15 * 1024 * 1024
