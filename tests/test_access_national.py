"""The national role ("Trung ương", plans/roles.py) on every URL of the project: it reads every province (Lạng
Sơn's objects and Trà Vinh's, now Vĩnh Long's) and writes nothing. The same machinery and objects as the access
matrix (tests/test_access_matrix.py); a new URL not listed here fails by name."""
import pytest

from tests.test_access_matrix import build_url, demo, fetch, resolver_urls  # noqa: F401 (demo is a fixture)

pytestmark = pytest.mark.django_db

# URL name → what the national user gets, "GET POST" (or one outcome for both); codes as in the access matrix.
NATIONAL = {
    "login": "302",
    "favicon": "200 405",
    "logout": "405 login",
    "plans:list": "200",
    "plans:detail": "200",
    "plans:create": "403",
    "plans:edit": "403",
    "plans:issue": "403",
    "plans:close": "403",
    "plans:archive": "403",
    "plans:restore": "405 403",
    "plans:archived": "403 405",
    "plans:unit_history": "200",
    "activities:editor": "403 405",
    "activities:tree_action": "405 403",
    "activities:panel": "403",
    "activities:delete": "403",
    "activities:restore": "405 403",
    "progress:update_archive": "403",
    "progress:update_restore": "405 403",
    "activities:target_add": "405 403",
    "activities:target_edit": "405 403",
    "activities:target_delete": "405 403",
    "activities:unit_search": "403 405",
    "activities:timeframe_preview": "405 403",
    "progress:work_list": "200",
    "progress:work_plan_suggest": "200 405",
    "progress:activity": "200",
    "progress:attachment": "200",
    "progress:attachment_delete": "403",
    "progress:locks": "403",
    "progress:lock": "405 404",
    "progress:unlock": "403 404",
    "importer:copy": "403",
    "budgets:activity_lines": "403",
    "budgets:line_edit": "403",
    "budgets:line_delete": "405 403",
    "budgets:line_restore": "405 403",
    "reports:plan_archive": "403 405",
    "importer:import": "403",
    "importer:import_save": "405 403",
    "progress:update": "403",
    "progress:expenditure_delete": "403",
    "reports:report": "200",
    "reports:dashboard": "200",
    "reports:dashboard_list": "200",
    "reports:scope_suggest": "200 405",
    "reports:document_plan_suggest": "200 405",
    "reports:national": "200",
    "reports:national_report": "200 405",
    "reports:documents": "200 405",
    "reports:document_create": "405 404",
    "reports:document": "200 403",
    "reports:document_issue": "403",
    "reports:document_new_version": "405 403",
    "reports:document_redraft": "405 403",
    "reports:document_download": "200 405",
    "reports:job": "404",
    "reports:job_download": "404",
    "reports:plan_history": "200",
    "admin:index": "login",
    "api:tokens": "200 400",
    "api:token_revoke": "404",
    "api:v1:plans": "401 405",
    "api:v1:activities": "401 405",
    "api:v1:progress": "401 405",
    "api:v1:report": "401 405",
    "api:v1:api-root": "404",
}


@pytest.mark.parametrize("province", ["ls", "tv"])
def test_the_national_user_reads_every_province_and_writes_nothing(client, demo, province):  # noqa: F811
    client.force_login(demo["users"]["trunguong"])
    wrong = []
    for name, route in resolver_urls():
        if name not in NATIONAL:
            wrong.append(f"{name}: not in NATIONAL ({__file__})")
            continue
        get, _sep, post = NATIONAL[name].partition(" ")
        url = build_url(name, route, demo[province])
        for method, want in (("get", get), ("post", post or get)):
            got, error = fetch(client, method, url)
            if got != want:
                wrong.append(f"{method.upper():4} {url:<56} {name:<30} expected {want:<5} got {got} {error}")
    assert not wrong, "\n".join(wrong)
