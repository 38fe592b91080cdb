"""Plans offered by a type-ahead field (core.widgets): each plan's label, and the plans answering typed words.

The plans are whatever queryset the caller passes: `Plan.objects.for_user(user)` narrowed to the page's province or
to a unit's work, so access stays where it is decided. Only the columns of the label are read and ranked in Python
with core.search.rank (a province has a few hundred plans at most).
"""
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.widgets import SUGGESTION_LIMIT, Suggestion, is_exact, ranked_suggestions
from plans.models import Plan

TITLE_CHARS = 90


def plan_label(number, title, status):
    """"19/KH-TGPL — Kế hoạch triển khai …" (with "(dự thảo)" for a draft), as the filters show a plan."""
    label = f"{number or _('(không số)')} — {Truncator(title).chars(TITLE_CHARS)}"
    return f"{label} {_('(dự thảo)')}" if status == Plan.Status.DRAFT else label


def plan_suggestions(plans, text, *, value="{pk}", kind="", limit=SUGGESTION_LIMIT):
    """The plans of `plans` answering `text` best (its number and title), as Suggestions whose value is `value`
    with the plan's id (e.g. "plan:{pk}")."""
    rows = plans.order_by("-start_year", "number", "pk").values_list("pk", "number", "title", "status")
    return ranked_suggestions(
        text, rows, lambda row: [f"{row[1]} {row[2]}"],
        lambda row: Suggestion(value.format(pk=row[0]), plan_label(row[1], row[2], row[3]), kind,
                               is_exact(text, row[1], plan_label(row[1], row[2], row[3]))),
        limit=limit,
    )
