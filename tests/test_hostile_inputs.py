"""Hostile or unlucky input, generated here: each is refused with a clear Vietnamese message and leaves no file
behind (tgpl/middleware.py, importer/reading/files.py read_docx, core/limits.py)."""
import io
import struct
import time
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.limits import LimitExceeded, run_limited
from importer.reading import ImportProblem, read_document
from plans.models import Plan

MB = 1024 * 1024


def _files_left():
    return sorted(p.name for p in settings.FILE_UPLOAD_TEMP_DIR.iterdir())


@pytest.fixture
def no_leftovers():
    before = _files_left()
    yield
    assert _files_left() == before


def minimal_docx(**extra_members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p></w:body></w:document>')
        for name, data in extra_members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def zip_bomb():
    """A .docx of about 200 KB that unpacks to 200 MB (zeros)."""
    return minimal_docx(word__media__image1__bin=bytes(200 * MB))


def lying_zip():
    """A .docx whose parts declare 100 bytes and really hold 20 MB: the declared sizes are rewritten in both the
    local headers and the central directory, so only reading the data tells the truth."""
    data = bytearray(minimal_docx(word__media__image1__bin=b"A" * (20 * MB)))
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            struct.pack_into("<I", data, at + size_at, 100)
            start = at + 4
    return bytes(data)


def test_a_zip_bomb_is_refused_after_reading_no_more_than_the_limit():
    bomb = zip_bomb()
    assert len(bomb) < MB
    started = time.monotonic()
    with pytest.raises(ImportProblem) as refused:
        read_document(bomb, "bom.docx")
    assert refused.value.code == "too_large"
    assert "giải nén ra quá lớn" in str(refused.value)
    assert time.monotonic() - started < 10


def test_a_zip_that_lies_about_its_sizes_is_refused():
    with pytest.raises(ImportProblem) as refused:
        read_document(lying_zip(), "noi-doi.docx")
    assert refused.value.code in ("docx", "too_large")
    assert "docx" in str(refused.value)


@pytest.mark.django_db
def test_a_zip_bomb_uploaded_for_import_is_refused_in_vietnamese(client, demo_data, demo_editor, no_leftovers):
    client.force_login(demo_editor)
    response = client.post(reverse("importer:import"), {
        "document": SimpleUploadedFile("ke-hoach.docx", zip_bomb(), content_type="application/octet-stream"),
    })
    assert response.status_code == 400
    assert "giải nén ra quá lớn" in response.content.decode()
    assert not Plan.objects.filter(status="draft", title__contains="KẾ HOẠCH").exists()


@pytest.mark.django_db
def test_a_gigabyte_body_before_sign_in_is_refused_unread(client, no_leftovers):
    # The header says 1 GiB: refused from the header alone, before a byte is read or written anywhere.
    response = client.post(reverse("login"), data=b"x" * 1024, content_type="application/octet-stream",
                           CONTENT_LENGTH=str(1024 * MB))
    assert response.status_code == 413
    body = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in body and "0,1 MB" in body


@pytest.mark.django_db
def test_bodies_are_bounded_by_route_once_signed_in(client, demo_data, demo_editor, demo_updater):
    client.force_login(demo_editor)
    response = client.post(reverse("plans:list"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(3 * MB))
    assert response.status_code == 413
    assert "tối đa 2 MB" in response.content.decode()
    response = client.post(reverse("importer:import"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(12 * MB))
    assert response.status_code == 413 and "tối đa 11 MB" in response.content.decode()
    # Evidence: five files of the evidence limit fit, htmx gets the message as an out-of-band alert.
    client.force_login(demo_updater)
    url = reverse("progress:update", args=[1])
    response = client.post(url, data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(52 * MB), HTTP_HX_REQUEST="true")
    assert response.status_code == 413
    assert response["HX-Reswap"] == "none" and 'id="request-error"' in response.content.decode()


@pytest.mark.django_db
def test_a_50_mb_paste_is_refused_in_vietnamese(client, demo_data, demo_editor, no_leftovers):
    client.force_login(demo_editor)
    text = "1. Tổ chức tập huấn cho trợ giúp viên pháp lý\n" * (50 * MB // 60)
    response = client.post(reverse("importer:import"), {"text": text})
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
    assert "Bad Request" not in response.content.decode()


@pytest.mark.django_db
def test_a_paste_over_djangos_default_of_2_5_mb_reaches_the_reader(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    text = "0123456789 - 0123456789\n" * (3 * MB // 24)
    response = client.post(reverse("importer:import"), {"text": text})
    assert response.status_code == 400  # read, and found to hold no words: said in Vietnamese, next to the box
    body = response.content.decode()
    assert "không có chữ nào" in body and "Bad Request" not in body


@pytest.mark.django_db
@override_settings(IMPORT_PARSE_SECONDS=1)
def test_a_document_that_reads_too_long_is_stopped(client, demo_data, demo_editor, monkeypatch):
    import importer.views

    def slow_reader(data, filename, province=None):
        time.sleep(30)

    monkeypatch.setattr(importer.views, "parse_plan", slow_reader)  # stands in for a pathological document
    client.force_login(demo_editor)
    started = time.monotonic()
    response = client.post(reverse("importer:import"), {"text": "KẾ HOẠCH\n1. Việc một"})
    assert time.monotonic() - started < 10
    assert response.status_code == 400
    assert "đọc quá lâu" in response.content.decode()


def test_the_budget_stops_time_and_memory_and_passes_results_and_errors():
    assert run_limited(sum, [1, 2, 3], seconds=10) == 6
    with pytest.raises(ImportProblem) as problem:
        run_limited(read_document, b"", "rong.txt", seconds=10)
    assert problem.value.code == "empty"
    with pytest.raises(LimitExceeded) as slow:
        run_limited(time.sleep, 30, seconds=1)
    assert slow.value.kind == "time"
    with pytest.raises(LimitExceeded) as greedy:
        run_limited(bytearray, 2048 * MB, seconds=20, memory_bytes=256 * MB)
    assert greedy.value.kind == "memory"


@pytest.mark.django_db
def test_a_refused_upload_leaves_no_temporary_file(client, demo_data, demo_updater, no_leftovers):
    # A 3 MB file goes to FILE_UPLOAD_TEMP_DIR (over FILE_UPLOAD_MAX_MEMORY_SIZE); the save is refused (not a PDF
    # really), and the temporary file is gone with the request.
    client.force_login(demo_updater)
    from activities.models import Activity

    activity = Activity.objects.for_user(demo_updater).trackable().filter(plan__status="issued").first()
    response = client.post(reverse("progress:update", args=[activity.pk]), {
        "status": "in_progress", "files": SimpleUploadedFile("gia.pdf", b"MZ" + bytes(3 * MB), "application/pdf"),
    })
    assert response.status_code in (200, 400, 403)
    assert activity.updates.filter(attachments__original_name="gia.pdf").count() == 0
