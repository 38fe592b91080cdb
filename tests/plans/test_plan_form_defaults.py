"""What a new plan's form offers before anything is typed, and how it reads the title: the year plans are being
written for, the place from the province, no "Kế hoạch" repeated under the printed "KẾ HOẠCH"."""
import datetime

import pytest
from django.urls import reverse

from plans.forms import PlanForm, default_start_year
from plans.models import Plan, Province, Role
from tests.factories import make_people, make_province

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("today", "year"), [
    (datetime.date(2026, 1, 2), 2026),
    (datetime.date(2026, 9, 30), 2026),
    (datetime.date(2026, 10, 1), 2027),
    (datetime.date(2026, 11, 30), 2027),
    (datetime.date(2026, 12, 31), 2027),
])
def test_from_october_plans_are_written_for_next_year(today, year):
    assert default_start_year(today) == year


@pytest.fixture
def editor():
    province, department, centre, _ = make_province("Lạng Sơn", "lang-son")
    return make_people(department, centre)[Role.EDITOR], province, department


def test_new_plan_form_offers_the_province_as_place_and_this_years_plan(editor, client):
    user, province, _ = editor
    client.force_login(user)
    form = client.get(reverse("plans:create")).context["form"]
    assert form.initial["place"] == "Lạng Sơn"
    assert form.initial["start_year"] == default_start_year(datetime.date.today())
    assert "không lặp lại chữ “Kế hoạch”" in str(form.fields["title"].help_text)


def _post(province, department, **fields):
    data = {"province": province.pk, "issuing_unit": department.pk, "kind": "annual", "period": "single",
            "start_year": "2027", "title": "Kế hoạch triển khai công tác trợ giúp pháp lý năm 2027", "place": ""}
    data.update(fields)
    return PlanForm(data, instance=Plan(), provinces=Province.objects.filter(pk=province.pk))


def test_saved_title_and_place(editor):
    _, province, department = editor
    form = _post(province, department)
    assert form.is_valid(), form.errors
    plan = form.save()
    assert plan.title == "Triển khai công tác trợ giúp pháp lý năm 2027"
    assert plan.place == "Lạng Sơn"
    typed = _post(province, department, place="Đồng Đăng", title="Tập huấn")
    assert typed.is_valid(), typed.errors
    assert (typed.cleaned_data["place"], typed.cleaned_data["title"]) == ("Đồng Đăng", "Tập huấn")


def test_the_plan_page_prints_ke_hoach_once(editor, client):
    user, province, department = editor
    plan = Plan.objects.create(province=province, issuing_unit=department, start_year=2027,
                               title="Kế hoạch tập huấn năm 2027")
    client.force_login(user)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "KẾ HOẠCH<br><span>Tập huấn năm 2027</span>" in html
