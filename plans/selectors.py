"""Reads of a plan as its document: the numbered content tree with units, targets and budget lines, its
legal bases and its money by funding source, in a fixed number of queries whatever the plan's size.

Activities, targets and budget lines are defined in apps above this one: they are reached by relation name.
"""
from django.db.models import F, Prefetch, Sum

from core.archive import live
from core.numbering import number_nodes, ordered_tree
from plans.models import LegalBasis, Plan, Unit
from plans.reform import plan_day, with_names_on


def plan_document(plan):
    """What the plan page shows: tree [(node, depth, number)], legal bases, money by source and in all."""
    units = Unit.objects.only("name", "short_name")
    nodes = list(
        plan.activities.all().prefetch_related(
            Prefetch("lead_units", queryset=units),
            Prefetch("coordinating_units", queryset=units),
            "targets",
            "budget_lines__funding_source",
        )
    )
    numbers = number_nodes(nodes)
    # Names as they were on the plan's day (a unit renamed since keeps its old name here): one query.
    with_names_on([plan.issuing_unit, getattr(plan.issuing_unit, "parent", None)]
                  + [unit for node in nodes for unit in (*node.lead_units.all(), *node.coordinating_units.all())])
    budget_by_source = list(
        Plan.objects.filter(live("activities", "activities__budget_lines"), pk=plan.pk,
                            activities__budget_lines__isnull=False)
        .values(source=F("activities__budget_lines__funding_source__name"))
        .annotate(total=Sum("activities__budget_lines__amount"))
        .order_by("activities__budget_lines__funding_source__position", "source")
    )
    return {
        "tree": [(node, depth, numbers[node.pk]) for node, depth in ordered_tree(nodes)],
        "legal_bases": LegalBasis.objects.filter(plan=plan).select_related("cited_plan"),
        "budget_by_source": budget_by_source,
        "budget_total": sum(row["total"] for row in budget_by_source),
        "trackable_count": sum(1 for node in nodes if node.is_trackable),
        "names_day": plan_day(plan),
    }
