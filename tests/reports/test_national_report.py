"""The national year report (issue 17, item 3): built from the provinces' issued reports — frozen figures, not
live data — with the provinces that have not issued theirs listed; its files; who may download it; and the
national dashboard's column of reports issued per quarter and how late."""
import datetime
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import ProgressUpdate, Status
from budgets.models import BudgetLine, Expenditure
from core.formatting import format_number
from core.periods import parse_period
from plans.models import Plan
from reports import national_documents
from reports.models import Report
from reports.national_report import national_year_report
from reports.rows import parse_scope
from reports.services import report_create, report_issue, report_new_version

pytestmark = pytest.mark.django_db


def issue(user, scope_code, period_code, number, issued_on):
    scope = parse_scope(scope_code, Plan.objects.all())
    report = report_create(user=user, scope=scope, period=parse_period(period_code))
    return report_issue(report=report, user=user, number=number, issued_on=issued_on)


@pytest.fixture
def issued_year(demo_leader):
    return issue(demo_leader, "year:2021:lang-son", "2021", "5/BC-STP", datetime.date(2022, 1, 10))


def test_figures_are_those_frozen_when_issued(issued_year, demo_updater):
    frozen = issued_year.snapshot
    before = national_year_report(2021)
    row = next(r for r in before.rows if r.province.code == "lang-son")
    assert row.spent_to_date == frozen["totals"]["spent_to_date"] > 0
    assert row.activities == sum(frozen["status_counts"].values()) and row.done == frozen["status_counts"]["done"]
    assert [u.report.number for u in row.used] == ["5/BC-STP"] and not row.used[0].partial
    assert row.used[0].days_late == 10  # 10/01/2022 after 31/12/2021

    # The live data moves: money spent, an activity finished. The national report does not.
    line = BudgetLine.objects.filter(activity__plan__province__code="lang-son", activity__plan__start_year__lte=2021,
                                     amount__gt=0).first()
    update = ProgressUpdate.objects.filter(activity=line.activity).first()
    Expenditure.objects.create(budget_line=line, progress_update=update, amount=7_000_000, spent_on="2021-11-20",
                               recorded_by=demo_updater)
    open_activity = next(a for a in line.activity.plan.activities.filter(kind="activity")
                         if a.status != Status.DONE)
    open_activity.status = Status.DONE
    open_activity.save()
    after = national_year_report(2021)
    row_after = next(r for r in after.rows if r.province.code == "lang-son")
    assert (row_after.spent_to_date, row_after.done, row_after.money.as_dict()) == (
        row.spent_to_date, row.done, row.money.as_dict())
    assert after.total.spent_to_date == before.total.spent_to_date


def test_provinces_without_a_year_report_are_listed(issued_year, demo_users):
    national = national_year_report(2021)
    missing = {m.province.code: m for m in national.missing}
    assert "lang-son" not in missing
    # Trà Vinh existed in 2021 (merged into Vĩnh Long in 2025): it had to report, and it is counted under Vĩnh Long.
    assert {"tra-vinh", "vinh-long"} <= set(missing) and missing["tra-vinh"].heir.code == "vinh-long"
    assert national.issued_count == national.expected - len(missing)
    # A quarter report stands in for a missing year report, marked, and the province stays listed.
    leader_tv = demo_users["bientap.tv"]
    issue(leader_tv, "year:2021:tra-vinh", "2021-Q3", "7/BC-STP", datetime.date(2021, 10, 12))
    national = national_year_report(2021)
    missing = {m.province.code: m for m in national.missing}
    assert missing["tra-vinh"].stand_in.report.number == "7/BC-STP" and missing["tra-vinh"].stand_in.partial
    vinh_long = next(r for r in national.rows if r.province.code == "vinh-long")
    assert [(u.report.province.code, u.partial) for u in vinh_long.used] == [("tra-vinh", True)]
    assert national.total.activities == sum(r.activities for r in national.rows) > 0


def test_a_new_version_replaces_the_one_it_supersedes(issued_year, demo_leader):
    draft = report_new_version(report=issued_year, user=demo_leader)
    report_issue(report=draft, user=demo_leader, number="9/BC-STP", issued_on=datetime.date(2022, 2, 1))
    row = next(r for r in national_year_report(2021).rows if r.province.code == "lang-son")
    assert [u.report.number for u in row.used] == ["9/BC-STP"]


def test_the_files_carry_the_same_totals_as_the_json(issued_year, client, demo_users):
    client.force_login(demo_users["trunguong"])
    url = lambda fmt: reverse("reports:national_report", args=[fmt]) + "?nam=2021"  # noqa: E731
    response = client.get(url("json"))
    assert response.status_code == 200 and "bao-cao-toan-quoc-2021.json" in response["Content-Disposition"]
    data = json.loads(response.content)
    total = data["total"]
    assert data["source"] == "issued_reports" and total["spent_to_date"] == issued_year.snapshot["totals"][
        "spent_to_date"]
    assert {m["code"] for m in data["missing"]} >= {"tra-vinh", "vinh-long"}

    book = load_workbook(io.BytesIO(client.get(url("xlsx")).content), data_only=True)
    sheet = book.active
    total_row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Cả nước")
    assert list(total_row[3:6]) == [total["activities"], total["done"], total["overdue"]]
    assert list(total_row[7:12]) == [total[k] for k in ("planned", "allocated", "spent_in_period", "spent_to_date",
                                                        "remaining")]
    texts = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any(t.startswith("Trà Vinh") for t in texts)

    pdf = client.get(url("pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "BỘ TƯ PHÁP" in text and "5/BC-STP" in text and "Trà Vinh" in text
    assert f"Cả nước {format_number(total['activities'])}" in text
    assert format_number(total["spent_to_date"]) in text

    doc = Document(io.BytesIO(client.get(url("docx")).content))
    cells = [cell.text for row in doc.tables[0].rows for cell in row.cells]
    assert "Cả nước" in cells and format_number(total["spent_to_date"]) in cells
    assert any(p.text.startswith("- Trà Vinh") for p in doc.paragraphs)
    assert json.loads(national_documents.write_json(national_year_report(2021)))["total"] == total


@pytest.mark.parametrize("username", ["lanhdao", "bientap", "trungtam"])
def test_only_the_national_role_downloads_it(client, demo_users, username):
    client.force_login(demo_users[username])
    assert client.get(reverse("reports:national_report", args=["json"]) + "?nam=2021").status_code == 403
    client.force_login(demo_users["trunguong"])
    assert client.get(reverse("reports:national_report", args=["csv"]) + "?nam=2021").status_code == 404
    assert client.get(reverse("reports:national_report", args=["json"]) + "?nam=x").status_code == 400


def test_the_dashboard_shows_reports_issued_per_quarter_and_how_late(demo_leader, client, demo_users):
    issue(demo_leader, "year:2021:lang-son", "2021-Q2", "3/BC-STP", datetime.date(2021, 7, 15))
    client.force_login(demo_users["trunguong"])
    html = client.get(reverse("reports:national"), {"nam": 2021}).content.decode()
    assert "Quý II/2021: <span>trễ 15 ngày</span>" in html
    assert reverse("reports:national_report", args=["pdf"]) + "?nam=2021" in html
    assert Report.objects.filter(state=Report.State.ISSUED).count() == 1


def test_two_queries_whatever_the_number_of_provinces(issued_year, django_assert_num_queries):
    with django_assert_num_queries(2):  # the provinces, and the issued reports of the year with their snapshots
        national = national_year_report(2021)
    assert len(national.rows) >= 2
