from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """A new draft plan from a document or from last year's plan. No models of its own."""

    name = "importer"
    verbose_name = _("Nhập kế hoạch")
