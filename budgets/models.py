"""Money: funding sources, the budget lines a plan assigns to activities, and what was actually spent.

Every amount is an integer number of đồng.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Activity, ProgressUpdate
from core.archive import Archivable, LiveManager, live
from core.formatting import format_money


class FundingSource(models.Model):
    """Nguồn kinh phí: ngân sách trung ương, ngân sách địa phương, CT MTQG 1719, hợp đồng, khác."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên nguồn kinh phí"), max_length=255, unique=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class BudgetLine(Archivable):
    """An amount a plan sets aside for an activity, from one source, for one fiscal year."""

    # PROTECT: money records are archived with their activity, never removed by a cascade.
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("hoạt động"),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("nội dung chi"), blank=True)
    amount = models.BigIntegerField(_("số tiền (đồng)"), default=0)
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines",
        verbose_name=_("nguồn kinh phí"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("năm ngân sách"), null=True, blank=True)
    allocated = models.BooleanField(
        _("đã được cấp"), default=True, help_text=_("Bỏ chọn khi kinh phí chưa được cấp."),
    )
    decision_reference = models.CharField(_("quyết định giao dự toán"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["activity", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(fiscal_year__isnull=True) | (Q(fiscal_year__gte=1945) & Q(fiscal_year__lte=2200)),
                name="budget_fiscal_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.description[:60]} — {format_money(self.amount)}"


class ExpenditureQuerySet(models.QuerySet):
    def counted(self):
        """Spending that counts: neither its budget line nor the progress update that recorded it is archived.

        (A line or update under an archived activity or plan is archived with it.)
        """
        return self.filter(live("budget_line", "progress_update"))


class Expenditure(models.Model):
    """Money actually spent (chi, giải ngân) against a budget line; never archived itself, it stops counting
    when its budget line or its progress update is archived."""

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("dòng kinh phí"),
    )
    progress_update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, null=True, blank=True, related_name="expenditures",
        verbose_name=_("cập nhật tiến độ"),
    )
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    spent_on = models.DateField(_("ngày chi"))
    document_reference = models.CharField(_("chứng từ"), max_length=255, blank=True)
    note = models.TextField(
        _("ghi chú"), blank=True, help_text=_("Bắt buộc khi khoản chi làm vượt số tiền của dòng kinh phí."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expenditures",
        verbose_name=_("người ghi"),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["budget_line", "spent_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive")]

    def __str__(self):
        return f"{format_money(self.amount)} — {self.spent_on}"
