"""Pages of the plans app: the list of plans a user may see and a plan read like its document."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Sum
from django.shortcuts import render

from core.archive import live
from core.numbering import number_nodes, ordered_tree
from plans.access import can_edit_plans, editable_provinces, get_plan_for_user
from plans.filters import PlanFilter
from plans.models import LegalBasis, Plan, Unit


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
    can_create = editable_provinces(request.user).exists()
    return render(request, "plans/plan_list.html", {"page": page, "plan_filter": plan_filter, "can_create": can_create})


@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    units = Unit.objects.only("name", "short_name")
    # Activities, targets and budget lines are reached by relation name: this app sits below them.
    nodes = list(
        plan.activities.all().prefetch_related(
            Prefetch("lead_units", queryset=units),
            Prefetch("coordinating_units", queryset=units),
            "targets",
            "budget_lines__funding_source",
        )
    )
    numbers = number_nodes(nodes)
    tree = [(node, depth, numbers[node.pk]) for node, depth in ordered_tree(nodes)]
    # A join bypasses the managers: archived activities and lines are left out here by hand.
    budget_by_source = list(
        Plan.objects.filter(live("activities", "activities__budget_lines"), pk=plan.pk,
                            activities__budget_lines__isnull=False)
        .values(source=F("activities__budget_lines__funding_source__name"))
        .annotate(total=Sum("activities__budget_lines__amount"))
        .order_by("activities__budget_lines__funding_source__position", "source")
    )
    budget_total = sum(row["total"] for row in budget_by_source)
    legal_bases = LegalBasis.objects.filter(plan=plan).select_related("cited_plan")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "legal_bases": legal_bases,
            "budget_by_source": budget_by_source,
            "budget_total": budget_total,
            "trackable_count": sum(1 for node in nodes if node.is_trackable),
            "can_edit": can_edit_plans(request.user, plan.province),
        },
    )
