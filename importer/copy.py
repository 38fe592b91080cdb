"""Copy a plan to the next year: the same header, legal bases, content tree, targets and budget lines,
every date one year on, and none of the progress, spending or evidence of the year it came from.
"""
import re

from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity, Status, Target
from budgets.models import BudgetLine
from core.numbering import ordered_tree
from core.timeframes import parse_timeframe
from plans.models import LegalBasis, Plan

# The years the time-word reader recognises (core.timeframes: 19xx, 20xx, 21xx), standing alone.
_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d{2}(?!\d)")
# In a title only "năm 2021" is the plan's year; "Nghị định 09/2019/NĐ-CP" must stay as it is.
_TITLE_YEAR = re.compile(r"(?i)(\bnăm\s+)((?:19|20|21)\d{2})(?!\d)")

_HEADER_FIELDS = (
    "province_id", "issuing_unit_id", "place", "kind", "open_ended", "purpose", "requirements", "funding_note",
    "implementation_note", "recipients", "signer_title", "signer_name",
)
_LEGAL_BASIS_FIELDS = ("position", "doc_type", "number", "issued_on", "issuer", "summary", "cited_plan_id")
_ACTIVITY_FIELDS = (
    "position", "kind", "number_style", "title", "description", "lead_text", "coordinating_text",
    "expected_result", "funding_text",
)
_TARGET_FIELDS = ("position", "quantity", "measure", "description")
_BUDGET_FIELDS = ("position", "description", "amount", "funding_source_id", "note")


def next_year(day):
    """The same day a year later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def shift_years(text):
    """Every year written in time words, one year on: "Quý II - III năm 2021" → "Quý II - III năm 2022"."""
    return _YEAR.sub(lambda match: str(int(match.group()) + 1), text)


def moved_timeframe(activity, plan):
    """(text, start, due, recurrence, understood) of `activity` one year on, for the copy `plan`.

    Words without a year ("Quý IV", "Hằng năm") are read again against the new plan's years, exactly as
    if typed into it. Words with their own year ("Cả năm 2021") get the year rewritten; their dates are
    read again too when they were the reading of the old words, and otherwise (an editor corrected
    them by hand) moved one year, so the correction survives.
    """
    text = activity.timeframe_text
    last = plan.last_year
    if text and not _YEAR.search(text):
        reading = parse_timeframe(text, year=plan.start_year, end_year=last)
        if reading.understood:
            return text, reading.start, reading.due, reading.recurrence, True
    elif text:
        old = parse_timeframe(text, year=plan.start_year - 1, end_year=last - 1 if last else None)
        new = parse_timeframe(shift_years(text), year=plan.start_year, end_year=last)
        if old.understood and new.understood and (old.start, old.due) == (activity.start, activity.due):
            return new.text, new.start, new.due, new.recurrence, True
    return (
        shift_years(text), next_year(activity.start), next_year(activity.due),
        activity.recurrence, activity.timeframe_understood,
    )


def _copy_fields(source, names):
    return {name: getattr(source, name) for name in names}


@transaction.atomic
def plan_copy_to_next_year(*, plan, user):
    """Create and return a draft that repeats `plan` one year later (see the module docstring).

    `user` is recorded as the author of every history row the copy creates.
    """
    reason = _("Sao chép từ kế hoạch %(source)s") % {"source": plan.number or f"#{plan.pk}"}
    copy = Plan(
        **_copy_fields(plan, _HEADER_FIELDS),
        number="",
        issued_on=None,
        status=Plan.Status.DRAFT,
        title=_TITLE_YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", plan.title),
        start_year=plan.start_year + 1,
        end_year=plan.end_year + 1 if plan.end_year else None,
    )
    _save(copy, user, reason)

    for basis in LegalBasis.objects.filter(plan=plan).order_by("position", "pk"):
        _save(LegalBasis(plan=copy, **_copy_fields(basis, _LEGAL_BASIS_FIELDS)), user, reason)

    nodes = list(
        plan.activities.all().prefetch_related("lead_units", "coordinating_units", "targets", "budget_lines")
    )
    new_ids = {}
    for node, _depth in ordered_tree(nodes):  # parents before their children
        text, start, due, recurrence, understood = moved_timeframe(node, copy)
        twin = Activity(
            plan=copy, parent_id=new_ids.get(node.parent_id), status=Status.NOT_STARTED,
            timeframe_text=text, start=start, due=due, recurrence=recurrence, timeframe_understood=understood,
            **_copy_fields(node, _ACTIVITY_FIELDS),
        )
        _save(twin, user, reason)
        new_ids[node.pk] = twin.pk
        twin.lead_units.set(node.lead_units.all())
        twin.coordinating_units.set(node.coordinating_units.all())
        for target in node.targets.all():
            _save(Target(activity=twin, **_copy_fields(target, _TARGET_FIELDS)), user, reason)
        for line in node.budget_lines.all():
            _save(
                BudgetLine(
                    activity=twin, fiscal_year=line.fiscal_year + 1 if line.fiscal_year else None,
                    allocated=False, decision_reference="", **_copy_fields(line, _BUDGET_FIELDS),
                ),
                user, reason,
            )
    return copy


def _save(instance, user, reason):
    instance._change_reason = reason
    if user is not None and user.is_authenticated:
        instance._history_user = user
    instance.save()
    return instance

