"""Files nothing refers to any more: evidence written by a save that died before its row was committed (a worker
killed mid-save), and temporary uploads a killed worker left in FILE_UPLOAD_TEMP_DIR. Found and removed by
`manage.py cleanup_files` (with `--dry-run`, only listed).

Only files older than a grace period are touched, so a save still in flight (its file written, its row not yet
committed) is never mistaken for an orphan. Media is searched only in the folders the app's file fields write to
(CLEANUP_MEDIA_FOLDERS); anything else under MEDIA_ROOT is left alone.
"""
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

DEFAULT_MEDIA_FOLDERS = ("evidence", "reports")


@dataclass
class Leftovers:
    orphans: list = field(default_factory=list)  # paths under MEDIA_ROOT no row refers to
    temporary: list = field(default_factory=list)  # stale files in FILE_UPLOAD_TEMP_DIR

    @property
    def size(self):
        return sum(path.stat().st_size for path in [*self.orphans, *self.temporary] if path.exists())


def referenced_names():
    """Every stored file name a row of the database refers to (archived rows included)."""
    names = set()
    for model in apps.get_models():
        for file_field in [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]:
            names.update(
                model._base_manager.exclude(**{file_field.name: ""}).values_list(file_field.name, flat=True)
            )
    return names


def _old_files(folder, cutoff):
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and p.stat().st_mtime < cutoff)


def find_leftovers(*, older_than_seconds, now=None):
    cutoff = (now or time.time()) - older_than_seconds
    media_root = Path(settings.MEDIA_ROOT)
    referenced = referenced_names()
    leftovers = Leftovers()
    for folder in getattr(settings, "CLEANUP_MEDIA_FOLDERS", DEFAULT_MEDIA_FOLDERS):
        for path in _old_files(media_root / folder, cutoff):
            if path.relative_to(media_root).as_posix() not in referenced:
                leftovers.orphans.append(path)
    temp_dir = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if temp_dir:
        leftovers.temporary = _old_files(temp_dir, cutoff)
    return leftovers


def remove(leftovers):
    removed = 0
    for path in [*leftovers.orphans, *leftovers.temporary]:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
