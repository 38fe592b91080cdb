"""Archiving ("Lưu trữ") instead of deleting: plans, activities, budget lines and progress updates are never
removed; an archived row drops out of every page and total, and an editor can bring it back.

A model opts in by inheriting `Archivable` and declaring two managers built from its own QuerySet:
`objects = LiveManager.from_queryset(Q)()` first (the default manager, which related managers follow),
then `all_objects = models.Manager.from_queryset(Q)()`. Archiving a row stamps it and every live row below it
(`archive_with`, by relation name, so this module imports no app above) with one `archived_at`; restoring
clears that same stamp, so rows archived earlier on their own stay archived. Joins in aggregates do not go
through managers: each such query says which of its joined rows must be live with `live(…)`, the one place
"archived rows don't count" is written.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ARCHIVE_FIELDS = ["archived_at", "archived_by"]

# Checks run on every set of rows about to be archived or restored, before anything is written; each may raise
# to refuse the whole step. Added by the app that owns the rule (quarter locks: activities/apps.py), since this
# module imports no app.
guards = []


def add_guard(check):
    if check not in guards:
        guards.append(check)


def _check(rows):
    for guard in guards:
        guard(rows)


def live(*paths):
    """Archived rows don't count: a filter keeping rows whose archivable row at each relation path is live.

    `live()` is the row itself; `live("activities", "activities__budget_lines")` is for a join through a plan's
    activities and their budget lines, which the default managers do not filter.
    """
    condition = Q()
    for path in paths or ("",):
        condition &= Q(**{f"{path}__archived_at__isnull" if path else "archived_at__isnull": True})
    return condition


class LiveManager(models.Manager):
    """The default manager of an archivable model: archived rows are left out."""

    def get_queryset(self):
        return super().get_queryset().filter(live())


class Archivable(models.Model):
    """When and by whom a row was archived (both empty while it is live)."""

    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("người lưu trữ"),
    )

    # Relation names (reverse foreign keys to archivable models) archived and restored together with this row.
    archive_with = ()

    class Meta:
        abstract = True


def _below(model, ids, archived_at):
    """Rows under the given ones through `archive_with`, level by level: live ones (archived_at=None) or
    those carrying exactly that stamp. A row stamped otherwise stops the walk, and so keeps what is below it."""
    found, queue = [], [(model, list(ids))]
    while queue:
        model, ids = queue.pop()
        for name in model.archive_with:
            relation = model._meta.get_field(name)
            rows = list(
                relation.related_model._base_manager
                .filter(**{f"{relation.field.name}__in": ids, "archived_at": archived_at})
                .order_by("pk")
            )
            if rows:
                found.extend(rows)
                queue.append((relation.related_model, [row.pk for row in rows]))
    return found


def _write(rows, archived_at, archived_by, user, reason):
    for row in rows:
        row.archived_at, row.archived_by = archived_at, archived_by
        row._history_user = user  # the history says who, also outside a request (commands, tests)
        row._change_reason = reason or None
        row.save(update_fields=ARCHIVE_FIELDS)


def archive(root, *, user, reason=""):
    """Stamp `root` and every live row below it with one time and the user; return them, root first.

    The caller checks access and rules, and runs this inside its transaction.
    """
    rows = [root, *_below(type(root), [root.pk], None)]
    _check(rows)
    _write(rows, timezone.now(), user, user, reason)
    return rows


def restore(root, *, user, reason=""):
    """Clear the stamp of `root` and of the rows archived with it; return them, root first."""
    rows = [root, *_below(type(root), [root.pk], root.archived_at)]
    _check(rows)
    _write(rows, None, None, user, reason)
    return rows
