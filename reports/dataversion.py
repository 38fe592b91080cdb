"""The data version of each province: a token changed in the same transaction as any write to what its reports
read, so that a cached document (reports/cache.py) keyed with it is never served after the data changed.

Model signals (post_save, post_delete, m2m_changed) of every model a report reads say which province the row
belongs to; writes that send no signal (bulk_create, QuerySet.update()) send core.signals.data_changed
themselves. Within one transaction each province is touched once (the writer's row lock is then held until it
commits, as its other rows are). What a row belongs to is looked up with at most one query per row, remembered for
the transaction; a row whose province cannot be found any more (a cascade deleted it first) changes every
province's version, which is always safe.
"""
import functools
import uuid

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.signals import data_changed

EVERYWHERE = "*"


def _token():
    return uuid.uuid4().hex


class _Pending:
    """What this transaction has already touched: kept while a marker callback of ours is still registered with
    the connection's on_commit list (commit and rollback both empty it; a rolled-back savepoint drops the marker
    registered inside it), so a memo never outlives its transaction. A province touched inside a savepoint
    counts only while that savepoint is still open (it may yet be rolled back)."""

    def __init__(self, connection=None):
        self.connection = connection
        self.touched = {}  # province id (or EVERYWHERE) → the savepoints open when it was touched
        self.resolved = {}

    def __call__(self):  # the on_commit marker: nothing to do once committed
        pass

    def done(self, key):
        if key not in self.touched or self.connection is None:
            return False
        when, now = self.touched[key], tuple(self.connection.savepoint_ids)
        return now[:len(when)] == when

    def mark(self, keys):
        when = tuple(self.connection.savepoint_ids) if self.connection is not None else ()
        self.touched.update(dict.fromkeys(keys, when))


def _pending():
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return _Pending()  # autocommit: each write is its own transaction, nothing to remember
    pending = getattr(connection, "_report_data_pending", None)
    if pending is not None and any(callback is pending for _sids, callback, _robust in connection.run_on_commit):
        return pending
    pending = _Pending(connection)
    connection._report_data_pending = pending
    transaction.on_commit(pending)
    return pending


def touch(province_ids=(), *, everywhere=False):
    """Give these provinces (or all of them) a new data version, in the current transaction."""
    from plans.models import Province
    from reports.models import DataVersion

    pending = _pending()
    if pending.done(EVERYWHERE):
        return
    token = _token()
    if everywhere:
        DataVersion.objects.update(token=token)
        missing = Province.objects.exclude(pk__in=DataVersion.objects.values("pk")).values_list("pk", flat=True)
        DataVersion.objects.bulk_create([DataVersion(province_id=pk, token=token) for pk in missing],
                                        ignore_conflicts=True)
        pending.mark([EVERYWHERE])
        return
    ids = {pk for pk in province_ids if pk is not None and not pending.done(pk)}
    if not ids:
        return
    if DataVersion.objects.filter(pk__in=ids).update(token=token) < len(ids):
        missing = Province.objects.filter(pk__in=ids).exclude(pk__in=DataVersion.objects.values("pk"))
        DataVersion.objects.bulk_create([DataVersion(province_id=pk, token=token)
                                         for pk in missing.values_list("pk", flat=True)], ignore_conflicts=True)
    pending.mark(ids)


def _read_in_transaction():
    """A version read inside a transaction that has written: later writes of that transaction must change the
    token again (the reader may store a file under this one), so forget what it touched."""
    pending = getattr(transaction.get_connection(), "_report_data_pending", None)
    if pending is not None:
        pending.touched.clear()


def version_of(province):
    """The data version of a province's reports: its own token and those of the provinces merged into it (their
    plans are reported under it), as one string; one query."""
    from reports.models import DataVersion

    _read_in_transaction()
    from plans.models import Province

    family = Province.objects.filter(Q(pk=province.pk) | Q(heir=province)).values("pk")
    pairs = sorted(DataVersion.objects.filter(province_id__in=family).values_list("province_id", "token"))
    return ";".join(f"{pk}={token}" for pk, token in pairs)


def version_everywhere():
    """Every province's data version as one string (for what reads all of them); one query."""
    from reports.models import DataVersion

    _read_in_transaction()
    return ";".join(f"{pk}={token}" for pk, token in DataVersion.objects.order_by("pk").values_list("pk", "token"))


# -- which province a row belongs to ----------------------------------------------------------------------------

def _through(model, pk, path):
    """The province id found from `model` row `pk` along `path` (one query, remembered for the transaction)."""
    if pk is None:
        return None
    pending = _pending()
    key = (model._meta.label, pk)
    if key not in pending.resolved:
        pending.resolved[key] = model._base_manager.filter(pk=pk).values_list(path, flat=True).first()
    return pending.resolved[key]


@functools.cache
def _resolvers():
    from activities.models import Activity, ProgressUpdate, Target, TargetProgress
    from budgets.models import BudgetLine, Expenditure, FundingSource
    from plans.models import LegalBasis, OrganisationChange, Plan, Province, ProvinceName, Unit, UnitName

    def activity(pk):
        return {_through(Activity, pk, "plan__province")}

    return {
        Province: lambda row: {pk for pk in (row.pk, row.heir_id, row.merged_into_id) if pk is not None},
        ProvinceName: lambda row: {row.province_id},
        OrganisationChange: lambda row: EVERYWHERE,
        Unit: lambda row: {row.province_id},
        UnitName: lambda row: {_through(Unit, row.unit_id, "province")},
        Plan: lambda row: {row.province_id},
        LegalBasis: lambda row: {_through(Plan, row.plan_id, "province")},
        Activity: lambda row: {row.plan.province_id if Activity.plan.is_cached(row)
                               else _through(Plan, row.plan_id, "province")},
        Target: lambda row: activity(row.activity_id),
        BudgetLine: lambda row: activity(row.activity_id),
        ProgressUpdate: lambda row: activity(row.activity_id),
        TargetProgress: lambda row: {_through(ProgressUpdate, row.update_id, "activity__plan__province")},
        Expenditure: lambda row: {_through(BudgetLine, row.budget_line_id, "activity__plan__province")},
        FundingSource: lambda row: EVERYWHERE,
    }


def _changed(resolver, row):
    found = resolver(row)
    # A row whose province is gone with it (a cascade): every province, to be safe.
    touch(() if found == EVERYWHERE else found, everywhere=found == EVERYWHERE or None in found)


def _m2m_changed(instance, action, reverse, pk_set, **kwargs):
    """A node's lead or co-ordinating units changed (from the node's side, or from the unit's)."""
    if not action.startswith("post_"):
        return
    from activities.models import Activity

    if not reverse:
        _changed(_resolvers()[Activity], instance)
    elif pk_set is None:
        touch(everywhere=True)
    else:
        ids = {_through(Activity, pk, "plan__province") for pk in pk_set}
        touch(ids, everywhere=None in ids)


def _data_changed(sender, province_ids=(), everywhere=False, **kwargs):
    touch(province_ids, everywhere=everywhere)


def connect():
    """Hear every write to what reports read (called once, from ReportsConfig.ready)."""
    from activities.models import Activity

    for model, resolver in _resolvers().items():
        def receiver(sender, instance, resolver=resolver, **kwargs):
            _changed(resolver, instance)

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"dataversion-save-{model._meta.label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"dataversion-delete-{model._meta.label}")
    for through in (Activity.lead_units.through, Activity.coordinating_units.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"dataversion-m2m-{through._meta.label}")
    data_changed.connect(_data_changed, dispatch_uid="dataversion-data-changed")
