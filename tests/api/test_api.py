"""The read-only API: tokens made and revoked on the tokens page (by the user or a superuser), every call logged,
each answer scoped to what the token's user may see, paginated, in a number of queries that does not grow."""
import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from api.models import ApiCall, ApiToken, hash_key
from api.services import token_create
from core.periods import parse_period
from plans.models import Plan, Role
from reports.jsondoc import report_data
from reports.rows import build_report, parse_scope
from tests.factories import make_plan, make_province, make_user

pytestmark = pytest.mark.django_db

PLANS = reverse("api:v1:plans")
ACTIVITIES = reverse("api:v1:activities")
PROGRESS = reverse("api:v1:progress")
REPORT = reverse("api:v1:report")


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def key_for(user):
    return token_create(user=user, name="Hệ thống thử", created_by=user)[1]


def test_a_user_makes_a_token_on_the_page_and_it_reads_what_they_see(client, demo_users):
    editor = demo_users["bientap"]
    client.force_login(editor)
    page = client.post(reverse("api:tokens"), {"name": "Cổng thông tin tỉnh"})
    html = page.content.decode()
    token = ApiToken.objects.get(user=editor)
    key = html.split('<code id="new-key">')[1].split("</code>")[0]
    assert token.key_hash == hash_key(key) and key not in str(token.__dict__)  # only the hash is kept
    assert client.get(reverse("api:tokens")).content.decode().count(key) == 0  # shown once
    client.logout()
    data = client.get(PLANS, **bearer(key)).json()
    assert {item["province"] for item in data["items"]} == {"lang-son"}
    assert data["count"] == Plan.objects.filter(province__code="lang-son").count()
    call = ApiCall.objects.get()
    assert (call.token, call.user, call.status, call.path) == (token, editor, 200, PLANS)


def test_scoping_follows_the_pages(client, demo_users):
    tv_plan = Plan.objects.get(province__code="tra-vinh")
    ls_plan = Plan.objects.get(number="19/KH-TGPL")
    vl_key, ls_key = key_for(demo_users["bientap.tv"]), key_for(demo_users["bientap"])
    # Vĩnh Long's editor reads the inherited Trà Vinh plan, under its original issuer's name.
    plans = client.get(PLANS, **bearer(vl_key)).json()["items"]
    assert [(p["id"], p["issuing_unit"]) for p in plans] == [(tv_plan.pk, "Sở Tư pháp tỉnh Trà Vinh")]
    assert client.get(ACTIVITIES, {"ke_hoach": ls_plan.pk}, **bearer(vl_key)).json()["count"] == 0
    activities = client.get(ACTIVITIES, {"ke_hoach": ls_plan.pk}, **bearer(ls_key)).json()
    assert activities["count"] == Activity.objects.trackable().filter(plan=ls_plan).count() > 0
    progress = client.get(PROGRESS, {"nam": 2021}, **bearer(vl_key)).json()
    assert progress["count"] > 0 and {u["plan_id"] for u in progress["items"]} == {tv_plan.pk}
    # The report JSON is the report page's, and another province's report does not exist for the caller.
    answer = client.get(REPORT, {"pham_vi": f"plan:{ls_plan.pk}", "ky": "2021-Q2"}, **bearer(ls_key))
    expected = report_data(build_report(parse_scope(f"plan:{ls_plan.pk}", Plan.objects.all(), year=2021),
                                        parse_period("2021-Q2")))
    assert answer.status_code == 200 and answer.json() == json.loads(json.dumps(expected))
    assert client.get(REPORT, {"pham_vi": f"plan:{ls_plan.pk}", "ky": "2021-Q2"}, **bearer(vl_key)).status_code == 404
    assert client.get(REPORT, {"pham_vi": f"plan:{ls_plan.pk}", "ky": "quý hai"}, **bearer(ls_key)).status_code == 400
    updater_key = key_for(demo_users["trungtam"])
    assert client.get(REPORT, {"pham_vi": f"plan:{ls_plan.pk}", "ky": "2021"}, **bearer(updater_key)).status_code == 403
    # The national user reads every province.
    national = client.get(PLANS, **bearer(key_for(demo_users["trunguong"]))).json()
    assert national["count"] == Plan.objects.count()


def test_bad_missing_and_revoked_tokens_are_refused_and_logged(client, demo_users):
    leader = demo_users["lanhdao"]
    token, key = token_create(user=leader, name="Phần mềm của Bộ", created_by=leader)
    assert client.get(PLANS).status_code == 401
    assert client.get(PLANS, **bearer("tgpl_khong-dung")).status_code == 401
    assert client.get(PLANS, **bearer(key)).status_code == 200
    client.force_login(leader)
    confirm = client.get(reverse("api:token_revoke", args=[token.pk]))
    assert confirm.status_code == 200 and "không thể hoàn tác" in confirm.content.decode()
    assert ApiToken.objects.active().filter(pk=token.pk).exists()  # asking is not revoking
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    assert client.get(PLANS, **bearer(key)).status_code == 401
    assert list(ApiCall.objects.order_by("pk").values_list("status", flat=True)) == [401, 401, 200, 401]
    token.refresh_from_db()
    assert token.revoked_by == leader and token.last_used_at is not None


def test_a_superuser_manages_anyones_tokens_and_others_cannot(client, demo_users):
    leader, editor = demo_users["lanhdao"], demo_users["bientap"]
    admin = get_user_model().objects.create_superuser("hethong-thu", password="tgpl2026")
    client.force_login(admin)
    client.post(reverse("api:tokens") + "?nguoi_dung=lanhdao", {"name": "Do quản trị tạo"})
    token = ApiToken.objects.get(user=leader)
    assert token.created_by == admin
    client.force_login(editor)
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api:tokens") + "?nguoi_dung=lanhdao").content.decode().count("Do quản trị tạo") == 0
    client.force_login(admin)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin


def test_an_inactive_users_token_opens_nothing(client, demo_users):
    user = demo_users["trungtam"]
    key = key_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(PLANS, **bearer(key)).status_code == 401


def _plans(province, unit, count, start=0):
    for index in range(start, start + count):
        plan = make_plan(province, unit, number=f"{index}/KH", status="issued", start_year=2026)
        activity = Activity.objects.create(plan=plan, title=f"Việc {index}", due=datetime.date(2026, 6, 30))
        activity.lead_units.add(unit)


def test_pages_of_fifty_in_a_fixed_number_of_queries(client):
    province, dept, centre, _branch = make_province()
    user = make_user("doc", dept, Role.EDITOR)
    key = key_for(user)
    _plans(province, centre, 3)
    counts = {}
    for url in (PLANS, ACTIVITIES, PROGRESS):
        client.get(url, **bearer(key))
        with CaptureQueriesContext(connection) as few:
            client.get(url, **bearer(key))
        counts[url] = len(few)
    _plans(province, centre, 57, start=3)
    for url in (PLANS, ACTIVITIES, PROGRESS):
        with CaptureQueriesContext(connection) as many:
            client.get(url, **bearer(key))
        assert len(many) == counts[url], url
    first = client.get(PLANS, **bearer(key)).json()
    second = client.get(PLANS, {"page": 2}, **bearer(key)).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (60, 50, 10)
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
