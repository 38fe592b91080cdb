"""Documents built once: the PDF, .docx, workbook and JSON of a live report (a scope's, a draft document's, the
national year report) are kept as files, so that a second download of the same thing costs a file read.

A file's key is a hash of everything its bytes depend on:
- what it is: the scope's code (plan, year and province, unit; ":du-thao" for a draft's marked preview), the
  period, the format, and for a draft document its id and when it was last saved;
- the data it reads: the data version of the scope's province and of the provinces merged into it
  (reports/dataversion.py), which changes in the same transaction as any write to what a report reads;
- the day (overdue status and the printed date depend on it) and the language;
- the code that lays it out: a hash of the project's source and report templates and the versions of
  WeasyPrint, openpyxl and python-docx, so a deploy never serves an old layout.

Access is checked before the cache is asked, and the file's content depends only on the scope (build_report
reads the scope's plans whoever asks), so two users get the same file for the same scope, and a unit's report
and its province's report are different scopes, hence different keys.

The version is read before the report's rows: a change committed in between makes a file with the newer data
stored under the older key, never the reverse. Files are written to a temporary name and renamed, so a download
never reads half a file; `manage.py clean_report_cache` (and every write, at most once an hour) removes files
from before today, which no key can name any more.
"""
import datetime
import functools
import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from reports.dataversion import version_everywhere, version_of

FOLDER = "report-cache"
LAYOUT_VERSION = 1  # bump by hand for a change the source hash cannot see (a font installed on the server, say)
SWEEP_EVERY = 3600  # seconds between two sweeps made by writes
_SOURCES = ("activities", "budgets", "core", "plans", "progress", "reports", "tgpl")
_ASSETS = ("templates/reports", "static/css", "static/fonts")


def folder():
    return Path(getattr(settings, "REPORT_CACHE_DIR", None) or Path(settings.MEDIA_ROOT) / FOLDER)


@functools.cache
def code_version():
    """A hash of the code and assets the documents are drawn with, and of the libraries that draw them; read
    once per process."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(str(LAYOUT_VERSION).encode())
    base = Path(settings.BASE_DIR)
    files = [path for name in _SOURCES for path in (base / name).rglob("*.py") if "migrations" not in path.parts]
    files += [path for name in _ASSETS if (base / name).is_dir() for path in (base / name).rglob("*") if path.is_file()]
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    for package in ("weasyprint", "openpyxl", "python-docx", "pydyf", "Django"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    return digest.hexdigest()[:16]


class CachedDocument:
    """One document's place in the cache: `read()` its bytes (None when not built yet), `store(data)` them."""

    def __init__(self, extension, *parts):
        self.extension = extension
        text = "\n".join(str(part) for part in (*parts, translation.get_language(), code_version()))
        self.key = hashlib.sha256(text.encode()).hexdigest()
        self.path = folder() / self.key[:2] / f"{self.key}.{extension}"

    def read(self):
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def store(self, data):
        """Write the file under a temporary name, then rename it: readers see the whole file or none. Returns
        `data`, so a view can answer with what it stores."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sweep_now_and_then()
        return data


def for_scope(scope, period, file_format, *, today=None):
    """The cache place of a scope's report for a period, as report_page and the task worker build it."""
    today = today or timezone.localdate()
    return CachedDocument(file_format, "scope", scope.code, period.code, file_format, today.isoformat(),
                          version_of(scope.province))


def for_document(document, file_format, *, today=None):
    """The cache place of a draft report document's file (its text is part of the key through its last save)."""
    today = today or timezone.localdate()
    return CachedDocument(file_format, "document", document.pk, document.state, document.version,
                          document.updated_at.isoformat(), file_format, today.isoformat(),
                          version_of(document.province))


def for_national(year, file_format, *, today=None):
    """The cache place of the national year report: it reads every province's issued reports, so its key has
    every province's data version and the latest change to any report document."""
    from django.db.models import Count, Max

    from reports.models import Report

    today = today or timezone.localdate()
    documents = Report.objects.aggregate(count=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    return CachedDocument(file_format, "national", year, file_format, today.isoformat(), version_everywhere(),
                          documents["count"], documents["last"], documents["top"])


def sweep(*, before=None):
    """Remove cached files written before `before` (a datetime; default: the start of today, local time, since
    every key names the day it was built on) and temporary files left by a crash. Returns how many."""
    if before is None:
        before = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    limit = before.timestamp()
    removed = 0
    root = folder()
    if not root.is_dir():
        return 0
    for path in root.glob("*/*"):
        try:
            if path.stat().st_mtime < limit or (path.name.startswith(".tmp-") and path.stat().st_mtime < time.time() - 3600):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another process removed it first
            continue
    return removed


def _sweep_now_and_then():
    marker = folder() / ".swept"
    try:
        if time.time() - marker.stat().st_mtime < SWEEP_EVERY:
            return
    except FileNotFoundError:
        pass
    marker.touch()
    sweep()
