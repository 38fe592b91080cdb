from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Model-free helpers every app builds on; also the two connection and loading hooks they all need."""

    name = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from core.search import register_sqlite_fold

        # The plan search folds text inside SQLite, which needs the function on every connection.
        connection_created.connect(register_sqlite_fold, dispatch_uid="core.search.register_sqlite_fold")
        pre_save.connect(_loading_is_not_a_change, dispatch_uid="core.apps.loading_is_not_a_change")


def _loading_is_not_a_change(sender, instance, raw=False, **kwargs):
    """loaddata saves rows "raw", which simple-history already ignores, but then sets many-to-many fields,
    which it would record as edits by nobody. Loading data is not a change anyone made: skip both."""
    if raw:
        instance.skip_history_when_saving = True
