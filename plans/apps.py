from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Kế hoạch")

    def ready(self):
        from django.db.backends.signals import connection_created

        from plans.search import register_sqlite_fold

        # The plan search folds text inside SQLite, which needs the function on every connection.
        connection_created.connect(register_sqlite_fold, dispatch_uid="plans.search.register_sqlite_fold")

        from django.db.models.signals import pre_save

        pre_save.connect(_loading_is_not_a_change, dispatch_uid="plans.apps.loading_is_not_a_change")


def _loading_is_not_a_change(sender, instance, raw=False, **kwargs):
    """loaddata saves rows "raw", which simple-history already ignores, but then sets many-to-many fields,
    which it would record as edits by nobody. Loading data is not a change anyone made: skip both."""
    if raw:
        instance.skip_history_when_saving = True
