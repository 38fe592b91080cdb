"""Arbitrary values posted into every field of every form of the project: never a 500, never half-saved.

Each form is read from its own page (as a browser would see it), a random set of its fields is replaced
by hypothesis-drawn values — nasty numbers, impossible dates, control characters, very long texts,
scripts — and posted back. A response that shows an error must leave the database exactly as it was,
and no typed script may come back unescaped.
"""
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.models import Plan

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
NASTY = [
    "", " ", "0", "-0", "-1", "1e9", "1E400", "NaN", "inf", "177,400,000", "177.400.000,5", "99999999999999999999999",
    "31/02/2021", "2021-02-31", "00/00/0000", "29/02/2023", "32/13/2021", "Quý V/2021", "abc",
    "=1+1", "+SUM(A1)", "@cmd", "\x00", "\x07\x1b[31m", "\u202etxt", "đ" * 5000, "x" * 70_000, SCRIPT,
    "'; DROP TABLE plans_plan; --",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=300), st.integers(min_value=-10**12, max_value=10**12).map(str))
ERROR_MARKERS = ('class="field-error"', 'class="error"', 'role="alert"')
TRACKED_APPS = {"plans", "activities", "budgets", "reports", "auth"}


class FormReader(HTMLParser):
    """The POST forms of a page with the values a browser would submit unchanged."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or ("post" if attrs.get("hx-post") else "get")).lower()
            self._form = {"action": attrs.get("action") or attrs.get("hx-post"), "method": method, "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None and "selected" in attrs:
                self._select[1] = attrs.get("value", "")
            elif tag == "option" and self._select is not None:
                self._select[2].append(attrs.get("value", ""))
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].append([attrs["name"], None, kind])
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append([attrs["name"], attrs.get("value", ""), kind])
        elif tag == "select":
            self._select = [attrs["name"], None, []]
            self._form["fields"].append(self._select)
        elif tag == "textarea":
            self._textarea = [attrs["name"], "", "textarea"]
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._select[1] is None and self._select[2]:
                self._select[1] = self._select[2][0]
            self._select[2] = "select"
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def fingerprint():
    """Rows per table of the project, history tables included: any write, even an update, moves it."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in TRACKED_APPS and not model._meta.proxy
    }


def targets():
    """(user, page) for every page of the project that holds a form that writes."""
    plan = Plan.objects.get(number="19/KH-TGPL")
    draft = Plan.objects.filter(status=Plan.Status.DRAFT).first() or plan
    activity = plan.activities.get(title__startswith="Thực hiện hoạt động truyền thông, thông tin về trợ giúp pháp lý")
    line = activity.budget_lines.first()
    return [
        ("bientap", reverse("plans:create")),
        ("bientap", reverse("plans:edit", args=[plan.pk])),
        ("bientap", reverse("plans:edit", args=[draft.pk])),
        ("bientap", reverse("activities:editor", args=[plan.pk]) + f"?hd={activity.pk}"),
        ("bientap", reverse("budgets:activity_lines", args=[plan.pk, activity.pk])),
        ("bientap", reverse("budgets:line_edit", args=[plan.pk, activity.pk, line.pk])),
        ("bientap", reverse("importer:copy", args=[plan.pk])),
        ("trungtam", reverse("progress:activity", args=[activity.pk]) + "cap-nhat-tien-do/?ky=2021-Q4"),
        ("lanhdao", reverse("progress:locks")),
    ]


@pytest.fixture
def demo(demo_users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return demo_users


def writing_forms(html):
    reader = FormReader()
    reader.feed(html)
    return [form for form in reader.forms if form["method"] == "post" and form["action"] != reverse("logout")]


def test_every_form_page_is_reached(client, demo):
    for username, url in targets():
        client.force_login(demo[username])
        response = client.get(url)
        assert response.status_code == 200, url
        assert writing_forms(response.content.decode()), f"{url} shows no form to fuzz"


@pytest.mark.slow
@pytest.mark.parametrize("index", range(9))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_values_never_crash_or_half_save(client, demo, index, data):
    # Each example starts from the demo data as loaded: what one example saved is rolled back.
    with transaction.atomic():
        _post_arbitrary_values(client, demo, index, data)
        transaction.set_rollback(True)


def _post_arbitrary_values(client, users, index, data):
    username, url = targets()[index]
    client.force_login(users[username])
    page = client.get(url)
    forms = writing_forms(page.content.decode())
    form = data.draw(st.sampled_from(forms), label="form")
    payload = {}
    for name, current, _kind in form["fields"]:
        if name == "csrfmiddlewaretoken":
            continue
        if data.draw(st.booleans(), label=f"fuzz {name}"):
            payload.setdefault(name, []).append(data.draw(value, label=name))
        elif current is not None:
            payload.setdefault(name, []).append(current)
    before = fingerprint()
    response = client.post(form["action"] or url, payload, headers={"HX-Request": "true"} if "noi-dung" in url else {})
    body = response.content.decode(errors="replace") if not response.streaming else ""
    assert response.status_code < 500
    assert SCRIPT not in body, "a typed script came back unescaped"
    shows_error = response.status_code in (400, 409) or any(marker in body for marker in ERROR_MARKERS)
    if shows_error and response.status_code not in (302, 303):
        assert fingerprint() == before, f"{url}: an error was shown but something was saved"


def test_amount_words_and_impossible_dates_are_refused_in_plain_vietnamese(client, demo, demo_editor):
    """The specific inputs named by the issue each get a message, not a 500 and not a silent zero."""
    client.force_login(demo_editor)
    plan = Plan.objects.get(number="19/KH-TGPL")
    activity = plan.activities.filter(kind="activity").first()
    url = reverse("budgets:activity_lines", args=[plan.pk, activity.pk])
    lines_before = activity.budget_lines.count()
    for amount in ("1e9", "-0", "-5", "abc"):
        response = client.post(url, {"line-description": "Thử", "line-amount": amount, "line-fiscal_year": "2021",
                                     "line-allocated": "False"})
        assert response.status_code in (200, 400) and 'class="field-error"' in response.content.decode(), amount
    assert activity.budget_lines.count() == lines_before
    response = client.post(url, {"line-description": "Thử", "line-amount": "177,400,000", "line-fiscal_year": "2021",
                                 "line-allocated": "False"})
    assert activity.budget_lines.filter(amount=177_400_000).exists() or 'class="field-error"' in response.content.decode()
    edit = client.post(reverse("plans:create"), {"province": plan.province_id, "title": "Kế hoạch thử",
                                                 "issued_on": "31/02/2021", "can-cu-TOTAL_FORMS": "0",
                                                 "can-cu-INITIAL_FORMS": "0"})
    assert edit.status_code in (200, 400)
    assert re.search(r'field-error"[^>]*>[^<]*(ngày|Ngày)', edit.content.decode())
