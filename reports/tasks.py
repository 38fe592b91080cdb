"""Background work of the reports app, run by the database-backed task worker (`manage.py db_worker`)."""
import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import parse_period
from plans.models import Plan
from reports import cache as report_cache
from reports.documents import render_pdf
from reports.docx import write_docx
from reports.models import ReportJob
from reports.rows import build_report, parse_scope
from reports.xlsx import write_workbook

logger = logging.getLogger(__name__)
WRITERS = {"pdf": render_pdf, "docx": write_docx, "xlsx": write_workbook}


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
        today = timezone.localdate()
        # The same cache as the report page's downloads (reports/cache.py): a file built before from the same data
        # on the same day is not built again, and the one built here serves the next download at once.
        cached = report_cache.for_scope(scope, period, job.file_format, today=today)
        data = cached.read()
        if data is None:
            report = build_report(scope, period, today=today)
            _step(job, 40, message=_("Đã tổng hợp số liệu, đang dựng tệp…"))
            data = cached.store(WRITERS[job.file_format](report))
        _step(job, 90)
        job.file.save(job.filename, ContentFile(data), save=False)
        ReportJob.objects.filter(pk=job.pk).update(
            file=job.file.name, state=ReportJob.State.DONE, progress=100, message="", finished_at=timezone.now(),
        )
    except Exception as error:  # the job ends as failed, with a message the user reads on the waiting page
        logger.exception("report job %s failed", job.pk)
        message = _("Không tạo được báo cáo: %(error)s") % {"error": error}
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJob.State.FAILED, message=message[:250], finished_at=timezone.now(),
        )
    return str(job.pk)


@task()
def issue_report(report_id):
    """Issue a big report: freeze its rows and build its stored files. On failure it goes back to draft, with the
    number and date kept, so it can be issued again."""
    from django.db import transaction

    from reports.models import Report
    from reports.services import freeze, period_of, scope_of

    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            if report.state != Report.State.ISSUING:
                return report_id
            freeze(report, build_report(scope_of(report), period_of(report)))
    except Exception:
        logger.exception("issuing report %s failed", report_id)
        Report.objects.filter(pk=report_id, state=Report.State.ISSUING).update(state=Report.State.DRAFT)
    return report_id
