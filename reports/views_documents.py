"""Pages of a report as a document: the list per plan and per year, drafting and editing the four parts,
issuing (with confirmation), new versions, and the files (an issued report's files are read as stored)."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.forms import VietnameseDateField
from core.periods import parse_period
from core.widgets import TypeAheadField, resolves_typed, suggestions_response
from plans.models import Plan
from plans.suggest import plan_label, plan_suggestions
from reports.access import (
    check_report_access,
    check_report_write,
    get_report_for_user,
    may_write_report,
    reports_for_user,
)
from reports.documents import document_context, file_name, render_pdf, scope_of
from reports.jsondoc import write_json
from reports.models import Report
from reports.rows import ScopeError, build_report, check_reportable, parse_scope
from reports.services import (
    EDITABLE,
    report_create,
    report_issue,
    report_new_version,
    report_redraft,
    report_update,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = EDITABLE
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            **{name: forms.Textarea(attrs={"rows": 12}) for name in Report.PARTS},
        }
        help_texts = {name: gettext_lazy("Mỗi dòng là một đoạn văn; không dùng định dạng.") for name in Report.PARTS}


class IssueForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=50,
                             help_text=gettext_lazy("Ví dụ: 25/BC-STP"))
    issued_on = VietnameseDateField(label=gettext_lazy("Ngày ban hành"))


def period_warning(scope, period):
    """A plan report for a year its plan does not cover says so (its rows are then mostly empty)."""
    plan = scope.plan if scope.kind == "plan" else None
    if plan is None:
        return ""
    last = plan.last_year
    if period.year < plan.start_year or (last is not None and period.year > last):
        return _("Kỳ %(period)s nằm ngoài thời gian của kế hoạch (%(years)s): số liệu có thể trống.") % {
            "period": period.label, "years": plan.period_label}
    return ""


def _search_plans(request, text):
    return plan_suggestions(Plan.objects.for_user(request.user), text)


@login_required
@require_GET
def document_plan_suggest(request):
    """?q=words: at most ten of the user's plans answering the words, best first (JSON for the type-ahead)."""
    text = request.GET.get("q", "")[:200]
    return suggestions_response(_search_plans(request, text) if text.strip() else [])


@login_required
@require_GET
@resolves_typed("ke_hoach", _search_plans)
def document_list(request):
    """Report documents per plan (?ke_hoach=ID) and per year (?nam=2021), newest first."""
    plans = Plan.objects.for_user(request.user)
    reports = reports_for_user(request.user, plans).select_related("plan", "unit", "issued_by").defer(
        "pdf", "docx", "xlsx", "snapshot", *Report.PARTS)
    plan_id, year = request.GET.get("ke_hoach", ""), request.GET.get("nam", "")
    plan = plans.filter(pk=int(plan_id)).only("pk", "number", "title", "status").first() if plan_id.isdigit() else None
    if plan_id.isdigit():
        reports = reports.filter(plan_id=int(plan_id))
    if year.isdigit():
        reports = reports.filter(year=int(year))
    plan_field = TypeAheadField.for_request(
        request, "ke_hoach", label=_("Kế hoạch"), url=reverse("reports:document_plan_suggest"),
        value=str(plan.pk) if plan else "", text=plan_label(plan.number, plan.title, plan.status) if plan else "",
        hint=_("Gõ số hoặc vài chữ của tên kế hoạch (không dấu cũng được); để trống: tất cả kế hoạch."),
        not_found=_("Không tìm thấy kế hoạch nào khớp với “%(text)s”."),
    )
    return render(request, "reports/document_list.html", {
        "reports": reports.order_by("-year", "-period_code", "-version", "-created_at")[:200],
        "plan_field": plan_field, "year": year,
    })


@login_required
@require_POST
def document_create(request):
    """A new draft for the scope and period picked on the report page."""
    plans = Plan.objects.for_user(request.user)
    try:
        period = parse_period(request.POST.get("ky", ""))
        scope = parse_scope(request.POST.get("pham_vi", ""), plans, year=period.year)
        check_reportable(scope)
    except (ValueError, ScopeError) as error:
        raise Http404(str(error)) from None
    check_report_access(request.user, scope)
    check_report_write(request.user, scope)
    report = report_create(user=request.user, scope=scope, period=period)
    return redirect(report)


def _rows(report):
    return build_report(scope_of(report), parse_period(report.period_code))


@login_required
def document_page(request, pk):
    """The report as it will print; a draft's text is edited here by whoever may write it."""
    plans = Plan.objects.for_user(request.user)
    report = get_report_for_user(request.user, pk, plans)
    scope = scope_of(report)
    writable = report.state == Report.State.DRAFT and may_write_report(request.user, scope)
    form = ReportForm(instance=report) if writable else None
    status = 200
    if request.method == "POST":
        check_report_write(request.user, scope)
        form = ReportForm(request.POST, instance=Report.objects.get(pk=report.pk))
        if form.is_valid():
            try:
                report_update(report=report, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(report)
        status = 400
    rows = _rows(report) if report.state == Report.State.DRAFT else None
    context = {"document_obj": report, "form": form, "writable": writable,
               "warning": period_warning(scope, parse_period(report.period_code)),
               "versions": Report.objects.filter(scope_code=report.scope_code, period_code=report.period_code,
                                                 province=report.province).order_by("-version", "-created_at")
               .only("pk", "number", "version", "state", "issued_on")}
    if rows is not None:
        context.update(document_context(rows, report))
        from django.conf import settings

        context["hide_appendix"] = rows.activity_count > settings.REPORT_INLINE_MAX_ACTIVITIES
    return render(request, "reports/document_page.html", context, status=status)


@login_required
def document_issue(request, pk):
    """Ban hành, after a confirmation page that says what issuing does."""
    plans = Plan.objects.for_user(request.user)
    report = get_report_for_user(request.user, pk, plans)
    check_report_write(request.user, scope_of(report))
    if report.state != Report.State.DRAFT:
        return redirect(report)
    form = IssueForm(request.POST or None, initial={"number": report.number, "issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            report_issue(report=report, user=request.user, number=form.cleaned_data["number"],
                         issued_on=form.cleaned_data["issued_on"])
        except ValidationError as error:
            for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect(report)
    return render(request, "reports/document_issue.html", {"document_obj": report, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def document_new_version(request, pk):
    plans = Plan.objects.for_user(request.user)
    report = get_report_for_user(request.user, pk, plans)
    check_report_write(request.user, scope_of(report))
    try:
        new = report_new_version(report=report, user=request.user)
    except ValidationError:
        return redirect(report)
    return redirect(new)


@login_required
@require_POST
def document_redraft(request, pk):
    plans = Plan.objects.for_user(request.user)
    report = get_report_for_user(request.user, pk, plans)
    check_report_write(request.user, scope_of(report))
    try:
        report_redraft(report=report)
    except ValidationError:
        pass
    return redirect(report)


@login_required
@require_GET
def document_download(request, pk, file_format):
    """The report's file. An issued report's PDF, .docx and workbook were stored when it was issued and are
    read back as they are; its JSON is the snapshot. A draft's files are built from today's data."""
    plans = Plan.objects.for_user(request.user)
    report = get_report_for_user(request.user, pk, plans)
    if file_format not in CONTENT_TYPES:
        raise Http404(_("Định dạng không hợp lệ."))
    if report.state == Report.State.ISSUING:
        raise Http404(_("Báo cáo đang được ban hành, tệp chưa sẵn sàng; vui lòng tải lại sau ít phút."))
    scope, period = scope_of(report), parse_period(report.period_code)
    if report.is_issued:
        if file_format == "json":
            import json

            data = json.dumps(report.snapshot, ensure_ascii=False, indent=2).encode("utf-8")
        else:
            data = bytes(getattr(report, file_format))
    else:
        from reports import cache as report_cache
        from reports.docx import write_docx
        from reports.xlsx import write_workbook

        # Built once per version of the draft and of its data, on a day (reports/cache.py).
        today = timezone.localdate()
        cached = report_cache.for_document(report, file_format, today=today)
        data = cached.read()
        if data is None:
            rows = build_report(scope, period, today=today)
            writers = {"pdf": render_pdf, "docx": write_docx, "xlsx": write_workbook,
                       "json": lambda rows, _document: write_json(rows)}
            data = cached.store(writers[file_format](rows, report))
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(scope, period, file_format, report)}"'
    return response
