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
    file_format = models.CharField(_("định dạng"), max_length=4, choices=[("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel")])
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
        """The name the office gives the file (set when the job is started), else one made of its codes."""
        return self.download_name or f"bao-cao-{self.period_code}-{self.scope_code.replace(':', '-')}.{self.file_format}"

    download_name = models.CharField(_("tên tệp"), max_length=150, blank=True)


class Report(models.Model):
    """A báo cáo as a document: its header, the four narrative parts, its signer and recipients.

    A draft (dự thảo) is edited in the browser; its figures are read from the data each time it is shown.
    Issuing (ban hành) records the number, the date, who and when, freezes the report rows as JSON
    (`snapshot`) and stores the PDF, the .docx and the workbook built at that moment, so an issued report
    never changes; a correction is a new version that `supersedes` it.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUING = "issuing", _("Đang ban hành")  # a big report: the task worker freezes it and builds its files
        ISSUED = "issued", _("Đã ban hành")

    province = models.ForeignKey("plans.Province", on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("tỉnh"))
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
                             verbose_name=_("kế hoạch"))
    unit = models.ForeignKey("plans.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
                             verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    scope_code = models.CharField(_("phạm vi"), max_length=50)
    period_code = models.CharField(_("kỳ"), max_length=10)
    window_kind = models.CharField(_("kỳ số liệu"), max_length=10)
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 25/BC-STP"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    help_text=_("Mỗi dòng một dòng chức danh, ví dụ “KT. GIÁM ĐỐC” rồi “PHÓ GIÁM ĐỐC”."))
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    results = models.TextField(_("I. Kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("II. Tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_tasks = models.TextField(_("III. Nhiệm vụ, giải pháp thời gian tới"), blank=True)
    proposals = models.TextField(_("IV. Kiến nghị, đề xuất"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.DRAFT)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="superseded_by", verbose_name=_("thay thế báo cáo"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("người ban hành"))
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    snapshot = models.JSONField(_("số liệu khi ban hành"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    docx = models.BinaryField(null=True, blank=True, editable=False)
    xlsx = models.BinaryField(null=True, blank=True, editable=False)

    PARTS = ("results", "shortcomings", "next_tasks", "proposals")

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state="draft") | (
                models.Q(state="issuing") & ~models.Q(number="") & models.Q(issued_on__isnull=False)) | (
                ~models.Q(number="") & models.Q(issued_on__isnull=False) & models.Q(issued_at__isnull=False)
                & models.Q(snapshot__isnull=False)), name="report_issued_has_number_date_snapshot"),
        ]

    def __str__(self):
        return self.number or self.title

    def get_absolute_url(self):
        return reverse("reports:document", args=[self.pk])

    @property
    def is_issued(self):
        return self.state == self.State.ISSUED

    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def signer_title_lines(self):
        return [line.strip() for line in self.signer_title.splitlines() if line.strip()]

    def part_paragraphs(self, name):
        """A narrative part as paragraphs: one per non-empty line."""
        return [line.strip() for line in getattr(self, name).splitlines() if line.strip()]


class DataVersion(models.Model):
    """A token that changes, in the same transaction, whenever anything a province's reports read changes (plans,
    nodes and their units, targets, budget lines, funding sources, progress updates, achieved quantities,
    expenditures, units and their former names, the province itself, organisation changes): see
    reports/dataversion.py. The document cache (reports/cache.py) keys its files with it. A random token rather
    than a counter, so that a database restored from a backup never meets again a key it once had."""

    # The province's id, without a foreign key: the row is only ever read next to the province's, and a version
    # left behind by a deleted province is harmless (a new province with its id gets a new token when saved).
    province_id = models.PositiveBigIntegerField(_("tỉnh"), primary_key=True)
    token = models.CharField(_("phiên bản số liệu"), max_length=32)

    class Meta:
        verbose_name = _("phiên bản số liệu")
        verbose_name_plural = _("phiên bản số liệu")

    def __str__(self):
        return f"{self.province_id}:{self.token}"
