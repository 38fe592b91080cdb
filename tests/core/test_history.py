"""core.history: stored values as a person reads them, for both change logs."""
import datetime

import pytest

from activities.models import Activity, Status
from budgets.models import BudgetLine
from core.history import Names, changes, m2m_snapshots, show
from tests.factories import make_plan, make_province


def _field(model, name):
    return model._meta.get_field(name)


@pytest.mark.django_db
def test_values_are_written_as_the_office_writes_them():
    names = Names()
    assert show(_field(Activity, "status"), Status.DONE, names) == str(Status.DONE.label)
    assert show(_field(BudgetLine, "allocated"), True, names) == "Có"
    assert show(_field(BudgetLine, "amount"), 177_400_000, names) == "177.400.000 đ"
    assert show(_field(Activity, "due"), datetime.date(2026, 3, 5), names) == "05/03/2026"
    assert show(_field(Activity, "title"), "", names) == "—"


@pytest.mark.django_db
def test_a_change_of_units_names_the_units():
    province, department, centre, branch = make_province()
    activity = Activity.objects.create(plan=make_plan(province, department), title="Tập huấn")
    activity.lead_units.set([centre])
    activity.lead_units.set([branch])
    records = activity.history.all()
    ordered = list(records.order_by("history_date", "history_id"))
    m2m, names = m2m_snapshots(Activity, records), Names()
    found = [c for older, newer in zip(ordered, ordered[1:]) for c in changes(Activity, older, newer, m2m, names)]
    # set() clears, then adds: the log says which unit left and which came, by name.
    pairs = {(c.before, c.after) for c in found}
    assert (centre.name, "—") in pairs and ("—", branch.name) in pairs


def _history_rows(activity):
    from progress.selectors import activity_history

    return [(record.history_type, [tuple(c) for c in found]) for record, found in activity_history(activity)]


@pytest.mark.django_db
def test_the_activity_history_reads_as_a_clerk_writes():
    """No "True", no ISO dates, no ids: "Đã đọc được thời gian: Không → Có", "Bắt đầu: — → 01/01/2027"."""
    province, department, centre, _branch = make_province()
    plan = make_plan(province, department)
    section = Activity.objects.create(plan=plan, title="Truyền thông về trợ giúp pháp lý", kind="section")
    activity = Activity.objects.create(plan=plan, title="Tập huấn")
    activity.timeframe_text = "Năm 2027"
    activity.start, activity.due = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)
    activity.timeframe_understood = True
    activity.parent = section
    activity.save()
    (_kind, found), _created = _history_rows(activity)
    found = dict((label, (before, after)) for label, before, after in found)
    assert found["Đã đọc được thời gian"] == ("Không", "Có")
    assert found["Bắt đầu"] == ("—", "01/01/2027")
    assert found["Hạn hoàn thành"] == ("—", "31/12/2027")
    assert found["Thuộc mục"] == ("—", "Truyền thông về trợ giúp pháp lý")
    assert found["Thời gian thực hiện"] == ("—", "Năm 2027")
    assert not any("True" in value or "2027-" in value for pair in found.values() for value in pair)


@pytest.mark.django_db
def test_unit_rows_say_which_unit_and_empty_saves_are_left_out():
    province, department, centre, branch = make_province()
    activity = Activity.objects.create(plan=make_plan(province, department), title="Tập huấn")
    activity.save()  # saved unchanged: nothing to read
    activity.lead_units.add(centre)
    activity.coordinating_units.add(branch)
    rows = _history_rows(activity)
    assert ("~", [("Đơn vị phối hợp", "—", "Chi nhánh số 1")]) in rows
    assert ("~", [("Đơn vị chủ trì", "—", "Trung tâm Trợ giúp pháp lý nhà nước")]) in rows
    assert all(found for kind, found in rows if kind == "~")
    assert rows[-1] == ("+", [])


@pytest.mark.django_db
def test_people_and_plans_are_named_not_numbered():
    from django.contrib.auth import get_user_model

    from plans.models import Plan

    user = get_user_model().objects.create(username="nva", first_name="Nguyễn Văn", last_name="A")
    province, department, _centre, _branch = make_province()
    plan = make_plan(province, department, number="19/KH-TGPL")
    names = Names()
    assert names.of(get_user_model(), user.pk) == "Nguyễn Văn A"
    assert names.of(Plan, plan.pk) == "19/KH-TGPL"
    assert names.of(Activity, 987654) == "#987654"


@pytest.mark.django_db
def test_the_admins_history_page_uses_the_same_words(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="tgpl2026")
    province, department, centre, _branch = make_province()
    line = BudgetLine.objects.create(
        activity=Activity.objects.create(plan=make_plan(province, department), title="Tập huấn"),
        description="In tờ gấp", amount=12_500_000, allocated=False,
    )
    line.allocated = True
    line.amount = 177_400_000
    line.save()
    client.force_login(admin)
    response = client.get(f"/quan-tri/budgets/budgetline/{line.pk}/history/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đã được cấp:</strong>" in text and "Không" in text and "177.400.000 đ" in text
    assert "12.500.000 đ" in text
    assert "True" not in text and "177400000" not in text


@pytest.mark.django_db
def test_a_plan_without_a_number_is_named_by_its_title(django_assert_num_queries):
    from plans.models import Plan

    province, department, _centre, _branch = make_province()
    plan = make_plan(province, department, number="", title="Triển khai công tác năm 2027")
    names = Names()
    with django_assert_num_queries(1):  # a big table: the one row asked for, once
        assert names.of(Plan, plan.pk) == "Triển khai công tác năm 2027"
        assert names.of(Plan, plan.pk) == "Triển khai công tác năm 2027"
