"""gunicorn.conf.py: forwarded headers are trusted only with BEHIND_PROXY; request line and header limits set."""
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.mark.parametrize("behind_proxy, trusted, schemes", [
    ("0", "", {}), ("", "", {}), ("1", "127.0.0.1,::1", {"X-FORWARDED-PROTO": "https"}),
])
def test_forwarded_headers_are_trusted_only_behind_a_proxy(monkeypatch, behind_proxy, trusted, schemes):
    monkeypatch.setenv("BEHIND_PROXY", behind_proxy)
    config = runpy.run_path(str(CONFIG))
    assert config["forwarded_allow_ips"] == trusted
    assert config["secure_scheme_headers"] == schemes


def test_request_limits_and_timeout_are_set(monkeypatch):
    monkeypatch.delenv("BEHIND_PROXY", raising=False)
    config = runpy.run_path(str(CONFIG))
    assert (config["limit_request_line"], config["limit_request_fields"], config["limit_request_field_size"]) == (
        4094, 100, 8190)
    assert 0 < config["timeout"] <= 120
