"""Reports keep one table: the files of reports built in the background, with their progress."""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    """A PDF or workbook too big to build during a request, built by the task worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    scope_code = models.CharField(_("phạm vi"), max_length=50)
    period_code = models.CharField(_("kỳ"), max_length=10)
    file_format = models.CharField(_("định dạng"), max_length=4, choices=[("pdf", "PDF"), ("xlsx", "Excel")])
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=255, blank=True)
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo tạo nền")
        verbose_name_plural = _("báo cáo tạo nền")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_max_100")]

    def __str__(self):
        return f"{self.scope_code} {self.period_code} {self.file_format}"

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.pk])

    @property
    def filename(self):
        return f"bao-cao-{self.period_code}-{self.scope_code.replace(':', '-')}.{self.file_format}"
