"""The unit pickers' search on the demo's units: the unit a person means comes first."""
import pytest
from django.urls import reverse

from activities.units import search_units
from plans.models import Plan, Province, Unit


@pytest.fixture
def lang_son(demo_data):
    return Province.objects.get(code="lang-son")


def names(province, query):
    by_id = dict(Unit.objects.filter(province=province).values_list("pk", "name"))
    return [by_id[pk] for pk in search_units(province.pk, query)]


def test_toa_an_finds_the_court_first(lang_son):
    # The demo's units have "… xã an toàn khu" but no court; a court added last still comes first.
    Unit.objects.create(province=lang_son, name="Tòa án nhân dân tỉnh Lạng Sơn", kind=Unit.Kind.EXTERNAL,
                        position=999)
    found = names(lang_son, "toa an")
    assert found[0] == "Tòa án nhân dân tỉnh Lạng Sơn"
    assert any("xã an toàn khu" in name for name in found[1:])


def test_tgpl_finds_the_legal_aid_centre_first(lang_son):
    assert "Trợ giúp pháp lý" in names(lang_son, "tgpl")[0]


def test_nothing_typed_finds_nothing(lang_son):
    assert search_units(lang_son.pk, "  ") == []


def test_plan_search_ranks_and_keeps_a_chosen_sort(client, demo_users):
    client.force_login(demo_users["lanhdao"])
    page = client.get(reverse("plans:list"), {"q": "tgpl 2021"}).context["page"]
    titles = [plan.title for plan in page]
    assert titles and all("2021" in f"{p.number} {p.title} {p.purpose}" for p in page)
    # The plan whose number and title say both words comes before those that say them only in their purpose.
    best = Plan.objects.get(number="19/KH-TGPL")
    assert titles[0] == best.title
    sorted_page = client.get(reverse("plans:list"), {"q": "tgpl 2021", "sap_xep": "so"}).context["page"]
    assert {p.pk for p in sorted_page} == {p.pk for p in page}
    numbers = [p.number for p in sorted_page if p.number]
    assert numbers == sorted(numbers, key=str.lower)
