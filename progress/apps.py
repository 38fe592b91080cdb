from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """The quarter coming in. No models of its own: updates, evidence and locks are defined in activities."""

    name = "progress"
    verbose_name = _("Tiến độ")
