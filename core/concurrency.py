"""Optimistic locking: a save succeeds only if nobody saved the same row since the form was opened.

Every editable model carries a `version` integer. A form posts the version it was opened with;
`claim_version` bumps it with a conditional UPDATE inside the caller's transaction. On PostgreSQL the
UPDATE waits for a concurrent writer's row lock and then sees its new version; on SQLite writers are
serialised. Either way the second of two simultaneous saves gets `StaleVersion`, never a silent overwrite.
"""
from django.db import transaction
from django.db.models import F


class StaleVersion(Exception):
    """Someone else saved this row after the form was opened."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current  # the row as it is now, to show the user the other person's change


def claim_version(instance, expected_version):
    """Bump `instance.version` in the database if it still equals `expected_version`.

    Must run inside `transaction.atomic()`. Sets `instance.version` to the new value so that a later
    `instance.save()` in the same transaction keeps it. Raises StaleVersion with the fresh row otherwise.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version() must run inside transaction.atomic()")
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleVersion(model._default_manager.get(pk=instance.pk))
    instance.version = int(expected_version) + 1
