"""The "Việc của đơn vị" page, the activity page, evidence downloads and deletions, and quarter locks."""
import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Attachment, PeriodLock, ProgressUpdate, Status, TargetProgress
from budgets.models import Expenditure
from plans.models import Role
from tests.factories import make_user
from tests.progress.factories import add_update, build_world, make_activity, minimal_pdf

pytestmark = pytest.mark.django_db

WORK = reverse("progress:work_list")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def titles(response):
    return [a.title for a in response.context["page"]]


# --- overdue: one rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("due, status, overdue", [
    (datetime.date(2026, 3, 4), Status.IN_PROGRESS, True),   # yesterday
    (datetime.date(2026, 3, 5), Status.IN_PROGRESS, False),  # due today: still on time
    (datetime.date(2026, 3, 6), Status.NOT_STARTED, False),
    (datetime.date(2026, 3, 4), Status.PAUSED, True),
    (datetime.date(2026, 3, 4), Status.DONE, False),
    (datetime.date(2026, 3, 4), Status.CANCELLED, False),
    (None, Status.NOT_STARTED, False),
])
def test_overdue_is_derived_from_due_date_and_status(world, due, status, overdue):
    today = datetime.date(2026, 3, 5)
    activity = make_activity(world["plan"], title="Ranh giới", lead=[world["room"]], due=due, status=status)
    assert activity.is_overdue_on(today) is overdue
    assert Activity.objects.filter(pk=activity.pk).overdue(today).exists() is overdue


# --- the work list --------------------------------------------------------------------------------------


def test_updater_sees_work_of_their_unit_and_units_under_it(client, world):
    coord_only = make_activity(world["plan"], title="Chỉ phối hợp", lead=[world["office"]], coordinating=[world["branch"]])
    client.force_login(world["people"][Role.UPDATER])
    response = client.get(WORK)
    assert response.status_code == 200
    assert set(titles(response)) == {world["activity"].title, coord_only.title}  # not the office's, Trà Vinh's, the draft's
    assert "Việc của đơn vị" in response.content.decode()  # navigation item for updaters
    lead = client.get(WORK, {"vai_tro": "chu-tri"})
    assert titles(lead) == [world["activity"].title]
    coordinating = client.get(WORK, {"vai_tro": "phoi-hop"})
    assert set(titles(coordinating)) == {world["activity"].title, coord_only.title}


def test_other_province_and_other_unit_see_none_of_it(client, world):
    client.force_login(world["people"]["tv_updater"])
    assert titles(client.get(WORK)) == ["Việc của Trà Vinh"]
    client.force_login(world["people"]["office_updater"])
    assert titles(client.get(WORK)) == ["Việc của Văn phòng"]


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.get(WORK).status_code == 302


def test_filters_and_sorting(client, world):
    today = timezone.localdate()
    late = make_activity(world["plan"], title="Trễ hạn", lead=[world["room"]], due=today - datetime.timedelta(days=1),
                         status=Status.IN_PROGRESS)
    on_time = make_activity(world["plan"], title="Đến hạn hôm nay", lead=[world["room"]], due=today)
    done = make_activity(world["plan"], title="Đã xong", lead=[world["room"]], due=today - datetime.timedelta(days=3),
                         status=Status.DONE)
    undated = make_activity(world["plan"], title="Không có hạn", lead=[world["room"]], due=None)
    client.force_login(world["people"][Role.UPDATER])
    response = client.get(WORK)
    assert titles(response) == [world["activity"].title, done.title, late.title, on_time.title, undated.title]
    html = response.content.decode()
    assert html.count('class="badge overdue"') == 2  # the 2021 activity and yesterday's, not today's nor the done one
    assert 'class="badge due-soon"' in html  # due today is due this quarter
    assert titles(client.get(WORK, {"qua_han": "on"})) == [world["activity"].title, late.title]
    assert titles(client.get(WORK, {"trang_thai": "done"})) == [done.title]
    assert titles(client.get(WORK, {"ke_hoach": world["plan"].pk, "han_trong_quy": "2021-Q4"})) == [world["activity"].title]
    bad = client.get(WORK, {"trang_thai": "xong", "han_trong_quy": "2021-Q9"})
    assert bad.status_code == 200 and "Lựa chọn không hợp lệ" in bad.content.decode()


def test_due_in_quarter_follows_the_provinces_window(client, world):
    december = make_activity(world["plan"], title="Hạn 20/12", lead=[world["room"]], due=datetime.date(2021, 12, 20))
    client.force_login(world["people"][Role.UPDATER])
    assert december.title in titles(client.get(WORK, {"han_trong_quy": "2021-Q4"}))
    world["province"].reporting_window = "nd09"  # NĐ 09: 15/12/2021 already belongs to Quý I/2022
    world["province"].save()
    assert december.title not in titles(client.get(WORK, {"han_trong_quy": "2021-Q4"}))
    assert titles(client.get(WORK, {"han_trong_quy": "2022-Q1"})) == [december.title, world["activity"].title]


def _work_queries(client, user):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(WORK).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_work_list_queries_do_not_grow_with_activities(client, world):
    user = world["people"][Role.UPDATER]
    client.force_login(user)

    def add(n):
        for i in range(n):
            make_activity(world["plan"], title=f"Hoạt động {i}", lead=[world["room"]], coordinating=[world["branch"]])

    add(9)
    small = _work_queries(client, user)
    add(491)
    assert _work_queries(client, user) == small


# --- the activity page ------------------------------------------------------------------------------------


def page_url(activity):
    return reverse("progress:activity", args=[activity.pk])


@pytest.mark.parametrize("who", [Role.UPDATER, Role.EDITOR, Role.LEADER, "office_updater"])
def test_everyone_of_the_province_reads_the_activity_page(client, world, who):
    client.force_login(world["people"][who])
    response = client.get(page_url(world["activity"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world["activity"].title in html and "In tờ gấp" in html and "10.000.000" in html
    assert ("Cập nhật tiến độ</a>" in html) is (who == Role.UPDATER)


def test_activity_page_of_another_province_or_a_heading_is_not_found(client, world):
    client.force_login(world["people"]["tv_updater"])
    assert client.get(page_url(world["activity"])).status_code == 404
    section = Activity.objects.create(plan=world["plan"], kind="section", title="Mục")
    client.force_login(world["people"][Role.UPDATER])
    assert client.get(page_url(section)).status_code == 404


def test_activity_page_sums_achievements_and_spending(client, world):
    author = world["people"][Role.UPDATER]
    for quarter, achieved, amount in [(1, 30_000, 2_000_000), (2, 20_000, 3_500_000)]:
        update = add_update(world["activity"], world["room"], author, quarter=quarter)
        TargetProgress.objects.create(update=update, target=world["target"], achieved=achieved)
        Expenditure.objects.create(budget_line=world["line"], progress_update=update, amount=amount,
                                   spent_on=datetime.date(2021, 3 * quarter, 1), recorded_by=author)
    client.force_login(world["people"][Role.LEADER])
    response = client.get(page_url(world["activity"]))
    target = response.context["targets"][0]
    line = response.context["budget_lines"][0]
    assert (target.achieved_total, line.money.spent_to_date, line.money.remaining) == (50_000, 5_500_000, 4_500_000)
    html = response.content.decode()
    assert "50.000" in html and "5.500.000" in html and "4.500.000" in html and "62,5%" in html
    assert "Quý II/2021" in html and "Quý I/2021" in html


def _fill_updates(world, count):
    author = world["people"][Role.UPDATER]
    existing = ProgressUpdate.objects.filter(activity=world["activity"]).count()
    updates = ProgressUpdate.objects.bulk_create([
        ProgressUpdate(activity=world["activity"], unit=world["room"], author=author,
                       year=1950 + (existing + i) // 4, quarter=(existing + i) % 4 + 1, status="in_progress")
        for i in range(count)
    ])
    TargetProgress.objects.bulk_create([TargetProgress(update=u, target=world["target"], achieved=1) for u in updates])
    Expenditure.objects.bulk_create([
        Expenditure(budget_line=world["line"], progress_update=u, amount=1, spent_on=datetime.date(2021, 1, 1),
                    recorded_by=author) for u in updates
    ])
    Attachment.objects.bulk_create([
        Attachment(update=u, file=f"evidence/x{u.pk}.pdf", original_name=f"{u.pk}.pdf", content_type="application/pdf",
                   size=10, uploaded_by=author) for u in updates
    ])


@pytest.mark.slow
def test_activity_page_queries_do_not_grow_with_updates(client, world):
    client.force_login(world["people"][Role.UPDATER])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(world["activity"])).status_code == 200
        return len(queries)

    _fill_updates(world, 10)
    small = count()
    _fill_updates(world, 490)
    assert count() == small


def test_activity_page_shows_its_history(client, world):
    world["activity"].title = "Thực hiện hoạt động truyền thông năm 2021"
    world["activity"].save()
    client.force_login(world["people"][Role.LEADER])
    html = client.get(page_url(world["activity"])).content.decode()
    assert "Lịch sử thay đổi hoạt động" in html and "Tạo hoạt động" in html and "năm 2021</ins>" in html


def test_plan_page_links_each_activity_to_its_page(client, world):
    client.force_login(world["people"][Role.LEADER])
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    assert page_url(world["activity"]) in html


# --- evidence files ------------------------------------------------------------------------------------------


@pytest.fixture
def attachment(world):
    update = add_update(world["activity"], world["room"], world["people"][Role.UPDATER], quarter=4)
    item = Attachment(update=update, original_name="Biên bản.pdf", content_type="application/pdf", size=40,
                      uploaded_by=world["people"][Role.UPDATER])
    item.file.save("x.pdf", ContentFile(minimal_pdf()), save=False)
    item.save()
    return item


@pytest.mark.parametrize("who", [Role.UPDATER, Role.LEADER, Role.EDITOR])
def test_evidence_is_served_to_the_province_as_a_download(client, world, attachment, who):
    client.force_login(world["people"][who])
    response = client.get(reverse("progress:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"


def test_evidence_is_hidden_from_other_provinces_and_anonymous(client, world, attachment, settings):
    url = reverse("progress:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 302
    client.force_login(world["people"]["tv_updater"])
    assert client.get(url).status_code == 404
    assert str(settings.MEDIA_ROOT) not in str(settings.STATICFILES_DIRS)


def test_evidence_delete_asks_first_and_only_for_the_reporting_unit(client, world, attachment):
    url = reverse("progress:attachment_delete", args=[attachment.pk])
    client.force_login(world["people"]["office_updater"])
    assert client.post(url).status_code == 403
    client.force_login(world["people"]["tv_updater"])
    assert client.post(url).status_code == 404
    client.force_login(world["people"][Role.UPDATER])
    confirm = client.get(url)
    assert "Đồng ý xóa" in confirm.content.decode() and Attachment.objects.exists()
    PeriodLock.objects.create(province=world["province"], year=2021, quarter=4, locked_by=world["people"][Role.LEADER])
    refused = client.post(url, follow=True)
    assert "đã được khóa" in refused.content.decode() and Attachment.objects.exists()
    PeriodLock.objects.update(unlocked_at=timezone.now(), unlocked_by=world["people"][Role.LEADER])
    path = attachment.file.path
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)


def test_expenditure_delete_asks_first_and_respects_locks(client, world):
    author = world["people"][Role.UPDATER]
    update = add_update(world["activity"], world["room"], author, quarter=2)
    spent = Expenditure.objects.create(budget_line=world["line"], progress_update=update, amount=1_000_000,
                                       spent_on=datetime.date(2021, 5, 2), recorded_by=author)
    url = reverse("progress:expenditure_delete", args=[spent.pk])
    client.force_login(world["people"][Role.LEADER])
    assert client.post(url).status_code == 403
    client.force_login(author)
    assert "Đồng ý xóa" in client.get(url).content.decode()
    lock = PeriodLock.objects.create(province=world["province"], year=2021, quarter=2, locked_by=world["people"][Role.LEADER])
    client.post(url)
    assert Expenditure.objects.exists()
    lock.delete()
    assert client.post(url).status_code == 302
    assert not Expenditure.objects.exists()


# --- quarter locks ---------------------------------------------------------------------------------------------

LOCKS = reverse("progress:locks")


def test_leader_locks_and_unlocks_a_quarter_with_a_reason(client, world):
    leader = world["people"][Role.LEADER]
    client.force_login(leader)
    page = client.get(LOCKS, {"nam": 2021})
    assert page.status_code == 200 and "Khóa Quý III/2021" in page.content.decode()
    target = {"tinh": world["province"].pk, "nam": 2021, "quy": 3}
    assert client.post(reverse("progress:lock"), target).status_code == 302
    client.post(reverse("progress:lock"), target)  # twice is harmless
    lock = PeriodLock.objects.active().get()
    assert (lock.year, lock.quarter, lock.locked_by) == (2021, 3, leader)
    unlock = reverse("progress:unlock")
    assert "Đồng ý mở khóa" in client.get(unlock, target).content.decode()
    missing = client.post(unlock, target)
    assert missing.status_code == 400 and "Hãy ghi lý do mở khóa" in missing.content.decode()
    assert client.post(unlock, {**target, "ly_do": "Chi nhánh bổ sung số liệu"}).status_code == 302
    lock.refresh_from_db()
    assert lock.unlocked_by == leader and lock.unlock_reason == "Chi nhánh bổ sung số liệu"
    assert lock.history.count() == 2
    assert "Chi nhánh bổ sung số liệu" in client.get(LOCKS, {"nam": 2021}).content.decode()
    client.post(reverse("progress:lock"), target)
    assert PeriodLock.objects.count() == 2 and PeriodLock.objects.active().count() == 1


@pytest.mark.parametrize("who", [Role.UPDATER, Role.EDITOR])
def test_only_leaders_lock(client, world, who):
    client.force_login(world["people"][who])
    assert client.get(LOCKS).status_code == 403
    assert client.post(reverse("progress:lock"), {"tinh": world["province"].pk, "nam": 2021, "quy": 3}).status_code == 403
    assert not PeriodLock.objects.exists()


def test_a_leader_cannot_lock_another_province(client, world):
    tv_leader = make_user("tv-leader", world["people"]["tv_updater"].memberships.get().unit, Role.LEADER)
    client.force_login(tv_leader)
    response = client.post(reverse("progress:lock"), {"tinh": world["province"].pk, "nam": 2021, "quy": 3})
    assert response.status_code == 403 and not PeriodLock.objects.exists()
