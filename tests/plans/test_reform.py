"""Units and provinces through time (plans/reform.py): a rename and a merger at a date, plans before and after
showing the names they were made with, the successor's updater reporting an inherited activity, the importer
reading old names, the guided admin page, and what a new plan may choose."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import ProgressUpdate
from core.periods import parse_period
from importer.reading import match_units
from plans import reform
from plans.forms import PlanForm
from plans.models import OrganisationChange, Plan, Province, Role, Unit, UnitSuccession, memberships_of
from progress.access import get_activity_for_reporter, reporting_unit_ids
from reports.rows import build_report, parse_scope
from tests.factories import make_plan, make_province, make_user
from tests.progress.factories import add_update, build_world, make_activity

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)


def decision(number="202/2025/QH15", decided=datetime.date(2025, 6, 12), effective=JULY_2025):
    return {"decision_type": "Nghị quyết", "decision_number": number, "decided_on": decided,
            "effective_on": effective, "note": ""}


@pytest.fixture
def merged(settings, tmp_path):
    """build_world's Trà Vinh merged into a new Vĩnh Long on 1/7/2025, its Sở and Trung tâm into Vĩnh Long's."""
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    tv = Province.objects.get(code="tra-vinh")
    vl, vl_dept, vl_centre, _branch = make_province("Vĩnh Long", "vinh-long")
    tv_dept = Unit.objects.get(province=tv, parent=None)
    tv_centre = Unit.objects.get(province=tv, parent=tv_dept)
    reform.province_merge(provinces=[tv], into=vl, decision=decision())
    reform.unit_merge(units=[tv_dept], into=vl_dept, decision=decision())
    reform.unit_merge(units=[tv_centre], into=vl_centre, decision=decision())
    world.update(tv=tv, vl=vl, tv_dept=tv_dept, tv_centre=tv_centre, vl_dept=vl_dept, vl_centre=vl_centre,
                 vl_updater=make_user("vl-updater", vl_centre, Role.UPDATER),
                 vl_editor=make_user("vl-editor", vl_dept, Role.EDITOR))
    return world


def test_a_rename_at_a_date_keeps_the_old_name_on_plans_made_before(client):
    province, dept, centre, _branch = make_province("Lạng Sơn", "lang-son")
    before = make_plan(province, dept, number="10/KH-STP", status="issued", issued_on=datetime.date(2024, 3, 1),
                       start_year=2024)
    make_activity(before, lead=[centre])
    reform.unit_rename(unit=centre, name="Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn", short_name="TT TGPL",
                       decision=decision("15/QĐ-UBND"))
    after = make_plan(province, dept, number="20/KH-STP", status="issued", issued_on=datetime.date(2026, 1, 5),
                      start_year=2026)
    make_activity(after, lead=[centre])
    client.force_login(make_user("editor", dept, Role.EDITOR))
    old_page = client.get(reverse("plans:detail", args=[before.pk])).content.decode()
    new_page = client.get(reverse("plans:detail", args=[after.pk])).content.decode()
    assert "Trung tâm Trợ giúp pháp lý nhà nước" in old_page
    assert "Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn" not in old_page
    assert "Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn" in new_page
    centre.refresh_from_db()
    assert centre.name_on(datetime.date(2025, 6, 30)) == "Trung tâm Trợ giúp pháp lý nhà nước"
    assert centre.name_on(JULY_2025) == "Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn"
    # Reports too (the same rows feed the page, the PDF, the workbook and the JSON).
    for plan, name in ((before, "Trung tâm Trợ giúp pháp lý nhà nước"), (after, "Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn")):
        report = build_report(parse_scope(f"plan:{plan.pk}", Plan.objects.all(), year=plan.start_year),
                              parse_period(str(plan.start_year)))
        assert [row.lead_units for row in report.rows] == [[name]]
    history = client.get(reverse("plans:unit_history", args=[centre.pk])).content.decode()
    assert "Đổi tên từ “Trung tâm Trợ giúp pháp lý nhà nước” thành “Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn”" in history
    assert "Nghị quyết số 15/QĐ-UBND ngày 12/06/2025, có hiệu lực từ 01/07/2025" in history


def test_the_activity_page_shows_each_update_under_the_name_of_its_quarter(client):
    province, dept, centre, _branch = make_province("Lạng Sơn", "lang-son")
    old_name = centre.name
    plan = make_plan(province, dept, number="11/KH-STP", status="issued", issued_on=datetime.date(2024, 3, 1),
                     start_year=2024)
    activity = make_activity(plan, lead=[centre])
    updater = make_user("updater", centre, Role.UPDATER)
    add_update(activity, centre, updater, year=2025, quarter=2, result="Báo cáo quý hai")
    reform.unit_rename(unit=centre, name="Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn", decision=decision("15/QĐ-UBND"))
    add_update(activity, centre, updater, year=2025, quarter=3, result="Báo cáo quý ba")
    client.force_login(updater)
    page = client.get(reverse("progress:activity", args=[activity.pk])).content.decode()
    q2, q3 = page.index("Báo cáo quý hai"), page.index("Báo cáo quý ba")
    # Newest quarter first: Q3 under the new name, Q2 (ended 30/06/2025, before the rename) under the old one.
    assert "Trung tâm Trợ giúp pháp lý tỉnh Lạng Sơn" in page[:q3] and old_name not in page[:q3]
    assert old_name in page[q3:q2]


def test_a_province_renamed_at_a_date_keeps_its_old_name_before(admin_client):
    province, dept, _centre, _branch = make_province("Bắc Thái", "bac-thai")
    before = make_plan(province, dept, number="12/KH-STP", status="issued", issued_on=datetime.date(2024, 3, 1),
                       start_year=2024)
    url = reverse("admin:plans_province_rename") + f"?ids={province.pk}"
    assert admin_client.get(url).status_code == 200
    form = {"province": province.pk, "new_name": "  Thái   Nguyên ", "decision_type": "Nghị quyết",
            "decision_number": "202/2025/QH15", "decided_on": "12/06/2025", "effective_on": "01/07/2025"}
    # A name already taken is refused, everything typed kept, nothing written.
    Province.objects.create(name="Thái Nguyên", code="thai-nguyen")
    html = admin_client.post(url, form).content.decode()
    assert "Đã có tỉnh tên “Thái Nguyên”." in html and "202/2025/QH15" in html
    assert not OrganisationChange.objects.exists()
    Province.objects.filter(code="thai-nguyen").delete()
    assert admin_client.post(url, form).status_code == 302
    province.refresh_from_db()
    change = OrganisationChange.objects.get()
    assert (province.name, change.kind) == ("Thái Nguyên", "rename")
    assert province.former_names.get().change == change
    assert province.name_on(datetime.date(2025, 6, 30)) == "Bắc Thái"
    assert province.name_on(JULY_2025) == province.name_on(None) == "Thái Nguyên"
    # The plan made before the rename reads the province's name of its date; one made after, the new one.
    after = make_plan(province, dept, number="22/KH-STP", status="issued", issued_on=datetime.date(2026, 1, 5),
                      start_year=2026)
    assert before.province.name_on(before.names_day) == "Bắc Thái"
    assert after.province.name_on(after.names_day) == "Thái Nguyên"
    # Renames come in order; a refused one writes nothing.
    with pytest.raises(ValidationError):
        reform.province_rename(province=province, name="Tên khác", decision=decision(effective=datetime.date(2025, 6, 20)))
    with pytest.raises(ValidationError):
        reform.province_rename(province=province, name="Thái Nguyên", decision=decision(effective=datetime.date(2026, 1, 1)))
    assert OrganisationChange.objects.count() == 1 and province.former_names.count() == 1


def test_renames_must_come_in_order_and_a_refused_one_writes_nothing():
    province, dept, centre, _branch = make_province()
    reform.unit_rename(unit=centre, name="Tên thứ hai", decision=decision())
    with pytest.raises(ValidationError):
        reform.unit_rename(unit=centre, name="Tên thứ ba", decision=decision(effective=datetime.date(2025, 6, 20)))
    with pytest.raises(ValidationError):
        reform.unit_rename(unit=centre, name=dept.name, decision=decision(effective=datetime.date(2026, 1, 1)))
    assert OrganisationChange.objects.count() == 1 and centre.former_names.count() == 1


def test_a_merger_keeps_the_plan_names_and_hands_the_work_to_the_successor(client, merged):
    tv_plan = Plan.objects.get(number="05/KH-TGPL")
    assert memberships_of(merged["vl_updater"]).province_ids == {merged["vl"].pk, merged["tv"].pk}
    assert merged["tv_centre"].pk in reporting_unit_ids(merged["vl_updater"])
    # The inherited plan still reads as Trà Vinh made it.
    client.force_login(merged["vl_editor"])
    page = client.get(reverse("plans:detail", args=[tv_plan.pk])).content.decode()
    assert "Sở Tư pháp tỉnh Trà Vinh" in page
    # Vĩnh Long's editor edits it (an inherited province) but creates new plans only in Vĩnh Long.
    assert client.get(reverse("plans:edit", args=[tv_plan.pk])).status_code == 200
    assert set(PlanForm(provinces=Province.objects.filter(pk__in=[merged["vl"].pk])).fields["issuing_unit"]
               .queryset.values_list("province__code", flat=True)) == {"vinh-long"}
    # The unit's history shows the chain both ways.
    history = client.get(reverse("plans:unit_history", args=[merged["vl_centre"].pk])).content.decode()
    assert "Tiếp nhận công việc của" in history and merged["tv_centre"].name in history
    history = client.get(reverse("plans:unit_history", args=[merged["tv_centre"].pk])).content.decode()
    assert "Công việc chuyển sang" in history and "202/2025/QH15" in history
    # Lạng Sơn's people see none of it.
    client.force_login(merged["people"][Role.EDITOR])
    assert client.get(reverse("plans:detail", args=[tv_plan.pk])).status_code == 404
    assert client.get(reverse("plans:unit_history", args=[merged["vl_centre"].pk])).status_code == 404


def test_the_successors_updater_reports_an_inherited_activity(client, merged):
    activity = merged["tv_activity"]
    _activity, units = get_activity_for_reporter(merged["vl_updater"], activity.pk)
    assert units == [(merged["tv_centre"], True)]
    client.force_login(merged["vl_updater"])
    assert activity.title in client.get(reverse("progress:work_list")).content.decode()
    data = {
        "ky": "2021-Q4", "don_vi": merged["tv_centre"].pk, "version": 0, "status": "done",
        "result": "Hoàn thành sau sáp nhập", "difficulties": "", "proposals": "",
        "chi-TOTAL_FORMS": "0", "chi-INITIAL_FORMS": "0", "chi-MIN_NUM_FORMS": "0", "chi-MAX_NUM_FORMS": "20",
    }
    response = client.post(reverse("progress:update", args=[activity.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    update = ProgressUpdate.objects.get(activity=activity)
    assert (update.unit, update.author, update.status) == (merged["tv_centre"], merged["vl_updater"], "done")
    # Trà Vinh's former updater still reports from their own (ended) unit; Lạng Sơn's does not.
    assert merged["tv_centre"].pk in reporting_unit_ids(merged["people"]["tv_updater"])
    assert merged["tv_centre"].pk not in reporting_unit_ids(merged["people"][Role.UPDATER])


def test_reports_across_the_change(merged):
    """The successor unit's report covers the inherited plan; the plan's report keeps Trà Vinh's names."""
    updater = merged["vl_updater"]
    ProgressUpdate.objects.create(activity=merged["tv_activity"], unit=merged["tv_centre"], author=updater,
                                  year=2021, quarter=4, status="done", result="Đã làm")
    plans = Plan.objects.for_user(updater)
    unit_report = build_report(parse_scope(f"unit:{merged['vl_centre'].pk}", plans, year=2021), parse_period("2021"))
    titles = [row.title for row in unit_report.rows]
    assert "Việc của Trà Vinh" in titles
    plan_report = build_report(parse_scope("plan:05/KH-TGPL", plans, year=2021), parse_period("2021"))
    row = next(row for row in plan_report.rows if row.title == "Việc của Trà Vinh")
    assert row.lead_units == [merged["tv_centre"].name]


def test_the_importer_reads_old_names_at_the_documents_date(merged):
    vl, tv_centre, vl_centre = merged["vl"], merged["tv_centre"], merged["vl_centre"]
    name = "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Trà Vinh"
    tv_centre.name = name
    tv_centre.save(update_fields=["name"])
    # A current plan of Vĩnh Long naming the old centre: its successor is proposed.
    assert match_units([name], vl, on=datetime.date(2026, 2, 1)) == {name: vl_centre}
    # A document of 2021 of Trà Vinh: the unit as it was.
    assert match_units([name], merged["tv"], on=datetime.date(2021, 2, 1)) == {name: tv_centre}
    # Vĩnh Long's own short names stay Vĩnh Long's, not ambiguous with the merged province's.
    assert match_units(["Trung tâm TGPL"], vl, on=datetime.date(2026, 2, 1)) == {"Trung tâm TGPL": vl_centre}
    # A former name after a rename matches too.
    reform.unit_rename(unit=vl_centre, name="Trung tâm Trợ giúp pháp lý tỉnh Vĩnh Long", decision=decision(
        "9/QĐ-UBND", effective=datetime.date(2025, 9, 1)))
    old = "Trung tâm Trợ giúp pháp lý nhà nước"
    assert match_units([old], vl, on=datetime.date(2025, 8, 1))[old] == vl_centre
    assert reform.successor_on(tv_centre, datetime.date(2025, 6, 30)) == tv_centre


def test_a_split_and_a_dissolution_at_a_date(merged):
    province, dept = merged["province"], merged["dept"]
    office = merged["office"]
    north = Unit.objects.create(province=province, parent=dept, name="Văn phòng phía Bắc", valid_from=JULY_2025)
    south = Unit.objects.create(province=province, parent=dept, name="Văn phòng phía Nam", valid_from=JULY_2025)
    reform.unit_split(unit=office, into=[north, south], decision=decision("3/QĐ-UBND"))
    office.refresh_from_db()
    assert office.valid_to == JULY_2025 and set(UnitSuccession.objects.filter(predecessor=office)
                                                 .values_list("successor__name", flat=True)) == {north.name, south.name}
    assert reform.successor_on(office, datetime.date(2026, 1, 1)) is None  # the reader chooses between the two
    reform.unit_dissolve(unit=north, decision=decision("4/QĐ-UBND", effective=datetime.date(2026, 1, 1)))
    north.refresh_from_db()
    assert north.valid_to == datetime.date(2026, 1, 1) and not north.succeeded_by.exists()
    assert set(Unit.objects.valid_on(datetime.date(2026, 2, 1)).filter(name__startswith="Văn phòng")
               .values_list("name", flat=True)) == {south.name}
    with pytest.raises(ValidationError):  # an ended unit cannot end again
        reform.unit_dissolve(unit=north, decision=decision("5/QĐ-UBND", effective=datetime.date(2026, 3, 1)))


def test_a_new_plan_may_name_only_a_unit_existing_on_its_date(merged):
    provinces = Province.objects.filter(pk=merged["province"].pk)
    ended = merged["office"]
    reform.unit_dissolve(unit=ended, decision=decision("6/QĐ-UBND"))
    data = {"province": merged["province"].pk, "issuing_unit": ended.pk, "kind": "annual", "period": "single",
            "start_year": "2026", "issued_on": "05/01/2026", "title": "Kế hoạch năm 2026"}
    form = PlanForm(data, provinces=provinces)
    assert not form.is_valid() and "issuing_unit" in form.errors
    assert ended not in form.fields["issuing_unit"].queryset
    # The date is checked as typed, not only today's list: a plan of 2024 may name the unit.
    form = PlanForm({**data, "start_year": "2024", "issued_on": "05/01/2024", "issuing_unit": merged["dept"].pk},
                    provinces=provinces)
    assert form.is_valid(), form.errors


def test_the_guided_admin_page_records_a_merger_and_keeps_what_was_typed(admin_client, merged):
    province, dept, office = merged["province"], merged["dept"], merged["office"]
    url = reverse("admin:plans_unit_change_org") + f"?ids={office.pk}"
    page = admin_client.get(url)
    assert page.status_code == 200 and "Ghi nhận thay đổi tổ chức" in page.content.decode()
    bad = {"kind": "merge", "units": [office.pk], "successors": [dept.pk], "decision_type": "Quyết định",
           "decision_number": "12/QĐ-UBND", "decided_on": "10/07/2025", "effective_on": "01/07/2025"}
    response = admin_client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200 and "Ngày có hiệu lực không thể trước ngày ban hành văn bản." in html
    assert "12/QĐ-UBND" in html and not OrganisationChange.objects.filter(decision_number="12/QĐ-UBND").exists()
    response = admin_client.post(url, {**bad, "decided_on": "20/06/2025"})
    assert response.status_code == 302
    change = OrganisationChange.objects.get(decision_number="12/QĐ-UBND")
    office.refresh_from_db()
    assert change.kind == "merge" and office.valid_to == JULY_2025 and office.ended_by == change
    # Refused by the service (the unit has ended already): shown, nothing written.
    response = admin_client.post(url, {**bad, "decided_on": "20/06/2025", "decision_number": "13/QĐ-UBND"})
    assert "đã không còn từ ngày 01/07/2025" in response.content.decode()
    assert not OrganisationChange.objects.filter(decision_number="13/QĐ-UBND").exists()
    assert province.units.filter(valid_to__isnull=False).count() == 1


def test_the_admin_merges_provinces(admin_client, merged):
    ls = merged["province"]
    other = Province.objects.create(name="Cao Bằng", code="cao-bang")
    url = reverse("admin:plans_province_merge") + f"?ids={other.pk}"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"provinces": [other.pk], "into": ls.pk, "decision_number": "202/2025/QH15",
                                       "decision_type": "Nghị quyết", "decided_on": "12/06/2025",
                                       "effective_on": "01/07/2025"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.merged_into, other.heir, other.valid_to) == (ls, ls, JULY_2025)
    # Merged again later: the provinces merged before follow to the new heir.
    reform.province_merge(provinces=[merged["vl"]], into=ls, decision=decision("1/2030/QH16", datetime.date(2030, 1, 1),
                                                                               datetime.date(2030, 2, 1)))
    assert Province.objects.get(code="tra-vinh").heir == ls


# --- the demo data ------------------------------------------------------------------------------------


def test_demo_records_the_tra_vinh_merger(client, demo_users):
    tv_plan = Plan.objects.get(province__code="tra-vinh")
    vl = Province.objects.get(code="vinh-long")
    assert Province.objects.get(code="tra-vinh").merged_into == vl
    assert tv_plan.issuing_unit.name == "Sở Tư pháp tỉnh Trà Vinh"
    assert tv_plan.issuing_unit.succeeded_by.get().successor.name == "Sở Tư pháp tỉnh Vĩnh Long"
    centre = Unit.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Trà Vinh")
    assert centre.valid_to == JULY_2025 and centre.ended_by.decision_number == "202/2025/QH15"
    # Trà Vinh's updater now belongs to Vĩnh Long's centre and follows the inherited open activities.
    updater = demo_users["trungtam.tv"]
    assert updater.memberships.get().unit.province == vl
    open_activity = tv_plan.activities.filter(kind="activity").exclude(status__in=["done", "cancelled"]).first()
    assert get_activity_for_reporter(updater, open_activity.pk)[1]
    client.force_login(updater)
    assert "Sở Tư pháp tỉnh Trà Vinh" in client.get(reverse("plans:detail", args=[tv_plan.pk])).content.decode()
    # The district bodies of the seeds ended on 1/7/2025, with the communes as successors.
    districts = Unit.objects.get(name="Ủy ban nhân dân các huyện, thành phố")
    assert districts.valid_to == JULY_2025
    assert districts.succeeded_by.get().successor.name == "Ủy ban nhân dân các xã, phường"
    assert districts.ended_by.decision_number == "203/2025/QH15"
