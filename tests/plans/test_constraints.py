"""The database itself refuses what must never be stored: negative money or quantities, a due date
before the start, a quarter outside 1–4, a backwards year range. Checked on SQLite and PostgreSQL."""
from datetime import date

import pytest
from django.db import IntegrityError, transaction

from activities.models import Activity, ProgressUpdate, Status, Target, TargetProgress
from budgets.models import BudgetLine, Expenditure
from plans.models import Plan, Role
from tests.factories import make_plan, make_province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province, department, centre, branch = make_province()
    plan = make_plan(province, department)
    activity = Activity.objects.create(plan=plan, title="Tổ chức tập huấn")
    user = make_user("updater", centre, Role.UPDATER)
    return plan, activity, centre, user


def refused(**create):
    model, fields = create.popitem()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_plan_year_range_cannot_run_backwards(world):
    plan, *_ = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(province=plan.province, title="x", start_year=2020, end_year=2014)
    ok = Plan.objects.create(province=plan.province, title="x", start_year=2013, end_year=2020)
    assert ok.period_label == "2013–2020"


def test_activity_due_cannot_precede_start(world):
    plan, *_ = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(plan=plan, title="x", start=date(2021, 7, 1), due=date(2021, 6, 30))
    same_day = Activity.objects.create(plan=plan, title="x", start=date(2021, 7, 1), due=date(2021, 7, 1))
    assert same_day.pk


def test_target_quantity_cannot_be_negative(world):
    _, activity, *_ = world
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(activity=activity, quantity=-1, measure="đợt")
    assert Target.objects.create(activity=activity, quantity=0, measure="đợt").pk


def test_budget_amount_cannot_be_negative(world):
    _, activity, *_ = world
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(activity=activity, amount=-1)
    assert BudgetLine.objects.create(activity=activity, amount=0, allocated=False).pk


def test_expenditure_must_be_positive(world):
    _, activity, _, user = world
    line = BudgetLine.objects.create(activity=activity, amount=1_000_000)
    for amount in (0, -5):
        with pytest.raises(IntegrityError), transaction.atomic():
            Expenditure.objects.create(budget_line=line, amount=amount, spent_on=date(2021, 5, 1), recorded_by=user)


@pytest.mark.parametrize("quarter", [0, 5])
def test_update_quarter_must_be_1_to_4(world, quarter):
    _, activity, centre, user = world
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            activity=activity, unit=centre, year=2021, quarter=quarter, status=Status.IN_PROGRESS, author=user,
        )


def test_one_update_per_unit_and_quarter_and_achievements_not_negative(world):
    _, activity, centre, user = world
    target = Target.objects.create(activity=activity, quantity=10, measure="đợt")
    update = ProgressUpdate.objects.create(
        activity=activity, unit=centre, year=2021, quarter=2, status=Status.IN_PROGRESS, author=user,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            activity=activity, unit=centre, year=2021, quarter=2, status=Status.DONE, author=user,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetProgress.objects.create(update=update, target=target, achieved=-3)
    assert TargetProgress.objects.create(update=update, target=target, achieved=3).achieved == 3
