"""Writes of the quarter that views hand to services: locking and unlocking a quarter, removing evidence."""
import pytest
from django.core.exceptions import ValidationError

from activities.models import PeriodLock
from plans.models import Role
from progress import services
from tests.progress.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_locking_twice_is_one_lock(world):
    leader = world["people"][Role.LEADER]
    first = services.period_lock(province=world["province"], year=2021, quarter=3, user=leader)
    again = services.period_lock(province=world["province"], year=2021, quarter=3, user=leader)
    assert first.pk == again.pk
    assert PeriodLock.objects.active().filter(province=world["province"]).count() == 1


def test_unlocking_needs_a_reason_and_keeps_who_and_why(world):
    leader = world["people"][Role.LEADER]
    lock = services.period_lock(province=world["province"], year=2021, quarter=3, user=leader)
    with pytest.raises(ValidationError):
        services.period_unlock(lock=lock, user=leader, reason="   ")
    assert PeriodLock.objects.active().filter(pk=lock.pk).exists()
    services.period_unlock(lock=lock, user=leader, reason="Bổ sung số liệu chi")
    lock.refresh_from_db()
    assert (lock.unlocked_by, lock.unlock_reason) == (leader, "Bổ sung số liệu chi")
    assert not PeriodLock.objects.active().filter(pk=lock.pk).exists()
