"""Settings of the TGPL plan tracker, read from the environment with safe defaults (see README)."""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from tgpl.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "core",
    "plans",
    "activities",
    "budgets",
    "progress",
    "reports",
    "importer",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A save the database still refused (busy, connection lost) answers in Vietnamese: tgpl/middleware.py.
    "tgpl.middleware.DatabaseBusyMiddleware",
    # Request bodies over the route's limit are refused in Vietnamese before they are read (after authentication:
    # the limit is smaller before sign-in; its checks run before any view's, CSRF's included).
    "tgpl.middleware.RequestSizeMiddleware",
    # Signed-in pages and downloads: Cache-Control "private, no-store" (shared office computers).
    "tgpl.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "tgpl.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tgpl.navigation.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static", "core.templatetags.vn"],
        },
    },
]

WSGI_APPLICATION = "tgpl.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# Seconds an SQLite writer waits for another one's lock before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20)


def configure_database(database):
    """Make one database of DATABASES take concurrent writers (also used by the test settings).

    SQLite (the embedded default): WAL lets readers go on while one writer writes; the busy timeout makes
    a second writer wait instead of failing at once; IMMEDIATE transactions take the write lock when
    the transaction opens. Deferred ones (SQLite's default) read first and then try to upgrade to the
    write lock, which SQLite cannot wait for: two views that read then write failed with "database is
    locked" whatever the timeout. synchronous=NORMAL is the safe setting with WAL (no corruption; at
    worst the last commits before a power cut are lost) and spares an fsync per commit.
    PostgreSQL: check a reused connection before a request uses it, so a connection the server dropped
    (restart, pg_terminate_backend) is replaced instead of costing that request a 500.
    """
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT)
        options.setdefault("init_command", (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};"
        ))
    else:
        database["CONN_HEALTH_CHECKS"] = True
    return database


for _database in DATABASES.values():
    configure_database(_database)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# New passwords are hashed with Argon2id (tgpl/hashers.py); PBKDF2 stays to read the hashes made before, which
# are rewritten with Argon2 at each user's next sign-in.
PASSWORD_HASHERS = [
    "tgpl.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins: this many for one user name from one address within the window lock that pair for
# LOGIN_LOCKOUT_SECONDS (plans/signin.py). Counted in the database, so every app server sees them.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Long reports run on Django's task framework with a database-backed worker (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A report over more activities than this is built in the background, with its progress shown.
REPORT_INLINE_MAX_ACTIVITIES = env_int("REPORT_INLINE_MAX_ACTIVITIES", 300)
# What the dashboard and the report page drew, per data version (reports/figures.py): in each process's memory,
# at most CACHE_MAX_ENTRIES entries (a report page's body is at most a few hundred KB), the oldest dropped first.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tgpl",
                      "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 200)}}}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Evidence files live outside the static area and are only served through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Largest evidence file a unit may attach to a progress update, in bytes.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Largest plan document (.docx, .txt, .md, or pasted text) the plan importer reads, in bytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# A .docx is a zip: the most its parts may really unpack to (counted while reading, not as the zip declares).
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 64 * 1024 * 1024)
# Reading a plan document runs in a child process under these limits (importer views, core/budget.py).
IMPORT_PARSE_SECONDS = env_int("IMPORT_PARSE_SECONDS", 20)
IMPORT_PARSE_MEMORY_BYTES = env_int("IMPORT_PARSE_MEMORY_BYTES", 768 * 1024 * 1024)

# Request bodies (tgpl/middleware.py refuses a larger one in Vietnamese, 413, before reading it): small before
# sign-in, a few MB for ordinary forms, more only where files or documents are sent. Keep the proxy's limit
# (nginx client_max_body_size, README) at least the largest of these.
_MB = 1024 * 1024
REQUEST_MAX_BYTES_ANONYMOUS = env_int("REQUEST_MAX_BYTES_ANONYMOUS", 64 * 1024)
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 2 * _MB)
EVIDENCE_MAX_FILES_PER_SAVE = env_int("EVIDENCE_MAX_FILES_PER_SAVE", 5)
REQUEST_MAX_BYTES_BY_ROUTE = {
    "progress:update": EVIDENCE_MAX_BYTES * EVIDENCE_MAX_FILES_PER_SAVE + _MB,  # a save with its evidence files
    "importer:import": IMPORT_MAX_BYTES + _MB,  # one document, or as much pasted text
    "importer:import_save": 3 * IMPORT_MAX_BYTES + _MB,  # the reviewed draft, carried back as a signed field
}
# Django's own limits, behind the middleware's: form fields held in memory (pasted text, the draft) up to the
# largest route limit; files above 512 KB are streamed to FILE_UPLOAD_TEMP_DIR instead of held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(REQUEST_MAX_BYTES, *REQUEST_MAX_BYTES_BY_ROUTE.values())
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 2000)  # big review and plan forms
DATA_UPLOAD_MAX_NUMBER_FILES = EVIDENCE_MAX_FILES_PER_SAVE
FILE_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
# Uploads in progress, in a folder of their own so that `manage.py cleanup_files` can find what a killed worker
# left behind (Django removes them itself after every request that ends normally).
FILE_UPLOAD_TEMP_DIR = Path(env_str("FILE_UPLOAD_TEMP_DIR") or BASE_DIR / "var" / "upload-tmp")
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)

# E-mail (reminders). Django 6.1 configures mailers through MAILERS; EMAIL_BACKEND & co. are deprecated.
# Console with DEBUG on, so the local demo prints reminders instead of failing to reach an SMTP server.
# Production defaults to SMTP (to EMAIL_HOST, a local relay by default): a console mailer there would drop
# every reminder silently.
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_MAIL_OPTIONS = {}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tgpl@localhost")
# Absolute address of the site, for links in e-mails sent from cron (no request to take it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# HTTPS. On unless DEBUG: redirect http to https, HSTS, cookies only over https. `make run` (DEBUG=1)
# serves plain http on 127.0.0.1; the test settings turn HTTPS off. Each part can be overridden alone.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
_SECURE_COOKIES = env_bool("SECURE_COOKIES", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _SECURE_COOKIES)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _SECURE_COOKIES)
# Behind a reverse proxy that ends TLS, the app only sees http: trust the proxy's X-Forwarded-Proto for
# "is this https" (else SECURE_SSL_REDIRECT loops) and its X-Forwarded-For for the client address (the
# login throttle). Only turn this on when the proxy overwrites both headers; a client could forge them.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# Sessions end when the browser closes (offices share computers) and at the latest SESSION_COOKIE_AGE
# after sign-in (8 h, a working day). Not a sliding timeout (SESSION_SAVE_EVERY_REQUEST): the report job
# page polls every 2 s, so a forgotten open tab would stay signed in for ever, and every page view would
# write the session table.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's middleware): scripts, styles, images and fonts only from this site,
# no inline script or style attribute anywhere (htmx's own indicator style is off: see base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
