"""Reading django-simple-history records as a person would: which field changed, from what to what, with
choices, units, money and dates written out ("Phòng Nghiệp vụ", "177.400.000 đ", "05/03/2026"), never ids.

Used by a plan's change log (reports.history), an activity's own history (progress.selectors) and the history
pages of the Django admin (`HumanHistoryAdmin`), so the three say the same thing in the same words.
"""
import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core.formatting import format_date, format_money, format_number

MONEY_FIELDS = {"amount"}
# Bookkeeping columns that say nothing to a reader (who archived is the entry's own person).
SKIPPED = {"id", "version", "created_at", "updated_at", "history_id", "history_date", "history_user",
           "history_type", "history_change_reason", "history_relation", "archived_by"}


class Change(NamedTuple):
    label: str
    before: str
    after: str


def person(user):
    if user is None:
        return _("Hệ thống")
    return user.get_full_name() or user.username


def m2m_snapshots(model, records):
    """history_id → {field name: set of ids} for the many-to-many fields a history model tracks."""
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


class Names:
    """Looks up the names behind foreign keys, so a change reads "Phòng Nghiệp vụ", not "7".

    A related row is named by its `name`, else its `number` (a plan: "19/KH-TGPL"), else its `title` (an activity);
    a user by their full name or username. Archived rows are named too; a row with none of these shows as "#7".
    Small reference tables (units, funding sources, users) are read whole, once per kind; rows of the big ones
    (plans, activities: a parent that changed) one at a time, as they are asked for.
    """

    NAME_FIELDS = ("name", "number", "title")

    def __init__(self):
        self._cache = {}
        self._one_by_one = set()

    def of(self, model, pk):
        if pk is None:
            return ""
        if model not in self._cache:
            self._cache[model] = self._load_all(model)
        names = self._cache[model]
        if pk not in names and model in self._one_by_one:
            names[pk] = self._load_one(model, pk)
        return names.get(pk) or f"#{pk}"

    def _field(self, model):
        fields = {f.name for f in model._meta.concrete_fields}
        return next((name for name in self.NAME_FIELDS if name in fields), None)

    def _load_all(self, model):
        if model is get_user_model():
            rows = model._base_manager.values_list("pk", "first_name", "last_name", "username")
            return {pk: f"{first} {last}".strip() or username for pk, first, last, username in rows}
        field = self._field(model)
        if field == "name":
            return dict(model._base_manager.values_list("pk", "name"))
        if field is not None:
            self._one_by_one.add(model)
        return {}

    def _load_one(self, model, pk):
        # The first of its naming fields that is filled: a plan without a number is named by its title.
        fields = [f.name for f in model._meta.concrete_fields if f.name in self.NAME_FIELDS]
        fields.sort(key=self.NAME_FIELDS.index)
        row = model._base_manager.filter(pk=pk).values_list(*fields).first()
        return next((value for value in row or () if value), None)


def changes(model, before, after, m2m, names):
    """[Change] between two history records of `model` (none when `before` is None)."""
    if before is None:
        return []
    found = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in SKIPPED:
            continue
        attname = model_field.attname
        old, new = getattr(before, attname, None), getattr(after, attname, None)
        if old != new:
            found.append(Change(capfirst(str(model_field.verbose_name)), show(model_field, old, names),
                                show(model_field, new, names)))
    for m2m_field in getattr(model.history.model, "_history_m2m_fields", None) or []:
        old = m2m.get(before.history_id, {}).get(m2m_field.name, set())
        new = m2m.get(after.history_id, {}).get(m2m_field.name, set())
        if old != new:
            related = m2m_field.related_model
            show_ids = lambda ids: "; ".join(sorted(names.of(related, pk) for pk in ids)) or "—"  # noqa: E731
            found.append(Change(capfirst(str(m2m_field.verbose_name)), show_ids(old), show_ids(new)))
    return found


def show(model_field, value, names):
    """One stored value as a person reads it."""
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


def worth_showing(record, found):
    """Whether a record says something: its creation, a change of some value, or a reason given.

    Saving a form unchanged, or the bookkeeping record django-simple-history writes around a change of units,
    records nothing a reader could see, and is left out rather than shown as an empty row."""
    return record.history_type != "~" or bool(found) or bool(record.history_change_reason)


class HumanHistoryAdmin(SimpleHistoryAdmin):
    """The Django admin's history page of a model, its changes written by the same `changes()` as the app's logs
    ("Đã được cấp: Không → Có", "Ngày chi: — → 25/11/2021", units and people by name)."""

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        if not records:
            return
        ids = [record.history_id for record in records]
        m2m = m2m_snapshots(self.model, self.model.history.model.objects.filter(history_id__in=ids))
        names = Names()
        # Newest first: each record is compared with the one after it; the oldest has nothing to compare with.
        for newer, older in zip(records, records[1:]):
            newer.history_delta_changes = [
                {"field": change.label, "old": change.before, "new": change.after}
                for change in changes(self.model, older, newer, m2m, names)
            ]
