"""save_draft: a parsed plan becomes a draft plan with its tree, units, timeframes, targets and money."""
import datetime

import pytest
from django.contrib.auth import get_user_model

from activities.models import Activity
from budgets.models import BudgetLine, FundingSource
from importer.reading import ImportProblem, ParsedPlan, parse_text
from importer.save import save_draft
from plans.models import Plan, Province, Unit
from tests.importer.reading.helpers import plan_text
from tests.importer.reading.samples import DISTRICT_PLAN

D = datetime.date


@pytest.fixture
def district(db):
    province = Province.objects.create(name="Bắc Sơn", code="bac-son")
    office = Unit.objects.create(province=province, name="Phòng Tư pháp huyện Bắc Sơn", short_name="Phòng Tư pháp")
    centre = Unit.objects.create(province=province, name="Trung tâm Trợ giúp pháp lý nhà nước")
    FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương", position=1)
    FundingSource.objects.create(code="nstw", name="Ngân sách trung ương", position=2)
    user = get_user_model().objects.create_user(username="bientap", password="x-123456789")
    return province, office, centre, user


def test_the_district_plan_is_saved_as_a_draft(district):
    province, office, centre, user = district
    plan = save_draft(parse_text(DISTRICT_PLAN), province=province, issuing_unit=office, user=user)
    assert (plan.status, plan.number, plan.issued_on, plan.start_year, plan.end_year) == (
        Plan.Status.DRAFT, "45/KH-PTP", D(2023, 3, 3), 2023, 2023)
    assert plan.signer_name == "Nguyễn Văn Bình" and plan.recipient_lines()[0] == "Sở Tư pháp (b/c);"
    assert list(plan.legal_bases.values_list("position", "doc_type", "number")) == [
        (1, "Luật", ""), (2, "Quyết định", "12/QĐ-UBND")]

    nodes = {a.title: a for a in Activity.objects.filter(plan=plan)}
    heading = nodes["Tuyên truyền trực tiếp tại thôn, bản"]
    assert (heading.kind, heading.parent, heading.position) == (Activity.Kind.SECTION, None, 1)
    talk = nodes["Tổ chức 12 buổi nói chuyện chuyên đề pháp luật tại các thôn."]
    assert (talk.kind, talk.parent, talk.position) == (Activity.Kind.ACTIVITY, heading, 1)
    assert list(talk.lead_units.all()) == [office]
    assert sorted(u.name for u in talk.coordinating_units.all()) == ["UBND các xã", "Đài Truyền thanh huyện"]
    assert Unit.objects.get(name="UBND các xã").kind == Unit.Kind.EXTERNAL
    assert (talk.start, talk.due, talk.timeframe_understood) == (D(2023, 4, 1), D(2023, 6, 30), True)
    assert list(talk.targets.values_list("quantity", "measure")) == [(12, "buổi")]
    line = talk.budget_lines.get()
    assert (line.amount, line.funding_source.code, line.fiscal_year) == (15_000_000, "nsdp", 2023)
    leaflets = nodes["In và phát 5.000 tờ rơi song ngữ."]
    assert list(leaflets.lead_units.all()) == [centre]
    mobile = nodes["Tổ chức 04 đợt trợ giúp pháp lý lưu động tại các xã biên giới."]
    assert (mobile.number_style, mobile.recurrence) == (Activity.NumberStyle.TASK, "quarterly")  # "Nhiệm vụ 1:"
    assert Activity.objects.filter(plan=plan).trackable().count() == 4
    assert BudgetLine.objects.filter(activity__plan=plan).count() == 2
    assert plan.history.first().history_user == user
    assert plan.history.first().history_change_reason == "Nhập từ văn bản kế hoạch"


def test_unit_choices_are_followed(district):
    province, office, centre, user = district
    parsed = parse_text(plan_text("1. Truyền thông", "- Chủ trì: Các Phòng, Tổ công tác số 2",
                                  "- Phối hợp: Trung tâm TGPL"))
    plan = save_draft(parsed, province=province, issuing_unit=office, user=user, unit_choices={
        "Các Phòng": [office, centre], "Tổ công tác số 2": None, "Trung tâm TGPL": centre})
    node = Activity.objects.get(plan=plan, title="Truyền thông")
    assert [u.name for u in node.lead_units.order_by("pk")] == [office.name, centre.name, "Tổ công tác số 2"]
    assert list(node.coordinating_units.all()) == []  # already leading: not listed twice
    created = Unit.objects.get(name="Tổ công tác số 2")
    assert (created.province, created.kind) == (province, Unit.Kind.EXTERNAL)


def test_nothing_is_saved_when_a_choice_is_from_another_province(district):
    province, office, centre, user = district
    elsewhere = Unit.objects.create(province=Province.objects.create(name="Khác", code="khac"), name="Phòng X")
    parsed = parse_text(plan_text("1. Việc", "- Chủ trì: Phòng Y", "- Kinh phí: 1.000.000 đồng"))
    with pytest.raises(ImportProblem):
        save_draft(parsed, province=province, issuing_unit=office, user=user, unit_choices={"Phòng Y": elsewhere})
    assert not Plan.objects.exists() and not Activity.objects.exists() and not Unit.objects.filter(name="Phòng Y")
    with pytest.raises(ImportProblem):
        save_draft(parsed, province=province, issuing_unit=elsewhere, user=user)


def test_money_without_a_sum_and_unknown_sources(district):
    province, office, centre, user = district
    parsed = parse_text(plan_text(
        "1. Việc một", "- Chủ trì: Phòng Tư pháp", "- Kinh phí: Ngân sách Trung ương hỗ trợ; nguồn xã hội hóa",
        "2. Việc hai", "- Chủ trì: Phòng Tư pháp", "- Tổ chức hội nghị (kinh phí chưa được cấp)",
    ))
    plan = save_draft(parsed, province=province, issuing_unit=office)
    lines = BudgetLine.objects.filter(activity__plan=plan).order_by("activity__position", "position")
    assert [(line.amount, line.funding_source and line.funding_source.name, line.allocated, line.note)
            for line in lines] == [
        (0, "Ngân sách trung ương", True, "Kế hoạch không ghi số tiền"),
        (0, "Nguồn xã hội hóa", True, "Kế hoạch không ghi số tiền"),
        (0, None, False, "Kinh phí chưa được cấp"),
    ]


def test_a_cited_plan_is_linked(district):
    province, office, centre, user = district
    cited = Plan.objects.create(province=province, number="1/KH-UBND", title="Công tác tư pháp", start_year=2025)
    parsed = parse_text(plan_text("1. Việc", "- Chủ trì: Phòng Tư pháp"), province=province)
    assert parsed.legal_bases[0].plan_id == cited.pk
    plan = save_draft(parsed, province=province, issuing_unit=office)
    assert plan.legal_bases.get().cited_plan == cited


def test_a_plan_cited_in_the_content_joins_the_legal_bases(district):
    province, office, centre, user = district
    cited = Plan.objects.create(province=province, number="", issued_on=D(2025, 1, 20), start_year=2025,
                                title="Trợ giúp pháp lý cho người khuyết tật năm 2025")
    parsed = parse_text(plan_text(
        "1. Tham mưu thực hiện Kế hoạch số 9/KH-STP ngày 20/01/2025 của Sở Tư pháp về trợ giúp pháp lý cho người "
        "khuyết tật năm 2025.", "- Chủ trì: Phòng Tư pháp"), province=province)
    assert [(b.number, b.plan_id) for b in parsed.legal_bases] == [("1/KH-UBND", None), ("9/KH-STP", cited.pk)]


def test_dates_corrected_in_review_are_kept(district):
    province, office, centre, user = district
    data = parse_text(plan_text("1. Việc", "- Chủ trì: Phòng Tư pháp", "- Thời gian: theo hướng dẫn")).to_json()
    node = data["activities"][0]
    assert node["timeframe_understood"] is False
    node.update(start="2025-03-01", due="2025-05-31")
    plan = save_draft(ParsedPlan.from_json(data), province=province, issuing_unit=office)
    saved = plan.activities.get()
    assert (saved.timeframe_text, saved.start, saved.due, saved.timeframe_understood) == (
        "theo hướng dẫn", D(2025, 3, 1), D(2025, 5, 31), True)


def test_a_draft_edited_to_odd_years_still_saves(district):
    province, office, centre, user = district
    data = parse_text(plan_text("1. Việc", "- Chủ trì: Phòng Tư pháp", "- Thời gian: Quý II")).to_json()
    data.update(start_year=2026, title="")
    plan = save_draft(ParsedPlan.from_json(data), province=province, issuing_unit=office)
    assert (plan.start_year, plan.end_year, plan.title) == (2026, 2026, "Kế hoạch nhập từ văn bản")
    assert plan.activities.get().due == D(2026, 6, 30)


NUMBERED = plan_text(
    "Nhiệm vụ 1: Truyền thông về trợ giúp pháp lý",
    "- Chủ trì: Phòng Tư pháp",
    "- Thời gian: Quý II năm 2025",
    "Nhiệm vụ 2: Thực hiện vụ việc",
    "2.1. Tham gia tố tụng",
    "- Chủ trì: Trung tâm Trợ giúp pháp lý nhà nước",
    "- Thời gian: Cả năm 2025",
    "2.2. Tư vấn pháp luật",
    "a) Tư vấn tại trụ sở",
    "- Chủ trì: Trung tâm Trợ giúp pháp lý nhà nước",
    "- Thời gian: Thường xuyên",
    "b) Tư vấn lưu động",
    "- Chủ trì: Trung tâm Trợ giúp pháp lý nhà nước",
    "- Thời gian: Quý III năm 2025",
)


def test_the_documents_numbers_survive_the_save_and_show_on_the_plan_page(district, client):
    from core.numbering import number_nodes

    province, office, centre, user = district
    parsed = parse_text(NUMBERED)
    written = [(node.number, node.title) for node in parsed.walk()]
    assert written == [("Nhiệm vụ 1", "Truyền thông về trợ giúp pháp lý"), ("Nhiệm vụ 2", "Thực hiện vụ việc"),
                       ("2.1", "Tham gia tố tụng"), ("2.2", "Tư vấn pháp luật"), ("a", "Tư vấn tại trụ sở"),
                       ("b", "Tư vấn lưu động")]
    plan = save_draft(parsed, province=province, issuing_unit=office, user=user)
    nodes = list(Activity.objects.filter(plan=plan))
    numbers = number_nodes(nodes)
    by_title = {node.title: numbers[node.pk] for node in nodes}
    assert [by_title[title] for _number, title in written] == [
        "Nhiệm vụ 1", "Nhiệm vụ 2", "2.1", "2.2", "a)", "b)"]

    user.is_superuser = True
    user.save()
    client.force_login(user)
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    for shown in ("Nhiệm vụ 2:</span> Thực hiện vụ việc", "2.1.</span> Tham gia tố tụng",
                  "a)</span> Tư vấn tại trụ sở"):
        assert shown in page

    # The report (its draft preview) numbers the rows the same way.
    from core.periods import parse_period
    from reports.rows import build_report, parse_scope

    report = build_report(parse_scope(f"plan:{plan.pk}", Plan.objects.all(), year=2025, preview=True),
                          parse_period("2025"))
    assert [row.number for row in report.rows] == ["Nhiệm vụ 1", "Nhiệm vụ 2", "2.1", "2.2", "a)", "b)"]


def test_legal_bases_and_the_signer_read_as_the_document_writes_them(district, client):
    province, office, centre, user = district
    text = plan_text("1. Tập huấn", "- Chủ trì: Phòng Tư pháp").replace(
        "Căn cứ Kế hoạch số 1/KH-UBND",
        "Căn cứ Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017;\nCăn cứ Kế hoạch số 1/KH-UBND",
    ) + "\nNơi nhận:\n- Sở Tư pháp;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An\n"
    parsed = parse_text(text)
    law = parsed.legal_bases[0]
    assert (law.doc_type, law.number, law.issued_on, law.summary) == ("Luật", "11/2017/QH14", D(2017, 6, 20),
                                                                      "Trợ giúp pháp lý")
    assert law.citation == "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017"
    assert (parsed.signer_title, parsed.signer_name) == ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Nguyễn Văn An")

    plan = save_draft(parsed, province=province, issuing_unit=office, user=user)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Luật Trợ giúp pháp lý số 11/2017/QH14 ngày 20/6/2017" in page
    assert "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC" in page


def test_the_save_writes_in_bulk_with_the_same_history(district, django_assert_max_num_queries):
    from importer.save import IMPORT_REASON

    province, office, centre, user = district
    content = []
    for n in range(1, 61):
        content += [f"{n}. Hoạt động số {n} về trợ giúp pháp lý", "- Chủ trì: Phòng Tư pháp",
                    "- Phối hợp: Trung tâm Trợ giúp pháp lý nhà nước", "- Thời gian: Quý II năm 2025",
                    f"- Kết quả: {n % 5 + 1} buổi", "- Kinh phí: 1.000.000 đồng"]
    parsed = parse_text(plan_text(*content))
    # 60 activities with their units, targets and money: a fixed number of statements, not some per row.
    with django_assert_max_num_queries(60):
        plan = save_draft(parsed, province=province, issuing_unit=office, user=user)
    activities = list(Activity.objects.filter(plan=plan))
    assert len(activities) == 60
    first = min(activities, key=lambda a: a.position)
    record = first.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", user, IMPORT_REASON)
    assert [row.unit for row in record.lead_units.all()] == [office]
    assert [row.unit for row in record.coordinating_units.all()] == [centre]
    assert list(first.lead_units.all()) == [office] and list(first.coordinating_units.all()) == [centre]
    line = first.budget_lines.get()
    assert line.history.get().history_change_reason == IMPORT_REASON
    assert first.targets.get().history.count() == 1
