"""The plan filter of "Việc của đơn vị" as a type-ahead field: suggestions from the plans of the unit's work only,
the chosen plan alone in the page, and the typed text found by the server without JavaScript."""
import pytest
from django.urls import reverse

from plans.models import Role
from tests.factories import make_plan
from tests.progress.factories import build_world, make_activity

pytestmark = pytest.mark.django_db
WORK = reverse("progress:work_list")
SUGGEST = reverse("progress:work_plan_suggest")


@pytest.fixture
def world():
    return build_world()


def values(client, text):
    response = client.get(SUGGEST, {"q": text})
    assert response.status_code == 200
    return [result["value"] for result in response.json()["results"]]


def test_suggestions_are_the_plans_of_the_units_work(client, world):
    client.force_login(world["people"][Role.UPDATER])
    plan = world["plan"]
    assert values(client, "trien khai tgpl") == [str(plan.pk)]
    assert values(client, "19/kh") == [str(plan.pk)]
    assert values(client, "05/KH") == []  # Trà Vinh's plan: another province
    assert values(client, "99/KH") == []  # a draft: no work on it yet
    client.force_login(world["people"]["tv_updater"])
    assert values(client, "19/KH") == [] and len(values(client, "05/KH")) == 1


def test_at_most_ten_and_the_best_first(client, world):
    for number in range(12):
        other = make_plan(world["province"], world["centre"], number=f"{number}/KH-TH", status="issued",
                          title=f"Tập huấn pháp luật đợt {number}")
        make_activity(other, title=f"Tập huấn {number}", lead=[world["room"]])
    client.force_login(world["people"][Role.UPDATER])
    assert len(values(client, "tap huan")) == 10
    assert values(client, "tap huan dot 7")[0] == str(world["province"].plans.get(number="7/KH-TH").pk)


def test_the_page_shows_the_chosen_plan_in_a_type_ahead(client, world):
    other = make_plan(world["province"], world["centre"], number="33/KH-TH", status="issued", title="Tập huấn")
    make_activity(other, title="Tập huấn cơ sở", lead=[world["room"]])
    client.force_login(world["people"][Role.UPDATER])
    page = client.get(WORK, {"ke_hoach": world["plan"].pk}).content.decode()
    assert f'name="ke_hoach" value="{world["plan"].pk}"' in page
    assert 'value="19/KH-TGPL — Kế hoạch triển khai công tác trợ giúp pháp lý"' in page
    assert "33/KH-TH" not in page and "<select" in page and 'name="ke_hoach"><option' not in page
    assert 'name="ke_hoach" value=""' in client.get(WORK).content.decode()
    # A bad value elsewhere leaves the plan chosen, as the filter still applies it.
    bad = client.get(WORK, {"ke_hoach": world["plan"].pk, "trang_thai": "xong"}).content.decode()
    assert "Lựa chọn không hợp lệ" in bad and f'name="ke_hoach" value="{world["plan"].pk}"' in bad


def test_typed_plan_without_javascript(client, world):
    client.force_login(world["people"][Role.UPDATER])
    found = client.get(WORK, {"ke_hoach": "", "ke_hoach_tim": "trien khai", "ke_hoach_nhan": "", "vai_tro": "chu-tri"})
    assert found.status_code == 302 and found["Location"] == f"{WORK}?vai_tro=chu-tri&ke_hoach={world['plan'].pk}"
    missing = client.get(WORK, {"ke_hoach": "", "ke_hoach_tim": "05/KH-TGPL", "ke_hoach_nhan": ""})
    assert missing.status_code == 200
    assert "Không tìm thấy kế hoạch nào khớp với “05/KH-TGPL” trong việc của đơn vị." in missing.content.decode()
    emptied = client.get(WORK, {"ke_hoach": world["plan"].pk, "ke_hoach_tim": "", "ke_hoach_nhan": "19/KH-TGPL — …"})
    assert emptied["Location"] == WORK
