"""Who gets what on every page: each URL of the project, for each role, by GET and by an empty POST.

The URLs come from the resolver, so a new page that is not in ACCESS below fails the test by name.
Objects behind the URLs are the demo data's (seed_plans + demo): Lạng Sơn's plan 19/KH-TGPL and one of its
activities with targets, budget lines, progress, money spent and an evidence file; Trà Vinh's for the
"foreign" column. Every request runs in a savepoint that is rolled back, so a POST that deletes or closes
something leaves the data as it was for the next request.
"""
import copy
import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activities.models import Attachment, PeriodLock, ProgressUpdate, Target
from api.services import token_create
from budgets.models import BudgetLine, Expenditure
from plans.models import Plan
from progress.access import reporting_unit_ids
from reports.models import Report, ReportJob

pytestmark = pytest.mark.django_db

# Who makes the requests. "other" is a user of another province (Trà Vinh's editor) asking for Lạng Sơn's
# objects; "foreign" is Lạng Sơn's editor asking for Trà Vinh's objects (only for URLs that name one).
ROLES = {
    "anon": None,
    "editor": "bientap",
    "updater": "trungtam",
    "leader": "lanhdao",
    "admin": "quantri",
    "other": "bientap.tv",
    "foreign": "bientap",
}


# The one access table: URL name → what each role gets, "GET POST" (or one outcome for both).
#   200 · 400 / 409: an empty POST refused on its merits (issued plans also ask for the reason of a change)
#   302: a redirect (not to sign-in) · login: a redirect to the sign-in page (the admin's own for admin:index)
#   403: seen but not theirs to change · 404: not theirs to see (another province; someone else's report file)
#   405: wrong method · "-": the URL names no object, so there is nothing foreign to ask for
ACCESS = {
    #                                 anon        editor      updater     leader      admin       other       foreign
    "login":                        ("200",      "302",      "302",      "302",      "302",      "302",      "-"),
    "logout":                       ("405 login", "405 login", "405 login", "405 login", "405 login", "405 login", "-"),
    "favicon":                      ("200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "-"),
    "plans:list":                   ("login",    "200",      "200",      "200",      "200",      "200",      "-"),
    "plans:detail":                 ("login",    "200",      "200",      "200",      "200",      "404",      "404"),
    "plans:create":                 ("login",    "200 400",  "403",      "403",      "200 400",  "200 400",  "-"),
    "plans:edit":                   ("login",    "200 400",  "403",      "403",      "200 400",  "404",      "404"),
    "plans:issue":                  ("login",    "200 302",  "403",      "403",      "200 302",  "404",      "404"),
    "plans:close":                  ("login",    "200 302",  "403",      "403",      "200 302",  "404",      "404"),
    "plans:archive":                ("login",    "200 400",  "403",      "403",      "200 400",  "404",      "404"),
    "plans:restore":                ("login",    "405 302",  "405 403",  "405 403",  "405 302",  "405 404",  "405 404"),
    "plans:archived":               ("login",    "200 405",  "403 405",  "403 405",  "200 405",  "200 405",  "-"),
    "plans:unit_history":           ("login",    "200",      "200",      "200",      "200",      "404",      "404"),
    "activities:editor":            ("login",    "200 405",  "403 405",  "403 405",  "200 405",  "404 405",  "404 405"),
    "activities:tree_action":       ("login",    "405 400",  "405 403",  "405 403",  "405 400",  "405 404",  "405 404"),
    "activities:panel":             ("login",    "302 200",  "403",      "403",      "302 200",  "404",      "404"),
    "activities:delete":            ("login",    "200",      "403",      "403",      "200",      "404",      "404"),
    "activities:restore":           ("login",    "405 302",  "405 403",  "405 403",  "405 302",  "405 404",  "405 404"),
    "progress:update_archive":    ("login",    "200 400",  "200 400",  "403",      "200 400",  "404",      "404"),
    "progress:update_restore":    ("login",    "405 302",  "405 302",  "405 403",  "405 302",  "405 404",  "405 404"),
    "activities:target_add":        ("login",    "405 200",  "405 403",  "405 403",  "405 200",  "405 404",  "405 404"),
    "activities:target_edit":       ("login",    "405 200",  "405 403",  "405 403",  "405 200",  "405 404",  "405 404"),
    "activities:target_delete":     ("login",    "405 200",  "405 403",  "405 403",  "405 200",  "405 404",  "405 404"),
    "activities:unit_search":       ("login",    "200 405",  "403 405",  "403 405",  "200 405",  "404 405",  "404 405"),
    "activities:timeframe_preview": ("login",    "405 200",  "405 403",  "405 403",  "405 200",  "405 404",  "405 404"),
    "progress:work_list":         ("login",    "200",      "200",      "200",      "200",      "200",      "-"),
    "progress:work_plan_suggest": ("login",    "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "-"),
    "progress:activity":     ("login",    "200",      "200",      "200",      "200",      "404",      "404"),
    "progress:attachment":        ("login",    "200",      "200",      "200",      "200",      "404",      "404"),
    "progress:attachment_delete": ("login",    "403",      "200 302",  "403",      "403",      "404",      "404"),
    "progress:locks":      ("login",    "403",      "403",      "200",      "200",      "403",      "-"),
    "progress:lock":       ("login",    "405 404",  "405 404",  "405 404",  "405 404",  "405 404",  "-"),
    "progress:unlock":     ("login",    "403 404",  "403 404",  "200 404",  "200 404",  "403 404",  "403 404"),
    "importer:copy":            ("login",    "200 302",  "403",      "403",      "200 302",  "404",      "404"),
    "budgets:activity_lines":       ("login",    "200",      "403",      "403",      "200",      "404",      "404"),
    "budgets:line_edit":            ("login",    "200",      "403",      "403",      "200",      "404",      "404"),
    "budgets:line_delete":          ("login",    "405 200",  "405 403",  "405 403",  "405 200",  "405 404",  "405 404"),
    "budgets:line_restore":         ("login",    "405 302",  "405 403",  "405 403",  "405 302",  "405 404",  "405 404"),
    "reports:plan_archive":              ("login",    "200 405",  "403 405",  "403 405",  "200 405",  "404 405",  "404 405"),
    "importer:import":          ("login",    "200 400",  "403",      "403",      "200 400",  "200 400",  "-"),
    "importer:import_save":     ("login",    "405 302",  "405 403",  "405 403",  "405 302",  "405 302",  "-"),
    "progress:update":      ("login",    "403",      "200 400",  "403",      "403",      "404",      "404"),
    "progress:expenditure_delete":   ("login",    "403",      "200 302",  "403",      "403",      "404",      "404"),
    "reports:report":               ("login",    "200",      "403",      "200",      "200",      "404",      "404"),
    "reports:dashboard":            ("login",    "200",      "403",      "200",      "200",      "404",      "404"),
    "reports:dashboard_list":       ("login",    "200",      "403",      "200",      "200",      "404",      "404"),
    "reports:scope_suggest":        ("login",    "200 405",  "200 405",  "200 405",  "200 405",  "404 405",  "404 405"),
    "reports:document_plan_suggest": ("login",   "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "-"),
    "reports:national":             ("login",    "403",      "403",      "403",      "403",      "403",      "-"),
    "reports:national_report":      ("login",    "403 405",  "403 405",  "403 405",  "403 405",  "403 405",  "403 405"),
    "reports:documents":            ("login",    "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "-"),
    "reports:document_create":      ("login",    "405 404",  "405 404",  "405 404",  "405 404",  "405 404",  "-"),
    "reports:document":             ("login",    "200 400",  "404",      "200 400",  "200 400",  "404",      "404"),
    "reports:document_issue":       ("login",    "200 400",  "404",      "200 400",  "200 400",  "404",      "404"),
    "reports:document_new_version": ("login",    "405 302",  "405 404",  "405 302",  "405 302",  "405 404",  "405 404"),
    "reports:document_redraft":     ("login",    "405 302",  "405 404",  "405 302",  "405 302",  "405 404",  "405 404"),
    "reports:document_download":    ("login",    "200 405",  "404 405",  "200 405",  "200 405",  "404 405",  "404 405"),
    "reports:job":                  ("login",    "404",      "404",      "200",      "404",      "404",      "404"),
    "reports:job_download":         ("login",    "404",      "404",      "200",      "404",      "404",      "404"),
    "reports:plan_history":         ("login",    "200",      "200",      "200",      "200",      "404",      "404"),
    "admin:index":                  ("login",    "login",    "login",    "login",    "login",    "login",    "-"),
    "api:tokens":                   ("login",    "200 400",  "200 400",  "200 400",  "200 400",  "200 400",  "-"),
    "api:token_revoke":             ("login",    "404",      "404",      "200 302",  "404",      "404",      "404"),
    "api:v1:plans":                 ("401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "-"),
    "api:v1:activities":            ("401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "-"),
    "api:v1:progress":              ("401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "-"),
    "api:v1:report":                ("401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "401 405",  "-"),
    "api:v1:api-root":              ("404",      "404",      "404",      "404",      "404",      "404",      "-"),
}

# Some pages name their object in the query string; formatted with the same objects as the URL.
QUERIES = {
    "activities:unit_search": "field=lead_units&q=trung",
    "progress:unlock": "tinh={province}&nam=2020&quy=4",
    "reports:report": "pham_vi=plan:{plan}&ky=2021-Q2",
    "reports:dashboard": "pham_vi=plan:{plan}&ky=2021-Q2",
    "reports:dashboard_list": "pham_vi=plan:{plan}&nam=2021&phan=Q2",
    "reports:scope_suggest": "q=trien+khai&tinh={province_code}",
    "reports:document_plan_suggest": "q=trien+khai",
}

# What an id in a URL stands for, from the path segment before it ("minh-chung/<int:pk>/" → attachment).
OBJECT_AFTER = {
    "ke-hoach": "plan", "noi-dung": "activity", "hoat-dong": "activity", "chi-tieu": "target",
    "kinh-phi": "line", "khoan-chi": "expenditure", "minh-chung": "attachment", "tep": "job",
    "cap-nhat-tien-do": "update", "don-vi": "unit", "ma-truy-cap": "token", "van-ban": "report", "tai": "file_format",
    "danh-sach": "list",
}
CONVERTER = re.compile(r"([^/<>]+)/<(?:\w+:)?(\w+)>")


def resolver_urls(patterns=None, namespace="", prefix=""):
    """(name, route) for every named URL of the project, walking included URLconfs."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                # The Django admin is left out but for its front page: its hundred-odd URLs are generated per
                # model and guarded by Django's own staff and model permissions (tests/test_admin.py opens them).
                yield "admin:index", route
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from resolver_urls(pattern.url_patterns, inner, route)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or f"<unnamed {route}>", route
    # Static files are served by whitenoise's middleware, not by URL patterns: there are none to leave out.
    # Evidence files (MEDIA_ROOT) must never get a URL pattern of their own; were one added it would show up
    # here, unlisted, and fail. They are served only through progress:attachment, which checks access.


def test_every_url_of_the_project_is_in_the_access_table():
    names = [name for name, _route in resolver_urls()]
    missing = sorted(set(names) - set(ACCESS))
    assert not missing, f"URL names missing from ACCESS in {__file__}: {', '.join(missing)}"
    stale = sorted(set(ACCESS) - set(names))
    assert not stale, f"ACCESS lists URL names the project no longer has: {', '.join(stale)}"
    assert set(QUERIES) <= set(names)


@pytest.fixture
def demo(demo_users, settings, tmp_path):
    """The demo data, plus what it lacks: evidence files, a quarter lock and a finished report file."""
    settings.MEDIA_ROOT = tmp_path
    users = demo_users
    ls_plan = Plan.objects.get(number="19/KH-TGPL")
    # Money the Trung tâm's updater recorded: its activity has targets and budget lines too.
    ls_spent = Expenditure.objects.filter(
        budget_line__activity__plan=ls_plan, progress_update__unit__in=reporting_unit_ids(users["trungtam"]),
    ).select_related("budget_line__activity", "progress_update").order_by("pk").first()
    ls = _objects(ls_plan, ls_spent.budget_line.activity, ls_spent.progress_update, ls_spent,
                  users["trungtam"], users["lanhdao"])
    tv_plan = Plan.objects.get(province__code="tra-vinh")
    tv_update = ProgressUpdate.objects.filter(activity__plan=tv_plan).select_related("activity").order_by("pk").first()
    line = BudgetLine.objects.create(activity=tv_update.activity, amount=12_000_000, description="Tờ gấp song ngữ")
    tv_spent = Expenditure.objects.create(
        budget_line=line, progress_update=tv_update, amount=2_000_000, spent_on=datetime.date(2021, 6, 1),
        recorded_by=users["trungtam.tv"],
    )
    tv = _objects(tv_plan, tv_update.activity, tv_update, tv_spent, users["trungtam.tv"], users["lanhdao.tv"])
    return {"ls": ls, "tv": tv, "users": users}


def _objects(plan, activity, update, expenditure, reporter, leader):
    target = activity.targets.first() or Target.objects.create(activity=activity, quantity=10, measure="đợt")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment = Attachment.objects.create(
        update=update, file=ContentFile(pdf, name="bien-ban.pdf"), original_name="Biên bản.pdf",
        content_type="application/pdf", size=len(pdf), uploaded_by=reporter,
    )
    PeriodLock.objects.create(province=plan.province, year=2020, quarter=4, locked_by=leader)
    job = ReportJob(requested_by=leader, scope_code=f"plan:{plan.pk}", period_code="2021-Q2", file_format="xlsx",
                    state=ReportJob.State.DONE, progress=100)
    report = Report.objects.create(province=plan.province, plan=plan, year=2021, scope_code=f"plan:{plan.pk}",
                                   period_code="2021-Q2", window_kind=plan.province.reporting_window,
                                   title="Kết quả thực hiện kế hoạch quý II năm 2021", created_by=leader)
    job.file.save(job.filename, ContentFile(b"PK\x03\x04 report"), save=True)
    return {
        "plan": plan.pk, "province": plan.province_id, "province_code": plan.province.code,
        "activity": activity.pk, "target": target.pk,
        "line": expenditure.budget_line_id, "expenditure": expenditure.pk, "attachment": attachment.pk,
        "job": job.pk, "update": update.pk, "report": report.pk, "file_format": "pdf", "list": "qua-han", "unit": plan.issuing_unit_id,
        "token": token_create(user=leader, name="Phần mềm báo cáo", created_by=leader)[0].pk,
    }


def names_an_object(name, route):
    return bool(CONVERTER.search(route)) or "{" in QUERIES.get(name, "")


def build_url(name, route, objects):
    kwargs = {}
    for segment, kwarg in CONVERTER.findall(route):
        assert segment in OBJECT_AFTER, f"{name}: what is the <{kwarg}> after {segment}/? Add it to OBJECT_AFTER."
        kwargs[kwarg] = objects[OBJECT_AFTER[segment]]
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{QUERIES[name].format(**objects)}" if name in QUERIES else url


def outcome(response):
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        return "login" if path in (reverse("login"), reverse("admin:login")) else "302"
    return str(response.status_code)


def fetch(client, method, url):
    """One request in a savepoint rolled back afterwards; the client's cookies are put back (sign-out)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
    except Exception as error:  # the test client re-raises a view's exception: that is a 500
        return "500", f"{type(error).__name__}: {error}"
    finally:
        client.cookies = cookies
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the test's connection.
        b"".join(response.streaming_content)
    return outcome(response), ""


@pytest.mark.parametrize("role", list(ROLES))
def test_access_matrix(client, demo, role):
    if ROLES[role]:
        client.force_login(demo["users"][ROLES[role]])
    objects = demo["tv"] if role == "foreign" else demo["ls"]
    column = list(ROLES).index(role)
    wrong = []
    for name, route in resolver_urls():
        if name not in ACCESS:
            wrong.append(f"{name}: not in ACCESS ({__file__})")
            continue
        cell = ACCESS[name][column]
        if cell == "-":
            assert role == "foreign" and not names_an_object(name, route), f"{name}: no expectation for {role}"
            continue
        get, _sep, post = cell.partition(" ")
        url = build_url(name, route, objects)
        for method, want in (("get", get), ("post", post or get)):
            got, error = fetch(client, method, url)
            if got != want:
                wrong.append(f"{method.upper():4} {url:<56} {name:<30} expected {want:<5} got {got} {error}")
    assert not wrong, f"{role} ({ROLES[role] or 'not signed in'}):\n" + "\n".join(wrong)
