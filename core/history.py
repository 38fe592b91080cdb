"""Reading django-simple-history records as a person would: which field changed, from what to what, with
choices, units, money and dates written out ("Phòng Nghiệp vụ", "177.400.000 đ", "05/03/2026"), never ids.

Used by a plan's change log (reports.history) and an activity's own history (progress.selectors).
"""
import datetime
from typing import NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """Looks up the names behind foreign keys once per kind, so a change reads "Phòng Nghiệp vụ", not "7".

    Any related model with a `name` field is looked up (archived rows too); others show as "#7".
    """

    def __init__(self):
        self._cache = {}

    def of(self, model, pk):
        if pk is None:
            return ""
        if model not in self._cache:
            has_name = any(f.name == "name" for f in model._meta.concrete_fields)
            self._cache[model] = dict(model._base_manager.values_list("pk", "name")) if has_name else {}
        return self._cache[model].get(pk) or f"#{pk}"


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
            found.append(Change(str(model_field.verbose_name), show(model_field, old, names),
                                show(model_field, new, names)))
    for m2m_field in getattr(model.history.model, "_history_m2m_fields", None) or []:
        old = m2m.get(before.history_id, {}).get(m2m_field.name, set())
        new = m2m.get(after.history_id, {}).get(m2m_field.name, set())
        if old != new:
            related = m2m_field.related_model
            show_ids = lambda ids: "; ".join(sorted(names.of(related, pk) for pk in ids)) or "—"  # noqa: E731
            found.append(Change(str(m2m_field.verbose_name), show_ids(old), show_ids(new)))
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
