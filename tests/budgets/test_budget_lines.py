"""Budget lines of an activity, edited from the content editor: both money spellings, totals, bad input,
archiving (spending kept), access by role and province, and the reason an issued plan needs."""
import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from budgets.models import BudgetLine, Expenditure, FundingSource
from plans.models import Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    ls, ls_dept, ls_centre, _ = make_province("Lạng Sơn", "lang-son")
    tv, tv_dept, tv_centre, _ = make_province("Trà Vinh", "tra-vinh")
    people = make_people(ls_dept, ls_centre)
    plan = make_plan(ls, ls_centre, start_year=2021)
    activity = Activity.objects.create(plan=plan, title="Tập huấn", position=1)
    other_plan = make_plan(tv, tv_centre)
    other_activity = Activity.objects.create(plan=other_plan, title="Của Trà Vinh", position=1)
    return {
        "plan": plan, "activity": activity, "people": people,
        "local": FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương", position=2),
        "central": FundingSource.objects.create(code="nstw", name="Ngân sách trung ương", position=1),
        "other_activity": other_activity,
        "other_line": BudgetLine.objects.create(activity=other_activity, amount=5_000_000),
        "outsider": make_user("tv-editor", tv_dept, Role.EDITOR),
    }


@pytest.fixture
def editor(client, world):
    client.force_login(world["people"][Role.EDITOR])
    return client


def lines_url(plan, activity):
    return reverse("budgets:activity_lines", args=[plan.pk, activity.pk])


def line_data(**fields):
    data = {"line-description": "", "line-amount": "", "line-funding_source": "", "line-fiscal_year": "2021",
            "line-allocated": "1", "line-decision_reference": "", "line-note": ""}
    data.update({f"line-{key}": value for key, value in fields.items()})
    return data


def test_add_lines_with_both_money_spellings_and_see_the_total(editor, world):
    plan, activity = world["plan"], world["activity"]
    fragment = editor.get(lines_url(plan, activity), **HTMX)
    assert fragment.status_code == 200 and 'id="budget-lines"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()  # a fragment for the panel, not a page

    response = editor.post(lines_url(plan, activity), line_data(
        description="Tổ chức 2 lớp tập huấn", amount="177.400.000", funding_source=world["local"].pk,
        decision_reference="297/QĐ-STP", note="Theo dự toán",
    ), **HTMX)
    assert response.status_code == 200 and "Đã thêm dòng kinh phí." in response.content.decode()
    response = editor.post(lines_url(plan, activity), line_data(
        amount="20000000", funding_source=world["central"].pk, allocated="0", fiscal_year="2022",
    ), **HTMX)
    lines = list(BudgetLine.objects.filter(activity=activity).order_by("position"))
    assert [(line.amount, line.allocated, line.fiscal_year, line.position) for line in lines] == [
        (177_400_000, True, 2021, 1), (20_000_000, False, 2022, 2),
    ]
    assert lines[0].decision_reference == "297/QĐ-STP" and lines[0].funding_source == world["local"]
    html = response.content.decode()
    assert "197.400.000" in html  # the activity's total
    assert "chưa được cấp" in html and "trong đó 20.000.000 đồng chưa được cấp" in html


def test_edit_and_archive_a_line(editor, world):
    plan, activity = world["plan"], world["activity"]
    line = BudgetLine.objects.create(activity=activity, amount=1_000_000, position=1)
    edit_url = reverse("budgets:line_edit", args=[plan.pk, activity.pk, line.pk])
    form = editor.get(edit_url, **HTMX).content.decode()
    assert 'value="1.000.000"' in form

    editor.post(edit_url, line_data(amount="2.500.000", allocated="0", decision_reference="12/QĐ-UBND"), **HTMX)
    line.refresh_from_db()
    assert (line.amount, line.allocated, line.decision_reference) == (2_500_000, False, "12/QĐ-UBND")

    response = editor.post(reverse("budgets:line_delete", args=[plan.pk, activity.pk, line.pk]))
    assert response.status_code == 302 and not BudgetLine.objects.filter(activity=activity).exists()
    line = BudgetLine.all_objects.get(pk=line.pk)  # archived, not deleted
    assert line.archived_at is not None and line.archived_by == world["people"][Role.EDITOR]


def test_bad_input_is_explained_and_nothing_saved(editor, world):
    plan, activity = world["plan"], world["activity"]
    for amount, message in (("-5.000", "Số tiền không được âm."), ("12,5", "Số tiền phải là số nguyên đồng"),
                            ("", "Chưa nhập số tiền."), ("mười triệu", "Số tiền phải là số nguyên đồng")):
        response = editor.post(lines_url(plan, activity), line_data(amount=amount, description="Giữ lại"), **HTMX)
        html = response.content.decode()
        assert message in html, amount
        assert "Giữ lại" in html  # typed input kept
    response = editor.post(lines_url(plan, activity), line_data(amount="1.000", fiscal_year="1800", funding_source="999"))
    html = response.content.decode()
    assert "Năm ngân sách phải từ 1945 đến 2200." in html and "Nguồn kinh phí không có trong danh mục." in html
    assert not BudgetLine.objects.filter(activity=activity).exists()


def test_a_line_with_spending_is_archived_and_its_spending_kept(editor, world):
    plan, activity = world["plan"], world["activity"]
    line = BudgetLine.objects.create(activity=activity, amount=10_000_000)
    spent = Expenditure.objects.create(budget_line=line, amount=1_000_000, spent_on=datetime.date(2021, 5, 1),
                                       recorded_by=world["people"][Role.UPDATER])
    html = editor.get(lines_url(plan, activity), **HTMX).content.decode()
    assert "1 khoản chi đã ghi vào dòng này được giữ nguyên" in html  # said in the confirmation
    response = editor.post(reverse("budgets:line_delete", args=[plan.pk, activity.pk, line.pk]), **HTMX)
    assert "Đã lưu trữ dòng kinh phí" in response.content.decode()
    assert not BudgetLine.objects.filter(pk=line.pk).exists() and BudgetLine.all_objects.filter(pk=line.pk).exists()
    assert Expenditure.objects.filter(pk=spent.pk).exists() and not Expenditure.objects.counted().exists()


def _endpoints(world, line):
    plan, activity = world["plan"], world["activity"]
    return [
        ("get", lines_url(plan, activity), {}),
        ("post", lines_url(plan, activity), line_data(amount="1")),
        ("get", reverse("budgets:line_edit", args=[plan.pk, activity.pk, line.pk]), {}),
        ("post", reverse("budgets:line_edit", args=[plan.pk, activity.pk, line.pk]), line_data(amount="9")),
        ("post", reverse("budgets:line_delete", args=[plan.pk, activity.pk, line.pk]), {}),
    ]


@pytest.mark.parametrize("role", [Role.UPDATER, Role.LEADER])
def test_read_only_roles_get_403(client, world, role):
    line = BudgetLine.objects.create(activity=world["activity"], amount=7)
    client.force_login(world["people"][role])
    for method, address, data in _endpoints(world, line):
        assert getattr(client, method)(address, data, **HTMX).status_code == 403, address
    line.refresh_from_db()
    assert line.amount == 7 and BudgetLine.objects.filter(activity=world["activity"]).count() == 1


def test_other_province_gets_404_and_foreign_ids_never_resolve(client, editor, world):
    line = BudgetLine.objects.create(activity=world["activity"], amount=7)
    plan, activity = world["plan"], world["activity"]
    foreign_line, foreign_activity = world["other_line"], world["other_activity"]
    # Own plan, someone else's activity or line in the URL.
    assert editor.get(lines_url(plan, foreign_activity)).status_code == 404
    assert editor.post(lines_url(plan, foreign_activity), line_data(amount="1")).status_code == 404
    assert editor.post(reverse("budgets:line_edit", args=[plan.pk, activity.pk, foreign_line.pk]),
                       line_data(amount="1")).status_code == 404
    assert editor.post(reverse("budgets:line_delete", args=[plan.pk, activity.pk, foreign_line.pk])).status_code == 404
    foreign_line.refresh_from_db()
    assert foreign_line.amount == 5_000_000

    client.force_login(world["outsider"])
    for method, address, data in _endpoints(world, line):
        assert getattr(client, method)(address, data).status_code == 404, address
    line.refresh_from_db()
    assert line.amount == 7


def test_issued_plan_needs_a_reason_which_history_records(editor, world):
    plan, activity = world["plan"], world["activity"]
    plan.status = "issued"
    plan.save()
    response = editor.post(lines_url(plan, activity), line_data(amount="1.000.000"), **HTMX)
    assert response["HX-Reswap"] == "none" and "hãy ghi lý do điều chỉnh" in response.content.decode()
    assert not BudgetLine.objects.filter(activity=activity).exists()
    editor.post(lines_url(plan, activity), {**line_data(amount="1.000.000"), "change_reason": "Bổ sung kinh phí"}, **HTMX)
    line = BudgetLine.objects.get(activity=activity)
    assert line.history.first().history_change_reason == "Bổ sung kinh phí"


def test_plain_page_without_javascript(editor, world):
    plan, activity = world["plan"], world["activity"]
    page = editor.get(lines_url(plan, activity))
    assert page.status_code == 200 and "Kinh phí của hoạt động" in page.content.decode()
    response = editor.post(lines_url(plan, activity), line_data(amount="177400000"))
    assert response.status_code == 302
    assert "Đã thêm dòng kinh phí." in editor.get(response["Location"]).content.decode()
    assert BudgetLine.objects.get(activity=activity).amount == 177_400_000
