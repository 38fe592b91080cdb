"""The scope field of the report page and the dashboard (reports.scope_choice): a type-ahead over the province's
plans and units, its JSON suggestions (ranked, limited, never another province's), and the same field without
JavaScript: the text typed is found by the server, one match opens, several are offered, none is said."""
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from plans.models import Plan
from reports.access import units_for_choice
from tests.factories import make_plan

pytestmark = pytest.mark.django_db
SUGGEST = reverse("reports:scope_suggest")
REPORT = reverse("reports:report")
DASHBOARD = reverse("reports:dashboard")
LABEL_19 = "19/KH-TGPL — Triển khai công tác trợ giúp pháp lý năm 2021"


def suggestions(client, **query):
    response = client.get(SUGGEST, query)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["results"]


def query_of(response):
    return {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}


def test_suggestions_ignore_diacritics_and_rank_the_best_first(client, demo_leader):
    client.force_login(demo_leader)
    disabled = Plan.objects.get(province__code="lang-son", title__contains="người khuyết tật")
    found = suggestions(client, q="nguoi khuyet tat")
    assert [result["value"] for result in found] == [f"plan:{disabled.pk}"]
    assert found[0]["kind"] == "Kế hoạch" and found[0]["label"].startswith("(không số) — Triển khai, thực hiện")
    # Initials: "tgpl" is the number 19/KH-TGPL first (a whole word), then the Trung tâm's short name (a whole word
    # of its other name), then what reads "trợ giúp pháp lý".
    found = suggestions(client, q="tgpl")
    plan = Plan.objects.get(number="19/KH-TGPL")
    assert found[0] == {"value": f"plan:{plan.pk}", "label": LABEL_19, "kind": "Kế hoạch"}
    assert {"value": f"unit:{found[1]['value'].split(':')[1]}", "label": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
            "kind": "Đơn vị"} == found[1]
    # Word starts, not the inside of words: "khai" begins a word of "Triển khai", "hai" begins none.
    assert any(result["value"] == f"plan:{plan.pk}" for result in suggestions(client, q="trien kh"))
    assert suggestions(client, q="hai") == []
    assert suggestions(client, q="   ") == []


def test_at_most_ten_suggestions(client, demo_leader):
    province = Plan.objects.get(number="19/KH-TGPL").province
    for number in range(15):
        make_plan(province, number=f"{number}/KH-TH", title=f"Tập huấn kỹ năng lần {number}", status="issued")
    client.force_login(demo_leader)
    found = suggestions(client, q="tap huan")
    assert len(found) == 10 and all("Tập huấn kỹ năng" in result["label"] for result in found)


def test_suggestions_never_cross_the_users_province(client, demo_leader, tv_leader):
    lang_son_plans = {f"plan:{pk}" for pk in Plan.objects.filter(province__code="lang-son").values_list("pk", flat=True)}
    client.force_login(tv_leader)
    # Vĩnh Long's leader: its own plans and those of Trà Vinh, merged into it; never Lạng Sơn's, even asked by name.
    found = suggestions(client, q="trien khai")
    assert found and not lang_son_plans & {result["value"] for result in found}
    assert all("Lạng Sơn" not in result["label"] for result in suggestions(client, q="lang son"))
    assert client.get(SUGGEST, {"q": "trien khai", "tinh": "lang-son"}).status_code == 404
    client.force_login(demo_leader)
    assert lang_son_plans >= {result["value"] for result in suggestions(client, q="trien khai")}


def test_an_updater_is_offered_only_their_own_units(client, demo_updater):
    client.force_login(demo_updater)
    assert suggestions(client, q="trien khai") == []  # no plan: a plan's report would answer "no permission"
    own = {f"unit:{unit.pk}" for unit in units_for_choice(demo_updater, demo_updater.memberships.first().unit.province)}
    found = suggestions(client, q="trung tam")
    assert found and {result["value"] for result in found} <= own and {result["kind"] for result in found} == {"Đơn vị"}
    page = client.get(REPORT, {"ky": "2021-Q2"}).content.decode()
    assert 'role="combobox"' not in page and 'data-type-ahead' not in page  # their few units stay a select box


def test_the_page_renders_the_chosen_plan_only(client, demo_leader):
    client.force_login(demo_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    for url in (REPORT, DASHBOARD):
        page = client.get(url, {"pham_vi": f"plan:{plan.pk}", "ky": "2021-Q2", "nam": 2021}).content.decode()
        assert f'name="pham_vi" value="plan:{plan.pk}"' in page and f'value="{LABEL_19}"' in page
        assert "<optgroup" not in page and "120/KH-STP" not in page and "Quyết định số 59/2012" not in page
        assert "core.widgets.TypeAheadField" not in page  # the partial's comment stays a comment
        assert f'data-url="{SUGGEST}"' in page and 'data-include="tinh"' in page
    year = client.get(DASHBOARD, {"nam": 2021}).content.decode()
    assert 'name="pham_vi" value="year"' in year and 'name="pham_vi_tim" value=""' in year


def test_typed_text_with_one_match_opens_it(client, demo_leader):
    """Without JavaScript: the text typed is submitted; one plan answers it, so the page goes there."""
    client.force_login(demo_leader)
    disabled = Plan.objects.get(province__code="lang-son", title__contains="người khuyết tật")
    response = client.get(REPORT, {"pham_vi": "year", "pham_vi_tim": "khuyet tat", "pham_vi_nhan": "",
                                   "nam": 2021, "phan": "Q2"})
    assert response.status_code == 302
    assert query_of(response) == {"pham_vi": f"plan:{disabled.pk}", "nam": "2021", "phan": "Q2"}
    # A plan's number, typed exactly (any case), opens that plan even where other plans answer it too.
    plan = Plan.objects.get(number="19/KH-TGPL")
    response = client.get(DASHBOARD, {"nam": 2021, "pham_vi": "year", "pham_vi_tim": "19/kh-tgpl", "pham_vi_nhan": ""})
    assert query_of(response) == {"nam": "2021", "pham_vi": f"plan:{plan.pk}"}
    assert client.get(response["Location"]).status_code == 200


def test_typed_text_with_several_matches_offers_them(client, demo_leader):
    client.force_login(demo_leader)
    response = client.get(REPORT, {"pham_vi": "year", "pham_vi_tim": "trien khai", "pham_vi_nhan": "", "ky": "2021-Q2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "lựa chọn khớp với “trien khai”, hãy chọn một" in page
    plan = Plan.objects.get(number="19/KH-TGPL")
    assert f'href="{REPORT}?ky=2021-Q2&amp;pham_vi=plan%3A{plan.pk}"' in page  # a link that opens it
    assert 'name="pham_vi_tim" value="trien khai"' in page  # the box keeps what was typed
    assert response.context["scope"].kind == "year"  # meanwhile the scope chosen before is shown


def test_typed_text_with_no_match_is_said_and_keeps_the_scope(client, demo_leader):
    client.force_login(demo_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    response = client.get(DASHBOARD, {"nam": 2021, "pham_vi": f"plan:{plan.pk}", "pham_vi_tim": "xyzzy",
                                      "pham_vi_nhan": LABEL_19})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy kế hoạch hay đơn vị nào khớp với “xyzzy”" in page
    assert f'name="pham_vi" value="plan:{plan.pk}"' in page


def test_unchanged_and_emptied_boxes(client, demo_leader):
    client.force_login(demo_leader)
    plan = Plan.objects.get(number="19/KH-TGPL")
    unchanged = client.get(REPORT, {"pham_vi": f"plan:{plan.pk}", "pham_vi_tim": LABEL_19, "pham_vi_nhan": LABEL_19,
                                    "ky": "2021-Q2"})
    assert unchanged.status_code == 200 and unchanged.context["scope"].plan == plan
    emptied = client.get(REPORT, {"pham_vi": f"plan:{plan.pk}", "pham_vi_tim": " ", "pham_vi_nhan": LABEL_19,
                                  "ky": "2021-Q2"})
    assert query_of(emptied) == {"pham_vi": "year", "ky": "2021-Q2"}  # an emptied box: every plan of the year


def test_typed_text_is_found_in_the_province_asked_for(client, tv_leader):
    client.force_login(tv_leader)
    tra_vinh = Plan.objects.get(province__code="tra-vinh")
    response = client.get(REPORT, {"tinh": "tra-vinh", "pham_vi": "year", "pham_vi_tim": "05-CT/TU",
                                   "pham_vi_nhan": "", "ky": "2021"})
    assert query_of(response)["pham_vi"] == f"plan:{tra_vinh.pk}"
    assert client.get(REPORT, {"tinh": "lang-son", "pham_vi": "year", "pham_vi_tim": "trien khai",
                               "pham_vi_nhan": ""}).status_code == 404
