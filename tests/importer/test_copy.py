"""Copying a plan to the next year: structure, timeframes, targets and budget one year on; no progress."""
import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ProgressUpdate, Target
from budgets.models import BudgetLine, Expenditure
from core.numbering import number_nodes
from importer.copy import moved_timeframe, next_year, plan_copy_to_next_year, shift_years
from plans.models import Plan
from tests.factories import make_plan, make_province

pytestmark = pytest.mark.django_db
D = datetime.date


def snapshot(plan):
    """Everything the copy must leave untouched in the source plan."""
    activities = list(plan.activities.order_by("pk").values())
    return {
        "plan": Plan.objects.filter(pk=plan.pk).values().get(),
        "activities": activities,
        "bases": list(plan.legal_bases.order_by("pk").values()),
        "targets": list(Target.objects.filter(activity__plan=plan).order_by("pk").values()),
        "budget": list(BudgetLine.objects.filter(activity__plan=plan).order_by("pk").values()),
        "updates": ProgressUpdate.objects.filter(activity__plan=plan).count(),
        "spent": Expenditure.objects.filter(budget_line__activity__plan=plan).count(),
    }


def test_editor_copies_19_kh_tgpl_to_2022(client, demo_editor):
    source = Plan.objects.get(number="19/KH-TGPL")
    before = snapshot(source)
    assert before["updates"] and before["spent"]  # the demo season has progress and spending to leave behind
    client.force_login(demo_editor)
    url = reverse("importer:copy", args=[source.pk])
    confirm = client.get(url)
    assert "Sao chép kế hoạch sang năm sau?" in confirm.content.decode() and Plan.objects.count() == 5

    response = client.post(url, follow=True)
    copy = Plan.objects.exclude(pk__lte=5).get()
    assert response.redirect_chain == [(copy.get_absolute_url(), 302)]
    assert "Đã sao chép kế hoạch sang năm 2022" in response.content.decode()

    assert (copy.status, copy.number, copy.issued_on, copy.start_year, copy.end_year) == ("draft", "", None, 2022, 2022)
    assert copy.title == "Triển khai công tác trợ giúp pháp lý năm 2022"
    for field in ["province_id", "issuing_unit_id", "place", "kind", "purpose", "requirements", "recipients",
                  "signer_title", "signer_name", "implementation_note", "funding_note"]:
        assert getattr(copy, field) == getattr(source, field), field
    assert [(b.number, b.cited_plan_id, b.position) for b in copy.legal_bases.order_by("position")] == [
        (b.number, b.cited_plan_id, b.position) for b in source.legal_bases.order_by("position")]

    old_nodes, new_nodes = list(source.activities.all()), list(copy.activities.all())
    assert copy.activities.filter(kind="activity").count() == 12 and len(new_nodes) == len(old_nodes)
    old_numbers, new_numbers = number_nodes(old_nodes), number_nodes(new_nodes)
    old_tree = sorted((old_numbers[n.pk], n.title, n.kind) for n in old_nodes)
    assert sorted((new_numbers[n.pk], n.title, n.kind) for n in new_nodes) == old_tree
    assert {n.status for n in new_nodes} == {"not_started"}

    by_title = {(n.title, n.timeframe_text): n for n in new_nodes if n.kind == "activity"}
    assert {text for _title, text in by_title} == {"Cả năm 2022", "Cả năm 2022.", "Tháng 01/2022",
                                                 "Quý II - III năm 2022"}
    for node in new_nodes:
        if node.kind == "activity":
            assert node.start.year == 2022 and node.due.year == 2022 and node.timeframe_understood
    quarter = next(n for n in new_nodes if n.timeframe_text == "Quý II - III năm 2022")
    assert (quarter.start, quarter.due) == (D(2022, 4, 1), D(2022, 9, 30))
    old_leads = sorted(sorted(u.pk for u in n.lead_units.all()) for n in old_nodes)
    assert sorted(sorted(u.pk for u in n.lead_units.all()) for n in new_nodes) == old_leads

    lines = BudgetLine.objects.filter(activity__plan=copy).order_by("position")
    assert lines.count() == 5
    assert {(line.fiscal_year, line.allocated, line.decision_reference) for line in lines} == {(2022, False, "")}
    assert sum(line.amount for line in lines) == 460_400_000
    assert Target.objects.filter(activity__plan=copy).count() == before["targets"].__len__()
    assert ProgressUpdate.objects.filter(activity__plan=copy).count() == 0
    assert Expenditure.objects.filter(budget_line__activity__plan=copy).count() == 0

    assert snapshot(source) == before  # the original is untouched
    history = copy.history.get()
    assert (history.history_user, history.history_change_reason) == (demo_editor, "Sao chép từ kế hoạch 19/KH-TGPL")


def test_read_only_and_other_province_cannot_copy(client, demo_users):
    source = Plan.objects.get(number="19/KH-TGPL")
    url = reverse("importer:copy", args=[source.pk])
    for username, status in [("trungtam", 403), ("lanhdao", 403), ("bientap.tv", 404)]:
        client.force_login(demo_users[username])
        assert client.get(url).status_code == status
        assert client.post(url).status_code == status
    assert Plan.objects.count() == 5


def test_multi_year_and_open_ended_plans_move_on_a_year(db):
    province, department, *_ = make_province()
    ranged = make_plan(province, department, start_year=2013, end_year=2020, kind="programme",
                       title="Thực hiện Quyết định số 59/2012/QĐ-TTg giai đoạn 2013 - 2020")
    Activity.objects.create(plan=ranged, title="Rà soát", timeframe_text="Hằng năm",
                            start=D(2013, 1, 1), due=D(2020, 12, 31), recurrence="yearly", timeframe_understood=True)
    Activity.objects.create(plan=ranged, title="Sơ kết", timeframe_text="Quý IV", position=1,
                            start=D(2013, 10, 1), due=D(2013, 12, 31), timeframe_understood=True)
    Activity.objects.create(plan=ranged, title="Khác", timeframe_text="theo hướng dẫn của Trung ương", position=2)
    copy = plan_copy_to_next_year(plan=ranged, user=None)
    assert (copy.start_year, copy.end_year, copy.open_ended) == (2014, 2021, False)
    assert copy.title == ranged.title  # only "năm 2021" style years in a title are the plan's own
    yearly, quarter, unknown = copy.activities.order_by("position", "pk")
    assert (yearly.start, yearly.due, yearly.recurrence) == (D(2014, 1, 1), D(2021, 12, 31), "yearly")
    assert (quarter.timeframe_text, quarter.start, quarter.due) == ("Quý IV", D(2014, 10, 1), D(2014, 12, 31))
    assert (unknown.timeframe_text, unknown.start, unknown.timeframe_understood) == (
        "theo hướng dẫn của Trung ương", None, False)

    open_ended = make_plan(province, department, start_year=2021, open_ended=True, title="Chỉ thị 05")
    copy = plan_copy_to_next_year(plan=open_ended, user=None)
    assert (copy.start_year, copy.end_year, copy.open_ended) == (2022, None, True)


def test_time_word_helpers():
    assert shift_years("Quý II - III năm 2021") == "Quý II - III năm 2022"
    assert shift_years("2014 - 2020") == "2015 - 2021"
    assert shift_years("Lần 1: năm 2014; bổ sung lần 2 năm 2017") == "Lần 1: năm 2015; bổ sung lần 2 năm 2018"
    assert shift_years("15/01/2021") == "15/01/2022"
    assert next_year(D(2024, 2, 29)) == D(2025, 2, 28)
    node = Activity(timeframe_text="Tháng 02/2023", start=D(2023, 2, 1), due=D(2023, 2, 28),
                    timeframe_understood=True)
    # Dates that were the reading of the words are read again (February 2024 has 29 days) …
    assert moved_timeframe(node, Plan(start_year=2024))[:3] == ("Tháng 02/2024", D(2024, 2, 1), D(2024, 2, 29))
    # … dates an editor set by hand are moved a year, so the correction is kept.
    node.due = D(2023, 2, 15)
    assert moved_timeframe(node, Plan(start_year=2024))[:3] == ("Tháng 02/2024", D(2024, 2, 1), D(2024, 2, 15))
