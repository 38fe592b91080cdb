"""The content editor of a plan: its numbered tree of sections and activities, one activity's panel,
targets, unit picking and the timeframe preview.

Each small step answers an htmx request with just the fragments that changed (the tree, the panel);
the same URLs answer a plain form POST with a redirect, so the editor also works without JavaScript.
Every view goes through activities.access (another province → 404, read-only roles → 403).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities import services
from activities.access import get_activity_for_editor
from activities.forms import ActivityForm, TargetForm
from activities.models import Activity, Target
from activities.units import search_units, unit_paths
from core.concurrency import StaleVersion
from core.htmx import is_htmx
from core.numbering import number_nodes, ordered_tree
from core.timeframes import parse_timeframe
from plans.access import get_plan_for_editor
from plans.services import change_reason_required, clean_change_reason

UNIT_FIELDS = ("lead_units", "coordinating_units")


def editor_url(plan, activity=None):
    url = reverse("activities:editor", args=[plan.pk])
    return f"{url}?hd={activity.pk}#node-{activity.pk}" if activity is not None else url


def _int_or_none(value):
    return int(value) if str(value or "").isdigit() else None


def _messages_of(error):
    return [str(m) for m in error.messages]


# --- the change reason of an issued plan ---------------------------------------------------------------

def _reason_box_context(request, plan, error=None):
    return {
        "plan": plan,
        "reason_required": change_reason_required(plan),
        "change_reason": request.POST.get("change_reason", ""),
        "reason_error": error,
    }


def reason_needed_response(request, plan, error):
    """The write was refused for want of a reason: nothing has been saved and the typed input is kept.

    With htmx only the reason box is replaced (HX-Reswap: none leaves the forms as typed); without
    JavaScript a page asks for the reason and posts the same fields again.
    """
    context = _reason_box_context(request, plan, error=" ".join(_messages_of(error)))
    if is_htmx(request):
        html = render_to_string("activities/_reason_box.html", {**context, "oob": True}, request=request)
        return HttpResponse(html, headers={"HX-Reswap": "none"})
    hidden = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", "change_reason")
        for value in values
    ]
    return render(request, "activities/reason_needed.html", {**context, "hidden": hidden, "action": request.path})


def fragments_response(request, plan, *parts):
    """Join rendered fragments; on an issued plan the reason box comes too, so an old error clears."""
    html = [render_to_string(template, context, request=request) for template, context in parts]
    if change_reason_required(plan):
        html.append(render_to_string("activities/_reason_box.html", {**_reason_box_context(request, plan), "oob": True},
                                     request=request))
    return HttpResponse("".join(html))


# --- contexts -----------------------------------------------------------------------------------------

def tree_context(plan, selected_id=None, status=None, error=None):
    nodes = list(
        Activity.objects.filter(plan=plan).only(
            "plan_id", "parent_id", "position", "kind", "number_style", "title", "timeframe_text",
            "timeframe_understood",
        )
    )
    numbers = number_nodes(nodes)
    sibling_count = {}
    for node in nodes:
        sibling_count[node.parent_id] = sibling_count.get(node.parent_id, 0) + 1
    rows, index_among_siblings = [], {}
    for node, depth in ordered_tree(nodes):
        index = index_among_siblings.get(node.parent_id, 0)
        index_among_siblings[node.parent_id] = index + 1
        rows.append({
            "node": node, "depth": min(depth, 6), "number": numbers[node.pk],
            "first": index == 0, "last": index == sibling_count[node.parent_id] - 1,
        })
    return {"plan": plan, "rows": rows, "selected_id": selected_id, "tree_status": status, "tree_error": error}


def _pickers(form, paths, results=None, errors=None):
    results, errors = results or {}, errors or {}
    pickers = []
    for name in UNIT_FIELDS:
        selected = [(pk, paths[pk]) for pk in form.selected_ids(name) if pk in paths]
        unknown = [pk for pk in form.selected_ids(name) if pk not in paths]
        chosen = {pk for pk, _path in selected}
        pickers.append({
            "name": name,
            "field": form[name],
            "selected": selected,
            "unknown": unknown,
            "query": form.data.get(f"{name}_q", "") if form.is_bound else "",
            "new_name": form.data.get(f"{name}_new", "") if form.is_bound else "",
            "results": [(pk, paths[pk]) for pk in results.get(name, []) if pk not in chosen],
            "searched": name in results,
            "new_error": errors.get(name),
        })
    return pickers


def panel_context(request, plan, activity, form=None, show_errors=True, results=None, unit_errors=None,
                  conflict=None, status=None, target_forms=None):
    form = form or ActivityForm(instance=activity, plan=plan)
    paths = unit_paths(plan.province_id)
    timeframe_text = form["timeframe_text"].value() or ""
    target_forms = target_forms or {}
    targets = [
        (target, target_forms.get(target.pk) or TargetForm(prefix=f"t{target.pk}", initial={
            "quantity": target.quantity, "measure": target.measure, "description": target.description,
        }))
        for target in activity.targets.all()
    ]
    return {
        "plan": plan,
        "activity": activity,
        "form": form,
        "show_errors": show_errors,
        "hide_errors": not show_errors,
        "pickers": _pickers(form, paths, results, unit_errors),
        "preview": parse_timeframe(timeframe_text, plan.start_year, plan.last_year) if timeframe_text.strip() else None,
        "conflict": conflict,
        "panel_status": status,
        "targets": targets,
        "new_target_form": target_forms.get("new") or TargetForm(prefix="new"),
    }


def render_editor(request, plan, activity=None, status=200, **panel):
    context = {
        **tree_context(plan, selected_id=activity.pk if activity else None),
        **_reason_box_context(request, plan),
        "panel": panel_context(request, plan, activity, **panel) if activity is not None else None,
    }
    return render(request, "activities/editor.html", context, status=status)


def _panel_response(request, plan, activity, with_tree=False, **panel):
    parts = [("activities/_panel.html", {"panel": panel_context(request, plan, activity, **panel)})]
    if with_tree:
        parts.append(("activities/_tree.html", {**tree_context(plan, selected_id=activity.pk), "oob": True}))
    return fragments_response(request, plan, *parts)


# --- pages and fragments ------------------------------------------------------------------------------

@login_required
@require_GET
def editor(request, plan_pk):
    plan = get_plan_for_editor(request.user, plan_pk)
    activity = None
    if request.GET.get("hd", "").isdigit():
        activity = get_object_or_404(Activity, plan=plan, pk=int(request.GET["hd"]))
    return render_editor(request, plan, activity)


@login_required
@require_POST
def tree_action(request, plan_pk):
    """One structural step on the tree: add, move up/down, nest, un-nest."""
    plan = get_plan_for_editor(request.user, plan_pk)
    op = request.POST.get("op", "")
    node = None
    node_id = request.POST.get("node", "")
    if node_id:
        if not node_id.isdigit():
            return HttpResponseBadRequest(_("Mã mục không hợp lệ."))
        node = get_object_or_404(Activity, plan=plan, pk=int(node_id))
    if op not in OPERATIONS or (OPERATIONS[op][1] and node is None):
        return HttpResponseBadRequest(_("Thao tác không hợp lệ."))
    try:
        reason = clean_change_reason(plan, request.POST.get("change_reason"))
    except ValidationError as error:
        return reason_needed_response(request, plan, error)

    status = error = None
    created = None
    try:
        action, _needs_node, done_message, refused_message = OPERATIONS[op]
        result = action(plan=plan, node=node, reason=reason, title=request.POST.get("title", ""))
        if isinstance(result, Activity):
            created = result
        message = done_message if result else refused_message
        status = str(message) if message else None
    except ValidationError as exc:
        error = " ".join(_messages_of(exc))

    if is_htmx(request):
        parts = [("activities/_tree.html", tree_context(
            plan, selected_id=created.pk if created else _int_or_none(request.POST.get("selected")), status=status, error=error,
        ))]
        if created is not None:
            parts.append(("activities/_panel.html", {"panel": panel_context(request, plan, created), "oob": True}))
            if op in ("add-section", "add-activity"):
                # The title typed in the "add at the end" box was used: empty it so a second click adds no twin.
                parts.append(("activities/_new_title.html", {"oob": True}))
        return fragments_response(request, plan, *parts)
    if error:
        messages.error(request, error)
    elif status:
        messages.success(request, status)
    return redirect(editor_url(plan, created or node))


def _add(kind, where):
    def action(*, plan, node, reason, title):
        if where == "after":
            return services.activity_create(plan=plan, kind=kind, after=node, title=title, reason=reason)
        return services.activity_create(plan=plan, kind=kind, parent=node if where == "inside" else None,
                                        title=title, reason=reason)
    return action


S, A = Activity.Kind.SECTION, Activity.Kind.ACTIVITY
# op → (action, needs a node, message when done, message when there was nothing to do)
OPERATIONS = {
    "add-section": (_add(S, "top"), False, gettext_lazy("Đã thêm mục mới."), None),
    "add-activity": (_add(A, "top"), False, gettext_lazy("Đã thêm hoạt động mới."), None),
    "add-section-after": (_add(S, "after"), True, gettext_lazy("Đã thêm mục mới."), None),
    "add-activity-after": (_add(A, "after"), True, gettext_lazy("Đã thêm hoạt động mới."), None),
    "add-section-inside": (_add(S, "inside"), True, gettext_lazy("Đã thêm mục con."), None),
    "add-activity-inside": (_add(A, "inside"), True, gettext_lazy("Đã thêm hoạt động con."), None),
    "up": (lambda *, plan, node, reason, title: services.activity_move(activity=node, direction="up", reason=reason),
           True, gettext_lazy("Đã chuyển lên."), gettext_lazy("Mục này đã ở đầu, không chuyển lên được nữa.")),
    "down": (lambda *, plan, node, reason, title: services.activity_move(activity=node, direction="down", reason=reason),
             True, gettext_lazy("Đã chuyển xuống."), gettext_lazy("Mục này đã ở cuối, không chuyển xuống được nữa.")),
    "indent": (lambda *, plan, node, reason, title: services.activity_indent(activity=node, reason=reason),
               True, gettext_lazy("Đã đưa vào trong mục phía trên."), gettext_lazy("Mục đầu tiên không có mục phía trên để đưa vào.")),
    "outdent": (lambda *, plan, node, reason, title: services.activity_outdent(activity=node, reason=reason),
                True, gettext_lazy("Đã đưa ra ngoài một cấp."), gettext_lazy("Mục này đã ở cấp ngoài cùng.")),
}


@login_required
@require_http_methods(["GET", "POST"])
def activity_panel(request, plan_pk, pk):
    """One node's fields. POST either saves, or (without saving) searches, picks or adds a unit."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk)
    if request.method == "GET":
        if is_htmx(request):
            # The tree comes along (out of band) so its highlighted row follows the node now open in the panel.
            # Not through fragments_response: a GET carries no change reason, and the box must keep the one typed.
            return HttpResponse(
                render_to_string("activities/_panel.html", {"panel": panel_context(request, plan, activity)}, request=request)
                + render_to_string("activities/_tree.html", {**tree_context(plan, selected_id=activity.pk), "oob": True},
                                   request=request)
            )
        return redirect(editor_url(plan, activity))

    data = request.POST.copy()
    form_kwargs = {"instance": activity, "plan": plan}
    helper = _unit_helper_action(plan, data)
    if helper is not None:
        results, unit_errors = helper
        form = ActivityForm(data, **form_kwargs)
        return _respond_panel(request, plan, activity, form=form, show_errors=False, results=results,
                              unit_errors=unit_errors)

    try:
        reason = clean_change_reason(plan, request.POST.get("change_reason"))
    except ValidationError as error:
        return reason_needed_response(request, plan, error)

    form = ActivityForm(data, **form_kwargs)
    if not form.is_valid():
        return _respond_panel(request, plan, activity, form=form)
    try:
        saved = services.activity_update(
            activity=activity,
            version=form.cleaned_data["version"],
            data=form.cleaned_data,
            lead_units=form.cleaned_data["lead_units"],
            coordinating_units=form.cleaned_data["coordinating_units"],
            reason=reason,
        )
    except StaleVersion as stale:
        current = stale.current
        data["version"] = str(current.version)  # saving again now means "keep mine", knowingly
        conflict = _conflict(form, current)
        return _respond_panel(request, plan, activity, form=ActivityForm(data, **form_kwargs), show_errors=False,
                              conflict=conflict)
    except ValidationError as error:
        form.add_error(None, error)
        return _respond_panel(request, plan, activity, form=form)

    if is_htmx(request):
        return _panel_response(request, plan, saved, with_tree=True, status=_("Đã lưu."))
    messages.success(request, _("Đã lưu “%(title)s”.") % {"title": saved.title})
    return redirect(editor_url(plan, saved))


def _respond_panel(request, plan, activity, **panel):
    if is_htmx(request):
        return _panel_response(request, plan, activity, **panel)
    return render_editor(request, plan, activity, **panel)


def _unit_helper_action(plan, data):
    """Handle the unit picker's own buttons (search, pick, add an outside body) inside the form POST.

    Returns (results, errors) when the POST was one of them, None for a real save. Only the typed data
    changes; the activity itself is not saved.
    """
    results, errors = {}, {}
    if data.get("_search") in UNIT_FIELDS:
        name = data["_search"]
        results[name] = search_units(plan.province_id, data.get(f"{name}_q", ""), on=plan.names_day)
        return results, errors
    if data.get("_pick"):
        name, _sep, value = data["_pick"].partition(":")
        if name in UNIT_FIELDS and value.isdigit() and value not in data.getlist(name):
            data.appendlist(name, value)  # the form validates it against the province like any other id
        return results, errors
    if data.get("_add_external") in UNIT_FIELDS:
        name = data["_add_external"]
        try:
            unit = services.external_unit_create(plan=plan, name=data.get(f"{name}_new", ""))
        except ValidationError as error:
            errors[name] = " ".join(_messages_of(error))
        else:
            if str(unit.pk) not in data.getlist(name):
                data.appendlist(name, str(unit.pk))
            data[f"{name}_new"] = ""
        return results, errors
    return None


def _conflict(form, current):
    """What the other editor saved beside what this one typed, field by field where they differ."""
    rows = []
    for name in services.ACTIVITY_FORM_FIELDS:
        theirs, yours = getattr(current, name), form.cleaned_data.get(name)
        if str(theirs or "") != str(yours or ""):
            field = form.fields[name]
            choices = dict(getattr(field, "choices", []) or [])
            rows.append({"label": field.label, "theirs": choices.get(theirs, theirs), "yours": choices.get(yours, yours)})
    for name in UNIT_FIELDS:
        theirs = sorted(u.name for u in getattr(current, name).all())
        yours = sorted(u.name for u in form.cleaned_data.get(name, []))
        if theirs != yours:
            rows.append({"label": form.fields[name].label, "theirs": "; ".join(theirs), "yours": "; ".join(yours)})
    return {"current": current, "rows": rows}


@login_required
@require_GET
def unit_search(request, plan_pk):
    """Type-ahead: units of the plan's province matching the words, as buttons that pick one."""
    plan = get_plan_for_editor(request.user, plan_pk)
    name = request.GET.get("field")
    if name not in UNIT_FIELDS:
        return HttpResponseBadRequest(_("Ô chọn đơn vị không hợp lệ."))
    query = request.GET.get(f"{name}_q", request.GET.get("q", ""))
    paths = unit_paths(plan.province_id)
    chosen = {int(v) for v in request.GET.getlist(name) if v.isdigit()}
    results = [(pk, paths[pk]) for pk in search_units(plan.province_id, query, on=plan.names_day) if pk not in chosen]
    return render(request, "activities/_unit_results.html", {
        "picker": {"name": name, "results": results, "searched": True, "query": query},
    })


@login_required
@require_POST
def timeframe_preview(request, plan_pk):
    """How the typed time words were read, with a warning when they were not."""
    plan = get_plan_for_editor(request.user, plan_pk)
    text = request.POST.get("timeframe_text", "")
    preview = parse_timeframe(text, plan.start_year, plan.last_year) if text.strip() else None
    return render(request, "activities/_timeframe_preview.html", {"preview": preview})


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, plan_pk, pk):
    """GET: what archiving ("Lưu trữ") would take with it. POST: archive; the plan's archive page restores it."""
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk)
    error = None
    if request.method == "POST":
        try:
            reason = clean_change_reason(plan, request.POST.get("change_reason"))
        except ValidationError as exc:
            return reason_needed_response(request, plan, exc)
        try:
            services.activity_archive(activity=activity, user=request.user, reason=reason)
        except ValidationError as exc:
            error = " ".join(_messages_of(exc))
        else:
            done = _("Đã lưu trữ “%(title)s”; có thể khôi phục trong trang Lưu trữ của kế hoạch.") % {
                "title": activity.title}
            if is_htmx(request):
                return fragments_response(
                    request, plan,
                    ("activities/_tree.html", tree_context(plan, status=done)),
                    ("activities/_panel_empty.html", {"oob": True}),
                )
            messages.success(request, done)
            return redirect(editor_url(plan))
    numbers = number_nodes(Activity.objects.filter(plan=plan).only("parent_id", "position", "number_style"))
    context = {
        "plan": plan, "activity": activity, "number": numbers.get(activity.pk, ""),
        "impact": services.archive_impact(activity), "error": error,
        **_reason_box_context(request, plan),
    }
    template = "activities/_delete_confirm.html" if is_htmx(request) else "activities/delete_confirm.html"
    return render(request, template, context)


# --- targets ------------------------------------------------------------------------------------------

def _target_response(request, plan, activity, target_forms=None, status=None):
    if is_htmx(request):
        context = panel_context(request, plan, activity, target_forms=target_forms)
        return fragments_response(request, plan, ("activities/_targets.html", {"panel": {**context, "targets_status": status}}))
    if target_forms:
        return render_editor(request, plan, activity, target_forms=target_forms)
    if status:
        messages.success(request, status)
    return redirect(editor_url(plan, activity))


@login_required
@require_POST
def target_add(request, plan_pk, pk):
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk)
    try:
        reason = clean_change_reason(plan, request.POST.get("change_reason"))
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    form = TargetForm(request.POST, prefix="new")
    if not form.is_valid():
        return _target_response(request, plan, activity, target_forms={"new": form})
    try:
        services.target_create(activity=activity, reason=reason, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _target_response(request, plan, activity, target_forms={"new": form})
    return _target_response(request, plan, activity, status=_("Đã thêm chỉ tiêu."))


@login_required
@require_POST
def target_edit(request, plan_pk, pk, target_pk):
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk)
    target = get_object_or_404(Target, activity=activity, pk=target_pk)
    try:
        reason = clean_change_reason(plan, request.POST.get("change_reason"))
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    form = TargetForm(request.POST, prefix=f"t{target.pk}")
    if not form.is_valid():
        return _target_response(request, plan, activity, target_forms={target.pk: form})
    try:
        services.target_update(target=target, reason=reason, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _target_response(request, plan, activity, target_forms={target.pk: form})
    return _target_response(request, plan, activity, status=_("Đã lưu chỉ tiêu."))


@login_required
@require_POST
def target_delete(request, plan_pk, pk, target_pk):
    plan, activity = get_activity_for_editor(request.user, plan_pk, pk)
    target = get_object_or_404(Target, activity=activity, pk=target_pk)
    try:
        reason = clean_change_reason(plan, request.POST.get("change_reason"))
    except ValidationError as error:
        return reason_needed_response(request, plan, error)
    try:
        services.target_delete(target=target, reason=reason)
    except ValidationError as error:
        form = TargetForm(prefix=f"t{target.pk}", initial={
            "quantity": target.quantity, "measure": target.measure, "description": target.description,
        })
        form.delete_error = " ".join(_messages_of(error))
        return _target_response(request, plan, activity, target_forms={target.pk: form})
    return _target_response(request, plan, activity, status=_("Đã xóa chỉ tiêu."))
