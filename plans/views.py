"""Pages of the plans app: the list of plans a user may see and a plan read like its document."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render

from plans.access import can_edit_plans, editable_provinces, get_plan_for_user, get_unit_for_user
from plans.filters import PlanFilter
from plans.models import Plan
from plans.reform import unit_chain, with_names_on
from plans.selectors import plan_document


@login_required
def plan_list(request):
    plans = (
        Plan.objects.for_user(request.user)
        .with_summary()
        .select_related("province", "issuing_unit")
        # Undated plans last on both SQLite and PostgreSQL, so the default order is the same everywhere.
        .order_by("-start_year", F("issued_on").desc(nulls_last=True), "number", "pk")
    )
    # The FilterSet narrows and sorts; a bad value is reported on the form and that filter ignored.
    plan_filter = PlanFilter(request.GET, queryset=plans, request=request)
    page = Paginator(plan_filter.qs, 25).get_page(request.GET.get("trang"))
    with_names_on(plan.issuing_unit for plan in page)
    can_create = editable_provinces(request.user).exists()
    return render(request, "plans/plan_list.html", {"page": page, "plan_filter": plan_filter, "can_create": can_create})


@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            **plan_document(plan),
            "can_edit": can_edit_plans(request.user, plan.province),
        },
    )


@login_required
def unit_history(request, pk):
    """A unit through time: its names, what it took over, when and by which decision it ended, and its heirs."""
    unit = get_unit_for_user(request.user, pk)
    return render(request, "plans/unit_history.html", {"unit": unit, **unit_chain(unit)})
