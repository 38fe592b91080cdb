"""The scope field of the report page and the dashboard ("Kế hoạch hoặc đơn vị"): a type-ahead field (core.widgets)
over the plans and units of the province in view, instead of a select box listing every plan (250 at the scale of
the country). The page renders only the chosen scope; `scope_suggestions` answers what is typed.

Who is offered what is decided where it was: the plans are `Plan.objects.for_user(user)` of the province (and of the
provinces merged into it), offered to those who read the whole province (reports.access.reads_whole_province), the
units are reports.access.units_for_choice.
"""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.widgets import SUGGESTION_LIMIT, Suggestion, TypeAheadField, is_exact, ranked_suggestions
from plans.models import Plan
from plans.suggest import plan_label
from reports.access import reads_whole_province, scope_province, units_for_choice, visible_provinces

FIELD = "pham_vi"
CLEARED = "year"  # an emptied box: every plan of the year


def scope_suggestions(user, plans, province, text, limit=SUGGESTION_LIMIT):
    """The plans and units of `province` a user may report on that answer `text` best, plans before units when
    they answer as well."""
    items = []
    if reads_whole_province(user, province):
        rows = (plans.filter(Q(province=province) | Q(province__heir=province))
                .order_by("-start_year", "number", "pk").values_list("pk", "number", "title", "status"))
        items += [("plan", pk, plan_label(number, title, status), number, f"{number} {title}")
                  for pk, number, title, status in rows]
    units = units_for_choice(user, province).order_by("position", "name").values_list("pk", "name", "short_name")
    items += [("unit", pk, name, short_name, name) for pk, name, short_name in units]
    kinds = {"plan": _("Kế hoạch"), "unit": _("Đơn vị")}
    return ranked_suggestions(
        text, items, lambda item: [item[4], item[3]] if item[0] == "unit" else [item[4]],
        lambda item: Suggestion(f"{item[0]}:{item[1]}", item[2], kinds[item[0]], is_exact(text, item[2], item[3])),
        limit=limit,
    )


def search_scope(request, text):
    """For core.widgets.resolves_typed: the scopes answering `text` in the province of the form (`tinh`)."""
    plans = Plan.objects.for_user(request.user)
    province = scope_province(request.user, visible_provinces(plans), request.GET.get("tinh"))
    return scope_suggestions(request.user, plans, province, text) if province else []


def scope_field(request, scope, label):
    """The scope field showing `scope` (a plan, a unit, or the whole year: an empty box)."""
    if scope.kind == "plan":
        value, text = f"plan:{scope.plan.pk}", plan_label(scope.plan.number, scope.plan.title, scope.plan.status)
    elif scope.kind == "unit":
        value, text = f"unit:{scope.unit.pk}", scope.unit.name
    else:
        value, text = CLEARED, ""
    return TypeAheadField.for_request(
        request, FIELD, label=label, url=reverse("reports:scope_suggest"), value=value, text=text, include="tinh",
        cleared=CLEARED,
        hint=_("Gõ số hoặc vài chữ của tên kế hoạch, tên đơn vị (không dấu cũng được, “tgpl” là trợ giúp pháp lý); "
               "để trống: tất cả kế hoạch của năm."),
        not_found=_("Không tìm thấy kế hoạch hay đơn vị nào khớp với “%(text)s”; đang hiện phạm vi đã chọn trước đó."),
    )
