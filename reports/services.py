"""Writes of the reports app: handing a report too big to build while the user waits to the task worker."""
from django.db import transaction

from reports.models import ReportJob
from reports.tasks import build_report_file


def report_job_start(*, user, scope_code: str, period_code: str, file_format: str) -> ReportJob:
    """Record the job and queue it together: with the database task backend both rows land, or neither."""
    with transaction.atomic():
        job = ReportJob.objects.create(requested_by=user, scope_code=scope_code, period_code=period_code,
                                       file_format=file_format)
        build_report_file.enqueue(str(job.pk))
    return job
