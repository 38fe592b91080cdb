"""Turn a built Report into what the document needs (header, number, signer) and into PDF bytes."""
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from activities.models import Status
from budgets.selectors import figure_labels
from core.formatting import format_place_date
from plans.models import Unit

REPORT_CSS = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"


def document_context(report):
    """The header, numbering and signature block around the report rows."""
    scope = report.scope
    if scope.kind == "plan":
        issuer = scope.plan.issuing_unit
        signer_title, signer_name = scope.plan.signer_title, scope.plan.signer_name
    elif scope.kind == "unit":
        issuer, signer_title, signer_name = scope.unit, _("THỦ TRƯỞNG ĐƠN VỊ"), ""
    else:
        issuer = _department_of(scope.province)
        signer_title, signer_name = _("GIÁM ĐỐC"), ""
    suffix = _abbreviation(scope)
    place = scope.province.name
    status_lines = [
        (value, label, report.status_counts[value]) for value, label in Status.choices
        if report.status_counts.get(value)
    ]
    return {
        "report": report,
        "issuer": issuer,
        "report_number": f"      /BC-{suffix}",
        "place_date": format_place_date(place, report.issued_on),
        "signer_title": signer_title or _("GIÁM ĐỐC"),
        "signer_name": signer_name,
        "recipients": [_("Lãnh đạo Sở Tư pháp;"), _("Các đơn vị có liên quan;"), _("Lưu: VT.")],
        "status_lines": status_lines,
        "has_results": any(row.result for row in report.rows),
        **document_context_labels(report),
    }


def document_context_labels(report):
    """The one heading of each money figure, the legend saying what each means, and the counting rules."""
    return {
        "labels": figure_labels(),
        "legend": report.legend(),
        "rules": report.rules(),
    }


def _department_of(province):
    return (
        Unit.objects.filter(province=province, kind=Unit.Kind.INTERNAL, parent__kind=Unit.Kind.EXTERNAL)
        .select_related("parent").first()
        or Unit.objects.filter(province=province, kind=Unit.Kind.INTERNAL).select_related("parent").first()
    )


def _abbreviation(scope):
    """"19/KH-TGPL" → "TGPL": a report takes the issuing body's symbol from its plan's number."""
    if scope.kind == "plan" and "-" in (scope.plan.number or ""):
        return scope.plan.number.rsplit("-", 1)[1]
    return "STP"


def render_pdf(report):
    """PDF bytes of the report: the same template and context as the HTML preview."""
    from weasyprint import CSS, HTML

    html = render_to_string("reports/report_pdf.html", document_context(report))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(REPORT_CSS), media_type="print")]
    )
