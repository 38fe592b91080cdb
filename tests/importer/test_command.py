"""manage.py import_plan: --json prints the draft and saves nothing; --save makes a draft plan."""
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from activities.models import Activity
from plans.models import Plan, Province, Unit
from tests.importer.reading.samples import DISTRICT_PLAN


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(DISTRICT_PLAN, encoding="utf-8")
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_prints_the_draft_and_saves_nothing(plan_file):
    # No database in this test: pytest-django fails any query, so reading provably touches none.
    out, _err = run(str(plan_file), "--json")
    data = json.loads(out)
    assert "Phòng Tư pháp" in out  # ensure_ascii=False
    assert out.startswith('{\n  "number": "45/KH-PTP"')  # indent 2
    assert [key for key in ("number", "place", "issued_on", "title", "legal_bases", "activities", "recipients",
                            "signer_title", "signer_name") if key not in data] == []
    node = data["activities"][0]["children"][0]
    assert node["lead_units"] == ["Phòng Tư pháp"] and node["start"] == "2023-04-01"
    assert node["budget_lines"][0]["amount"] == 15_000_000


@pytest.mark.django_db
def test_save_makes_a_draft_plan(plan_file):
    province = Province.objects.create(name="Bắc Sơn", code="bac-son")
    office = Unit.objects.create(province=province, name="Phòng Tư pháp")
    get_user_model().objects.create_user(username="bientap", password="x-123456789")
    out, _err = run(str(plan_file), "--save", "--province", "bac-son", "--user", "bientap")
    plan = Plan.objects.get()
    assert f"#{plan.pk}" in out and "45/KH-PTP" in out
    assert (plan.status, plan.issuing_unit, plan.province) == (Plan.Status.DRAFT, office, province)
    assert Activity.objects.filter(plan=plan).count() == 6
    assert plan.history.first().history_user.username == "bientap"


@pytest.mark.django_db
def test_save_with_an_explicit_unit(plan_file):
    province = Province.objects.create(name="Bắc Sơn", code="bac-son")
    unit = Unit.objects.create(province=province, name="Ủy ban nhân dân huyện")
    run(str(plan_file), "--save", "--province", "bac-son", "--unit", str(unit.pk))
    assert Plan.objects.get().issuing_unit == unit


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--save"], "--province"),
    (["--save", "--province", "khong-co"], "khong-co"),
    (["--save", "--province", "bac-son", "--unit", "999999"], "999999"),
    (["--save", "--province", "bac-son", "--user", "ai-do"], "ai-do"),
])
def test_save_errors(plan_file, args, message):
    Province.objects.create(name="Bắc Sơn", code="bac-son")
    with pytest.raises(CommandError, match=message):
        run(str(plan_file), *args)
    assert not Plan.objects.exists()


def test_unreadable_files_give_the_vietnamese_message(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="Tệp rỗng"):
        run(str(empty), "--json")
    with pytest.raises(CommandError, match="Không mở được tệp"):
        run(str(tmp_path / "khong-co.docx"), "--json")
    letter = tmp_path / "thu.txt"
    letter.write_text("Kính gửi anh chị, hẹn gặp lại.", encoding="utf-8")
    with pytest.raises(CommandError, match="không giống một kế hoạch"):
        run(str(letter), "--json")


@pytest.mark.django_db
def test_save_matches_old_names_to_the_units_existing_on_the_document_day(plan_file):
    """As the web importer: the document (03/03/2023) names "Phòng Tư pháp", merged on 01/07/2022 into the
    office that carries its work on; the issuer and the lead units are that successor, not the ended unit."""
    from plans import reform

    province = Province.objects.create(name="Bắc Sơn", code="bac-son")
    old = Unit.objects.create(province=province, name="Phòng Tư pháp")
    successor = Unit.objects.create(province=province, name="Phòng Nội vụ - Tư pháp")
    reform.unit_merge(units=[old], into=successor, decision={
        "decision_number": "12/QĐ-UBND", "decided_on": datetime.date(2022, 6, 1),
        "effective_on": datetime.date(2022, 7, 1)})
    run(str(plan_file), "--save", "--province", "bac-son")
    plan = Plan.objects.get()
    assert plan.issuing_unit == successor
    leads = {unit for activity in Activity.objects.filter(plan=plan) for unit in activity.lead_units.all()}
    assert successor in leads and old not in leads
