"""Background work of the reports app, run by the database-backed task worker (`manage.py db_worker`)."""
from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import parse_period
from plans.models import Plan
from reports.documents import render_pdf
from reports.models import ReportJob
from reports.rows import build_report, parse_scope
from reports.xlsx import write_workbook


def _step(job, progress, state=ReportJob.State.RUNNING, message=""):
    ReportJob.objects.filter(pk=job.pk).update(progress=progress, state=state, message=message)


@task()
def build_report_file(job_id):
    """Build the job's file; progress is written as it goes so the waiting page can show it."""
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    _step(job, 5)
    try:
        period = parse_period(job.period_code)
        scope = parse_scope(job.scope_code, Plan.objects.for_user(job.requested_by), year=period.year)
        report = build_report(scope, period)
        _step(job, 40, message=_("Đã tổng hợp số liệu, đang dựng tệp…"))
        data = render_pdf(report) if job.file_format == "pdf" else write_workbook(report)
        _step(job, 90)
        job.file.save(job.filename, ContentFile(data), save=False)
        ReportJob.objects.filter(pk=job.pk).update(
            file=job.file.name, state=ReportJob.State.DONE, progress=100, message="", finished_at=timezone.now(),
        )
    except Exception as error:
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJob.State.FAILED, message=_("Không tạo được báo cáo: %(error)s") % {"error": error}[:200],
            finished_at=timezone.now(),
        )
        raise
    return str(job.pk)
