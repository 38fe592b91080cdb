"""A plan's change log, readable by a person: who changed which field of what, when, before and after.

Built from django-simple-history's tables for the plan, its legal bases, activities (with their units),
targets, budget lines, expenditures and progress updates. A fixed number of queries whatever the size.
"""
import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, ProgressUpdate, Target
from budgets.models import BudgetLine, Expenditure, FundingSource
from core.formatting import format_date, format_money, format_number
from core.numbering import number_nodes
from plans.models import LegalBasis, Plan, Unit

ACTIONS = {
    "+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xóa"),
    "=": gettext_lazy("Ghi nhận ban đầu"), "archive": gettext_lazy("Lưu trữ"), "restore": gettext_lazy("Khôi phục"),
}
MONEY_FIELDS = {"amount"}
# Bookkeeping columns that say nothing to a reader (who archived is the entry's own person).
SKIPPED = {"id", "version", "created_at", "updated_at", "history_id", "history_date", "history_user",
           "history_type", "history_change_reason", "history_relation", "archived_by"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    reason: str
    changes: list = field(default_factory=list)


def plan_history(plan):
    """Entries for everything recorded about the plan, newest first."""
    activity_ids = set(
        Activity.history.filter(plan_id=plan.pk).values_list("id", flat=True).distinct()
    )
    sources = [
        (Plan, Plan.history.filter(id=plan.pk), lambda r: _("Thông tin chung của kế hoạch")),
        (LegalBasis, LegalBasis.history.filter(plan_id=plan.pk),
         lambda r: _("Căn cứ: %(ref)s") % {"ref": r.number or r.summary[:60]}),
    ]
    current = list(Activity.objects.filter(plan=plan).only("pk", "parent_id", "position", "number_style"))
    numbers = number_nodes(current)

    def activity_subject(record):
        number = numbers.get(record.id)
        title = (record.title or "")[:80]
        return _("Mục %(number)s: %(title)s") % {"number": number, "title": title} if number else title

    sources.append((Activity, Activity.history.filter(id__in=activity_ids), activity_subject))
    titles = dict(Activity.history.filter(id__in=activity_ids).order_by("history_date").values_list("id", "title"))

    def under_activity(prefix):
        def subject(record):
            return f"{prefix} — {(titles.get(record.activity_id) or '')[:60]}"
        return subject

    line_ids = set(BudgetLine.history.filter(activity_id__in=activity_ids).values_list("id", flat=True).distinct())
    sources += [
        (Target, Target.history.filter(activity_id__in=activity_ids), under_activity(_("Chỉ tiêu"))),
        (BudgetLine, BudgetLine.history.filter(activity_id__in=activity_ids), under_activity(_("Dòng kinh phí"))),
        (ProgressUpdate, ProgressUpdate.history.filter(activity_id__in=activity_ids),
         under_activity(_("Cập nhật tiến độ"))),
        (Expenditure, Expenditure.history.filter(budget_line_id__in=line_ids), lambda r: _("Khoản chi")),
    ]

    names = _Names()
    entries = []
    for model, records, subject in sources:
        m2m = _m2m_snapshots(model, records)
        records = list(records.select_related("history_user").order_by("id", "history_date", "history_id"))
        previous = {}
        for record in records:
            before = previous.get(record.id)
            action = record.history_type
            archived = getattr(record, "archived_at", None)
            if action == "~" and before is None:
                # The object existed before history began (loaded data): this is its first known state,
                # unless that first record is the archiving itself.
                action = "archive" if archived else "="
            elif action == "~" and getattr(before, "archived_at", None) != archived:
                action = "archive" if archived else "restore"
            entries.append(Entry(
                when=timezone.localtime(record.history_date),
                who=_person(record.history_user),
                action=str(ACTIONS.get(action, action)),
                subject=subject(record),
                reason=record.history_change_reason or "",
                changes=_changes(model, before, record, m2m, names) if action in ("~", "archive", "restore") else [],
            ))
            previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _person(user):
    if user is None:
        return _("Hệ thống")
    return user.get_full_name() or user.username


def _m2m_snapshots(model, records):
    """history_id → {field name: set of unit ids} for the many-to-many fields a history model tracks."""
    snapshots = {}
    history_model = model.history.model
    for m2m_field in getattr(history_model, "_history_m2m_fields", None) or []:
        through = getattr(history_model, m2m_field.name).model
        target = m2m_field.m2m_reverse_field_name()
        rows = through.objects.filter(history__in=records.values("history_id")).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, target_id in rows:
            snapshots.setdefault(history_id, {}).setdefault(m2m_field.name, set()).add(target_id)
    return snapshots


class _Names:
    """Looks up the names behind foreign keys once per kind, so the log reads "Phòng Nghiệp vụ", not "7"."""

    def __init__(self):
        self._cache = {}

    def of(self, model, pk):
        if pk is None:
            return ""
        if model not in self._cache:
            if model is Unit:
                self._cache[model] = dict(Unit.objects.values_list("pk", "name"))
            elif model is FundingSource:
                self._cache[model] = dict(FundingSource.objects.values_list("pk", "name"))
            else:
                self._cache[model] = {}
        return self._cache[model].get(pk) or f"#{pk}"


def _changes(model, before, after, m2m, names):
    if before is None:
        return []
    changes = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in SKIPPED:
            continue
        attname = model_field.attname
        old, new = getattr(before, attname, None), getattr(after, attname, None)
        if old != new:
            changes.append(Change(str(model_field.verbose_name), _show(model_field, old, names),
                                  _show(model_field, new, names)))
    for m2m_field in getattr(model.history.model, "_history_m2m_fields", None) or []:
        old = m2m.get(before.history_id, {}).get(m2m_field.name, set())
        new = m2m.get(after.history_id, {}).get(m2m_field.name, set())
        if old != new:
            show = lambda ids: "; ".join(sorted(names.of(Unit, pk) for pk in ids)) or "—"  # noqa: E731
            changes.append(Change(str(m2m_field.verbose_name), show(old), show(new)))
    return changes


def _show(model_field, value, names):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Có") if value else _("Không")
    if isinstance(model_field, models.ForeignKey):
        return names.of(model_field.related_model, value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return format_date(value)
    if model_field.name in MONEY_FIELDS:
        return format_money(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value) if abs(value) >= 10000 else str(value)
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"
