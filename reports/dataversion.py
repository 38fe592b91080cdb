"""The data version of each province: it changes when any write to what its reports read commits, so that a cached
document (reports/cache.py) keyed with it is never served after the data changed.

Model signals (post_save, post_delete, m2m_changed) of every model a report reads say which province the row
belongs to; writes that send no signal (bulk_create, QuerySet.update()) send core.signals.data_changed
themselves. The writing transaction inserts a DataChange row for each province it touches, once (and once more
after a version was read in it); a province's version is the number of its rows and the sum of their random
tokens, so it changes exactly when such a transaction commits, and never goes back to a value it had (a backup
leaves these rows out; the restore's own raw rows change every province's version). Rows
are inserted, never updated: two transactions writing in one province never wait for each other here.

What a row belongs to is looked up with at most one query per row, remembered for the transaction; a row whose
province cannot be found any more (a cascade deleted it first), and rows saved raw (loaddata, `manage.py
restore`), change every province's version, which is always safe.
"""
import functools
import random

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.signals import data_changed

PRUNE_ABOVE = 20_000  # rows in the table before a write's sweep prunes it (reports.cache)
EVERYWHERE = "*"


def _token():
    return random.SystemRandom().getrandbits(31)


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
    """Change these provinces' (or every province's) data version when the current transaction commits."""
    from plans.models import Province
    from reports.models import DataChange

    pending = _pending()
    if pending.done(EVERYWHERE):
        return
    if everywhere:
        province_ids = Province.objects.values_list("pk", flat=True)
    ids = {pk for pk in province_ids if pk is not None and not pending.done(pk)}
    if ids:
        DataChange.objects.bulk_create([DataChange(province_id=pk, token=_token()) for pk in sorted(ids)])
    pending.mark([*ids, EVERYWHERE] if everywhere else ids)


def _read_in_transaction():
    """A version read inside a transaction that has written: later writes of that transaction must change the
    token again (the reader may store a file under this one), so forget what it touched."""
    pending = getattr(transaction.get_connection(), "_report_data_pending", None)
    if pending is not None:
        pending.touched.clear()


def _version(changes):
    rows = (changes.values("province_id").annotate(count=Count("pk"), tokens=Sum("token"))
            .order_by("province_id").values_list("province_id", "count", "tokens"))
    return ";".join(f"{pk}={count}.{tokens}" for pk, count, tokens in rows)


def version_of(province):
    """The data version of a province's reports: that of its own rows and of the provinces merged into it (their
    plans are reported under it), as one string; one query."""
    from plans.models import Province
    from reports.models import DataChange

    _read_in_transaction()
    family = Province.objects.filter(Q(pk=province.pk) | Q(heir=province)).values("pk")
    return _version(DataChange.objects.filter(province_id__in=family))


def version_everywhere():
    """Every province's data version as one string (for what reads all of them); one query."""
    from reports.models import DataChange

    _read_in_transaction()
    return _version(DataChange.objects.all())


def prune(*, above=0):
    """Keep only the newest change of each province when the table holds more than `above` rows: every version
    changes once (count and sum both shrink to a value never seen, the newest token being new). Returns how many
    rows were removed."""
    from reports.models import DataChange

    if above and DataChange.objects.count() <= above:
        return 0
    newest = DataChange.objects.values("province_id").annotate(newest=Max("pk")).values_list("newest", flat=True)
    removed, _by_model = DataChange.objects.exclude(pk__in=list(newest)).delete()
    return removed


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
        def receiver(sender, instance, resolver=resolver, raw=False, **kwargs):
            if raw:  # loaddata or a restore: rows come in any order, so no lookups; once per transaction
                touch(everywhere=True)
            else:
                _changed(resolver, instance)

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"dataversion-save-{model._meta.label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"dataversion-delete-{model._meta.label}")
    for through in (Activity.lead_units.through, Activity.coordinating_units.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"dataversion-m2m-{through._meta.label}")
    data_changed.connect(_data_changed, dispatch_uid="dataversion-data-changed")
