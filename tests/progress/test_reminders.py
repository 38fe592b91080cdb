"""`send_reminders`: one digest per updater of overdue and soon-due work of their units, once a day."""
import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from activities.models import ReminderSent, Status
from tests.progress.factories import build_world, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    make_activity(world["plan"], title="Báo cáo quý đã quá hạn", lead=[world["room"]], due=datetime.date(2021, 12, 29),
                  status=Status.IN_PROGRESS)
    make_activity(world["plan"], title="Việc đã xong", lead=[world["room"]], due=datetime.date(2021, 12, 29),
                  status=Status.DONE)
    make_activity(world["plan"], title="Việc còn xa", lead=[world["room"]], due=datetime.date(2022, 3, 1))
    return world


def run(date="2021-12-30", days=3):
    call_command("send_reminders", "--days", str(days), "--date", date, stdout=io.StringIO())


def by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_each_updater_gets_a_digest_of_their_units_work(world):
    run()
    messages = by_recipient()
    assert set(messages) == {"trungtam@example.invalid", "office@example.invalid", "tv@example.invalid"}
    centre = messages["trungtam@example.invalid"]
    assert centre.subject == "Nhắc việc: 1 hoạt động quá hạn, 1 hoạt động sắp đến hạn"
    body = centre.body
    assert "QUÁ HẠN (1)" in body and "Báo cáo quý đã quá hạn" in body and "hạn 29/12/2021" in body
    assert "SẮP ĐẾN HẠN TRONG 3 NGÀY (1)" in body and "Thực hiện hoạt động truyền thông" in body
    assert f"/hoat-dong/{world['activity'].pk}/" in body and "Kính gửi" in body
    assert "Việc đã xong" not in body and "Việc còn xa" not in body and "Việc của dự thảo" not in body
    assert "Việc của Văn phòng" not in body and "Việc của Văn phòng" in messages["office@example.invalid"].body


def test_running_twice_the_same_day_sends_nothing_new(world):
    run()
    first = len(mail.outbox)
    recorded = ReminderSent.objects.count()
    run()
    assert len(mail.outbox) == first and ReminderSent.objects.count() == recorded
    run(date="2021-12-31")  # a new day: the digest comes again
    assert len(mail.outbox) == 2 * first


def test_a_new_item_the_same_day_is_sent_alone(world):
    run()
    before = len(mail.outbox)
    make_activity(world["plan"], title="Việc mới thêm", lead=[world["room"]], due=datetime.date(2021, 12, 31))
    run()
    assert len(mail.outbox) == before + 1
    assert "Việc mới thêm" in mail.outbox[-1].body and "Báo cáo quý đã quá hạn" not in mail.outbox[-1].body


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", "-1")
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "30/12/2021")
