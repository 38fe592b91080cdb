"""Correcting the rows of a draft on the review page before anything is written (issue #15)."""
import pytest
from django.urls import reverse

from activities.models import Activity
from budgets.models import BudgetLine
from importer.reading import parse_text
from importer.review import apply_row_actions
from plans.models import Plan
from tests.importer.reading.helpers import plan_text
from tests.importer.test_views import review_post_data

CONTENT = (
    "1. Truyền thông",
    "1.1. Hội nghị truyền thông",
    "- Chủ trì: Phòng Nghiệp vụ",
    "- Kinh phí: 20.000.000 đồng",
    "1.2. In tờ gấp",
    "- Chủ trì: Phòng Nghiệp vụ",
    "- Kinh phí: 5.000.000 đồng",
    "2. Cộng các khoản chi của Kế hoạch",
    "- Kinh phí: 25.000.000 đồng",
    "3. Tư vấn pháp luật",
    "- Chủ trì: Phòng Nghiệp vụ",
    "- Thời gian: Cả năm 2025",
)


def draft():
    return parse_text(plan_text(*CONTENT))


def titles(plan):
    out = []

    def walk(nodes, depth):
        for node in nodes:
            out.append(("  " * depth) + node.title + (" [mục]" if node.is_heading else ""))
            walk(node.children, depth + 1)

    walk(plan.activities, 0)
    return out


def test_the_draft_as_read():
    assert titles(draft()) == ["Truyền thông [mục]", "  Hội nghị truyền thông", "  In tờ gấp",
                               "Cộng các khoản chi của Kế hoạch", "Tư vấn pháp luật"]


def test_drop_a_row_and_its_money_goes_with_it():
    plan = draft()
    assert plan.budget_sum == 50_000_000
    assert apply_row_actions(plan, {3: "drop"}) == []
    assert titles(plan) == ["Truyền thông [mục]", "  Hội nghị truyền thông", "  In tờ gấp", "Tư vấn pháp luật"]
    assert plan.budget_sum == 25_000_000


def test_dropping_a_heading_keeps_its_rows():
    plan = draft()
    apply_row_actions(plan, {0: "drop"})
    assert titles(plan)[:2] == ["Hội nghị truyền thông", "In tờ gấp"]


def test_merge_a_row_into_the_one_above():
    plan = draft()
    apply_row_actions(plan, {2: "merge"})
    first = plan.activities[0].children[0]
    assert [child.title for child in plan.activities[0].children] == ["Hội nghị truyền thông"]
    assert first.description == "In tờ gấp"
    assert [line.amount for line in first.budget_lines] == [20_000_000, 5_000_000]


def test_promote_and_demote():
    plan = draft()
    apply_row_actions(plan, {2: "promote", 4: "demote"})
    assert titles(plan) == ["Truyền thông [mục]", "  Hội nghị truyền thông", "In tờ gấp",
                            "Cộng các khoản chi của Kế hoạch", "  Tư vấn pháp luật"]


def test_mark_a_row_heading_or_activity():
    plan = draft()
    apply_row_actions(plan, {0: "activity", 4: "heading"})
    assert not plan.activities[0].is_heading and plan.activities[2].is_heading


def test_impossible_actions_are_explained():
    plan = draft()
    problems = apply_row_actions(plan, {0: "promote", 1: "demote"})
    assert len(problems) == 2 and "cấp cao nhất" in problems[0]
    problems = apply_row_actions(draft(), {0: "merge"})
    assert "dòng đầu tiên" in problems[0]


@pytest.mark.django_db
def test_rows_are_corrected_on_the_review_page_and_saved_only_on_save(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    text = plan_text(*CONTENT).replace("III. TỔ CHỨC THỰC HIỆN", "III. KINH PHÍ\nTổng kinh phí: 25.000.000 đồng.\n"
                                                                   "IV. TỔ CHỨC THỰC HIỆN")
    review = client.post(reverse("importer:import"), {"text": text})
    html = review.content.decode()
    assert "50.000.000 đ" in html and "văn bản ghi tổng cộng" in html
    plans_before = Plan.objects.count()

    data = {**review_post_data(review), "dong-3": "drop", "apply": "1"}
    corrected = client.post(reverse("importer:import_save"), data)
    assert corrected.status_code == 200 and Plan.objects.count() == plans_before  # nothing written
    html = corrected.content.decode()
    assert "Cộng các khoản chi" not in html and 'id="tong-kinh-phi">25.000.000 đ' in html
    assert corrected.context["review"]["number"].value() == data["number"]  # what was typed is kept

    response = client.post(reverse("importer:import_save"), review_post_data(corrected))
    plan = Plan.objects.latest("pk")
    assert response.status_code == 302
    assert sum(BudgetLine.objects.filter(activity__plan=plan).values_list("amount", flat=True)) == 25_000_000
    assert not Activity.objects.filter(plan=plan, title__startswith="Cộng các khoản").exists()


@pytest.mark.django_db
def test_row_actions_chosen_with_save_are_applied(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    review = client.post(reverse("importer:import"), {"text": plan_text(*CONTENT)})
    response = client.post(reverse("importer:import_save"), {**review_post_data(review), "dong-3": "drop",
                                                               "dong-4": "demote"})
    assert response.status_code == 302
    plan = Plan.objects.latest("pk")
    advice = Activity.objects.get(plan=plan, title="Tư vấn pháp luật")
    assert advice.parent.title == "Truyền thông"
    assert not Activity.objects.filter(plan=plan, title__startswith="Cộng các khoản").exists()
