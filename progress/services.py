"""Saving one unit's quarterly progress on an activity: the update, achieved quantities, money spent and
evidence files, all in one transaction (one service function per write: docs/architecture.md).

Archiving and restoring one unit's report is here too: both are refused while the quarter is locked.
"""
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.locks import hold_province
from activities.models import Activity, Attachment, PeriodLock, ProgressUpdate, TargetProgress
from activities.services import refresh_activity_status
from budgets.models import BudgetLine, Expenditure
from budgets.selectors import spent_by_line
from core import archive
from core.concurrency import StaleVersion, claim_version
from core.formatting import format_money
from plans.models import Province
from plans.services import clean_change_reason
from progress.evidence import check_evidence
from progress.locks import ensure_open


@dataclass
class NewExpenditure:
    budget_line_id: int
    amount: int
    spent_on: date
    document_reference: str = ""
    note: str = ""


@dataclass
class ProgressInput:
    status: str
    result: str = ""
    difficulties: str = ""
    proposals: str = ""
    achievements: dict = field(default_factory=dict)  # target id → quantity achieved in the quarter, or None
    expenditures: list = field(default_factory=list)  # [NewExpenditure]
    files: list = field(default_factory=list)  # uploaded files, already checked by the form


def overspend_message(line, spent, amount):
    return _(
        "Khoản chi %(amount)s làm dòng kinh phí “%(line)s” vượt số tiền của dòng: kinh phí kế hoạch %(total)s, đã chi %(spent)s, "
        "còn %(left)s. Nếu vẫn ghi khoản chi này, hãy ghi chú lý do."
    ) % {
        "amount": format_money(amount), "line": (line.description or _("không tên"))[:80],
        "total": format_money(line.amount), "spent": format_money(spent), "left": format_money(line.amount - spent),
    }


def progress_save(*, activity, unit, year, quarter, author, expected_version, data):
    """Record `data` (a ProgressInput) as `unit`'s report on `activity` for the quarter.

    Raises PeriodLocked when the quarter is locked, StaleVersion when someone saved the same report after
    the form was opened, ValidationError for a budget line of another activity or an unexplained overspend.
    Nothing is written unless everything is; evidence files already stored are removed again on failure.
    """
    stored = []
    try:
        with transaction.atomic():
            update = _save(activity=activity, unit=unit, year=year, quarter=quarter, author=author,
                           expected_version=expected_version, data=data, stored=stored)
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return update


def _save(*, activity, unit, year, quarter, author, expected_version, data, stored):
    ensure_open(activity.plan.province, year, quarter)
    update = ProgressUpdate.objects.filter(activity=activity, unit=unit, year=year, quarter=quarter).first()
    if update is not None:
        claim_version(update, expected_version or 0)  # a form opened before the row existed posts 0
    elif expected_version:
        raise ValidationError(_("Cập nhật này không còn; hãy tải lại trang."))
    else:
        update = ProgressUpdate(activity=activity, unit=unit, year=year, quarter=quarter)
    update.status = data.status
    update.result, update.difficulties, update.proposals = data.result, data.difficulties, data.proposals
    update.author = author
    update.full_clean(validate_unique=False)
    if update.pk:
        update.save()
    else:
        try:
            # The unique constraint guards a first report: a concurrent insert waits for ours, then fails.
            with transaction.atomic():
                update.save()
        except IntegrityError:
            raise StaleVersion(
                ProgressUpdate.objects.get(activity=activity, unit=unit, year=year, quarter=quarter)
            ) from None

    targets = {t.pk: t for t in activity.targets.all()}
    current = {tp.target_id: tp for tp in update.achievements.all()}
    for target_id, achieved in data.achievements.items():
        if target_id not in targets:
            raise ValidationError(_("Chỉ tiêu không thuộc hoạt động này."))
        if achieved is None:
            if target_id in current:
                current[target_id].delete()
            continue
        if achieved < 0:
            raise ValidationError(_("Số lượng không được âm."))
        row = current.get(target_id)
        if row is None:
            TargetProgress.objects.create(update=update, target=targets[target_id], achieved=achieved)
        elif row.achieved != achieved:
            row.achieved = achieved
            row.save(update_fields=["achieved"])

    if data.expenditures:
        line_ids = sorted({e.budget_line_id for e in data.expenditures})
        # Lock the lines so that two reports spending from one line at once cannot both slip under its amount.
        lines = {line.pk: line for line in BudgetLine.objects.select_for_update().filter(activity=activity, pk__in=line_ids)}
        if len(lines) != len(line_ids):
            raise ValidationError(_("Dòng kinh phí không thuộc hoạt động này."))
        spent = spent_by_line(line_ids)
        for item in data.expenditures:
            line = lines[item.budget_line_id]
            if item.amount <= 0:
                raise ValidationError(_("Số tiền chi phải lớn hơn 0."))
            already = spent.get(line.pk, 0)
            if already + item.amount > line.amount and not item.note.strip():
                raise ValidationError(overspend_message(line, already, item.amount))
            spent[line.pk] = already + item.amount
            expenditure = Expenditure(
                budget_line=line, progress_update=update, amount=item.amount, spent_on=item.spent_on,
                document_reference=item.document_reference, note=item.note, recorded_by=author,
            )
            expenditure.full_clean()
            expenditure.save()

    for upload in data.files:
        content_type = check_evidence(upload)
        attachment = Attachment(
            update=update, original_name=upload.name[:255], content_type=content_type, size=upload.size,
            uploaded_by=author,
        )
        attachment.file.save(upload.name, upload, save=False)
        stored.append(attachment)
        attachment.save()

    if unit in activity.lead_units.all():
        refresh_activity_status(activity)
    return update


@transaction.atomic
def expenditure_delete(*, expenditure):
    """Remove an expenditure recorded by mistake, unless its quarter is locked."""
    update = expenditure.progress_update
    if update is not None:
        ensure_open(update.activity.plan.province, update.year, update.quarter)
    expenditure.delete()


# --- archiving a progress update ------------------------------------------------------------------
@transaction.atomic
def update_archive(*, update, user, reason=""):
    """Archive one unit's report for a quarter (its achievements, spending and evidence files are kept but
    count nowhere); refused while the quarter is locked. Raises progress.locks.PeriodLocked."""
    plan = update.activity.plan
    reason = clean_change_reason(plan, reason)
    update = ProgressUpdate.all_objects.select_for_update().get(pk=update.pk)
    if update.archived_at is not None:
        raise ValidationError(_("Cập nhật này đã được lưu trữ."), code="archived")
    ensure_open(plan.province, update.year, update.quarter)
    archive.archive(update, user=user, reason=reason)
    refresh_activity_status(update.activity)
    return update


@transaction.atomic
def update_restore(*, update, user, reason=""):
    """Bring an archived report back, unless its quarter is locked or the unit has reported that quarter again."""
    plan = update.activity.plan
    reason = clean_change_reason(plan, reason)
    update = ProgressUpdate.all_objects.select_for_update().get(pk=update.pk)
    if update.archived_at is None:
        raise ValidationError(_("Cập nhật này không nằm trong lưu trữ."), code="not_archived")
    if not Activity.objects.filter(pk=update.activity_id).exists():
        raise ValidationError(_("Hoạt động của cập nhật này đang được lưu trữ: hãy khôi phục hoạt động trước."),
                              code="activity_archived")
    ensure_open(plan.province, update.year, update.quarter)
    if ProgressUpdate.objects.filter(activity_id=update.activity_id, unit_id=update.unit_id, year=update.year,
                                     quarter=update.quarter).exists():
        raise ValidationError(
            _("Đơn vị đã có một cập nhật khác cho kỳ này; hãy lưu trữ cập nhật đó trước nếu muốn khôi phục cập nhật này."),
            code="replaced",
        )
    archive.restore(update, user=user, reason=reason)
    refresh_activity_status(update.activity)
    return update


# --- evidence files and quarter locks ----------------------------------------------------------------------

@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """Remove an evidence file (its row now, the stored file once the transaction commits); refused while its
    quarter is locked. Raises progress.locks.PeriodLocked."""
    update = attachment.update
    ensure_open(update.activity.plan.province, update.year, update.quarter)
    attachment.delete()
    transaction.on_commit(lambda name=attachment.file.name: attachment.file.storage.delete(name))


@transaction.atomic
def period_lock(*, province: Province, year: int, quarter: int, user) -> PeriodLock:
    """Lock the province's quarter after review (nothing reported for it may change); locking twice is one lock.

    Waits for the saves already checking against the province's locks to commit, and makes those that come later
    wait for this lock (activities/locks.py), so no save of the quarter lands after it."""
    hold_province(province.pk, exclusive=True)
    lock = PeriodLock.objects.active().filter(province=province, year=year, quarter=quarter).first()
    if lock is None:
        lock = PeriodLock.objects.create(province=province, year=year, quarter=quarter, locked_by=user)
    return lock


@transaction.atomic
def period_unlock(*, lock: PeriodLock, user, reason: str) -> PeriodLock:
    """Open a locked quarter again; the lock row keeps who unlocked it, when and why (the reason is required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do mở khóa để lưu vào nhật ký."), code="reason")
    lock.unlocked_by, lock.unlocked_at, lock.unlock_reason = user, timezone.now(), reason[:500]
    lock._change_reason = reason[:100]
    lock.save(update_fields=["unlocked_by", "unlocked_at", "unlock_reason"])
    return lock
