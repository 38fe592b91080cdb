"""The national view: every province side by side for a year, for the national role (plans/roles.py), read only;
each province opens on its own dashboard. The national year report (from the provinces' issued reports) is
downloaded from here."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from budgets.selectors import figure_labels
from plans.models import Plan
from reports import cache as report_cache
from reports import national_documents
from reports.access import check_national_access
from reports.national import national_figures
from reports.national_report import issued_by_quarter, national_year_report
from reports.selectors import default_year

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _year(request, plans, today):
    """The year asked for (`?nam=`), else the default; None when it is not a year."""
    asked = request.GET.get("nam") or ""
    if asked and not (asked.isdigit() and 1945 <= int(asked) <= 2200):
        return None
    return int(asked) if asked else default_year(plans, today)


@login_required
def national(request):
    check_national_access(request.user)
    today = timezone.localdate()
    plans = Plan.objects.for_user(request.user)
    years = sorted(set(plans.values_list("start_year", flat=True)) | {today.year}, reverse=True)
    year = _year(request, plans, today)
    if year is None:
        return render(request, "reports/national.html", {"error": _("Năm không hợp lệ."), "years": years}, status=400)
    rows, total = national_figures(year, today)
    issued = issued_by_quarter(year, rows)
    for row in rows:
        row.issued = issued.get(row.province.pk, [])
    return render(request, "reports/national.html", {
        "years": years, "year": year, "rows": rows, "total": total, "labels": figure_labels(), "today": today,
        "formats": [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("json", "JSON")],
    })


@login_required
@require_GET
def national_report_download(request, file_format):
    """The national year report as a file; its figures are those frozen in the provinces' issued reports."""
    check_national_access(request.user)
    if file_format not in CONTENT_TYPES:
        raise Http404(_("Không có định dạng này."))
    today = timezone.localdate()
    year = _year(request, Plan.objects.for_user(request.user), today)
    if year is None:
        return HttpResponse(_("Năm không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")
    cached = report_cache.for_national(year, file_format, today=today)  # built once per data and day
    data = cached.read()
    if data is None:
        report = national_year_report(year)
        if file_format == "json":
            data = national_documents.write_json(report)
        elif file_format == "xlsx":
            data = national_documents.write_workbook(report)
        elif file_format == "pdf":
            data = national_documents.render_pdf(report, today)
        else:
            data = national_documents.write_docx(report, today)
        cached.store(data)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{national_documents.file_name(year, file_format)}"'
    return response
