"""Test data for unit work and progress: two provinces, a room under the Trung tâm leading an activity,
another unit co-ordinating, budget lines, and one user per role (plus an updater of an unrelated unit)."""
import datetime

from activities.models import Activity, ProgressUpdate, Target
from budgets.models import BudgetLine, FundingSource
from plans.models import Role, Unit
from tests.factories import make_people, make_plan, make_province, make_user


def minimal_pdf():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_activity(plan, title="Thực hiện hoạt động truyền thông", lead=(), coordinating=(), **fields):
    fields.setdefault("due", datetime.date(2021, 12, 31))
    activity = Activity.objects.create(plan=plan, title=title, **fields)
    activity.lead_units.add(*lead)
    activity.coordinating_units.add(*coordinating)
    return activity


def build_world():
    ls, dept, centre, branch = make_province("Lạng Sơn", "lang-son")
    room = Unit.objects.create(province=ls, parent=centre, name="Phòng Nghiệp vụ")
    office = Unit.objects.create(province=ls, parent=dept, name="Văn phòng Sở")
    tv, tv_dept, tv_centre, _ = make_province("Trà Vinh", "tra-vinh")
    people = make_people(dept, centre)
    people["office_updater"] = make_user("ls-office", office, Role.UPDATER, email="office@example.invalid")
    people[Role.UPDATER].email = "trungtam@example.invalid"
    people[Role.UPDATER].save(update_fields=["email"])
    people["tv_updater"] = make_user("tv-updater", tv_centre, Role.UPDATER, email="tv@example.invalid")
    plan = make_plan(ls, centre, number="19/KH-TGPL", status="issued", start_year=2021)
    activity = make_activity(plan, lead=[room], coordinating=[branch])
    target = Target.objects.create(activity=activity, quantity=80000, measure="tờ gấp")
    source = FundingSource.objects.create(code="nsdp", name="Ngân sách địa phương")
    line = BudgetLine.objects.create(activity=activity, amount=10_000_000, funding_source=source, description="In tờ gấp")
    office_activity = make_activity(plan, title="Việc của Văn phòng", lead=[office])
    office_line = BudgetLine.objects.create(activity=office_activity, amount=5_000_000, description="Văn phòng phẩm")
    tv_plan = make_plan(tv, tv_centre, number="05/KH-TGPL", status="issued", start_year=2021)
    tv_activity = make_activity(tv_plan, title="Việc của Trà Vinh", lead=[tv_centre])
    draft = make_plan(ls, centre, number="99/KH-TGPL", status="draft", start_year=2021)
    draft_activity = make_activity(draft, title="Việc của dự thảo", lead=[room])
    return {
        "province": ls, "dept": dept, "centre": centre, "branch": branch, "room": room, "office": office,
        "people": people, "plan": plan, "activity": activity, "target": target, "line": line,
        "office_activity": office_activity, "office_line": office_line, "tv_activity": tv_activity,
        "draft_activity": draft_activity,
    }


def add_update(activity, unit, author, year=2021, quarter=1, status="in_progress", **fields):
    return ProgressUpdate.objects.create(
        activity=activity, unit=unit, author=author, year=year, quarter=quarter, status=status, **fields,
    )
