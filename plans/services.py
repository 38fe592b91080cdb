"""Writes to a plan's header and its lifecycle (including archiving and restoring it), and the one rule both
editors share: once a plan is issued, every change to it needs a reason that the history records.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core import archive
from core.archive import live
from core.concurrency import claim_version
from plans.models import Plan

CHANGE_REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column


def change_reason_required(plan) -> bool:
    """True when changing the plan (its header or its content) needs a "Lý do điều chỉnh".

    A draft is still being written, so its edits need no justification; an issued or closed plan is a
    published document and every later change must say why.
    """
    return plan.pk is not None and plan.status != Plan.Status.DRAFT


def clean_change_reason(plan, text) -> str:
    """The reason as it should be stored ("" for a draft); ValidationError when one is owed and missing."""
    reason = " ".join(str(text or "").split())
    if change_reason_required(plan) and not reason:
        raise ValidationError(_("Kế hoạch đã ban hành: hãy ghi lý do điều chỉnh."), code="change_reason_required")
    if len(reason) > CHANGE_REASON_MAX_LENGTH:
        raise ValidationError(
            _("Lý do điều chỉnh dài quá %(limit)s ký tự; hãy viết ngắn gọn hơn.") % {"limit": CHANGE_REASON_MAX_LENGTH},
            code="change_reason_too_long",
        )
    return reason


class TransitionRefused(ValidationError):
    """The plan cannot move to the asked status (wrong current status, or the document is incomplete)."""


@transaction.atomic
def plan_save(*, plan, legal_bases, expected_version=None, reason=""):
    """Save a plan header and its legal bases together: both or neither.

    `legal_bases` is a valid legal-bases formset of this plan. For an existing plan `expected_version`
    is the version the form was opened at; a later save by someone else raises StaleVersion and
    nothing is written. `reason` goes to the history of every row this save changes.
    """
    if plan.pk:
        claim_version(plan, expected_version)
    plan._change_reason = reason or None
    plan.save()
    legal_bases.instance = plan
    kept = legal_bases.kept_forms()
    for form in legal_bases.deleted_forms:
        if form.instance.pk:
            form.instance._change_reason = reason or None
            form.instance.delete()
    for position, form in enumerate(kept, start=1):
        basis = form.instance
        if basis.pk and not form.has_changed() and basis.position == position:
            continue
        for name, value in form.cleaned_data.items():
            if name in _LEGAL_BASIS_FIELDS:
                setattr(basis, name, value)
        basis.plan = plan
        basis.position = position
        basis._change_reason = reason or None
        basis.save()
    return plan


_LEGAL_BASIS_FIELDS = ("cited_plan", "doc_type", "number", "issued_on", "issuer", "summary")


def issue_problems(plan, *, header=True):
    """What stops the plan from being issued, in the editor's words (empty when it may be issued). With
    header=False the number and date are left out: the issue form asks for them itself."""
    if plan.status != Plan.Status.DRAFT:
        return [_("Chỉ kế hoạch đang là dự thảo mới ban hành được; kế hoạch này đang ở trạng thái “%(status)s”.")
                % {"status": plan.get_status_display()}]
    problems = []
    if header and not plan.number.strip():
        problems.append(_("Kế hoạch chưa có số, ký hiệu."))
    if header and not plan.issued_on:
        problems.append(_("Kế hoạch chưa có ngày ban hành."))
    if not plan.issuing_unit_id:
        problems.append(_("Kế hoạch chưa có cơ quan ban hành."))
    return problems


def close_problems(plan):
    if plan.status != Plan.Status.ISSUED:
        return [_("Chỉ kế hoạch đã ban hành mới kết thúc được; kế hoạch này đang ở trạng thái “%(status)s”.")
                % {"status": plan.get_status_display()}]
    return []


@transaction.atomic
def plan_issue(*, plan, expected_version, number=None, issued_on=None):
    """Dự thảo → Đã ban hành, with the number and date typed on the issue form (when given). From here on
    every change to the plan needs a reason."""
    fields = []
    if number is not None:
        plan.number = number.strip()
        fields.append("number")
    if issued_on is not None:
        plan.issued_on = issued_on
        fields.append("issued_on")
    return _move(plan, expected_version, issue_problems, Plan.Status.ISSUED, _("Ban hành kế hoạch"), fields)


@transaction.atomic
def plan_close(*, plan, expected_version):
    """Đã ban hành → Đã kết thúc: the plan's period is over and its results are final."""
    return _move(plan, expected_version, close_problems, Plan.Status.CLOSED, _("Kết thúc kế hoạch"))


def _move(plan, expected_version, problems_of, status, reason, fields=()):
    problems = problems_of(plan)
    if problems:
        raise TransitionRefused(problems)
    claim_version(plan, expected_version)
    plan.status = status
    plan._change_reason = str(reason)
    plan.save(update_fields=["status", "version", "updated_at", *fields])
    return plan


# --- archive ------------------------------------------------------------------------------------------

def plan_archive_impact(plan):
    """What archiving the plan takes with it (counted live, so the figures match the plan's pages).

    Activities, budget lines, progress and spending sit above this app: reached by relation name, one
    aggregate per relation so the joins of one never multiply the rows of another.
    """
    plans = Plan.objects.filter(pk=plan.pk)
    lines = live("activities", "activities__budget_lines")
    activities = plans.aggregate(n=Count("activities", filter=live("activities")))["n"]
    budget = plans.aggregate(n=Count("activities__budget_lines", filter=lines),
                             total=Sum("activities__budget_lines__amount", filter=lines))
    updates = plans.aggregate(n=Count("activities__updates", filter=live("activities", "activities__updates")))["n"]
    spent = plans.aggregate(n=Count("activities__budget_lines__expenditures", filter=lines & live(
        "activities__budget_lines__expenditures__progress_update")))["n"]
    return {"activities": activities, "budget_lines": budget["n"], "budget_total": budget["total"] or 0,
            "updates": updates, "expenditures": spent}


@transaction.atomic
def plan_archive(*, plan, user, reason=""):
    """Archive the plan with its whole content; progress, spending and evidence files stay in the database."""
    reason = clean_change_reason(plan, reason)
    plan = Plan.all_objects.select_for_update().get(pk=plan.pk)
    if plan.archived_at is not None:
        raise ValidationError(_("Kế hoạch này đã được lưu trữ."), code="archived")
    return archive.archive(plan, user=user, reason=reason)


@transaction.atomic
def plan_restore(*, plan, user, reason=""):
    """Bring the plan back with everything archived together with it (not what was archived on its own before)."""
    reason = clean_change_reason(plan, reason)
    plan = Plan.all_objects.select_for_update().get(pk=plan.pk)
    if plan.archived_at is None:
        raise ValidationError(_("Kế hoạch này không nằm trong lưu trữ."), code="not_archived")
    return archive.restore(plan, user=user, reason=reason)
