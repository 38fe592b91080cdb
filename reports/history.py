"""A plan's change log, readable by a person: who changed which field of what, when, before and after.

Built from django-simple-history's tables for the plan, its legal bases, activities (with their units),
targets, budget lines, expenditures and progress updates. A fixed number of queries whatever the size.
"""
import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, ProgressUpdate, Target
from budgets.models import BudgetLine, Expenditure
from core.history import Names, changes, m2m_snapshots, person
from core.numbering import number_nodes
from plans.models import LegalBasis, Plan

ACTIONS = {
    "+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xóa"),
    "=": gettext_lazy("Ghi nhận ban đầu"), "archive": gettext_lazy("Lưu trữ"), "restore": gettext_lazy("Khôi phục"),
}


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

    names = Names()
    entries = []
    for model, records, subject in sources:
        m2m = m2m_snapshots(model, records)
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
                who=person(record.history_user),
                action=str(ACTIONS.get(action, action)),
                subject=subject(record),
                reason=record.history_change_reason or "",
                changes=changes(model, before, record, m2m, names) if action in ("~", "archive", "restore") else [],
            ))
            previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
