"""Passwords: Argon2id first at no less than OWASP's minimum, older PBKDF2 hashes still accepted and rewritten.

The test settings hash with MD5 to keep factory users fast; these tests use the production list on purpose."""
import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, identify_hasher

from tgpl import settings as production

pytestmark = pytest.mark.django_db

PASSWORD = "tai-thu-2026-mat-khau"


def test_argon2_comes_first_at_owasp_minimum_or_more_and_pbkdf2_still_reads(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    hasher = get_hasher("default")
    assert hasher.algorithm == "argon2"
    # OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB of memory, 2 iterations, 1 lane.
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS
    encoded = hasher.encode(PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$") and hasher.verify(PASSWORD, encoded)
    assert not hasher.verify(PASSWORD + "x", encoded)


def test_an_old_pbkdf2_password_signs_in_and_is_rewritten_with_argon2(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    # An existing hash, as the demo fixture and older installations hold them (few iterations: a fast test).
    old = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt1234", iterations=1000)
    user = get_user_model().objects.create(username="cu", password=old)
    assert authenticate(username="cu", password="sai-mat-khau") is None
    user.refresh_from_db()
    assert user.password == old  # a wrong password changes nothing
    assert authenticate(username="cu", password=PASSWORD) == user
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert authenticate(username="cu", password=PASSWORD) == user
