"""Writes of the reports app: a report document's life (draft, edit, issue, new version), and handing a report
too big to build while the user waits to the task worker."""
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import parse_period
from reports.documents import new_document, render_pdf, scope_of
from reports.jsondoc import report_data
from reports.models import Report, ReportJob
from reports.narrative import draft_parts
from reports.rows import build_report
from reports.tasks import build_report_file

EDITABLE = ("title", "place", "signer_title", "signer_name", "recipients", *Report.PARTS)
NUMBER = re.compile(r"^\d+/BC-[\w&\-]+$")


class ReportIssued(ValidationError):
    """An issued report is never changed: a correction is a new version."""


def report_job_start(*, user, scope_code: str, period_code: str, file_format: str, filename: str = "") -> ReportJob:
    """Record the job and queue it together: with the database task backend both rows land, or neither."""
    with transaction.atomic():
        job = ReportJob.objects.create(requested_by=user, scope_code=scope_code, period_code=period_code,
                                       file_format=file_format,
                                       download_name=filename)
        build_report_file.enqueue(str(job.pk))
    return job


def report_create(*, user, scope, period) -> Report:
    """A new draft report for a scope and period: defaults and the first draft of its four parts from the data."""
    rows = build_report(scope, period)
    document = new_document(rows, user=user)
    document.save()
    return document


def _locked_draft(report):
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.state != Report.State.DRAFT:
        raise ReportIssued(_("Báo cáo đã ban hành, không sửa được; hãy tạo phiên bản mới."))
    return locked


def clean_text(value):
    """Plain paragraphs: markup pasted from a web page or Word is dropped, one paragraph per line."""
    text = re.sub(r"<[^>]*>", "", str(value or ""))
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def report_update(*, report: Report, data: dict) -> Report:
    """Save the editable fields of a draft (trích yếu, place, signer, recipients, the four parts)."""
    with transaction.atomic():
        locked = _locked_draft(report)
        for name in EDITABLE:
            if name in data:
                value = data[name]
                setattr(locked, name, clean_text(value) if name in (*Report.PARTS, "recipients", "signer_title")
                        else " ".join(str(value or "").split()))
        if not locked.title:
            raise ValidationError({"title": _("Trích yếu không được để trống.")})
        locked.save()
    return locked


def report_redraft(*, report: Report) -> Report:
    """Write the four parts again from today's data (the editor's text of a draft is replaced)."""
    with transaction.atomic():
        locked = _locked_draft(report)
        rows = build_report(scope_of(locked), period_of(locked))
        for name, text in draft_parts(rows).as_dict().items():
            setattr(locked, name, text)
        locked.save()
    return locked


def period_of(report):
    """The reporting period a report document covers."""
    return parse_period(report.period_code)


def report_issue(*, report: Report, user, number: str, issued_on: datetime.date) -> Report:
    """Ban hành: the number and date are written, the report rows frozen as JSON, and the PDF, the .docx and the
    workbook built from those rows stored, so the issued report never changes whatever happens to the data.

    A report over more activities than REPORT_INLINE_MAX_ACTIVITIES is marked "Đang ban hành" and frozen by the
    task worker (`tasks.issue_report`), whose files would take too long to build during the request; its
    figures are those of the moment the worker runs."""
    from django.conf import settings

    from reports.rows import activities_in_scope
    from reports.tasks import issue_report

    number = " ".join(str(number or "").split())
    if not NUMBER.match(number):
        raise ValidationError({"number": _("Số báo cáo phải có dạng 25/BC-STP.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Hãy nhập ngày ban hành.")})
    with transaction.atomic():
        locked = _locked_draft(report)
        clash = Report.objects.filter(province=locked.province, number=number, issued_on__year=issued_on.year,
                                      state=Report.State.ISSUED).exists()
        if clash:
            raise ValidationError({"number": _("Số %(number)s đã dùng cho một báo cáo khác trong năm %(year)s.") % {
                "number": number, "year": issued_on.year}})
        locked.number, locked.issued_on, locked.issued_by = number, issued_on, user
        scope = scope_of(locked)
        if activities_in_scope(scope) > settings.REPORT_INLINE_MAX_ACTIVITIES:
            locked.state = Report.State.ISSUING
            locked.save()
            issue_report.enqueue(locked.pk)
            return locked
        freeze(locked, build_report(scope, period_of(locked)))
    return locked


def freeze(report: Report, rows) -> None:
    """Write the snapshot and the stored files of a report being issued, and mark it issued (inside the caller's
    transaction, on a locked row)."""
    from reports.docx import write_docx
    from reports.xlsx import write_workbook

    report.state = Report.State.ISSUED
    report.issued_at = timezone.now()
    report.snapshot = report_data(rows)
    report.pdf = render_pdf(rows, report)
    report.docx = write_docx(rows, report)
    report.xlsx = write_workbook(rows, report)
    report.save()


def report_new_version(*, report: Report, user) -> Report:
    """A new draft that will supersede an issued report: its text is copied, its figures read from today's data."""
    with transaction.atomic():
        source = Report.objects.select_for_update().get(pk=report.pk)
        if source.state != Report.State.ISSUED:
            raise ValidationError(_("Chỉ tạo phiên bản mới cho báo cáo đã ban hành."))
        if source.superseded_by.exists():
            raise ValidationError(_("Báo cáo này đã có phiên bản mới."))
        fields = {name: getattr(source, name) for name in EDITABLE}
        return Report.objects.create(
            province=source.province, plan=source.plan, unit=source.unit, year=source.year,
            scope_code=source.scope_code, period_code=source.period_code, window_kind=source.window_kind,
            version=source.version + 1, supersedes=source, created_by=user, **fields,
        )
