"""The browser shell: sign-in in Vietnamese, the plan list and plan page, each scoped to the user's province."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from activities.models import Activity, Target
from budgets.models import BudgetLine, FundingSource
from plans.models import LegalBasis, Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    ls, ls_dept, ls_centre, _ = make_province("Lạng Sơn", "lang-son")
    tv, tv_dept, tv_centre, _ = make_province("Trà Vinh", "tra-vinh")
    people = make_people(ls_dept, ls_centre)
    outsider = make_user("tv-editor", tv_dept, Role.EDITOR)
    plan = make_plan(ls, ls_centre, number="19/KH-TGPL", title="Triển khai công tác trợ giúp pháp lý năm 2021",
                     status="issued", recipients="Sở Tư pháp;\nLưu: VT, HC-TH.", signer_title="GIÁM ĐỐC",
                     signer_name="Hoàng Thị Bích")
    section = Activity.objects.create(plan=plan, title="Đẩy mạnh công tác truyền thông", kind="section", position=0)
    activity = Activity.objects.create(
        plan=plan, parent=section, title="Thực hiện hoạt động truyền thông", position=0,
        timeframe_text="Cả năm 2021", status="done",
    )
    activity.lead_units.add(ls_centre)
    Target.objects.create(activity=activity, quantity=80000, measure="Tờ gấp")
    source = FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương")
    BudgetLine.objects.create(activity=activity, amount=177_400_000, funding_source=source)
    BudgetLine.objects.create(activity=activity, amount=0, allocated=False, description="Hội nghị")
    Activity.objects.create(plan=plan, title="Hoạt động chưa làm", position=1)
    other = make_plan(tv, tv_centre, title="Kế hoạch của Trà Vinh")
    return {"plan": plan, "other": other, "people": people, "outsider": outsider}


def test_anonymous_is_sent_to_sign_in(client, setup):
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_is_vietnamese_and_bad_password_is_explained(client, setup):
    page = client.get(reverse("login"))
    assert "Tên đăng nhập" in page.content.decode() and "Mật khẩu" in page.content.decode()
    response = client.post(reverse("login"), {"username": "lang-son-editor", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert response.context["form"]["username"].value() == "lang-son-editor"


def test_sign_in_then_out(client, setup):
    response = client.post(reverse("login"), {"username": "lang-son-editor", "password": "tgpl2026"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("plans:list")).status_code == 302


@pytest.mark.parametrize("role", [Role.EDITOR, Role.UPDATER, Role.LEADER])
def test_plan_list_shows_own_province_with_summary(client, setup, role):
    client.force_login(setup["people"][role])
    response = client.get(reverse("plans:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "19/KH-TGPL" in html and "Kế hoạch của Trà Vinh" not in html
    plan = response.context["page"].object_list[0]
    assert (plan.activity_count, plan.done_count, plan.budget_total) == (2, 1, 177_400_000)
    assert "177.400.000 đ" in html and "50%" in html


def test_plan_page_reads_like_the_document(client, setup):
    client.force_login(setup["people"][Role.UPDATER])
    LegalBasis.objects.create(plan=setup["plan"], doc_type="Kế hoạch", number="04/KH-STP", issuer="Sở Tư pháp",
                              summary="về triển khai công tác tư pháp năm 2021")
    response = client.get(reverse("plans:detail", args=[setup["plan"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 19/KH-TGPL", "Kế hoạch số 04/KH-STP",
                 "II. Nội dung", "1.1.", "Thực hiện hoạt động truyền thông", "Trung tâm Trợ giúp pháp lý nhà nước",
                 "80.000 Tờ gấp", "177.400.000 đ", "chưa được cấp", "Ngân sách địa phương", "Nơi nhận:",
                 "Lưu: VT, HC-TH.", "Hoàng Thị Bích"]:
        assert text in html, text
    assert response.context["budget_total"] == 177_400_000


def test_other_province_plan_is_404(client, setup):
    client.force_login(setup["outsider"])
    assert client.get(reverse("plans:detail", args=[setup["plan"].pk])).status_code == 404
    assert client.get(reverse("plans:detail", args=[setup["other"].pk])).status_code == 200


def test_national_user_sees_every_province(client, setup, django_user_model):
    national = django_user_model.objects.create_user("national", password="x")
    national.user_permissions.add(Permission.objects.get(codename="view_all_provinces"))
    client.force_login(national)
    html = client.get(reverse("plans:list")).content.decode()
    assert "19/KH-TGPL" in html and "Kế hoạch của Trà Vinh" in html


def test_user_without_unit_sees_nothing(client, setup, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    response = client.get(reverse("plans:list"))
    assert "Chưa có kế hoạch nào" in response.content.decode()
    assert client.get(reverse("plans:detail", args=[setup["plan"].pk])).status_code == 404


def _grow(plan, n):
    for i in range(n):
        a = Activity.objects.create(plan=plan, title=f"Hoạt động {i}", position=10 + i)
        Target.objects.create(activity=a, quantity=i, measure="đợt")
        BudgetLine.objects.create(activity=a, amount=1000 * i)


@pytest.mark.slow
def test_query_counts_do_not_grow_with_rows(client, setup, django_assert_num_queries):
    client.force_login(setup["people"][Role.LEADER])
    url_list, url_plan = reverse("plans:list"), reverse("plans:detail", args=[setup["plan"].pk])
    _grow(setup["plan"], 8)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_list:
        client.get(url_list)
    with CaptureQueriesContext(connection) as small_plan:
        client.get(url_plan)
    _grow(setup["plan"], 490)
    for i in range(30):
        # Issued by a unit, as real plans are: the list then reads the units' former names, as it did at 8 rows.
        make_plan(setup["plan"].province, setup["plan"].issuing_unit, title=f"Kế hoạch thêm {i}")
    with django_assert_num_queries(len(small_list)):
        client.get(url_list)
    with django_assert_num_queries(len(small_plan)):
        client.get(url_plan)
