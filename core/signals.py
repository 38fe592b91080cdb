"""Signals the lower layers send for the upper ones to hear, without importing them."""
from django.dispatch import Signal

# Rows that reports read were written without model signals (bulk_create, QuerySet.update()): send it in the
# same transaction, with `province_ids` (the provinces whose data changed) or `everywhere=True`. Heard by
# reports/dataversion.py, which changes those provinces' data version so their cached documents are built again.
data_changed = Signal()
