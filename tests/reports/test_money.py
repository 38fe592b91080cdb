"""Money and targets that mean what their labels say (issue 12), checked in the JSON, the PDF text and the
workbook read back, on the demo plus: a line of another fiscal year, an ungranted line, a line with no funding
source, a multi-lead activity, an activity co-ordinated by a second unit, a multi-year plan with a line not
assigned to a year, archived rows that must not count, and a draft plan."""
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import Activity, ProgressUpdate, Status, Target, TargetProgress
from budgets.models import BudgetLine, Expenditure, FundingSource
from core import archive
from core.periods import parse_period
from plans.models import Plan, Unit
from reports.jsondoc import report_data
from reports.rows import DraftNotReportable, build_report, parse_scope

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")
DASHBOARD = reverse("reports:dashboard")
D = datetime.date

# 19/KH-TGPL in Quý III/2021, after the additions below (đồng).
PLANNED = 460_400_000 + 30_000_000 + 12_000_000 + 20_000_000  # + ungranted, no source, multi-lead
ALLOCATED = 460_400_000 + 12_000_000 + 20_000_000
SPENT_IN_Q3 = 60_750_000 + 2_000_000 + 1_000_000
SPENT_TO_Q3 = 372_250_000 + 2_000_000 + 6_000_000
REMAINING = ALLOCATED - SPENT_TO_Q3


def n(value):
    return f"{value:,}".replace(",", ".")


@pytest.fixture
def world(demo_data):
    users = get_user_model().objects
    editor, updater = users.get(username="bientap"), users.get(username="trungtam")
    plan = Plan.objects.get(number="19/KH-TGPL")
    local, central = FundingSource.objects.get(code="nsdp"), FundingSource.objects.get(code="nstw")
    rooms = {u.short_name or u.name: u for u in Unit.objects.filter(province=plan.province)}
    office, professional, branches = rooms["Phòng HC-TH"], rooms["Phòng Nghiệp vụ"], rooms["Các Chi nhánh"]
    media = Activity.objects.get(plan=plan, title__startswith="Thực hiện hoạt động truyền thông")  # 3.1
    training = Activity.objects.get(plan=plan, title__startswith="Tổ chức hội nghị tập huấn")  # 4.2
    workshop = Activity.objects.get(plan=plan, title__startswith="Tổ chức Hội thảo")  # 4.3
    it = Activity.objects.get(plan=plan, title__startswith="Tăng cường ứng dụng công nghệ")  # 6
    assignments = Activity.objects.get(plan=plan, title__startswith="Giao chỉ tiêu vụ việc")  # 2.2.1, done

    def spend(line, amount, day, update=None):
        Expenditure.objects.create(budget_line=line, amount=amount, spent_on=day, recorded_by=updater,
                                   progress_update=update)

    # A line of fiscal year 2022 on 3.1: never in a 2021 report.
    next_year = BudgetLine.objects.create(activity=media, description="In lịch 2022", amount=51_700_000,
                                          funding_source=local, fiscal_year=2022, position=10)
    spend(next_year, 8_000_000, D(2022, 2, 10))
    # Ungranted: planned, not allocated.
    BudgetLine.objects.create(activity=training, description="Tập huấn bổ sung", amount=30_000_000,
                              funding_source=central, fiscal_year=2021, allocated=False, position=10)
    # No funding source, no fiscal year (the plan's single year counts).
    no_source = BudgetLine.objects.create(activity=it, description="Thuê đường truyền", amount=12_000_000,
                                          funding_source=None, fiscal_year=None, position=10)
    spend(no_source, 2_000_000, D(2021, 8, 10))
    # 4.3 gets a second lead unit: its money counts once, under Phòng Nghiệp vụ (first in the unit list).
    workshop.lead_units.add(branches)
    multi = BudgetLine.objects.create(activity=workshop, description="Hội thảo", amount=20_000_000,
                                      funding_source=local, fiscal_year=2021, position=10)
    spend(multi, 5_000_000, D(2021, 5, 5))
    spend(multi, 1_000_000, D(2021, 9, 1))
    # Archived rows never count: a line with spending, and an update carrying spending on a live line.
    gone = BudgetLine.objects.create(activity=media, description="Đã hủy", amount=9_000_000, funding_source=local,
                                     fiscal_year=2021, position=11)
    spend(gone, 9_000_000, D(2021, 8, 1))
    archive.archive(gone, user=editor)
    late = ProgressUpdate.objects.create(activity=it, unit=office, year=2021, quarter=4, status="in_progress",
                                         author=updater)
    spend(no_source, 4_000_000, D(2021, 9, 2), update=late)
    archive.archive(late, user=editor)
    # Reported done, but its target is not reached.
    Target.objects.create(activity=assignments, quantity=5, measure="vụ việc")

    # A multi-year plan of the province: one line of 2021, one not assigned to a year.
    centre = Unit.objects.get(name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn")
    long_plan = Plan.objects.create(province=plan.province, issuing_unit=centre, number="7/KH-TGPL",
                                    title="Kế hoạch giai đoạn 2021 - 2025", start_year=2021, end_year=2025,
                                    status=Plan.Status.ISSUED, issued_on=D(2021, 1, 20))
    long_activity = Activity.objects.create(plan=long_plan, title="Trợ giúp pháp lý lưu động", due=D(2025, 12, 31))
    long_activity.lead_units.add(centre)
    unassigned = BudgetLine.objects.create(activity=long_activity, description="Cả giai đoạn", amount=100_000_000,
                                           funding_source=central)
    this_year = BudgetLine.objects.create(activity=long_activity, description="Năm 2021", amount=7_000_000,
                                          funding_source=local, fiscal_year=2021)
    spend(unassigned, 10_000_000, D(2021, 8, 20))
    spend(this_year, 3_000_000, D(2021, 2, 2))

    # A draft plan: not in the year, reported only as a marked preview.
    draft = Plan.objects.create(province=plan.province, issuing_unit=centre, number="99/KH-TGPL",
                                title="Dự thảo kế hoạch", start_year=2021, status=Plan.Status.DRAFT)
    draft_activity = Activity.objects.create(plan=draft, title="Việc của dự thảo")
    BudgetLine.objects.create(activity=draft_activity, amount=55_000_000, funding_source=local, fiscal_year=2021)
    return {"plan": plan, "long_plan": long_plan, "draft": draft, "office": office, "professional": professional,
            "branches": branches, "centre": centre, "it": it, "media": media}


def report_of(code, period="2021-Q3", **kwargs):
    plans = Plan.objects.filter(province__code="lang-son")
    return build_report(parse_scope(code, plans, year=parse_period(period).year, **kwargs), parse_period(period))


def get(client, username, **query):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(URL, query)
    assert response.status_code == 200, response.content[:500]
    return response


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def rows_of(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- the figures ----------------------------------------------------------------------------------------


def test_plan_figures_in_the_json(client, world):
    data = json.loads(get(client, "lanhdao", pham_vi=f"plan:{world['plan'].pk}", ky="2021-Q3",
                          dinh_dang="json").content)
    assert data["schema"] == "tgpl-report/1" and data["draft"] is False
    assert data["totals"] == {"planned": PLANNED, "allocated": ALLOCATED, "spent_in_period": SPENT_IN_Q3,
                              "spent_to_date": SPENT_TO_Q3, "remaining": REMAINING}
    assert data["windows"] == {"spent_in_period": {"first": "2021-07-01", "last": "2021-09-30"},
                               "spent_to_date": {"first": "2021-01-01", "last": "2021-09-30"}}
    assert data["fiscal_year"] == 2021
    by_source = {row["funding_source"]: row for row in data["by_source"]}
    assert list(by_source) == ["Ngân sách trung ương", "Ngân sách địa phương", None]  # no source last
    assert by_source[None]["planned"] == 12_000_000 and by_source[None]["spent_to_date"] == 2_000_000
    assert by_source["Ngân sách trung ương"]["planned"] == 30_000_000
    assert by_source["Ngân sách trung ương"]["allocated"] == 0
    assert sum(row["planned"] for row in data["by_source"]) == PLANNED

    [plan] = data["plans"]
    assert (plan["number"], plan["planned"], plan["spent_to_date"]) == ("19/KH-TGPL", PLANNED, SPENT_TO_Q3)
    activities = {a["number"]: a for a in plan["activities"]}
    media = activities["3.1"]
    assert media["lead"] == ["Phòng Hành chính - Tổng hợp"]
    assert media["coordinating"] == ["Phòng Nghiệp vụ", "Các Chi nhánh của Trung tâm"]
    assert [line["amount"] for line in media["budget_lines"]] == [177_400_000, 40_000_000, 240_000_000, 3_000_000, 0]
    assert "In lịch 2022" not in json.dumps(data, ensure_ascii=False)  # fiscal year 2022
    assert "Đã hủy" not in json.dumps(data, ensure_ascii=False)  # archived
    assert media["budget_lines"][0] == {
        "description": media["budget_lines"][0]["description"], "funding_source": "Ngân sách địa phương",
        "fiscal_year": 2021, "assigned_to_year": True, "allocated": True, "decision_reference": "297/QĐ-STP",
        "amount": 177_400_000, "spent_in_period": 0, "spent_to_date": 150_000_000,
    }
    assert media["budget_lines"][-1]["allocated"] is False
    assert media["planned"] == 460_400_000 and media["spent_in_period"] == 60_750_000
    it = activities["6"]
    assert it["budget_lines"][0]["funding_source"] is None and it["budget_lines"][0]["fiscal_year"] == 2021
    assert it["spent_to_date"] == 2_000_000  # the archived update's 4.000.000 does not count
    workshop = activities["4.3"]
    assert workshop["lead"] == ["Phòng Nghiệp vụ", "Các Chi nhánh của Trung tâm"]
    assert workshop["money_counted_under"] == "Phòng Nghiệp vụ" and workshop["planned"] == 20_000_000
    assert activities["4.2"]["allocated"] == 0 and activities["4.2"]["planned"] == 30_000_000
    assert sum(a["planned"] for a in plan["activities"]) == PLANNED


def test_targets_against_results(world):
    rows = {row.number: row for row in report_of(f"plan:{world['plan'].pk}").rows}
    media = {t.measure: t for t in rows["3.1"].targets}
    assert (media["xã, thôn"].quantity, media["xã, thôn"].achieved_in_period,
            media["xã, thôn"].achieved_to_date) == (120, 96, 96)
    assert media["xã, thôn"].share == 80 and not media["xã, thôn"].reached
    assert (media["Tờ gấp"].achieved_in_period, media["Tờ gấp"].achieved_to_date) == (0, 80_000)
    # "100 %" reported in Quý I, II and III is 100 %, not 300 %.
    [reception] = rows["2.1"].targets
    assert (reception.achieved_in_period, reception.achieved_to_date, reception.share) == (100, 100, 100)
    # Flags: targets met but not done; done but targets not met; met and done is fine.
    assert rows["2.1"].flag == "Đã đạt đủ chỉ tiêu nhưng chưa báo cáo hoàn thành"
    assert rows["2.2.1"].flag == "Báo cáo hoàn thành nhưng chưa đạt đủ chỉ tiêu"
    assert rows["4.2"].status == Status.DONE and rows["4.2"].flag == ""
    assert rows["3.1"].flag == ""  # in progress and behind: nothing to reconcile
    q2 = {row.number: row for row in report_of(f"plan:{world['plan'].pk}", "2021-Q2").rows}
    assert {t.measure: t.achieved_to_date for t in q2["3.1"].targets}["xã, thôn"] == 0


def test_units_own_only_what_they_lead(world):
    plan = report_of(f"plan:{world['plan'].pk}")
    by_unit = {unit.name: unit for unit in plan.by_unit}
    assert by_unit["Phòng Nghiệp vụ"].planned == 20_000_000
    assert by_unit["Các Chi nhánh của Trung tâm"].planned == 0  # leads 4.3 too, its money is counted once
    assert by_unit["Phòng Hành chính - Tổng hợp"].planned == PLANNED - 20_000_000
    assert sum(unit.planned for unit in plan.by_unit) == PLANNED
    assert sum(unit.spent_to_date for unit in plan.by_unit) == SPENT_TO_Q3

    units = {key: report_of(f"unit:{world[key].pk}") for key in ("office", "professional", "branches")}
    assert units["professional"].totals.planned == 20_000_000
    assert units["branches"].totals.planned == 0
    assert sum(r.totals.planned for r in units.values()) == PLANNED  # Trợ giúp viên lead nothing with money
    assert sum(r.totals.spent_to_date for r in units.values()) == SPENT_TO_Q3
    professional = units["professional"]
    led = [row.number for row in professional.rows if not row.is_section]
    coordinated = [row.number for row in professional.coordinated_rows]
    assert "4.3" in led and "3.1" not in led and "3.1" in coordinated
    assert all(row.planned == 0 for row in professional.coordinated_rows)
    branch_row = next(row for row in units["branches"].rows if row.number == "4.3")
    assert branch_row.money_elsewhere and "Kinh phí tính cho Phòng Nghiệp vụ" in branch_row.note
    # The centre's report holds everything of its rooms once, and its own multi-year plan.
    centre = report_of(f"unit:{world['centre'].pk}")
    assert centre.totals.planned == PLANNED + 7_000_000


def test_year_is_the_sum_of_its_plans_and_drafts_stay_out(world):
    year = report_of("year:2021")
    numbers = [block.plan.number for block in year.blocks]
    assert "99/KH-TGPL" not in numbers and "7/KH-TGPL" in numbers and "19/KH-TGPL" in numbers
    plans = [report_of(f"plan:{block.plan.pk}") for block in year.blocks]
    for key in ("planned", "allocated", "spent_in_period", "spent_to_date"):
        assert getattr(year.totals, key) == sum(getattr(r.totals, key) for r in plans)
    assert year.totals.planned == PLANNED + 7_000_000
    assert year.totals.spent_to_date == SPENT_TO_Q3 + 3_000_000
    # The multi-year plan's line without a year is reported apart, never in the year's figures.
    assert year.unassigned.as_dict() == {"planned": 100_000_000, "allocated": 100_000_000,
                                         "spent_in_period": 10_000_000, "spent_to_date": 10_000_000,
                                         "remaining": 90_000_000}
    assert [line.description for _row, line in year.unassigned_lines] == ["Cả giai đoạn"]
    # The 2022 line counts in 2022, with its 2022 spending.
    next_year = report_of(f"plan:{world['plan'].pk}", "2022-Q1")
    assert (next_year.totals.planned, next_year.totals.spent_to_date) == (51_700_000, 8_000_000)


# --- the three writers agree ----------------------------------------------------------------------------


def test_pdf_workbook_and_json_agree(client, world):
    query = {"pham_vi": f"plan:{world['plan'].pk}", "ky": "2021-Q3"}
    data = json.loads(get(client, "lanhdao", **query, dinh_dang="json").content)
    text, reader = pdf_text(get(client, "lanhdao", **query, dinh_dang="pdf").content)
    book = load_workbook(io.BytesIO(get(client, "lanhdao", **query, dinh_dang="xlsx").content))
    page = get(client, "lanhdao", **query).content.decode()

    totals = data["totals"]
    # PDF: every figure, its window, and the legend.
    for figure in (PLANNED, ALLOCATED, SPENT_IN_Q3, SPENT_TO_Q3, REMAINING):
        assert n(figure) in text and n(figure) in page
    for line in ("177.400.000", "40.000.000", "240.000.000", "3.000.000", "12.000.000", "30.000.000"):
        assert line in text
    assert "51.700.000" not in text and "In lịch 2022" not in text and "Đã hủy" not in text
    assert "DỰ THẢO" not in text
    for words in ("Chưa xác định nguồn", "Chưa cấp", "lũy kế từ 01/01/2021 đến 30/09/2021",
                  "trong Quý III/2021 (từ 01/07/2021 đến 30/09/2021)", "Cách tính số liệu kinh phí",
                  "Kinh phí được cấp: phần kinh phí kế hoạch", "đơn vị chủ trì đứng đầu", "PHỤ LỤC II", "PHỤ LỤC III",
                  "Cộng hoạt động", "Cộng mục", "Cộng kế hoạch 19/KH-TGPL", "Đã đạt đủ chỉ tiêu nhưng chưa báo cáo"):
        assert words in text, words
    assert "Kinh phí giao" not in text and "Đã sử dụng" not in text and "Đã giao" not in text
    # Targets: planned, achieved in the period, to date, share done (Phụ lục II), as in the JSON.
    json_media = next(a for a in data["plans"][0]["activities"] if a["number"] == "3.1")
    communes = next(t for t in json_media["targets"] if t["measure"] == "xã, thôn")
    assert (communes["quantity"], communes["achieved_in_period"], communes["achieved_to_date"],
            communes["share_done"]) == (120, 96, 96, 80.0)
    assert "xã, thôn — hệ thống loa phát thanh 120 96 96 80%" in text
    assert "Tờ gấp — tờ gấp pháp luật về TGPL 80.000 0 80.000 100%" in text
    assert len(reader.pages) >= 6

    # Workbook: money by source (formulas for remaining and rate), the itemised lines, targets, legend.
    assert book.sheetnames == ["Tiến độ", "Kinh phí", "Chi tiết kinh phí", "Chỉ tiêu", "Chú giải", "Nội dung báo cáo"]
    cost = rows_of(book["Kinh phí"])
    assert cost[3][:7] == ["Nguồn kinh phí", "Kinh phí kế hoạch", "Kinh phí được cấp", "Chi trong kỳ",
                           "Lũy kế đã chi", "Còn lại", "Tỷ lệ giải ngân"]
    sources = {row[0]: row[1:5] for row in cost[4:7]}
    assert sources == {row["funding_source"] or "Chưa xác định nguồn": [
        row["planned"], row["allocated"], row["spent_in_period"], row["spent_to_date"]] for row in data["by_source"]}
    assert [sum(column) for column in zip(*sources.values())] == [
        totals["planned"], totals["allocated"], totals["spent_in_period"], totals["spent_to_date"]]
    assert cost[4][5] == "=C5-E5" and cost[4][6] == '=IF(C5=0,"",E5/C5)'  # remaining and rate on "allocated"
    units = {row[0]: row for row in cost if row[0] in ("Phòng Nghiệp vụ", "Các Chi nhánh của Trung tâm")}
    assert units["Phòng Nghiệp vụ"][4] == 20_000_000 and units["Các Chi nhánh của Trung tâm"][4] == 0

    lines = rows_of(book["Chi tiết kinh phí"])
    assert lines[3] == ["STT", "Nội dung chi", "Nguồn kinh phí", "Năm ngân sách", "Cấp kinh phí",
                        "Quyết định giao dự toán", "Kinh phí kế hoạch", "Kinh phí được cấp", "Chi trong kỳ",
                        "Lũy kế đã chi"]
    itemised = [row for row in lines[4:] if row[4] in ("Đã cấp", "Chưa cấp")]
    media = [row[6] for row in itemised if row[5] == "297/QĐ-STP"]
    assert media == [177_400_000, 40_000_000, 240_000_000, 3_000_000, 0]
    assert sum(row[6] for row in itemised) == totals["planned"]
    assert sum(row[9] for row in itemised) == totals["spent_to_date"]
    no_source = next(row for row in itemised if row[2] == "Chưa xác định nguồn")
    assert no_source[3] == 2021 and no_source[6:] == [12_000_000, 12_000_000, 2_000_000, 2_000_000]
    subtotal = next(row for row in lines if str(row[1]).strip().startswith("Cộng hoạt động: Thực hiện hoạt động"))
    assert subtotal[0] == "3.1" and subtotal[6:] == [460_400_000, 460_400_000, 60_750_000, 372_250_000]
    plan_row = next(row for row in lines if str(row[1]).startswith("Cộng kế hoạch"))
    assert plan_row[6:] == [totals["planned"], totals["allocated"], totals["spent_in_period"],
                            totals["spent_to_date"]]

    targets = rows_of(book["Chỉ tiêu"])
    leaflets = next(row for row in targets if row[3] and str(row[3]).startswith("Tờ gấp"))
    assert leaflets[0] == "3.1" and leaflets[4:8] == [80_000, 0, 80_000, 1]
    json_targets = [t for a in data["plans"][0]["activities"] for t in a["targets"]]
    assert len([row for row in targets[4:] if row[4] is not None]) == len(json_targets)

    legend = rows_of(book["Chú giải"])
    assert ["Lũy kế đã chi", "số đã chi lũy kế từ 01/01/2021 đến 30/09/2021 (từ đầu năm ngân sách đến hết kỳ báo "
            "cáo)."] in legend

    # JSON activities against the progress sheet, row by row.
    progress = {row[0]: row for row in rows_of(book["Tiến độ"])[4:] if row[0]}
    for activity in data["plans"][0]["activities"]:
        sheet_row = progress[activity["number"]]
        heading_without_lines = activity["kind"] == "section" and not activity["budget_lines"]
        expected = (None, None) if heading_without_lines else (activity["planned"], activity["spent_to_date"])
        assert (sheet_row[6], sheet_row[7]) == expected  # a heading is blank: its subtree is in the subtotal


def test_unit_report_lists_coordination_apart_in_every_writer(client, world):
    query = {"pham_vi": f"unit:{world['professional'].pk}", "ky": "2021-Q3"}
    data = json.loads(get(client, "lanhdao", **query, dinh_dang="json").content)
    assert data["totals"]["planned"] == 20_000_000
    [plan] = data["plans"]  # the plan the room has no part in is left out
    assert "3.1" in [a["number"] for a in plan["coordinated_activities"]]
    assert "3.1" not in [a["number"] for a in plan["activities"]]
    text, _reader = pdf_text(get(client, "lanhdao", **query, dinh_dang="pdf").content)
    assert "Các hoạt động đơn vị phối hợp thực hiện (không tính kinh phí)" in text
    assert "hoạt động đơn vị chỉ phối hợp được liệt kê riêng" in text
    book = load_workbook(io.BytesIO(get(client, "lanhdao", **query, dinh_dang="xlsx").content))
    assert "3.1" in [row[0] for row in rows_of(book["Phối hợp"])]
    assert book["Kinh phí"].cell(5, 2).value == 20_000_000


# --- no 500 for a line without a source; the dashboard ----------------------------------------------------


def test_dashboard_states_each_window_and_lists_lines_to_complete(client, world):
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    response = client.get(DASHBOARD, {"nam": 2021, "phan": "Q3", "pham_vi": f"plan:{world['plan'].pk}"})
    assert response.status_code == 200
    page = response.content.decode()
    for words in ("lũy kế từ 01/01/2021 đến 30/09/2021", "trong Quý III/2021 (từ 01/07/2021 đến 30/09/2021)",
                  "năm ngân sách 2021", n(PLANNED), n(ALLOCATED), n(SPENT_IN_Q3), n(SPENT_TO_Q3),
                  "Chưa xác định nguồn", "Thuê đường truyền", "Bổ sung nguồn kinh phí",
                  "Báo cáo hoàn thành nhưng chưa đạt đủ chỉ tiêu", "chỉ tiêu đã đạt"):
        assert words in page, words
    report = response.context["report"]
    assert f"{report.targets_reached}/{report.target_count}" in page
    assert reverse("budgets:activity_lines", args=[world["plan"].pk, world["it"].pk]) in page
    year = client.get(DASHBOARD, {"nam": 2021, "phan": "Q3"})
    assert year.status_code == 200 and "Ngoài các số trên: 100.000.000 đ" in year.content.decode()


@pytest.mark.parametrize("scope", ["plan", "year", "unit"])
def test_a_line_without_a_source_never_breaks_a_report(client, world, scope):
    codes = {"plan": f"plan:{world['plan'].pk}", "year": "year:2021", "unit": f"unit:{world['office'].pk}"}
    for file_format in ("", "pdf", "xlsx", "json"):
        get(client, "bientap", pham_vi=codes[scope], ky="2021-Q3", dinh_dang=file_format)


# --- drafts ---------------------------------------------------------------------------------------------


def test_a_draft_is_reported_only_as_a_marked_preview(client, world, tmp_path):
    draft = world["draft"]
    client.force_login(get_user_model().objects.get(username="bientap"))
    page = client.get(URL, {"pham_vi": f"plan:{draft.pk}", "ky": "2021-Q3"})
    assert page.status_code == 200 and "đang là dự thảo" in page.content.decode()
    assert "du_thao=1" in page.content.decode() and "55.000.000" not in page.content.decode()
    for file_format in ("pdf", "xlsx", "json"):
        assert client.get(URL, {"pham_vi": f"plan:{draft.pk}", "ky": "2021-Q3",
                                "dinh_dang": file_format}).status_code == 400
    with pytest.raises(DraftNotReportable):
        report_of(f"plan:{draft.pk}")

    preview = {"pham_vi": f"plan:{draft.pk}", "ky": "2021-Q3", "du_thao": "1"}
    html = get(client, "bientap", **preview).content.decode()
    assert "DỰ THẢO" in html and "55.000.000" in html
    text, reader = pdf_text(get(client, "bientap", **preview, dinh_dang="pdf").content)
    assert all("DỰ THẢO" in page.extract_text() for page in reader.pages)  # on every page
    book = load_workbook(io.BytesIO(get(client, "bientap", **preview, dinh_dang="xlsx").content))
    for sheet in book.worksheets:
        assert str(sheet["A1"].value).startswith("DỰ THẢO") and "DỰ THẢO" in sheet.oddHeader.center.text
    response = get(client, "bientap", **preview, dinh_dang="json")
    assert json.loads(response.content)["draft"] is True
    assert "du-thao" in response["Content-Disposition"]

    with pytest.raises(CommandError, match="dự thảo"):
        call_command("report", "--scope", "plan:99/KH-TGPL", "--period", "2021-Q3", "--format", "json",
                     "-o", str(tmp_path / "x.json"))
    call_command("report", "--scope", "plan:99/KH-TGPL", "--period", "2021-Q3", "--format", "json", "--draft",
                 "-o", str(tmp_path / "x.json"), stdout=io.StringIO())
    assert json.loads((tmp_path / "x.json").read_text())["totals"]["planned"] == 55_000_000


def test_command_writes_json_with_the_documented_keys(world, tmp_path):
    out = io.StringIO()
    call_command("report", "--scope", "year:2021", "--province", "lang-son", "--period", "2021-Q3",
                 "--format", "json", "-o", "-", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data["totals"]) == {"planned", "allocated", "spent_in_period", "spent_to_date", "remaining"}
    activity = data["plans"][0]["activities"][0]
    assert {"number", "title", "lead", "coordinating", "timeframe", "status", "planned", "allocated",
            "spent_in_period", "spent_to_date", "targets", "budget_lines"} <= set(activity)
    line = next(line for plan in data["plans"] for a in plan["activities"] for line in a["budget_lines"])
    assert {"description", "funding_source", "fiscal_year", "allocated", "amount", "spent_in_period",
            "spent_to_date"} <= set(line)
    target = next(t for plan in data["plans"] for a in plan["activities"] for t in a["targets"])
    assert {"quantity", "measure", "achieved_in_period", "achieved_to_date"} <= set(target)
    assert all(isinstance(value, int) for value in data["totals"].values())
    assert data == report_data(report_of("year:2021"))  # the same rows as every other writer


# --- query counts stay flat with targets, lines and owners ----------------------------------------------


def _grow(world, count, start):
    plan, room, branches = world["plan"], world["professional"], world["branches"]
    user = get_user_model().objects.get(username="trungtam")
    for i in range(start, start + count):
        activity = Activity.objects.create(plan=plan, title=f"Hoạt động thêm {i}", position=200 + i)
        activity.lead_units.add(room, branches)
        activity.coordinating_units.add(world["office"])
        target = Target.objects.create(activity=activity, quantity=10, measure="đợt")
        line = BudgetLine.objects.create(activity=activity, amount=1_000_000, funding_source=None,
                                         fiscal_year=2021 if i % 2 else None)
        update = ProgressUpdate.objects.create(activity=activity, unit=room, year=2021, quarter=3,
                                               status=Status.IN_PROGRESS, author=user)
        TargetProgress.objects.create(update=update, target=target, achieved=3)
        Expenditure.objects.create(budget_line=line, progress_update=update, amount=100_000,
                                   spent_on=D(2021, 8, 1), recorded_by=user)


@pytest.mark.parametrize("url, query", [
    (URL, {"pham_vi": "unit:{room}", "ky": "2021-Q3"}),
    (URL, {"pham_vi": "plan:{plan}", "ky": "2021-Q3", "dinh_dang": "json"}),
    (DASHBOARD, {"nam": "2021", "phan": "Q3"}),
])
def test_query_counts_do_not_grow(client, world, url, query):
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    query = {key: value.format(room=world["professional"].pk, plan=world["plan"].pk) for key, value in query.items()}
    _grow(world, 3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, query).status_code == 200
    _grow(world, 60, 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, query).status_code == 200
    assert len(small) == len(large)
