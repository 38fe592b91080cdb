"""Load test: the app under gunicorn on PostgreSQL, driven over loopback by concurrent simulated users.

    .venv/bin/python bench/load.py --seconds 60 --users 20
    .venv/bin/python bench/load.py --server http://127.0.0.1:8000 --seconds 60 --users 8 --editors 4

The second form plays the same users against a server already running, e.g. `make run`'s (runserver on the
embedded SQLite database, DEBUG on): it adds its accounts to that server's database (`--sqlite`, default
db.sqlite3 of the project; `--media-root`, default var/media/) and checks every acknowledged save there. Nothing is
recreated; the added accounts, activities and updates stay (their texts carry the run's token).

Recreates the database (tgpl_load), loads the seed plans and the demo data, adds one account per
simulated user, collects static files and starts gunicorn (2 × cores + 1 sync workers, DEBUG off, plain
http on 127.0.0.1). This process then plays the users with threads: sign in through the login form,
browse plans, a unit's work and activity pages, post quarterly progress (a 409 "someone saved first" is
a legitimate answer and is counted apart; the user then saves again deliberately), and download PDF and
Excel reports. It prints requests per second and median / 95th-percentile latency, overall and per kind,
then checks in the database that every update the server acknowledged is there, with its money and its
evidence file. Exits 1 on any error or lost update. Not part of the test suite: timings are not tests.
"""
import argparse
import http.client
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from random import Random
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "tai-thu-2026-mat-khau"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the users keep working (default 60)")
    parser.add_argument("--users", type=int, default=20, help="simulated users at once (default 20)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--think", type=float, default=0.2,
                        help="mean pause between a user's clicks in seconds, uniform in [0, 2×think] (default 0.2)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tgpl_load",
                        help="PostgreSQL database to recreate (its name must contain 'load')")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the users' choices")
    parser.add_argument("--editors", type=int, default=4,
                        help="simulated editors besides --users: add activities and rename them (default 4)")
    parser.add_argument("--server", help="play against this running server (e.g. http://127.0.0.1:8000) instead of "
                                         "starting gunicorn on PostgreSQL")
    parser.add_argument("--sqlite", default=str(ROOT / "db.sqlite3"), help="with --server: its SQLite database file")
    parser.add_argument("--media-root", default=str(ROOT / "var" / "media"), help="with --server: its MEDIA_ROOT")
    return parser.parse_args()


# --- set-up -----------------------------------------------------------------------------------------------

def server_environment(args, workdir):
    """Production settings (DEBUG off) that serve plain http on loopback: no https redirect, HSTS or
    https-only cookies, which would stop a browser-like client on http://127.0.0.1."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "tgpl.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": args.database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "HTTPS": "0",  # tgpl/settings.py: no SECURE_SSL_REDIRECT, HSTS or https-only cookies
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
    })
    return env


def recreate_database(url):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or "load" not in name:
        sys.exit(f"Refusing to recreate {url!r}: a PostgreSQL database whose name contains 'load' is needed.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@dataclass
class Persona:
    username: str
    role: str
    plan_ids: list
    activity_ids: list
    work: list = field(default_factory=list)  # (activity id, [unit ids it reports for], [quarter codes], has money)
    reports: list = field(default_factory=list)  # (plan id, period code)


def make_personas(count, editors=0, run_id=""):
    """One account per simulated user: three in four report progress for a unit that leads activities
    (several share a unit, so their saves meet), one in four leads a province's Sở and downloads reports."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from activities.models import Activity
    from plans.models import Membership, Plan, Role, Unit
    from progress.access import plan_quarters, reporting_units

    issued = Plan.objects.filter(status=Plan.Status.ISSUED)
    # The top of each province's own organisation (the Sở), whatever outside body sits above it.
    roots = list(Unit.objects.filter(kind=Unit.Kind.INTERNAL).exclude(parent__kind=Unit.Kind.INTERNAL)
                 .order_by("province__name", "pk"))
    reporters = list(
        Unit.objects.filter(kind=Unit.Kind.INTERNAL, led_activities__plan__in=issued).distinct().order_by("province", "pk")
    )
    password = make_password(PASSWORD)  # hashed once: the server still checks it on every sign-in
    personas = []
    for index in range(editors):
        # Editors of each province's Sở, adding activities to its plans and renaming the ones they added.
        root = roots[index % len(roots)]
        user = get_user_model().objects.create(username=f"taithu{run_id}bt{index + 1:02d}", password=password,
                                               first_name="Biên tập tải thử", last_name=f"{index + 1:02d}")
        Membership.objects.create(user=user, unit=root, role=Role.EDITOR)
        plans = [p.pk for p in Plan.objects.for_user(user).filter(province=root.province).order_by("pk")]
        personas.append(Persona(user.username, "editor", plans, []))
    for index in range(count):
        leader = index % 4 == 3
        unit = roots[(index // 4) % len(roots)] if leader else reporters[index % len(reporters)]
        user = get_user_model().objects.create(username=f"taithu{run_id}{index + 1:02d}", password=password,
                                               first_name="Tải thử", last_name=f"{index + 1:02d}")
        Membership.objects.create(user=user, unit=unit, role=Role.LEADER if leader else Role.UPDATER)
        plans = list(Plan.objects.for_user(user).order_by("pk"))
        activities = list(
            Activity.objects.for_user(user).trackable().select_related("plan__province")
            .prefetch_related("lead_units", "coordinating_units").order_by("pk")
        )
        persona = Persona(user.username, "leader" if leader else "updater", [p.pk for p in plans],
                          [a.pk for a in activities])
        if leader:
            for plan in plans:
                first_year = [p.code for p in plan_quarters(plan)][:4]
                persona.reports += [(plan.pk, code) for code in first_year + [str(plan.start_year)]]
        else:
            for activity in activities:
                units = reporting_units(user, activity) if activity.plan.status == Plan.Status.ISSUED else []
                if units:
                    quarters = [p.code for p in plan_quarters(activity.plan)][:4]
                    persona.work.append((activity.pk, [u.pk for u, _lead in units], quarters,
                                         bool(activity.budget_lines.exists())))
        personas.append(persona)
    return personas


# --- HTTP -------------------------------------------------------------------------------------------------

@dataclass
class Sample:
    kind: str
    seconds: float
    status: int | None
    outcome: str  # ok | conflict | 5xx | connection | unexpected | bad-body
    detail: str = ""


@dataclass
class Post:
    token: str
    activity: int
    unit: int
    period: str
    version: int
    outcome: str = "pending"  # acked | conflict | failed
    expenditure: bool = False
    evidence: bool = False
    kind: str = "progress"  # progress | add (an editor's new activity) | rename (an editor's save of it)


class Recorder:
    def __init__(self):
        self.samples, self.posts, self._lock, self._seq = [], [], threading.Lock(), 0

    def add(self, sample):
        with self._lock:
            self.samples.append(sample)

    def new_post(self, **fields):
        with self._lock:
            self._seq += 1
            post = Post(token=f"{fields.pop('prefix')}{self._seq:06d}", **fields)
            self.posts.append(post)
            return post


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """One user's connection and cookies; every request is timed and judged."""

    def __init__(self, port, recorder, timeout=120):
        self.port, self.recorder, self.timeout = port, recorder, timeout
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies, self.connection = {}, None

    def _close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, kind, method, path, *, body=None, headers=None, ok=(200,), conflict=(), check=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "tgpl-load/1", "Accept-Language": "vi"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            sent.update({"Origin": self.origin, "Referer": self.origin + path})
        sent.update(headers or {})
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=sent)
            raw = self.connection.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException) as error:
            self._close()
            self.recorder.add(Sample(kind, time.perf_counter() - start, None, "connection", f"{path}: {error!r}"))
            return None
        elapsed = time.perf_counter() - start
        for header in raw.headers.get_all("Set-Cookie") or ():
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if raw.will_close:
            self._close()
        response = Response(raw.status, raw.headers, data)
        if raw.status in ok:
            problem = check(response) if check else ""
            outcome = "bad-body" if problem else "ok"
        elif raw.status in conflict:
            outcome, problem = "conflict", ""
        else:
            outcome = "5xx" if raw.status >= 500 else "unexpected"
            problem = f"{method} {path} → {raw.status} {raw.headers.get('Location', '')}".strip()
            said = re.findall(r'class="(?:field-error|error)"[^>]*>(.*?)</', response.text, re.S)
            if said:
                problem += ": " + " | ".join(re.sub(r"<[^>]+>|\s+", " ", s).strip() for s in said)[:300]
        self.recorder.add(Sample(kind, elapsed, raw.status, outcome, problem))
        return response if outcome in ("ok", "conflict") else None


class FormParser(HTMLParser):
    """The forms of a page with the values a browser would send for them."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "fields": {}, "options": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind, name = (attrs.get("type") or "text").lower(), attrs.get("name")
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"][name] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = attrs.get("name")
            self._form["fields"][self._select] = None
            self._form["options"][self._select] = []
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            self._form["options"][self._select].append(value)
            if "selected" in attrs:
                self._form["fields"][self._select] = value
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self._form["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if self._form["fields"][self._select] is None:
                options = self._form["options"][self._select]
                self._form["fields"][self._select] = options[0] if options else ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def post_form(html, needs):
    """The page's POST form that has a field named `needs` (the header's sign-out form is one too)."""
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return next((form for form in parser.forms if form["method"] == "post" and needs in form["fields"]), None)


def multipart(fields, files=()):
    boundary = "----tgpl-load-" + secrets.token_hex(12)
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content_type, data in files:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def expect_html(response):
    return "" if response.headers.get("Content-Type", "").startswith("text/html") else "not HTML"


def expect_bytes(prefix, content_type):
    def check(response):
        if not response.headers.get("Content-Type", "").startswith(content_type):
            return f"content type {response.headers.get('Content-Type')}"
        return "" if response.body.startswith(prefix) else f"body does not start with {prefix!r}"
    return check


# --- what a user does -------------------------------------------------------------------------------------

class User:
    def __init__(self, persona, port, recorder, run_prefix, rng):
        self.persona, self.recorder, self.prefix, self.rng = persona, recorder, run_prefix, rng
        self.browser = Browser(port, recorder)

    def get(self, kind, path, **kwargs):
        kwargs.setdefault("check", expect_html)
        return self.browser.request(kind, "GET", path, **kwargs)

    def sign_in(self):
        page = self.get("login_form", "/dang-nhap/")
        form = page and post_form(page.text, "username")
        if not form:
            return False
        fields = dict(form["fields"], username=self.persona.username, password=PASSWORD)
        body = urlencode(fields)
        answer = self.browser.request(
            "login", "POST", "/dang-nhap/", body=body, ok=(302,),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            check=lambda r: "" if r.headers.get("Location") == "/" else f"redirected to {r.headers.get('Location')}",
        )
        if answer is None:
            return False
        home = self.get("plan_list", "/")
        stylesheet = home and re.search(r'<link rel="stylesheet" href="([^"]+)"', home.text)
        if stylesheet:
            self.get("static", stylesheet.group(1), check=lambda r: "" if b"{" in r.body else "empty stylesheet")
        return True

    def browse_plans(self):
        self.get("plan_list", "/")

    def plan_page(self):
        self.get("plan_detail", f"/ke-hoach/{self.rng.choice(self.persona.plan_ids)}/")

    def work_list(self):
        self.get("work_list", "/viec-cua-don-vi/")

    def activity_page(self):
        self.get("activity", f"/hoat-dong/{self.rng.choice(self.persona.activity_ids)}/")

    def dashboard(self):
        self.get("dashboard", "/tong-quan/")

    def report(self, file_format):
        plan_id, period = self.rng.choice(self.persona.reports)
        check = expect_bytes(b"%PDF-", "application/pdf") if file_format == "pdf" else expect_bytes(
            b"PK\x03\x04", "application/vnd.openxmlformats")
        self.get(f"report_{file_format}", f"/bao-cao/?pham_vi=plan:{plan_id}&ky={period}&dinh_dang={file_format}",
                 check=check)

    def update_progress(self):
        # Few seeded activities have budget lines: pick those more often, so that money is written too.
        with_money = [item for item in self.persona.work if item[3]]
        pool = with_money if with_money and self.rng.random() < 0.4 else self.persona.work
        activity, unit_ids, quarters, _money = self.rng.choice(pool)
        unit, period = self.rng.choice(unit_ids), self.rng.choice(quarters)
        path = f"/hoat-dong/{activity}/cap-nhat-tien-do/"
        page = self.get("progress_form", f"{path}?{urlencode({'ky': period, 'don_vi': unit})}")
        form = page and post_form(page.text, "version")
        if not form:
            return
        for _attempt in range(2):  # after a conflict the user reads the other save, then saves again
            post = self.recorder.new_post(prefix=self.prefix, activity=activity, unit=unit, period=period,
                                          version=int(form["fields"].get("version") or 0))
            fields, files = self.fill(form, post)
            body, content_type = multipart(fields, files)
            answer = self.browser.request(
                "progress_save", "POST", path, body=body, headers={"Content-Type": content_type},
                ok=(302,), conflict=(409,),
                check=lambda r: "" if r.headers.get("Location") == f"/hoat-dong/{activity}/"
                else f"redirected to {r.headers.get('Location')}",
            )
            if answer is None:
                post.outcome = "failed"
                return
            if answer.status == 302:
                post.outcome = "acked"
                self.get("activity", answer.headers["Location"])
                return
            post.outcome = "conflict"
            form = post_form(answer.text, "version")
            if not form:
                return

    def edit_content(self):
        """An editor adds an activity at the end of a plan (htmx, as the editor page does), then renames it through
        its panel's form and "Lưu". Issued plans get a reason of change."""
        plan = self.rng.choice(self.persona.plan_ids)
        base = f"/ke-hoach/{plan}/noi-dung/"
        if not self.get("editor_page", base):
            return
        headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
                   "X-CSRFToken": self.browser.cookies.get("csrftoken", "")}
        add = self.recorder.new_post(prefix=self.prefix, activity=plan, unit=0, period="", version=0, kind="add")
        answer = self.browser.request(
            "editor_add", "POST", base + "thao-tac/", headers=headers,
            body=urlencode({"op": "add-activity", "title": f"Việc tải thử {add.token}", "change_reason": "Tải thử"}),
            check=lambda r: "" if "Đã thêm hoạt động mới." in r.text else "no 'Đã thêm' in the answer",
        )
        if answer is None:
            add.outcome = "failed"
            return
        add.outcome = "acked"
        created = re.search(r'id="activity-form"[^>]*?action="([^"]+)"|action="([^"]+)"[^>]*id="activity-form"',
                            answer.text)
        form = post_form(answer.text, "title")
        if not created or not form:
            return
        action = created.group(1) or created.group(2)
        rename = self.recorder.new_post(prefix=self.prefix, activity=plan, unit=0, period="",
                                        version=int(form["fields"].get("version") or 0), kind="rename")
        fields = dict(form["fields"], title=f"Việc tải thử đã sửa {rename.token}", change_reason="Tải thử", _save="1")
        saved = self.browser.request(
            "editor_save", "POST", action, headers=headers, body=urlencode(fields, doseq=True),
            check=lambda r: "" if "Đã lưu." in r.text else "no 'Đã lưu.' in the answer",
        )
        rename.outcome = "acked" if saved is not None else "failed"

    def fill(self, form, post):
        """What the user types: a status, a result carrying the post's token, quantities, sometimes money
        spent (a small amount, explained, so that it may exceed the line) and sometimes an evidence file."""
        fields = dict(form["fields"])
        options = form["options"]
        fields["status"] = self.rng.choice([v for v in options.get("status", []) if v] or ["in_progress"])
        fields["result"] = f"Kết quả cập nhật tải thử {post.token}"
        for name in fields:
            if name.startswith("target_"):
                fields[name] = str(self.rng.randint(1, 50))
            elif re.fullmatch(r"chi-\d+-\w+", name):
                fields[name] = ""
        lines = [v for v in options.get("chi-0-budget_line", []) if v]
        if lines and self.rng.random() < 0.5:
            year, quarter = post.period.split("-Q")
            fields.update({
                "chi-0-budget_line": self.rng.choice(lines), "chi-0-amount": "1.000",
                "chi-0-spent_on": f"01/{3 * int(quarter) - 1:02d}/{year}", "chi-0-document_reference": post.token,
                "chi-0-note": "Chi thử khi kiểm tra tải",
            })
            post.expenditure = True
        files = []
        if self.rng.random() < 0.15:
            files.append(("files", f"{post.token}.pdf", "application/pdf", PDF))
            post.evidence = True
        return fields, files

    def run(self, deadline, think):
        if not self.sign_in():
            return
        if self.persona.role == "editor":
            actions = [(self.browse_plans, 10), (self.plan_page, 10), (self.edit_content, 80)]
        elif self.persona.role == "leader":
            actions = [(self.browse_plans, 15), (self.plan_page, 20), (self.dashboard, 15), (self.activity_page, 10),
                       (lambda: self.report("pdf"), 20), (lambda: self.report("xlsx"), 20)]
        else:
            actions = [(self.browse_plans, 15), (self.plan_page, 15), (self.work_list, 15), (self.activity_page, 20),
                       (self.update_progress, 35)]
        if not self.persona.work:
            actions = [(a, w) for a, w in actions if a != self.update_progress]
        choices, weights = zip(*actions)
        while time.monotonic() < deadline:
            self.rng.choices(choices, weights)[0]()
            time.sleep(self.rng.uniform(0, 2 * think))


# --- server -----------------------------------------------------------------------------------------------

def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, log_path):
    command = [
        sys.executable, "-m", "gunicorn", "tgpl.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "120", "--graceful-timeout", "30",
        "--error-logfile", str(log_path), "--capture-output", "--log-level", "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up (exit {process.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/dang-nhap/", headers={"Host": f"127.0.0.1:{port}"})
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return process
            sys.exit(f"gunicorn answers {status} on /dang-nhap/:\n{log_path.read_text()[-3000:]}")
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not answer within 60 s.")


def stop_gunicorn(process):
    """SIGTERM: workers finish their requests and exit; True when the master exits cleanly in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return False
    return process.returncode == 0


# --- figures and checks -----------------------------------------------------------------------------------

def percentile(sorted_values, share):
    if not sorted_values:
        return float("nan")
    # Nearest rank: the smallest value with at least `share` of the values at or below it.
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def print_figures(samples, elapsed):
    rows = defaultdict(list)
    for sample in samples:
        rows[sample.kind].append(sample)
    print(f"\n{'kind':<16}{'requests':>9}{'rps':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'conflict':>9}{'errors':>8}")

    def line(kind, group):
        times = sorted(s.seconds * 1000 for s in group if s.status is not None)
        errors = sum(s.outcome not in ("ok", "conflict") for s in group)
        conflicts = sum(s.outcome == "conflict" for s in group)
        print(f"{kind:<16}{len(group):>9}{len(group) / elapsed:>8.1f}{percentile(times, 0.5):>11.0f}"
              f"{percentile(times, 0.95):>9.0f}{(times[-1] if times else 0):>9.0f}{conflicts:>9}{errors:>8}")

    for kind in sorted(rows):
        line(kind, rows[kind])
    line("ALL", samples)


def verify_updates(recorder, prefix, media_root):
    """Every acknowledged save is in the database (history row, current row where it was the last save,
    its expenditure, its evidence file on disk); no refused save left a trace. Returns problem lines."""
    from django.db import connections

    from activities.models import Attachment, ProgressUpdate
    from budgets.models import Expenditure

    connections.close_all()
    token = re.compile(re.escape(prefix) + r"\d{6}")
    history = Counter(
        found for text in ProgressUpdate.history.filter(result__contains=prefix).values_list("result", flat=True)
        for found in token.findall(text)
    )
    current = {
        (u.activity_id, u.unit_id, f"{u.year}-Q{u.quarter}"): (u.version, u.result)
        for u in ProgressUpdate.objects.filter(result__contains=prefix)
    }
    spent = Counter(Expenditure.objects.filter(document_reference__startswith=prefix)
                    .values_list("document_reference", flat=True))
    evidence = {}
    for attachment in Attachment.objects.filter(original_name__startswith=prefix):
        evidence[attachment.original_name] = (media_root / attachment.file.name).is_file()

    problems = []
    posts = [post for post in recorder.posts if post.kind == "progress"]
    problems += verify_editors(recorder, prefix)
    for post in posts:
        if post.outcome == "acked":
            if history[post.token] != 1:
                problems.append(f"acknowledged save {post.token}: {history[post.token]} history rows, expected 1")
            if post.expenditure and spent[post.token] != 1:
                problems.append(f"acknowledged save {post.token}: {spent[post.token]} expenditures, expected 1")
            if post.evidence and not evidence.get(f"{post.token}.pdf"):
                problems.append(f"acknowledged save {post.token}: evidence file missing")
        elif post.outcome == "conflict":
            if history[post.token] or spent[post.token] or f"{post.token}.pdf" in evidence:
                problems.append(f"refused save {post.token} (409) left a trace in the database")
    unsure = {post.token for post in posts if post.outcome in ("failed", "pending")}
    by_key = defaultdict(list)
    for post in posts:
        if post.outcome == "acked":
            by_key[(post.activity, post.unit, post.period)].append(post)
    for key, acked in by_key.items():
        versions = Counter(post.version for post in acked)
        for version, n in versions.items():
            if n > 1:
                problems.append(f"{n} saves of {key} were acknowledged from the same version {version} (overwrite)")
        last = max(acked, key=lambda post: post.version)
        row = current.get(key)
        if row is None:
            problems.append(f"{key}: no current update, expected {last.token}")
            continue
        version, result = row
        if last.token in result and version == last.version + 1:
            continue
        later = token.findall(result)
        if not (later and later[0] in unsure):
            problems.append(f"{key}: current update is version {version} {later}, expected {last.token} "
                            f"(version {last.version + 1})")
    return problems


def verify_editors(recorder, prefix):
    """Every acknowledged new activity and rename is in the database, once."""
    from activities.models import Activity

    added = Counter(Activity.history.filter(title__contains=prefix, history_type="+").values_list("title", flat=True))
    renamed = Counter(Activity.history.filter(title__contains=prefix, title__startswith="Việc tải thử đã sửa")
                      .values_list("title", flat=True))
    problems = []
    for post in recorder.posts:
        if post.outcome != "acked":
            continue
        if post.kind == "add" and added[f"Việc tải thử {post.token}"] != 1:
            problems.append(f"acknowledged new activity {post.token}: {added[f'Việc tải thử {post.token}']} "
                            "created, expected 1")
        if post.kind == "rename" and renamed[f"Việc tải thử đã sửa {post.token}"] != 1:
            problems.append(f"acknowledged rename {post.token}: {renamed[f'Việc tải thử đã sửa {post.token}']} "
                            "history rows, expected 1")
    return problems


def server_errors(log_path):
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return [line for line in text.splitlines() if "Internal Server Error" in line or "Traceback" in line
            or "[ERROR]" in line or "WORKER TIMEOUT" in line]


def attach_environment(args):
    """Settings of `make run`'s server (DEBUG on, its SQLite file and media), to add accounts and check saves."""
    return {"DJANGO_SETTINGS_MODULE": "tgpl.settings", "DEBUG": "1", "DATABASE_URL": f"sqlite:///{args.sqlite}",
            "MEDIA_ROOT": args.media_root, "LOG_LEVEL": "WARNING"}


def main():
    args = parse_args()
    attach = bool(args.server)
    workdir = Path(tempfile.mkdtemp(prefix="tgpl-load-"))
    env = attach_environment(args) if attach else server_environment(args, workdir)
    os.environ.update(env)  # the set-up and the checks below use the same settings as the server

    if not attach:
        print(f"Setting up {args.database_url} (work files in {workdir}) …", flush=True)
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    if not attach:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddata", "seed_plans", "demo", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
    run_id = secrets.token_hex(2) if attach else ""
    personas = make_personas(args.users, args.editors, run_id)
    connections.close_all()
    counts = Counter(p.role for p in personas)
    where = f"the server at {args.server} ({args.sqlite})" if attach else f"gunicorn with {args.workers} workers"
    print(f"{counts['editor']} editors, {counts['updater']} updaters and {counts['leader']} leaders; {where}; "
          f"think time 0–{2 * args.think:.1f} s; {args.seconds:.0f} s.", flush=True)

    print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores.")
    log_path = workdir / "gunicorn.log"
    if attach:
        port, server = urlsplit(args.server).port or 80, None
    else:
        port = free_port()
        server = start_gunicorn(env, port, args.workers, log_path)
    recorder = Recorder()
    prefix = f"LOAD-{secrets.token_hex(3)}-"
    clean_stop = True
    try:
        started = time.monotonic()
        deadline = started + args.seconds
        rng = Random(args.seed)
        users = [User(p, port, recorder, prefix, Random(rng.random())) for p in personas]
        threads = [threading.Thread(target=user.run, args=(deadline, args.think), name=user.persona.username)
                   for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            clean_stop = stop_gunicorn(server)

    samples = recorder.samples
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    print_figures(samples, elapsed)
    failures = [s for s in samples if s.outcome not in ("ok", "conflict")]
    posts = Counter(post.outcome for post in recorder.posts if post.kind == "progress")
    print(f"\n{len(samples)} requests in {elapsed:.1f} s = {len(samples) / elapsed:.1f} requests/s "
          f"from {len(personas)} users.")
    edits = Counter((post.kind, post.outcome) for post in recorder.posts if post.kind != "progress")
    print(f"Editor saves: {edits['add', 'acked']} activities added, {edits['rename', 'acked']} renamed, "
          f"{edits['add', 'failed'] + edits['rename', 'failed']} failed.")
    print(f"Progress saves: {posts['acked']} acknowledged, {posts['conflict']} refused as conflicts (409), "
          f"{posts['failed'] + posts['pending']} failed; "
          f"{sum(p.expenditure for p in recorder.posts if p.outcome == 'acked')} with an expenditure, "
          f"{sum(p.evidence for p in recorder.posts if p.outcome == 'acked')} with an evidence file.")
    by_outcome = Counter(s.outcome for s in failures)
    print(f"Errors: {len(failures)} ({', '.join(f'{k} {v}' for k, v in by_outcome.items()) or 'none'}).")
    for sample in failures[:15]:
        print(f"  {sample.kind}: {sample.outcome} {sample.detail}")

    problems = verify_updates(recorder, prefix, Path(args.media_root) if attach else workdir / "media")
    print(f"Lost or inconsistent updates: {len(problems)}.")
    for problem in problems[:15]:
        print(f"  {problem}")
    logged = server_errors(log_path)
    print(f"Server log errors: {len(logged)}." + ("" if not logged else f" See {log_path}."))
    for line in logged[:10]:
        print(f"  {line}")
    if not attach:
        print(f"gunicorn stopped {'cleanly' if clean_stop else 'NOT cleanly'}.")
    failed = bool(failures or problems or logged or not clean_stop or not posts["acked"])
    if failed:
        print(f"Server log, static and media files kept in {workdir}; the database "
              f"{args.sqlite if attach else args.database_url} too.")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
