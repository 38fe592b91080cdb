"""core.history: stored values as a person reads them, for both change logs."""
import datetime

import pytest

from activities.models import Activity, Status
from budgets.models import BudgetLine
from core.history import Names, changes, m2m_snapshots, show
from tests.factories import make_plan, make_province


def _field(model, name):
    return model._meta.get_field(name)


@pytest.mark.django_db
def test_values_are_written_as_the_office_writes_them():
    names = Names()
    assert show(_field(Activity, "status"), Status.DONE, names) == str(Status.DONE.label)
    assert show(_field(BudgetLine, "allocated"), True, names) == "Có"
    assert show(_field(BudgetLine, "amount"), 177_400_000, names) == "177.400.000 đ"
    assert show(_field(Activity, "due"), datetime.date(2026, 3, 5), names) == "05/03/2026"
    assert show(_field(Activity, "title"), "", names) == "—"


@pytest.mark.django_db
def test_a_change_of_units_names_the_units():
    province, department, centre, branch = make_province()
    activity = Activity.objects.create(plan=make_plan(province, department), title="Tập huấn")
    activity.lead_units.set([centre])
    activity.lead_units.set([branch])
    records = activity.history.all()
    ordered = list(records.order_by("history_date", "history_id"))
    m2m, names = m2m_snapshots(Activity, records), Names()
    found = [c for older, newer in zip(ordered, ordered[1:]) for c in changes(Activity, older, newer, m2m, names)]
    # set() clears, then adds: the log says which unit left and which came, by name.
    pairs = {(c.before, c.after) for c in found}
    assert (centre.name, "—") in pairs and ("—", branch.name) in pairs
