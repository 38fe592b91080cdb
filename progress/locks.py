"""Quarter locks as the progress pages use them. The rule itself and its checks live next to the PeriodLock
model, in activities/locks.py, so that writes of the apps below progress (plans, activities, budgets) are
checked by the same code."""
from activities.locks import PeriodLocked, active_lock, ensure_open, locked_message

__all__ = ["PeriodLocked", "active_lock", "ensure_open", "locked_message"]
