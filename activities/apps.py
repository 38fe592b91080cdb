from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Hoạt động và tiến độ")

    def ready(self):
        # Archiving or restoring anything (a plan, below this app, included) is refused inside a locked quarter.
        from activities.locks import ensure_rows_open
        from core import archive

        archive.add_guard(ensure_rows_open)
