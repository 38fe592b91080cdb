"""A plan's archive page ("Lưu trữ"): the sections, activities, budget lines and progress reports archived in
it, who archived them and when, each with a "Khôi phục" button. Editors only (plans.access).

For an archived plan it offers the plan's own restore.
"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from activities.models import Activity, ProgressUpdate
from budgets.models import BudgetLine
from plans.access import get_plan_for_editor
from plans.services import change_reason_required


@login_required
@require_GET
def plan_archive_page(request, pk):
    plan = get_plan_for_editor(request.user, pk, include_archived=True)
    context = {"plan": plan, "reason_required": change_reason_required(plan)}
    if plan.archived_at is None:
        context.update(archived_items(plan))
    return render(request, "reports/plan_archive.html", context)


def archived_items(plan):
    """What can be restored in a live plan: archived nodes, lines and updates whose container is live.

    Rows archived together with a node (one stamp) are not listed apart: they are counted with it and come
    back with it. Rows inside an archived node but archived on their own before it appear once it is back.
    """
    live_ids = set(Activity.objects.filter(plan=plan).values_list("pk", flat=True))
    nodes = list(
        Activity.all_objects.filter(plan=plan, archived_at__isnull=False)
        .select_related("archived_by", "parent").order_by("-archived_at", "pk")
    )
    lines = list(
        BudgetLine.all_objects.filter(activity__plan=plan, archived_at__isnull=False)
        .select_related("activity", "archived_by", "funding_source").order_by("-archived_at", "pk")
    )
    updates = list(
        ProgressUpdate.all_objects.filter(activity__plan=plan, archived_at__isnull=False)
        .select_related("activity", "unit", "archived_by").order_by("-archived_at", "-year", "-quarter", "pk")
    )
    stamp = {node.pk: node.archived_at for node in nodes}
    parent = {node.pk: node.parent_id for node in nodes}

    def group_of(activity_id, archived_at):
        """The archived node a row was archived together with (None if it was archived on its own)."""
        if stamp.get(activity_id) != archived_at:
            return None
        pk = activity_id
        while parent[pk] in stamp and stamp[parent[pk]] == archived_at:
            pk = parent[pk]
        return pk

    roots = {node.pk: node for node in nodes if node.parent_id is None or node.parent_id in live_ids}
    for node in roots.values():
        node.inner_nodes = node.inner_lines = node.inner_updates = node.inner_total = 0
    for node in nodes:
        root = roots.get(group_of(node.parent_id, node.archived_at)) if node.pk not in roots else None
        if root is not None:
            root.inner_nodes += 1
    for line in lines:
        root = roots.get(group_of(line.activity_id, line.archived_at))
        if root is not None:
            root.inner_lines += 1
            root.inner_total += line.amount
    for update in updates:
        root = roots.get(group_of(update.activity_id, update.archived_at))
        if root is not None:
            root.inner_updates += 1
    lines = [line for line in lines if line.activity_id in live_ids]
    updates = [update for update in updates if update.activity_id in live_ids]
    for node in roots.values():
        node.restore_url = reverse("activities:restore", args=[plan.pk, node.pk])
    for line in lines:
        line.restore_url = reverse("budgets:line_restore", args=[plan.pk, line.activity_id, line.pk])
    for update in updates:
        update.restore_url = reverse("progress:update_restore", args=[update.pk])
    return {"archived_nodes": list(roots.values()), "archived_lines": lines, "archived_updates": updates}
