"""The seed_plans and demo fixtures hold the five documents faithfully (counts, totals, sampled attributes).

Both read the session's shared demo data (tests/conftest.py), which is seed_plans with demo loaded on top: demo adds
users, progress and spending, and changes nothing of the seed rows but the status of the activities it reports on."""
import datetime

from django.contrib.auth import authenticate
from django.db.models import Sum

from activities.models import Activity, ProgressUpdate, Status
from budgets.models import BudgetLine, Expenditure
from core.numbering import number_nodes
from plans.models import LegalBasis, Plan, Role, Unit, UnitAlias

D = datetime.date


def plan_by_title(start):
    return Plan.objects.get(title__startswith=start)


def test_five_plans_with_their_trackable_activities(demo_data):
    counts = {
        "Triển khai, thực hiện chính sách trợ giúp pháp lý cho người khuyết tật": 6,
        "Triển khai công tác trợ giúp pháp lý năm 2021": 12,
        "Triển khai thực hiện Quyết định số 59/2012/QĐ-TTg": 9,
        "Triển khai thực hiện Chỉ thị số 05-CT/TU": 7,
        "Tổ chức thực hiện Chương trình mục tiêu quốc gia": 5,
    }
    assert Plan.objects.count() == 5
    for title, expected in counts.items():
        plan = plan_by_title(title)
        assert Activity.objects.filter(plan=plan).trackable().count() == expected, title
    with_summary = {p.title[:40]: p.activity_count for p in Plan.objects.with_summary()}
    assert sorted(with_summary.values()) == [5, 6, 7, 9, 12]


def test_19_kh_tgpl_budget_and_the_unallocated_conference(demo_data):
    plan = Plan.objects.get(number="19/KH-TGPL")
    lines = BudgetLine.objects.filter(activity__plan=plan)
    assert lines.aggregate(total=Sum("amount"))["total"] == 460_400_000
    assert sorted(lines.values_list("amount", flat=True)) == [0, 3_000_000, 40_000_000, 177_400_000, 240_000_000]
    conference = lines.get(description__startswith="Tổ chức Hội nghị truyền thông")
    assert not conference.allocated and "chưa được cấp" in conference.note
    assert set(lines.values_list("decision_reference", flat=True)) == {"297/QĐ-STP"}
    assert set(lines.values_list("funding_source__code", flat=True)) == {"nsdp"}
    assert Plan.objects.with_summary().get(pk=plan.pk).budget_total == 460_400_000


def test_headers_as_the_documents_have_them(demo_data):
    p000 = plan_by_title("Triển khai, thực hiện chính sách")
    assert (p000.number, p000.place, p000.issued_on) == ("", "Lạng Sơn", D(2021, 1, 15))
    assert (p000.signer_title, p000.signer_name) == ("GIÁM ĐỐC", "Hoàng Thúy Duyên")
    assert p000.issuing_unit.name == "Sở Tư pháp tỉnh Lạng Sơn"
    assert p000.recipient_lines()[-1] == "Lưu: VT, TGPL."

    p001 = Plan.objects.get(number="19/KH-TGPL")
    assert (p001.place, p001.issued_on, p001.signer_name) == ("Lạng Sơn", D(2021, 1, 20), "Hoàng Thị Bích")
    assert p001.issuing_unit.short_name == "Trung tâm TGPL"

    p002 = plan_by_title("Triển khai thực hiện Quyết định số 59")
    assert (p002.start_year, p002.end_year, p002.issued_on, p002.status) == (2013, 2020, None, Plan.Status.CLOSED)
    assert p002.issuing_unit.name == "Ủy ban nhân dân tỉnh Lạng Sơn"

    p003 = plan_by_title("Triển khai thực hiện Chỉ thị")
    assert p003.open_ended and p003.end_year is None and p003.province.code == "tra-vinh"
    assert p003.period_label == "2021 và những năm tiếp theo"

    p004 = Plan.objects.get(number="120/KH-STP")
    assert p004.issued_on == D(2022, 9, 6) and p004.signer_name == "Nguyễn Thanh Sơn"
    assert "1181/QĐ-UBND" in p004.funding_note


def test_legal_bases_and_the_link_to_seed_000(demo_data):
    p000 = plan_by_title("Triển khai, thực hiện chính sách")
    cited = LegalBasis.objects.get(number="10/KH-STP")
    assert cited.plan.number == "19/KH-TGPL"
    assert cited.cited_plan == p000 and cited.issued_on == D(2021, 1, 15)
    first = p000.legal_bases.order_by("position").first()
    assert (first.doc_type, first.number, first.issued_on) == ("Quyết định", "2584/QĐ-BTP", D(2020, 12, 25))
    assert LegalBasis.objects.count() == 10


def test_tree_numbers_and_headings_that_are_activities(demo_data):
    p001 = Plan.objects.get(number="19/KH-TGPL")
    nodes = list(p001.activities.all())
    numbers = number_nodes(nodes)
    by_number = {numbers[n.pk]: n for n in nodes}
    assert {"1", "2", "2.1", "2.2", "2.2.1", "2.2.2", "2.3", "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "5",
            "6"} == set(by_number)
    assert by_number["1"].is_trackable and by_number["2"].kind == Activity.Kind.SECTION
    assert by_number["2.2.1"].timeframe_text == "Tháng 01/2021"
    assert (by_number["2.2.1"].start, by_number["2.2.1"].due) == (D(2021, 1, 1), D(2021, 1, 31))

    p000 = plan_by_title("Triển khai, thực hiện chính sách")
    nodes = list(p000.activities.all())
    labels = sorted(number_nodes(nodes).values())
    assert labels.count("Hoạt động 1") == 2 and "Hoạt động" in labels  # section 3's lone activity
    heading_activity = p000.activities.get(title__startswith="Kiểm tra, đánh giá")
    assert heading_activity.parent is None and heading_activity.is_trackable
    assert (heading_activity.start, heading_activity.due) == (D(2021, 10, 1), D(2021, 12, 31))

    p002 = plan_by_title("Triển khai thực hiện Quyết định số 59")
    assert sorted(number_nodes(list(p002.activities.all())).values()) == [f"Hoạt động {n}" for n in range(1, 10)]


def test_units_leads_and_timeframes_sampled(demo_data):
    comms = Activity.objects.get(title__startswith="Thực hiện hoạt động truyền thông")
    assert [u.name for u in comms.lead_units.all()] == ["Phòng Hành chính - Tổng hợp"]
    assert {u.name for u in comms.coordinating_units.all()} == {"Phòng Nghiệp vụ", "Các Chi nhánh của Trung tâm"}
    assert [(t.quantity, t.measure) for t in comms.targets.order_by("position")][:4] == [
        (128, "Bảng thông tin"), (128, "Hộp tin"), (300, "Tờ thông tin"), (80_000, "Tờ gấp"),
    ]
    first = Activity.objects.get(title__startswith="Tham mưu, tổ chức thực hiện công tác TGPL")
    assert first.lead_units.count() == 3 and first.lead_text == "Các Phòng, Chi nhánh"

    clubs = Activity.objects.get(title__startswith="Rà soát, củng cố, kiện toàn")
    assert clubs.lead_units.count() == 4  # UBND các xã and the Sở, Trung tâm, Chi nhánh
    assert (clubs.start, clubs.due) == (D(2014, 1, 1), D(2020, 12, 31))
    yearly = Activity.objects.filter(plan__start_year=2013, timeframe_text="Hằng năm.")
    assert yearly.count() == 5
    assert {(a.start, a.due, a.recurrence) for a in yearly} == {(D(2013, 1, 1), D(2020, 12, 31), "yearly")}
    central = Activity.objects.get(timeframe_text="theo hướng dẫn của Trung ương")
    assert not central.timeframe_understood and central.due is None

    quarter_iv = Activity.objects.filter(plan__number="120/KH-STP", timeframe_text="Quý IV.")
    assert quarter_iv.count() == 4
    assert {(a.start, a.due) for a in quarter_iv} == {(D(2022, 10, 1), D(2022, 12, 31))}
    news_story = Activity.objects.get(title__startswith="Tăng cường thông tin, truyền thông rộng rãi")
    assert news_story.lead_units.count() == 0 and news_story.timeframe_text == ""

    open_ended = Activity.objects.filter(plan__open_ended=True)
    assert {(a.start, a.due, a.recurrence) for a in open_ended} == {(D(2021, 1, 1), None, "yearly")}
    assert Activity.objects.get(title__startswith="Thực hiện công tác thanh tra").lead_units.get().name == (
        "Thanh tra Sở Tư pháp"
    )
    assert Activity.objects.filter(timeframe_understood=True).exclude(timeframe_text="").count() == (
        Activity.objects.exclude(timeframe_text="").count() - 1
    )


def test_unit_trees_and_aliases(demo_data):
    centre = Unit.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")
    assert centre.parent.name == "Sở Tư pháp tỉnh Lạng Sơn"
    assert {"Trung tâm TGPL", "Trung tâm TGPLNN"} <= set(centre.aliases.values_list("name", flat=True))
    assert Unit.objects.get(name="Phòng Nghiệp vụ").pk in centre.descendant_ids()
    assert UnitAlias.objects.filter(name="Phòng HCTP&BTTP").get().unit.province.code == "lang-son"
    assert Unit.objects.filter(province__code="tra-vinh", kind=Unit.Kind.INTERNAL).count() == 5


def test_demo_users_roles_and_password(demo_data):
    expected = {
        "bientap": ("lang-son", Role.EDITOR), "trungtam": ("lang-son", Role.UPDATER),
        "lanhdao": ("lang-son", Role.LEADER),
        # Trà Vinh's staff work in Vĩnh Long's units since the 2025 merger (plans/demo.py).
        "bientap.tv": ("vinh-long", Role.EDITOR), "trungtam.tv": ("vinh-long", Role.UPDATER),
        "lanhdao.tv": ("vinh-long", Role.LEADER), "trunguong": ("lang-son", Role.NATIONAL),
    }
    for username, (province, role) in expected.items():
        user = authenticate(username=username, password="tgpl2026")
        assert user is not None, username
        membership = user.memberships.get()
        assert (membership.unit.province.code, membership.role) == (province, role)
    admin = authenticate(username="quantri", password="tgpl2026")
    assert not admin.is_superuser and not admin.is_staff  # the province's administrator; load_demo adds the superuser
    assert admin.memberships.get().role == Role.ADMIN


def test_demo_season_is_labelled_and_consistent(demo_data):
    updates = ProgressUpdate.objects.all()
    assert updates.count() >= 20
    assert all(u.result.startswith("[Dữ liệu minh họa]") for u in updates)
    assert set(updates.values_list("year", flat=True)) == {2021}
    spent = Expenditure.objects.filter(budget_line__activity__plan__number="19/KH-TGPL")
    assert spent.aggregate(total=Sum("amount"))["total"] == 372_250_000
    for line in BudgetLine.objects.all():
        used = line.expenditures.aggregate(total=Sum("amount"))["total"] or 0
        assert used <= line.amount, line
    # The lead unit's latest report is the activity's status.
    assert Activity.objects.get(title__startswith="Tổ chức hội nghị tập huấn nghiệp vụ").status == Status.DONE
    assert Activity.objects.get(title__startswith="Tổ chức Hội thảo").status == Status.PAUSED
    assert Activity.objects.get(title__startswith="Thực hiện hoạt động truyền thông").status == Status.IN_PROGRESS
    assert Activity.objects.filter(plan__number="120/KH-STP").exclude(status=Status.NOT_STARTED).count() == 0
