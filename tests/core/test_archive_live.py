"""core.archive.live: the one way a join says that archived rows don't count."""
from django.db.models import Q

from core.archive import live


def test_live_of_the_row_itself():
    assert live() == Q(archived_at__isnull=True)


def test_live_along_several_relation_paths():
    assert live("activities", "activities__budget_lines") == (
        Q(activities__archived_at__isnull=True) & Q(activities__budget_lines__archived_at__isnull=True)
    )
