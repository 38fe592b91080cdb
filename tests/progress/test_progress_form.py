"""The quarterly progress form: who may report, what is refused, money and files, locks, and conflicts."""
import datetime
import io
import threading
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Attachment, PeriodLock, ProgressUpdate, Status, Target, TargetProgress
from budgets.models import BudgetLine, Expenditure
from core.concurrency import StaleVersion
from plans.models import Role
from progress.services import ProgressInput, progress_save
from tests.progress.factories import add_update, build_world, minimal_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def url(activity, **params):
    base = reverse("progress:update", args=[activity.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def office_zip(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


def post_data(world, unit=None, version=0, ky="2021-Q4", **overrides):
    data = {
        "ky": ky, "don_vi": (unit or world["room"]).pk, "version": version, "status": "done",
        "result": "Đã in và phát 1.000 tờ gấp", "difficulties": "", "proposals": "",
        f"target_{world['target'].pk}": "1.000",
        "chi-TOTAL_FORMS": "2", "chi-INITIAL_FORMS": "0", "chi-MIN_NUM_FORMS": "0", "chi-MAX_NUM_FORMS": "20",
        "chi-0-budget_line": world["line"].pk, "chi-0-amount": "1.500.000", "chi-0-spent_on": "20/11/2021",
        "chi-0-document_reference": "PC 12/2021", "chi-0-note": "",
        "chi-1-budget_line": "", "chi-1-amount": "", "chi-1-spent_on": "", "chi-1-document_reference": "", "chi-1-note": "",
    }
    data.update(overrides)
    return data


def nothing_saved():
    return not ProgressUpdate.objects.exists() and not Expenditure.objects.exists() and not Attachment.objects.exists()


# --- happy paths --------------------------------------------------------------------------------------


def test_updater_of_the_centre_reports_for_a_room_under_it(client, world):
    updater = world["people"][Role.UPDATER]
    client.force_login(updater)
    page = client.get(url(world["activity"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quý IV/2021" in html and "Phòng Nghiệp vụ" in html and "Chi nhánh số 1" in html
    data = post_data(world, files=[upload("bien-ban.pdf", minimal_pdf(), "application/pdf")])
    response = client.post(url(world["activity"]), data)
    assert response.status_code == 302 and response["Location"] == reverse("progress:activity", args=[world["activity"].pk])
    update = ProgressUpdate.objects.get()
    assert (update.unit, update.year, update.quarter, update.status, update.author) == (world["room"], 2021, 4, "done", updater)
    assert TargetProgress.objects.get().achieved == 1000
    spent = Expenditure.objects.get()
    assert (spent.amount, spent.document_reference, spent.recorded_by, spent.progress_update) == (1_500_000, "PC 12/2021", updater, update)
    attachment = Attachment.objects.get()
    assert attachment.original_name == "bien-ban.pdf" and attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("evidence/2021/") and not attachment.file.name.endswith("bien-ban.pdf")
    world["activity"].refresh_from_db()
    assert world["activity"].status == Status.DONE  # the lead unit's report is the activity's status
    assert update.history.count() == 1
    page = client.get(reverse("progress:activity", args=[world["activity"].pk])).content.decode()
    assert "Hoàn thành" in page and "8.500.000" in page and "bien-ban.pdf" in page and "1.000" in page


def test_second_save_edits_the_same_update_and_keeps_totals(client, world):
    client.force_login(world["people"][Role.UPDATER])
    client.post(url(world["activity"]), post_data(world))
    update = ProgressUpdate.objects.get()
    form = client.get(url(world["activity"], ky="2021-Q4", don_vi=world["room"].pk)).context["form"]
    assert form.initial["version"] == update.version and form.initial[f"target_{world['target'].pk}"] == "1.000"
    data = post_data(world, version=update.version, status="in_progress", **{f"target_{world['target'].pk}": "2.000",
                     "chi-0-budget_line": "", "chi-0-amount": "", "chi-0-spent_on": "", "chi-0-document_reference": ""})
    assert client.post(url(world["activity"]), data).status_code == 302
    assert ProgressUpdate.objects.count() == 1 and TargetProgress.objects.get().achieved == 2000
    assert Expenditure.objects.count() == 1
    world["activity"].refresh_from_db()
    assert world["activity"].status == Status.IN_PROGRESS


def test_coordinating_unit_reports_its_part_without_moving_the_status(client, world):
    client.force_login(world["people"][Role.UPDATER])
    response = client.post(url(world["activity"]), post_data(world, unit=world["branch"], status="done"))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().unit == world["branch"]
    world["activity"].refresh_from_db()
    assert world["activity"].status == Status.NOT_STARTED


def test_docx_and_xlsx_are_recognised_by_their_content(client, world):
    client.force_login(world["people"][Role.UPDATER])
    files = [upload("bao-cao.docx", office_zip("word/")), upload("so-lieu.xlsx", office_zip("xl/"))]
    assert client.post(url(world["activity"]), post_data(world, files=files)).status_code == 302
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


# --- refused ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [(Role.EDITOR, 403), (Role.LEADER, 403), ("office_updater", 403), ("tv_updater", 404)])
def test_others_may_not_report(client, world, who, status):
    client.force_login(world["people"][who])
    assert client.get(url(world["activity"])).status_code == status
    assert client.post(url(world["activity"]), post_data(world)).status_code == status
    assert nothing_saved()


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.get(url(world["activity"])).status_code == 302


def test_draft_plan_activity_cannot_be_reported(client, world):
    client.force_login(world["people"][Role.UPDATER])
    assert client.get(url(world["draft_activity"])).status_code == 403


def test_crafted_post_for_another_units_activity_is_refused(client, world):
    client.force_login(world["people"][Role.UPDATER])
    data = post_data(world, unit=world["office"], **{"chi-0-budget_line": world["office_line"].pk})
    assert client.post(url(world["office_activity"]), data).status_code == 403
    assert client.post(url(world["activity"]), post_data(world, unit=world["office"])).status_code == 403
    assert client.post(url(world["tv_activity"]), post_data(world)).status_code == 404
    assert nothing_saved()


def test_crafted_budget_line_of_another_activity_is_refused(client, world):
    client.force_login(world["people"][Role.UPDATER])
    response = client.post(url(world["activity"]), post_data(world, **{"chi-0-budget_line": world["office_line"].pk}))
    assert response.status_code == 400
    assert "Dòng kinh phí không thuộc hoạt động này" in response.content.decode()
    assert nothing_saved()


def test_service_refuses_a_foreign_budget_line_too(world):
    from django.core.exceptions import ValidationError

    from progress.services import NewExpenditure

    data = ProgressInput(status="done", expenditures=[
        NewExpenditure(budget_line_id=world["office_line"].pk, amount=1, spent_on=datetime.date(2021, 11, 1))])
    with pytest.raises(ValidationError):
        progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4,
                      author=world["people"][Role.UPDATER], expected_version=0, data=data)
    assert nothing_saved()


@pytest.mark.parametrize("name, content, message", [
    ("bien-ban.pdf", b"\x89PNG\r\n\x1a\n0000", "không phải là tệp PDF thật"),
    ("anh.png", minimal_pdf(), "không phải là tệp PNG thật"),
    ("bao-cao.docx", office_zip("xl/"), "không phải là tệp DOCX thật"),
    ("bao-cao.docx", b"PK\x03\x04 not a zip", "không phải là tệp DOCX thật"),
    ("virus.exe", b"MZ\x90\x00", "chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG"),
    ("rong.pdf", b"", "rỗng"),
])
def test_bad_files_are_refused_and_typed_text_kept(client, world, name, content, message):
    client.force_login(world["people"][Role.UPDATER])
    response = client.post(url(world["activity"]), post_data(world, files=[upload(name, content)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Đã in và phát 1.000 tờ gấp" in html and 'value="1.500.000"' in html
    assert nothing_saved()


def test_too_big_file_is_refused_with_the_limit(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(world["people"][Role.UPDATER])
    big = minimal_pdf() + b"0" * (1024 * 1024)
    response = client.post(url(world["activity"]), post_data(world, files=[upload("lon.pdf", big)]))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode() and "tối đa 1 MB" in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize("field, value, message", [
    ("target", "-5", "Số lượng không được âm."),
    ("target", "năm", "Số lượng phải là số nguyên"),
    ("chi-0-amount", "-1.000", "Số tiền không được âm."),
    ("chi-0-amount", "0", "Số tiền chi phải lớn hơn 0."),
    ("chi-0-spent_on", "31/02/2021", "Ngày không có thật trên lịch."),
    ("chi-0-spent_on", "20/11/2020", "Ngày chi phải nằm trong kỳ báo cáo (01/10/2021 – 31/12/2021)."),
    ("status", "xong", "Hãy chọn một lựa chọn hợp lệ"),
])
def test_wrong_input_is_explained_and_nothing_saved(client, world, field, value, message):
    client.force_login(world["people"][Role.UPDATER])
    key = f"target_{world['target'].pk}" if field == "target" else field
    response = client.post(url(world["activity"]), post_data(world, **{key: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_saved()


def test_overspending_a_budget_line_needs_a_note(client, world):
    client.force_login(world["people"][Role.UPDATER])
    add = {"chi-0-amount": "8.000.000", "chi-1-budget_line": world["line"].pk, "chi-1-amount": "3.000.000",
           "chi-1-spent_on": "21/11/2021"}
    response = client.post(url(world["activity"]), post_data(world, **add))
    assert response.status_code == 400
    assert "vượt số tiền của dòng: kinh phí kế hoạch" in response.content.decode() and "còn 2.000.000 đ" in response.content.decode()
    assert nothing_saved()
    add["chi-1-note"] = "Bổ sung in thêm theo chỉ đạo của Giám đốc"
    assert client.post(url(world["activity"]), post_data(world, **add)).status_code == 302
    assert sum(Expenditure.objects.values_list("amount", flat=True)) == 11_000_000
    page = client.get(reverse("progress:activity", args=[world["activity"].pk])).content.decode()
    assert "-1.000.000" in page


def test_locked_quarter_is_refused_with_a_clear_message(client, world):
    PeriodLock.objects.create(province=world["province"], year=2021, quarter=4, locked_by=world["people"][Role.LEADER])
    client.force_login(world["people"][Role.UPDATER])
    page = client.get(url(world["activity"], ky="2021-Q4"))
    assert "Quý IV/2021 đã được khóa" in page.content.decode() and "Lưu cập nhật" not in page.content.decode()
    response = client.post(url(world["activity"]), post_data(world))
    assert response.status_code == 403 and "đã được khóa" in response.content.decode()
    assert nothing_saved()
    # Another quarter stays open.
    assert client.post(url(world["activity"]), post_data(world, ky="2021-Q3", **{"chi-0-spent_on": "20/08/2021"})).status_code == 302


def test_only_quarters_of_the_plan_up_to_now_can_be_chosen(client, world):
    client.force_login(world["people"][Role.UPDATER])
    page = client.get(url(world["activity"], ky="2030-Q1"))
    assert page.context["period"].code == "2021-Q4"
    assert [p.code for p in page.context["periods"]] == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]


def test_nd09_window_sets_the_quarter_dates(client, world):
    world["province"].reporting_window = "nd09"
    world["province"].save()
    client.force_login(world["people"][Role.UPDATER])
    html = client.get(url(world["activity"], ky="2021-Q4")).content.decode()
    assert "15/09/2021" in html and "14/12/2021" in html
    response = client.post(url(world["activity"]), post_data(world, **{"chi-0-spent_on": "20/12/2021"}))
    assert "Ngày chi phải nằm trong kỳ báo cáo (15/09/2021 – 14/12/2021)." in response.content.decode()


# --- no lost updates ------------------------------------------------------------------------------------


def test_second_person_is_told_and_sees_what_the_first_saved(client, world):
    first = add_update(world["activity"], world["room"], world["people"][Role.UPDATER], quarter=4,
                       result="Kết quả do người thứ nhất lưu")
    colleague = world["people"][Role.UPDATER]
    client.force_login(colleague)
    response = client.post(url(world["activity"]), post_data(world, version=0, result="Kết quả của tôi"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Có người vừa lưu cập nhật này" in html and "Kết quả do người thứ nhất lưu" in html and "Kết quả của tôi" in html
    first.refresh_from_db()
    assert first.result == "Kết quả do người thứ nhất lưu" and first.version == 1
    assert not Expenditure.objects.exists()
    assert response.context["form"]["version"].value() == 1
    # Saving again is now deliberate and succeeds.
    assert client.post(url(world["activity"]), post_data(world, version=1, result="Kết quả của tôi")).status_code == 302
    first.refresh_from_db()
    assert first.result == "Kết quả của tôi" and first.version == 2


def test_service_raises_stale_version_for_an_old_form(world):
    add_update(world["activity"], world["room"], world["people"][Role.UPDATER], quarter=4)
    with pytest.raises(StaleVersion):
        progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4,
                      author=world["people"][Role.UPDATER], expected_version=0, data=ProgressInput(status="done"))


def _grow(update, count):
    """More of everything the form shows for the activity: targets and budget lines, and the quarter's report
    achieving, spending and attaching against each; the other quarters' reports, with their spending."""
    activity, author = update.activity, update.author
    start = activity.targets.count()
    numbers = range(start, start + count)
    targets = Target.objects.bulk_create([Target(activity=activity, quantity=i, measure="đợt", position=i)
                                          for i in numbers])
    lines = BudgetLine.objects.bulk_create([BudgetLine(activity=activity, amount=1_000_000, description=f"Khoản {i}")
                                            for i in numbers])
    others = ProgressUpdate.objects.bulk_create([
        ProgressUpdate(activity=activity, unit=update.unit, author=author, year=2030 + i // 4, quarter=i % 4 + 1,
                       status="in_progress") for i in numbers
    ])
    TargetProgress.objects.bulk_create([TargetProgress(update=update, target=target, achieved=1) for target in targets])
    Expenditure.objects.bulk_create([
        Expenditure(budget_line=line, progress_update=reported, amount=1, spent_on=datetime.date(2021, 11, 1),
                    recorded_by=author) for line in lines for reported in (update, others[0])
    ])
    Attachment.objects.bulk_create([
        Attachment(update=update, file=f"evidence/x{i}.pdf", original_name=f"{i}.pdf", content_type="application/pdf",
                   size=10, uploaded_by=author) for i in numbers
    ])


@pytest.mark.slow
def test_form_queries_do_not_grow_with_targets_lines_and_reports(client, world):
    client.force_login(world["people"][Role.UPDATER])
    update = add_update(world["activity"], world["room"], world["people"][Role.UPDATER], quarter=4)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world["activity"], ky="2021-Q4")).status_code == 200
        return len(queries)

    _grow(update, 10)
    count()  # warm the session and caches
    small = count()
    _grow(update, 490)
    assert count() == small


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real concurrent transactions with row locks: run with DATABASE_URL=postgres://…")
@pytest.mark.parametrize("existing", [True, False], ids=["existing-update", "first-report"])
def test_two_concurrent_saves_on_postgresql(settings, tmp_path, existing):
    from django.db import connections, transaction

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    author = world["people"][Role.UPDATER]
    version = add_update(world["activity"], world["room"], author, quarter=4).version if existing else 0
    first_saved, results = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4, author=author,
                              expected_version=version, data=ProgressInput(status="done", result="thứ nhất"))
                first_saved.set()
                # Hold the row (or the new unique key) while the second transaction runs into it.
                threading.Event().wait(1.0)
            results["first"] = "saved"
        except Exception as error:  # pragma: no cover - reported by the assertion below
            results["first"] = error
        finally:
            connections.close_all()

    def second():
        first_saved.wait(5)
        try:
            progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4, author=author,
                          expected_version=version, data=ProgressInput(status="paused", result="thứ hai"))
            results["second"] = "saved"
        except StaleVersion as stale:
            results["second"] = stale.current.result
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert results == {"first": "saved", "second": "thứ nhất"}
    update = ProgressUpdate.objects.get()
    assert update.result == "thứ nhất" and update.status == "done"


# --- the form's starting point, and a quarter not begun ------------------------------------------------


def test_a_first_report_starts_from_the_activitys_current_status(client, world):
    activity = world["activity"]
    add_update(activity, world["room"], world["people"][Role.UPDATER], quarter=3, status=Status.IN_PROGRESS)
    activity.status = Status.IN_PROGRESS
    activity.save(update_fields=["status"])
    client.force_login(world["people"][Role.UPDATER])
    page = client.get(url(activity, ky="2021-Q4", don_vi=world["room"].pk))
    assert page.context["form"]["status"].value() == Status.IN_PROGRESS
    assert 'value="in_progress" selected' in page.content.decode()


def test_before_the_plan_begins_the_button_says_from_when_and_the_form_is_no_permission_error(client, world):
    from django.utils import timezone

    plan = world["plan"]
    next_year = timezone.localdate().year + 1
    plan.start_year = next_year
    plan.save(update_fields=["start_year"])
    client.force_login(world["people"][Role.UPDATER])
    page = client.get(reverse("progress:activity", args=[world["activity"].pk])).content.decode()
    assert 'disabled aria-describedby="report-opens"' in page
    assert f"Kế hoạch bắt đầu từ Quý I/{next_year}" in page and f"/{next_year}" in page
    assert reverse("progress:update", args=[world["activity"].pk]) not in page
    response = client.get(url(world["activity"]), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bạn không có quyền" not in body and f"Kế hoạch bắt đầu từ Quý I/{next_year}" in body
