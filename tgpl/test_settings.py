"""Settings for the test suite: production settings plus a throw-away key and fast hashing."""
import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# The test client speaks plain http: no redirect to https, no secure-only cookies.
os.environ.setdefault("HTTPS", "0")

from tgpl.settings import *  # noqa: E402,F403

# MD5 keeps factory users fast; PBKDF2 stays so the demo fixture's real hashes still verify.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests never run collectstatic
WHITENOISE_USE_FINDERS = True
