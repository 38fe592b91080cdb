"""Every change to plans, activities, targets, budget lines, expenditures and progress is recorded:
who, when, what before, what after."""
import datetime

import pytest
from simple_history.utils import update_change_reason

from activities.models import Activity, ProgressUpdate, Status, Target
from budgets.models import BudgetLine, Expenditure, FundingSource
from plans.models import Role
from tests.factories import make_plan, make_province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province, department, centre, _ = make_province()
    editor = make_user("editor", department, Role.EDITOR)
    plan = make_plan(province, department, number="19/KH-TGPL")
    activity = Activity.objects.create(plan=plan, title="Tập huấn")
    return province, centre, editor, plan, activity


def changes(record):
    previous = record.prev_record
    return {c.field: (c.old, c.new) for c in record.diff_against(previous).changes} if previous else {}


def test_plan_change_records_who_before_and_after(world):
    _, _, editor, plan, _ = world
    plan._history_user = editor
    plan.title = "Kế hoạch tập huấn năm 2021"
    plan.save()
    update_change_reason(plan, "Sửa trích yếu theo góp ý")
    latest = plan.history.first()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.history_change_reason == "Sửa trích yếu theo góp ý"
    assert changes(latest) == {"title": ("Kế hoạch triển khai công tác trợ giúp pháp lý", "Kế hoạch tập huấn năm 2021")}


def test_activity_units_target_budget_expenditure_and_update_are_recorded(world):
    _, centre, editor, plan, activity = world
    activity.lead_units.add(centre)
    activity.title = "Tổ chức tập huấn"
    activity.save()
    # created, lead unit added (its own record), title changed
    assert activity.history.count() == 3
    unit_added = activity.history.order_by("history_date")[1]
    assert "lead_units" in changes(unit_added)
    assert changes(activity.history.first()) == {"title": ("Tập huấn", "Tổ chức tập huấn")}
    assert [u.unit_id for u in activity.history.first().lead_units.all()] == [centre.pk]

    target = Target.objects.create(activity=activity, quantity=10, measure="đợt")
    target.quantity = 12
    target.save()
    assert changes(target.history.first()) == {"quantity": (10, 12)}

    source = FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương")
    line = BudgetLine.objects.create(activity=activity, amount=40_000_000, funding_source=source, fiscal_year=2021)
    line.amount = 45_000_000
    line.save()
    assert changes(line.history.first()) == {"amount": (40_000_000, 45_000_000)}

    update = ProgressUpdate.objects.create(activity=activity, unit=centre, year=2021, quarter=2,
                                           status=Status.IN_PROGRESS, author=editor)
    update.status = Status.DONE
    update.save()
    assert changes(update.history.first()) == {"status": (Status.IN_PROGRESS, Status.DONE)}

    spent = Expenditure.objects.create(budget_line=line, amount=5_000_000, spent_on=datetime.date(2021, 5, 1),
                                       recorded_by=editor)
    spent_id = spent.pk
    spent.delete()
    assert [h.history_type for h in Expenditure.history.filter(id=spent_id).order_by("history_date")] == ["+", "-"]
