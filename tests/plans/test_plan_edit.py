"""Creating and editing a plan header with its legal bases, its lifecycle, and who may do it."""
import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from core.concurrency import claim_version
from plans.models import LegalBasis, Plan, Role
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def setup():
    ls, ls_dept, ls_centre, _ = make_province("Lạng Sơn", "lang-son")
    tv, tv_dept, _, _ = make_province("Trà Vinh", "tra-vinh")
    people = make_people(ls_dept, ls_centre)
    cited = make_plan(ls, ls_dept, number="10/KH-STP", issued_on=D(2021, 1, 15), status="issued",
                      title="Triển khai chính sách trợ giúp pháp lý cho người khuyết tật năm 2021")
    plan = make_plan(ls, ls_centre, number="19/KH-TGPL", place="Lạng Sơn", issued_on=D(2021, 1, 20),
                     title="Triển khai công tác trợ giúp pháp lý năm 2021", end_year=2021)
    LegalBasis.objects.create(plan=plan, position=1, doc_type="Kế hoạch", number="04/KH-STP", issuer="Sở Tư pháp")
    LegalBasis.objects.create(plan=plan, position=2, doc_type="Kế hoạch", number="08/KH-STP", issuer="Sở Tư pháp")
    other = make_plan(tv, tv_dept, title="Kế hoạch của Trà Vinh")
    return {
        "ls": ls, "dept": ls_dept, "centre": ls_centre, "people": people, "plan": plan, "cited": cited,
        "other": other, "outsider": make_user("tv-editor", tv_dept, Role.EDITOR),
    }


def header(plan=None, **overrides):
    """The header fields as the form posts them (of `plan` when given)."""
    data = {
        "number": "", "issuing_unit": "", "place": "Lạng Sơn", "issued_on": "", "kind": "annual",
        "period": "single", "start_year": "2022", "end_year": "", "title": "Kế hoạch thử", "purpose": "",
        "requirements": "", "funding_note": "", "implementation_note": "", "recipients": "", "signer_title": "",
        "signer_name": "",
    }
    if plan is not None:
        data.update({
            "number": plan.number, "issuing_unit": plan.issuing_unit_id or "", "place": plan.place,
            "issued_on": plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else "", "kind": plan.kind,
            "period": "open" if plan.open_ended else "range" if plan.end_year and plan.end_year != plan.start_year
            else "single",
            "start_year": plan.start_year, "end_year": plan.end_year or "", "title": plan.title,
            "version": plan.version,
        })
    data.update(overrides)
    return data


def bases(*rows, initial=0):
    """The legal-bases formset: each row a dict (id, position, cited_plan, number, …, DELETE)."""
    data = {"can-cu-TOTAL_FORMS": len(rows), "can-cu-INITIAL_FORMS": initial,
            "can-cu-MIN_NUM_FORMS": 0, "can-cu-MAX_NUM_FORMS": 1000}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"can-cu-{index}-{name}"] = value
    return data


def existing_bases(plan):
    return [
        {"id": b.pk, "position": b.position, "doc_type": b.doc_type, "number": b.number, "issuer": b.issuer,
         "summary": b.summary, "cited_plan": b.cited_plan_id or "", "issued_on": ""}
        for b in plan.legal_bases.order_by("position")
    ]


def html(response):
    return response.content.decode()


# Create -----------------------------------------------------------------------------------------------------

def test_editor_creates_a_draft_with_typed_and_linked_legal_bases(client, setup):
    client.force_login(setup["people"][Role.EDITOR])
    page = client.get(reverse("plans:create"))
    assert page.status_code == 200 and "Tạo kế hoạch mới" in html(page)
    assert "Kế hoạch của Trà Vinh" not in html(page)  # another province's plans cannot be cited
    data = {
        **header(number="25/KH-TGPL", issuing_unit=setup["centre"].pk, issued_on="05/03/2022", period="range",
                 start_year="2022", end_year="2025", title="Trợ giúp pháp lý giai đoạn 2022 - 2025",
                 recipients="Sở Tư pháp;\nLưu: VT.", signer_title="GIÁM ĐỐC", signer_name="Hoàng Thị Bích"),
        **bases(
            {"position": 2, "cited_plan": setup["cited"].pk},
            {"position": 1, "doc_type": "Quyết định", "number": "2584/QĐ-BTP", "issued_on": "25/12/2020",
             "issuer": "Bộ Tư pháp", "summary": "về kế hoạch công tác năm 2021"},
            {"position": 3},  # an empty row the page added and nobody filled: ignored
        ),
    }
    response = client.post(reverse("plans:create"), data)
    plan = Plan.objects.get(number="25/KH-TGPL")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.province, plan.status, plan.issuing_unit) == (setup["ls"], "draft", setup["centre"])
    assert (plan.start_year, plan.end_year, plan.open_ended, plan.issued_on) == (2022, 2025, False, D(2022, 3, 5))
    assert plan.recipient_lines() == ["Sở Tư pháp;", "Lưu: VT."]
    typed, linked = plan.legal_bases.order_by("position")
    assert (typed.position, typed.number, typed.issued_on) == (1, "2584/QĐ-BTP", D(2020, 12, 25))
    assert (linked.position, linked.cited_plan, linked.number) == (2, setup["cited"], "10/KH-STP")
    # The link also fills the citation, so the plan page reads like the document.
    assert linked.citation.startswith("Kế hoạch số 10/KH-STP ngày 15/1/2021 của Sở Tư pháp tỉnh Lạng Sơn về triển khai")
    assert "Đã lưu kế hoạch." in html(client.get(response["Location"]))


def test_open_ended_period_keeps_no_end_year(client, setup):
    client.force_login(setup["people"][Role.EDITOR])
    client.post(reverse("plans:create"), {**header(period="open", start_year="2021", end_year="2030",
                                                   title="Chỉ thị 05"), **bases()})
    plan = Plan.objects.get(title="Chỉ thị 05")
    assert (plan.end_year, plan.open_ended, str(plan.period_label)) == (None, True, "2021 và những năm tiếp theo")


def test_add_row_without_javascript_keeps_what_was_typed(client, setup):
    client.force_login(setup["people"][Role.EDITOR])
    data = {**header(title="Đang gõ dở"), **bases({"position": 1, "number": "01/QĐ"}), "them-can-cu": "1"}
    response = client.post(reverse("plans:create"), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert 'value="Đang gõ dở"' in html(response) or "Đang gõ dở</textarea>" in html(response)
    assert not Plan.objects.filter(title="Đang gõ dở").exists()


# Edit -------------------------------------------------------------------------------------------------------

def test_editor_edits_header_and_reorders_removes_adds_links_bases(client, setup):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    page = client.get(reverse("plans:edit", args=[plan.pk]))
    assert page.status_code == 200 and 'value="20/01/2021"' in html(page)
    first, second = existing_bases(plan)
    first.update(DELETE="on")
    second.update(position=3)
    data = {
        **header(plan, title="Triển khai công tác TGPL năm 2021 (sửa)", issued_on="21/01/2021"),
        **bases(first, second, {"position": 1, "cited_plan": setup["cited"].pk},
                {"position": 2, "doc_type": "Công văn", "number": "12/STP"}, initial=2),
    }
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.issued_on, plan.version) == ("Triển khai công tác TGPL năm 2021 (sửa)", D(2021, 1, 21), 2)
    rows = list(plan.legal_bases.order_by("position").values_list("position", "number", "cited_plan"))
    assert rows == [(1, "10/KH-STP", setup["cited"].pk), (2, "12/STP", None), (3, "08/KH-STP", None)]
    assert not LegalBasis.objects.filter(number="04/KH-STP").exists()


# Access -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.UPDATER, Role.LEADER])
def test_read_only_roles_get_403_on_every_page_and_post(client, setup, role):
    plan = setup["plan"]
    client.force_login(setup["people"][role])
    for name, args in [("plans:create", []), ("plans:edit", [plan.pk]), ("plans:issue", [plan.pk]),
                       ("plans:close", [plan.pk]), ("importer:copy", [plan.pk])]:
        url = reverse(name, args=args)
        assert client.get(url).status_code == 403, url
        assert client.post(url, {**header(plan), **bases(), "title": "Hack"}).status_code == 403, url
    plan.refresh_from_db()
    assert (plan.title, plan.status, Plan.objects.count()) == ("Triển khai công tác trợ giúp pháp lý năm 2021", "draft", 3)


@pytest.mark.parametrize("role", [Role.UPDATER, Role.LEADER])
def test_read_only_roles_see_no_edit_buttons(client, setup, role):
    client.force_login(setup["people"][role])
    page = html(client.get(reverse("plans:detail", args=[setup["plan"].pk])))
    assert "Dự thảo" in page
    for text in ["Sửa thông tin kế hoạch", "Ban hành", "Sao chép sang năm sau"]:
        assert text not in page
    assert "Tạo kế hoạch" not in html(client.get(reverse("plans:list")))


def test_editor_sees_the_buttons(client, setup):
    client.force_login(setup["people"][Role.EDITOR])
    page = html(client.get(reverse("plans:detail", args=[setup["plan"].pk])))
    for name in ["plans:edit", "plans:issue", "importer:copy"]:
        assert reverse(name, args=[setup["plan"].pk]) in page
    assert reverse("plans:close", args=[setup["plan"].pk]) not in page  # a draft cannot be closed
    assert reverse("plans:create") in html(client.get(reverse("plans:list")))


def test_other_province_is_404_on_every_page_and_post(client, setup):
    plan = setup["plan"]
    client.force_login(setup["outsider"])
    for name in ["plans:edit", "plans:issue", "plans:close", "importer:copy"]:
        url = reverse(name, args=[plan.pk])
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**header(plan), **bases()}).status_code == 404, url
    assert Plan.objects.filter(province=setup["ls"]).count() == 2


def test_outsider_cannot_cite_or_issue_from_another_province(client, setup):
    client.force_login(setup["outsider"])
    response = client.post(reverse("plans:create"), {
        **header(title="Của Trà Vinh", issuing_unit=setup["centre"].pk),
        **bases({"position": 1, "cited_plan": setup["cited"].pk}),
    })
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Lựa chọn không hợp lệ" in errors["issuing_unit"][0]
    assert "Lựa chọn không hợp lệ" in response.context["formset"].forms[0].errors["cited_plan"][0]
    assert not Plan.objects.filter(title="Của Trà Vinh").exists()


def test_user_without_editor_role_anywhere_cannot_create(client, setup, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("plans:create")).status_code == 403


# Bad input --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, field, message", [
    ({"issued_on": "31/02/2021"}, "issued_on", "Ngày không có thật trên lịch."),
    ({"issued_on": "2021-01-05"}, "issued_on", "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 05/03/2026."),
    ({"period": "range", "start_year": "2025", "end_year": "2020"}, "end_year",
     "Năm kết thúc phải bằng hoặc sau năm bắt đầu (2025)."),
    ({"period": "range", "end_year": ""}, "end_year", "Kế hoạch nhiều năm cần năm kết thúc."),
    ({"title": "  "}, "title", "Hãy nhập trích yếu (tên) của kế hoạch."),
    ({"start_year": "hai nghìn"}, "start_year", "Hãy nhập một số nguyên."),
    ({"start_year": "1900"}, "start_year", "Năm phải từ 1945 trở đi."),
])
def test_bad_header_input_is_explained_and_nothing_is_saved(client, setup, overrides, field, message):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    first, second = existing_bases(plan)
    first.update(DELETE="on")
    data = {**header(plan, place="Đồng Đăng", **overrides),
            **bases(first, second, {"position": 3, "number": "99/QĐ"}, initial=2)}
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    page = html(response)
    assert "Chưa lưu được: hãy sửa các chỗ sau." in page and page.count(message) >= 2  # summary and beside the field
    assert 'value="Đồng Đăng"' in page and 'value="99/QĐ"' in page  # nothing typed is lost
    plan.refresh_from_db()
    assert (plan.place, plan.version, plan.legal_bases.count()) == ("Lạng Sơn", 1, 2)


def test_empty_legal_basis_row_is_explained(client, setup):
    client.force_login(setup["people"][Role.EDITOR])
    response = client.post(reverse("plans:create"), {
        **header(title="Có căn cứ trống"), **bases({"position": 1, "issuer": "Bộ Tư pháp"}),
    })
    assert response.status_code == 400
    assert "Căn cứ này còn trống" in html(response)
    assert not Plan.objects.filter(title="Có căn cứ trống").exists()


def test_a_plan_cannot_cite_itself(client, setup):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    response = client.post(reverse("plans:edit", args=[plan.pk]), {
        **header(plan), **bases({"position": 1, "cited_plan": plan.pk}),
    })
    assert response.status_code == 400 and plan.legal_bases.count() == 2


# Concurrency ------------------------------------------------------------------------------------------------

def test_second_of_two_editors_is_shown_the_first_ones_change(client, setup):
    plan = setup["plan"]
    alice = setup["people"][Role.EDITOR]
    bob = make_user("lang-son-editor-2", setup["dept"], Role.EDITOR, first_name="Trần Văn Bình")
    bob_client = Client()
    client.force_login(alice)
    bob_client.force_login(bob)
    url = reverse("plans:edit", args=[plan.pk])
    opened = client.get(url).context["form"]["version"].value()
    assert bob_client.get(url).context["form"]["version"].value() == opened == 1

    bob_saves = bob_client.post(url, {**header(plan, title="Tiêu đề của Bình", place="Cao Lộc"),
                                      **bases(*existing_bases(plan), initial=2)})
    response = client.post(url, {**header(plan, title="Tiêu đề của An", signer_name="Nguyễn An"),
                                 **bases(*existing_bases(plan), initial=2)})
    assert bob_saves.status_code == 302 and response.status_code == 409
    page = html(response)
    assert "Người khác đã lưu kế hoạch này lúc" in page and "(Trần Văn Bình)" in page
    rows = {str(label): (theirs, yours) for label, theirs, yours in response.context["conflict"]["rows"]}
    assert rows["Trích yếu"] == ("Tiêu đề của Bình", "Tiêu đề của An")
    assert rows["Địa danh"] == ("Cao Lộc", "Lạng Sơn")
    assert "Tiêu đề của An</textarea>" in page and 'value="Nguyễn An"' in page  # what An typed is kept
    assert response.context["form"]["version"].value() == 2  # a deliberate second save may now go through
    plan.refresh_from_db()
    assert (plan.title, plan.place, plan.signer_name, plan.version) == ("Tiêu đề của Bình", "Cao Lộc", "", 2)

    again = client.post(url, {**header(plan, title="Tiêu đề của An"), **bases(*existing_bases(plan), initial=2)})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Tiêu đề của An", 3)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs two real concurrent transactions with row locks: run with DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_on_postgresql_only_one_wins(setup):
    """Editor A holds the version claim in an open transaction while B's save runs in another connection:
    B's UPDATE waits for A's row lock, then finds the version moved on and gets the conflict page."""
    plan = setup["plan"]
    a_claimed, a_may_commit = threading.Event(), threading.Event()
    results = {}

    def editor_a():
        try:
            with transaction.atomic():
                mine = Plan.objects.get(pk=plan.pk)
                claim_version(mine, 1)
                a_claimed.set()
                a_may_commit.wait(10)
                mine.title = "Tiêu đề của A"
                mine.save()
            results["a"] = "saved"
        finally:
            connection.close()

    def editor_b():
        try:
            b = Client()
            b.force_login(setup["people"][Role.EDITOR])
            a_claimed.wait(10)
            response = b.post(reverse("plans:edit", args=[plan.pk]),
                              {**header(plan, title="Tiêu đề của B"), **bases(*existing_bases(plan), initial=2)})
            results["b"] = response.status_code
        finally:
            connection.close()

    thread_a, thread_b = threading.Thread(target=editor_a), threading.Thread(target=editor_b)
    thread_a.start()
    thread_b.start()
    assert a_claimed.wait(10)
    thread_b.join(1.0)
    assert thread_b.is_alive(), "B must be waiting for A's row lock, not saving over it"
    a_may_commit.set()
    thread_a.join(10)
    thread_b.join(10)
    assert results == {"a": "saved", "b": 409}
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Tiêu đề của A", 2)


# Lifecycle --------------------------------------------------------------------------------------------------

def test_issue_needs_confirmation_then_changes_need_a_reason_recorded_in_history(client, setup):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    confirm = client.get(reverse("plans:issue", args=[plan.pk]))
    assert "Ban hành kế hoạch?" in html(confirm) and "Đồng ý ban hành" in html(confirm)
    plan.refresh_from_db()
    assert plan.status == "draft"  # a GET only asks

    response = client.post(reverse("plans:issue", args=[plan.pk]), {"version": 1})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("issued", 2)
    assert plan.history.first().history_change_reason == "Ban hành kế hoạch"

    url = reverse("plans:edit", args=[plan.pk])
    assert "Lý do điều chỉnh" in html(client.get(url))
    refused = client.post(url, {**header(plan, title="Sửa sau ban hành"), **bases(*existing_bases(plan), initial=2)})
    assert refused.status_code == 400
    assert "Kế hoạch đã ban hành: hãy ghi lý do điều chỉnh." in refused.context["form"].errors["change_reason"]
    plan.refresh_from_db()
    assert plan.title == "Triển khai công tác trợ giúp pháp lý năm 2021"

    second = existing_bases(plan)[1]
    second.update(DELETE="on")
    saved = client.post(url, {**header(plan, title="Sửa sau ban hành", change_reason="Theo Công văn 15/STP"),
                              **bases(existing_bases(plan)[0], second, initial=2)})
    assert saved.status_code == 302
    plan.refresh_from_db()
    last = plan.history.first()
    assert (plan.title, last.history_change_reason, last.history_user) == (
        "Sửa sau ban hành", "Theo Công văn 15/STP", setup["people"][Role.EDITOR])
    deleted = LegalBasis.history.filter(history_type="-").get()
    assert deleted.history_change_reason == "Theo Công văn 15/STP"


def test_issue_is_refused_for_an_incomplete_draft(client, setup):
    plan = make_plan(setup["ls"], None, title="Bản nháp")  # no issuing body: that is set on the edit page
    client.force_login(setup["people"][Role.EDITOR])
    page = html(client.get(reverse("plans:issue", args=[plan.pk])))
    assert "Kế hoạch chưa có cơ quan ban hành." in page and "Đồng ý ban hành" not in page
    response = client.post(reverse("plans:issue", args=[plan.pk]),
                           {"version": 1, "number": "30/KH-TGPL", "issued_on": "05/03/2022"})
    assert response.status_code == 409 and "Kế hoạch chưa có cơ quan ban hành." in html(response)
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.number) == ("draft", 1, "")


def test_number_and_date_are_entered_on_the_issue_form(client, setup):
    plan = make_plan(setup["ls"], setup["centre"], title="Bản nháp chưa số")
    client.force_login(setup["people"][Role.EDITOR])
    page = html(client.get(reverse("plans:issue", args=[plan.pk])))
    assert 'name="number"' in page and 'name="issued_on"' in page and "Đồng ý ban hành" in page
    missing = client.post(reverse("plans:issue", args=[plan.pk]), {"version": 1, "number": " ", "issued_on": ""})
    assert missing.status_code == 400
    assert html(missing).count("Mục này không được để trống.") == 2
    plan.refresh_from_db()
    assert plan.status == "draft"
    wrong_day = client.post(reverse("plans:issue", args=[plan.pk]),
                            {"version": 1, "number": "30/KH-TGPL", "issued_on": "31/02/2022"})
    assert wrong_day.status_code == 400 and 'value="30/KH-TGPL"' in html(wrong_day)  # what was typed stays
    done = client.post(reverse("plans:issue", args=[plan.pk]),
                       {"version": 1, "number": "30/KH-TGPL", "issued_on": "05/03/2022"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.issued_on) == ("issued", "30/KH-TGPL", D(2022, 3, 5))


def test_close_follows_issue_and_invalid_moves_are_refused(client, setup):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    refused = client.post(reverse("plans:close", args=[plan.pk]), {"version": 1})
    assert refused.status_code == 409 and "Chỉ kế hoạch đã ban hành mới kết thúc được" in html(refused)
    client.post(reverse("plans:issue", args=[plan.pk]), {"version": 1})
    again = client.post(reverse("plans:issue", args=[plan.pk]), {"version": 2})
    assert again.status_code == 409 and "Chỉ kế hoạch đang là dự thảo mới ban hành được" in html(again)
    assert "Kết thúc kế hoạch?" in html(client.get(reverse("plans:close", args=[plan.pk])))
    assert client.post(reverse("plans:close", args=[plan.pk]), {"version": 2}).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.history.first().history_change_reason) == ("closed", "Kết thúc kế hoạch")
    assert "Đã kết thúc" in html(client.get(plan.get_absolute_url()))


def test_stale_issue_is_refused(client, setup):
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    Plan.objects.filter(pk=plan.pk).update(version=5)  # someone saved after the page was opened
    response = client.post(reverse("plans:issue", args=[plan.pk]), {"version": 1}, follow=True)
    assert "Người khác vừa thay đổi kế hoạch này" in html(response)
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_post_without_the_confirmation_form_moves_nothing(client, setup):
    """An empty or crafted POST (no version from the confirmation page) neither issues nor closes a plan."""
    plan = setup["plan"]
    client.force_login(setup["people"][Role.EDITOR])
    for name in ("plans:issue", "plans:close"):
        response = client.post(reverse(name, args=[plan.pk]), {"version": "abc"} if name == "plans:close" else {})
        assert response.status_code == 302 and response["Location"] == reverse(name, args=[plan.pk])
        plan.refresh_from_db()
        assert plan.status == Plan.Status.DRAFT
