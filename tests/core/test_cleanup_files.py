"""`manage.py cleanup_files`: orphaned evidence and stale temporary uploads are listed, then removed; files rows
refer to, recent files and other folders are kept."""
import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from activities.models import Attachment
from tests.progress.factories import add_update, build_world, minimal_pdf

pytestmark = pytest.mark.django_db


def _age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_orphans_and_stale_uploads_are_listed_then_removed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    world = build_world()
    update = add_update(world["activity"], world["room"], world["people"]["updater"])
    kept = Attachment.objects.create(update=update, file=ContentFile(minimal_pdf(), name="bien-ban.pdf"),
                                     original_name="Biên bản.pdf", content_type="application/pdf", size=10,
                                     uploaded_by=world["people"]["updater"])
    kept_path = settings.MEDIA_ROOT / kept.file.name
    orphan = settings.MEDIA_ROOT / "evidence" / "2021" / "bo-do.pdf"  # a save killed before its row committed
    recent = settings.MEDIA_ROOT / "evidence" / "2021" / "dang-luu.pdf"  # a save still in flight
    elsewhere = settings.MEDIA_ROOT / "khac" / "giu-lai.txt"
    stale_upload = settings.FILE_UPLOAD_TEMP_DIR / "tmpab12.upload.pdf"
    for path in (orphan, recent, elsewhere, stale_upload):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    for path in (kept_path, orphan, elsewhere, stale_upload):
        _age(path, 5)

    out = io.StringIO()
    call_command("cleanup_files", "--dry-run", stdout=out)
    listed = out.getvalue()
    assert str(orphan) in listed and str(stale_upload) in listed
    assert str(kept_path) not in listed and str(recent) not in listed and str(elsewhere) not in listed
    assert "Tìm thấy 2 tệp (2.000 byte); chưa xóa gì" in listed
    assert orphan.exists() and stale_upload.exists()

    out = io.StringIO()
    call_command("cleanup_files", stdout=out)
    assert "Đã xóa 2 tệp" in out.getvalue()
    assert not orphan.exists() and not stale_upload.exists()
    assert kept_path.exists() and recent.exists() and elsewhere.exists()
