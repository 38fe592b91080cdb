"""A report too big for one request is built by the database-backed task worker, with its progress shown."""
import io
import signal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from plans.models import Plan
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_INLINE_MAX_ACTIVITIES = 5  # 19/KH-TGPL has 16 nodes: it goes to the worker
    return Plan.objects.get(number="19/KH-TGPL")


@pytest.fixture
def restore_signals():
    """The worker installs its own SIGINT/SIGTERM handlers; put the test runner's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# The worker closes and reopens its database connection as a real one does, so this test commits
# for real (transaction=True) instead of running inside the test's own transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_big_report_is_queued_built_by_the_worker_and_downloaded(
    client, demo, file_format, restore_signals, demo_leader,
):
    client.force_login(demo_leader)
    response = client.get(reverse("reports:report"),
                          {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2", "dinh_dang": file_format})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 2s"' in page

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    job.refresh_from_db()
    assert (job.state, job.progress) == (ReportJob.State.DONE, 100)
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Đã xong" in fragment and "every 2s" not in fragment
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    data = b"".join(download.streaming_content)
    if file_format == "pdf":
        assert "460.400.000" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    else:
        assert load_workbook(io.BytesIO(data))["Kinh phí"].cell(5, 2).value == 460_400_000


def test_someone_elses_job_is_404_and_unfinished_file_is_404(client, demo, demo_leader, demo_editor):
    client.force_login(demo_leader)
    client.get(reverse("reports:report"), {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2", "dinh_dang": "pdf"})
    job = ReportJob.objects.get()
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404  # not built yet
    client.force_login(demo_editor)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_small_report_is_built_at_once(client, demo, settings, demo_leader):
    settings.REPORT_INLINE_MAX_ACTIVITIES = 300
    client.force_login(demo_leader)
    response = client.get(reverse("reports:report"),
                          {"pham_vi": f"plan:{demo.pk}", "ky": "2021-Q2", "dinh_dang": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ReportJob.objects.exists()
