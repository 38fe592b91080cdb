"""gunicorn's settings for this app; gunicorn reads this file by itself when started from the project directory
(`gunicorn tgpl.wsgi`), or name it with `-c /srv/tgpl/app/gunicorn.conf.py`. Each value can be overridden on the
command line. See README, "Deploying on PostgreSQL behind gunicorn".
"""
import os

_BEHIND_PROXY = os.environ.get("BEHIND_PROXY", "").strip().lower() in ("1", "true", "yes", "on")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# A request that runs longer than this has its worker killed (and restarted). Long reports run in the task
# worker, and reading an uploaded plan stops itself after IMPORT_PARSE_SECONDS, so this is a last resort.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Request line and headers: gunicorn's defaults, written down (bodies are bounded by the app: tgpl/middleware.py,
# and by the proxy: client_max_body_size).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Trust X-Forwarded-Proto and friends only behind a proxy that overwrites them (the same switch as Django's
# SECURE_PROXY_SSL_HEADER in tgpl/settings.py); otherwise a client on this machine could claim https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if _BEHIND_PROXY else ""
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if _BEHIND_PROXY else {}
