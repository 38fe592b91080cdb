"""A lock is a lock: once a quarter is locked, no write path changes one of its figures, whoever asks
(activities/locks.py, checked by the services and by every archive and restore)."""
import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from activities.locks import PeriodLocked
from activities.models import Activity, Attachment, ProgressUpdate, Status
from budgets import services as budget_services
from budgets.models import BudgetLine, Expenditure
from budgets.selectors import spent_by_line
from plans import services as plan_services
from plans.models import Plan, Role
from progress import services
from progress.services import NewExpenditure, ProgressInput
from tests.progress.factories import build_world, minimal_pdf

pytestmark = pytest.mark.django_db

REASON = "Điều chỉnh theo công văn"


@pytest.fixture
def world():
    world = build_world()
    people = world["people"]
    updater = people[Role.UPDATER]
    # The room leads the activity; the Trung tâm's updater reports for it (units under theirs).
    update = services.progress_save(
        activity=world["activity"], unit=world["room"], year=2021, quarter=3, author=updater, expected_version=0,
        data=ProgressInput(
            status=Status.IN_PROGRESS, result="Đã in 20.000 tờ gấp",
            expenditures=[NewExpenditure(budget_line_id=world["line"].pk, amount=6_000_000,
                                         spent_on=datetime.date(2021, 8, 2))],
            files=[SimpleUploadedFile("bien-ban.pdf", minimal_pdf(), content_type="application/pdf")],
        ),
    )
    world["update"] = update
    world["lock"] = services.period_lock(province=world["province"], year=2021, quarter=3, user=people[Role.LEADER])
    world["superuser"] = get_user_model().objects.create_superuser("root", password="tgpl2026-root")
    return world


def _spent(world):
    return spent_by_line([world["line"].pk]).get(world["line"].pk, 0)


def _refused(action, world):
    before = (_spent(world), ProgressUpdate.objects.count(), BudgetLine.objects.count(), Activity.objects.count(),
              Plan.objects.count(), Attachment.objects.count())
    with pytest.raises(PeriodLocked) as refused:
        action()
    assert "Quý III/2021 đã được khóa sau khi rà soát" in refused.value.messages[0]
    after = (_spent(world), ProgressUpdate.objects.count(), BudgetLine.objects.count(), Activity.objects.count(),
             Plan.objects.count(), Attachment.objects.count())
    assert after == before


@pytest.mark.parametrize("who", [Role.EDITOR, "superuser"])
def test_archiving_anything_that_carries_a_locked_quarter_is_refused(world, who):
    user = world["superuser"] if who == "superuser" else world["people"][Role.EDITOR]
    _refused(lambda: plan_services.plan_archive(plan=world["plan"], user=user, reason=REASON), world)
    _refused(lambda: activity_services.activity_archive(activity=world["activity"], user=user, reason=REASON), world)
    _refused(lambda: budget_services.budget_line_archive(line=world["line"], user=user, reason=REASON), world)
    _refused(lambda: services.update_archive(update=world["update"], user=user, reason=REASON), world)
    assert _spent(world) == 6_000_000


def test_restoring_into_a_locked_quarter_is_refused(world):
    editor, leader = world["people"][Role.EDITOR], world["people"][Role.LEADER]
    lock = world["lock"]
    cases = [
        (plan_services.plan_archive, plan_services.plan_restore, "plan", Plan),
        (activity_services.activity_archive, activity_services.activity_restore, "activity", Activity),
        (budget_services.budget_line_archive, budget_services.budget_line_restore, "line", BudgetLine),
    ]
    for archive, restore, key, model in cases:
        services.period_unlock(lock=lock, user=leader, reason="Bổ sung")
        archive(**{key: world[key]}, user=editor, reason=REASON)
        lock = services.period_lock(province=world["province"], year=2021, quarter=3, user=leader)
        archived = model.all_objects.get(pk=world[key].pk)
        _refused(lambda: restore(**{key: archived}, user=editor, reason=REASON), world)
        assert model.all_objects.get(pk=archived.pk).archived_at is not None
        services.period_unlock(lock=lock, user=leader, reason="Khôi phục")
        restore(**{key: archived}, user=editor, reason=REASON)
        lock = services.period_lock(province=world["province"], year=2021, quarter=3, user=leader)
    assert _spent(world) == 6_000_000


def test_a_lines_amount_stays_while_a_locked_quarter_spent_from_it(world):
    editor = world["people"][Role.EDITOR]
    line = world["line"]
    fields = {"description": line.description, "funding_source": line.funding_source, "reason": REASON}
    _refused(lambda: budget_services.budget_line_update(line=line, amount=1_000_000, **fields), world)
    # Its other fields, and lines no locked quarter spent from, can still change.
    budget_services.budget_line_update(line=line, amount=line.amount, note="Ghi chú mới", **fields)
    other = world["office_line"]
    budget_services.budget_line_update(line=other, amount=7_000_000, description=other.description, reason=REASON)
    assert BudgetLine.objects.get(pk=other.pk).amount == 7_000_000
    assert editor  # the editor role needs no exception: the rule is in the service


def test_progress_expenditures_and_evidence_of_a_locked_quarter_stay(world):
    updater = world["people"][Role.UPDATER]
    update = world["update"]
    _refused(lambda: services.progress_save(
        activity=world["activity"], unit=world["room"], year=2021, quarter=3, author=updater,
        expected_version=update.version, data=ProgressInput(status=Status.DONE)), world)
    _refused(lambda: services.expenditure_delete(expenditure=Expenditure.objects.get()), world)
    _refused(lambda: services.attachment_delete(attachment=Attachment.objects.get()), world)
    # Another quarter is open.
    services.progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4, author=updater,
                           expected_version=0, data=ProgressInput(status=Status.DONE))


def test_unlocking_opens_every_path_again_and_is_recorded(world):
    leader, editor = world["people"][Role.LEADER], world["people"][Role.EDITOR]
    services.period_unlock(lock=world["lock"], user=leader, reason="Bổ sung số liệu chi")
    world["lock"].refresh_from_db()
    assert world["lock"].unlocked_by == leader and world["lock"].unlocked_at is not None
    assert world["lock"].history.first().history_change_reason == "Bổ sung số liệu chi"
    budget_services.budget_line_archive(line=world["line"], user=editor, reason=REASON)
    assert _spent(world) == 0


def test_the_editor_sees_the_locks_message_where_archiving_was_refused(client, world):
    client.force_login(world["people"][Role.EDITOR])
    plan, activity = world["plan"], world["activity"]
    response = client.post(reverse("activities:delete", args=[plan.pk, activity.pk]),
                           {"change_reason": REASON}, HTTP_HX_REQUEST="true")
    assert "Quý III/2021 đã được khóa sau khi rà soát" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    line = world["line"]
    response = client.post(reverse("budgets:line_delete", args=[plan.pk, activity.pk, line.pk]),
                           {"change_reason": REASON}, HTTP_HX_REQUEST="true")
    assert "Quý III/2021 đã được khóa sau khi rà soát" in response.content.decode()
    response = client.post(reverse("plans:archive", args=[plan.pk]), {"change_reason": REASON})
    assert response.status_code == 400
    assert "Quý III/2021 đã được khóa sau khi rà soát" in response.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists() and Plan.objects.filter(pk=plan.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="two real concurrent transactions: run with DATABASE_URL=postgres://… (SQLite runs writes one at a time)")
def test_no_save_lands_after_the_lock_on_postgresql(settings, tmp_path):
    """A save in flight when a leader locks finishes first (the lock waits for it); a save that starts while the
    lock is being taken waits for it and is refused."""
    from django.db import connections, transaction

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    updater, leader = world["people"][Role.UPDATER], world["people"][Role.LEADER]
    saving, locking, results = threading.Event(), threading.Event(), {}

    def save_slowly():
        try:
            with transaction.atomic():
                services.progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=2,
                                       author=updater, expected_version=0, data=ProgressInput(status=Status.DONE))
                saving.set()
                threading.Event().wait(1.0)  # files still being written
                results["committing_at"] = timezone.now()
        finally:
            connections.close_all()

    def lock_then_save():
        saving.wait(5)
        try:
            with transaction.atomic():
                results["lock"] = services.period_lock(province=world["province"], year=2021, quarter=2, user=leader)
                locking.set()
                threading.Event().wait(1.0)
        finally:
            connections.close_all()

    def late_save():
        locking.wait(10)
        try:
            services.progress_save(activity=world["activity"], unit=world["office"], year=2021, quarter=2,
                                   author=updater, expected_version=0, data=ProgressInput(status=Status.DONE))
            results["late"] = "saved"
        except PeriodLocked:
            results["late"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=f) for f in (save_slowly, lock_then_save, late_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["lock"].locked_at > results["committing_at"]  # the lock waited for the save in flight
    assert results["late"] == "refused"
    assert ProgressUpdate.objects.filter(year=2021, quarter=2).count() == 1


def test_the_django_admin_shows_a_locked_quarters_rows_read_only_even_to_a_superuser(client, world):
    client.force_login(world["superuser"])
    update, line = world["update"], world["line"]
    expenditure = Expenditure.objects.get()
    for name, row in (("activities_progressupdate", update), ("budgets_budgetline", line),
                      ("budgets_expenditure", expenditure)):
        url = reverse(f"admin:{name}_change", args=[row.pk])
        page = client.get(url)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), name
        assert client.post(url, {"amount": "1"}).status_code == 403, name
    assert client.get(reverse("admin:budgets_expenditure_delete", args=[expenditure.pk])).status_code == 403
    assert _spent(world) == 6_000_000
    # Another quarter's rows stay editable.
    other = services.progress_save(activity=world["activity"], unit=world["room"], year=2021, quarter=4,
                                   author=world["people"][Role.UPDATER], expected_version=0,
                                   data=ProgressInput(status=Status.DONE))
    page = client.get(reverse("admin:activities_progressupdate_change", args=[other.pk]))
    assert 'name="_save"' in page.content.decode()
