"""Pages of the reports app: the quarterly report (preview, PDF, Excel) and a plan's change log."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.htmx import is_htmx
from core.periods import parse_period, periods_of_year
from core.widgets import resolves_typed
from plans.access import get_plan_for_user
from plans.models import Plan
from reports import cache as report_cache
from reports.access import (
    check_dashboard_access,
    check_report_access,
    default_scope_code,
    get_job_for_user,
    may_write_report,
    reads_whole_province,
    units_for_choice,
    visible_provinces,
    year_scope_code,
)
from reports.documents import file_name, render_pdf
from reports.docx import write_docx
from reports.figures import dashboard_page, report_page_body
from reports.history import plan_history
from reports.jsondoc import write_json
from reports.models import ReportJob
from reports.rows import (
    DraftNotReportable,
    ScopeError,
    activities_in_scope,
    build_report,
    check_reportable,
    parse_scope,
)
from reports.scope_choice import CLEARED, FIELD, scope_field, search_scope
from reports.selectors import LIST_PAGE_SIZE, dashboard_lists, dashboard_query, default_year
from reports.services import report_job_start
from reports.xlsx import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "json": "application/json; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
WRITERS = {"pdf": render_pdf, "docx": write_docx, "xlsx": write_workbook, "json": write_json}
BUILT = ("pdf", "docx", "xlsx")  # the formats whose layout makes a big report slow (JSON is always inline)


@login_required
def plan_history_page(request, pk):
    """Everyone who may see the plan may read its history: it is part of the record, not an editing tool."""
    plan = get_plan_for_user(request.user, pk)
    page = Paginator(plan_history(plan), 50).get_page(request.GET.get("trang"))
    return render(request, "reports/plan_history.html", {"plan": plan, "page": page})


@login_required
@resolves_typed(FIELD, search_scope, cleared=CLEARED)
def report_page(request):
    """?pham_vi=plan:ID|year:2021|unit:ID &ky=2021-Q2 [&dinh_dang=pdf|xlsx|json] [&du_thao=1: a draft's preview].

    JSON is always built inline: it needs the rows only, not the layout that makes big PDFs slow.
    """
    plans = Plan.objects.for_user(request.user)
    today = timezone.localdate()
    period_code = request.GET.get("ky") or _period_from_parts(request.GET) or f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    try:
        period = parse_period(period_code)
    except ValueError:
        return render(request, "reports/report_page.html", {"error": _("Kỳ báo cáo không hợp lệ.")}, status=400)
    scope_code = request.GET.get("pham_vi") or default_scope_code(request.user) or f"year:{period.year}"
    scope_code = year_scope_code(request.user, plans, scope_code, period.year, request.GET.get("tinh"))
    try:
        scope = parse_scope(scope_code, plans, year=period.year, preview=request.GET.get("du_thao") == "1")
    except ScopeError as error:
        raise Http404(str(error)) from None
    check_report_access(request.user, scope)
    file_format = request.GET.get("dinh_dang")
    try:
        check_reportable(scope)
    except DraftNotReportable as error:
        # A draft is not reported as if it were in force: say so, and offer the marked preview.
        return render(request, "reports/report_page.html", {
            **_choices(request, plans, scope, scope_code, period, today), "draft_notice": str(error),
            "preview_query": f"pham_vi={scope.code}&ky={period.code}&du_thao=1",
        }, status=400 if file_format else 200)
    # A file built before from the same data, on the same day, is read back (reports/cache.py).
    cached = report_cache.for_scope(scope, period, file_format, today=today) if file_format in WRITERS else None
    data = cached.read() if cached is not None else None
    if data is None and file_format in BUILT and activities_in_scope(scope) > settings.REPORT_INLINE_MAX_ACTIVITIES:
        # Too big to build while the user waits on one request: hand it to the task worker.
        job = report_job_start(user=request.user, scope_code=scope.code, period_code=period.code,
                               file_format=file_format, filename=file_name(scope, period, file_format))
        return redirect(job)
    if cached is not None:
        if data is None:
            data = cached.store(WRITERS[file_format](build_report(scope, period, today=today)))
        response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{file_name(scope, period, file_format)}"'
        return response
    # Drawn once per data version (reports/figures.py). Too large for one page: the page shows the body; the
    # appendices are in the files, built in the background.
    body = report_page_body(scope, period, today, inline_max=settings.REPORT_INLINE_MAX_ACTIVITIES)
    context = {"body": mark_safe(body.html), "too_large": body.activity_count if body.too_large else None}
    context.update(_choices(request, plans, scope, scope_code, period, today))
    return render(request, "reports/report_page.html", context)


def _choices(request, plans, scope, scope_code, period, today):
    """What the report page's form offers, around whichever report (or notice) it shows: an updater is offered
    only their own units, in a select box (the year and the plans would answer "no permission"); whoever reads the
    whole province picks a plan or a unit in a type-ahead field (reports.scope_choice), which renders only the
    chosen one."""
    from reports.views_documents import period_warning

    whole = reads_whole_province(request.user, scope.province)
    return {
        "whole_province": whole,
        "may_write": may_write_report(request.user, scope) and not scope.preview,
        "warning": period_warning(scope, period),
        "scope": scope,
        "period": period,
        "periods": periods_of_year(period.year),
        "years": range(today.year + 1, 2012, -1),
        "scope_field": scope_field(request, scope, _("Phạm vi")) if whole else None,
        "units": () if whole else units_for_choice(request.user, scope.province),
        "provinces": visible_provinces(plans),
        "scope_code": scope_code,
        "parts": PARTS,
        "part": period.code.partition("-")[2] or "N",
        "query": f"pham_vi={scope.code}&ky={period.code}",
    }


PARTS = [("Q1", "Quý I"), ("Q2", "Quý II"), ("Q3", "Quý III"), ("Q4", "Quý IV"), ("H1", "6 tháng đầu năm"),
         ("9M", "9 tháng đầu năm"), ("N", "Cả năm")]


def _period_from_parts(query):
    """The form sends the year and the part of it separately (nam=2021&phan=Q2)."""
    year, part = query.get("nam", ""), query.get("phan", "")
    if not year:
        return None
    return year if part in ("", "N") else f"{year}-{part}"


@login_required
@resolves_typed(FIELD, search_scope, cleared=CLEARED)
def dashboard(request):
    """Leaders' and editors' overview: progress per plan and unit, money by source, what is late or due."""
    plans = Plan.objects.for_user(request.user)
    today = timezone.localdate()
    years = sorted({y for y in plans.values_list("start_year", flat=True)} | {today.year}, reverse=True)
    try:
        year, period, scope = _dashboard_scope(request, plans, today)
    except ValueError:
        return render(request, "reports/dashboard.html", {"error": _("Năm hoặc kỳ không hợp lệ.")}, status=400)
    choices = {
        "years": years, "year": year, "parts": PARTS, "part": period.code.partition("-")[2] or "N",
        "scope_field": scope_field(request, scope, _("Kế hoạch hoặc đơn vị")),
        "provinces": visible_provinces(plans),
        "query": f"pham_vi={scope.code}&ky={period.code}",
        "scope": scope, "period": period,
    }
    try:
        page = dashboard_page(scope, period, today)
    except DraftNotReportable as error:
        return render(request, "reports/dashboard.html", {
            **choices, "draft_notice": str(error), "preview_query": f"pham_vi={scope.code}&ky={period.code}&du_thao=1",
        })
    # Below the form, the page as drawn once for this data version (reports/figures.py).
    return render(request, "reports/dashboard.html", {**choices, "report": page.figures, "body": mark_safe(page.html)})


def _dashboard_scope(request, plans, today):
    """(year, period, scope) of the dashboard's query (nam, phan, pham_vi, tinh). ValueError for a year or part
    that is not one; 404 for a scope the user cannot see, 403 for a province whose overview they may not read."""
    year = int(request.GET.get("nam") or default_year(plans, today))
    period = parse_period(_period_from_parts({"nam": str(year), "phan": request.GET.get("phan", "N")}))
    scope_code = year_scope_code(request.user, plans, request.GET.get("pham_vi") or "year", year,
                                 request.GET.get("tinh"))
    try:
        scope = parse_scope(scope_code, plans, year=year)
    except ScopeError as error:
        raise Http404(str(error)) from None
    check_dashboard_access(request.user, scope.province)
    return year, period, scope


@login_required
def dashboard_list(request, kind):
    """One of the dashboard's lists whole, a page at a time: the dashboard shows the first few of each."""
    plans = Plan.objects.for_user(request.user)
    today = timezone.localdate()
    try:
        _year, period, scope = _dashboard_scope(request, plans, today)
        report = build_report(scope, period, today=today)
    except (ValueError, DraftNotReportable):
        return render(request, "reports/dashboard_list.html", {"error": _("Năm, kỳ hoặc phạm vi không hợp lệ.")},
                      status=400)
    found = next((item for item in dashboard_lists(report) if item.slug == kind), None)
    if found is None:
        raise Http404(_("Không có danh sách này."))
    return render(request, "reports/dashboard_list.html", {
        "list": found, "report": report, "page": Paginator(found.rows, LIST_PAGE_SIZE).get_page(request.GET.get("trang")),
        "query": dashboard_query(period, scope),
    })


@login_required
def job_page(request, pk):
    """Progress of a background report; the status part refreshes itself (htmx) until the file is ready."""
    job = get_job_for_user(request.user, pk)
    template = "reports/_job_status.html" if is_htmx(request) else "reports/job.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = get_job_for_user(request.user, pk)
    if job.state != ReportJob.State.DONE or not job.file:
        raise Http404(_("Báo cáo chưa tạo xong."))
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
