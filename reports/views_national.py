"""The national view: every province side by side for a year, for the national role (plans/roles.py), read only;
each province opens on its own dashboard."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.selectors import figure_labels
from plans.models import Plan
from reports.access import check_national_access
from reports.national import national_figures
from reports.selectors import default_year


@login_required
def national(request):
    check_national_access(request.user)
    today = timezone.localdate()
    plans = Plan.objects.for_user(request.user)
    years = sorted(set(plans.values_list("start_year", flat=True)) | {today.year}, reverse=True)
    asked = request.GET.get("nam") or ""
    if asked and not (asked.isdigit() and 1945 <= int(asked) <= 2200):
        return render(request, "reports/national.html", {"error": _("Năm không hợp lệ."), "years": years}, status=400)
    year = int(asked) if asked else default_year(plans, today)
    rows, total = national_figures(year, today)
    return render(request, "reports/national.html", {
        "years": years, "year": year, "rows": rows, "total": total, "labels": figure_labels(), "today": today,
    })
