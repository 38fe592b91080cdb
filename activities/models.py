"""The content tree of a plan (sections and activities), its targets, and the progress units report.

Activity numbers ("2.2.1", "Hoạt động 3") are never stored: see core/numbering.py.
"""
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archive import Archivable, LiveManager
from core.formatting import format_number, format_quarter
from core.periods import quarter_bounds
from core.timeframes import Recurrence
from plans.models import Plan, Unit


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    PAUSED = "paused", _("Tạm dừng")
    CANCELLED = "cancelled", _("Không thực hiện")


# Statuses after which nothing is owed any more: such an activity is never overdue.
FINISHED_STATUSES = (Status.DONE, Status.CANCELLED)


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(plan__in=Plan.objects.for_user(user))

    def trackable(self):
        return self.filter(kind=Activity.Kind.ACTIVITY)

    def overdue(self, today):
        """Activities past their due date and not finished: the one definition of "quá hạn"."""
        return self.filter(due__lt=today).exclude(status__in=FINISHED_STATUSES)

    def due_between(self, first, last):
        """Activities due within [first, last] (a reporting window from core.periods)."""
        return self.filter(due__gte=first, due__lte=last)


class Activity(Archivable):
    """A node of a plan's content: a heading, a trackable activity, or a heading that is itself an activity."""

    class Kind(models.TextChoices):
        SECTION = "section", _("Mục (tiêu đề)")
        ACTIVITY = "activity", _("Hoạt động, nhiệm vụ")

    class NumberStyle(models.TextChoices):
        DECIMAL = "decimal", _("Số thứ tự (1, 2.1, 2.2.1)")
        ACTIVITY = "activity", _("Hoạt động N")
        TASK = "task", _("Nhiệm vụ N")
        ITEM = "item", _("Nội dung N")
        ROMAN = "roman", _("Số La Mã (I, II, III)")
        LETTER = "letter", _("Chữ cái (a, b, c)")
        DASH = "dash", _("Gạch đầu dòng (-)")
        NONE = "none", _("Không đánh số")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("kế hoạch"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("thuộc mục"),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    number_style = models.CharField(
        _("kiểu đánh số"), max_length=10, choices=NumberStyle.choices, default=NumberStyle.DECIMAL,
    )
    title = models.TextField(_("tên mục, hoạt động"))
    description = models.TextField(_("nội dung"), blank=True)
    lead_units = models.ManyToManyField(
        Unit, blank=True, related_name="led_activities", verbose_name=_("đơn vị chủ trì"),
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_activities", verbose_name=_("đơn vị phối hợp"),
    )
    lead_text = models.CharField(
        _("chủ trì (nguyên văn)"), max_length=500, blank=True,
        help_text=_("Cách văn bản ghi đơn vị chủ trì, giữ nguyên để đối chiếu."),
    )
    coordinating_text = models.CharField(_("phối hợp (nguyên văn)"), max_length=500, blank=True)
    timeframe_text = models.CharField(_("thời gian thực hiện"), max_length=255, blank=True)
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    due = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(
        _("lặp lại"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE,
    )
    timeframe_understood = models.BooleanField(_("đã đọc được thời gian"), default=False)
    expected_result = models.TextField(_("kết quả, sản phẩm"), blank=True)
    funding_text = models.TextField(
        _("kinh phí (nguyên văn)"), blank=True, help_text=_("Nguồn kinh phí như văn bản ghi, khi không có số tiền."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED,
        help_text=_("Theo cập nhật mới nhất của đơn vị chủ trì."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[lead_units, coordinating_units], excluded_fields=["version"])
    objects = LiveManager.from_queryset(ActivityQuerySet)()
    all_objects = models.Manager.from_queryset(ActivityQuerySet)()

    # Budget lines sit in an app above this one: reached by relation name.
    archive_with = ("children", "budget_lines", "updates")

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["plan", "parent_id", "position", "id"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(due__isnull=True) | Q(due__gte=F("start")),
                name="activity_due_not_before_start",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="activity_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.plan_id]) + f"#hd-{self.pk}"

    @property
    def is_trackable(self):
        return self.kind == self.Kind.ACTIVITY

    def is_overdue_on(self, today):
        """Same rule as ActivityQuerySet.overdue(), for one row already in memory."""
        return self.due is not None and self.due < today and self.status not in FINISHED_STATUSES


class Target(models.Model):
    """A Chỉ tiêu: a quantity and its measure word ("10 đợt", "80.000 tờ gấp", "100 %")."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="targets", verbose_name=_("hoạt động"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    quantity = models.BigIntegerField(_("số lượng"))
    measure = models.CharField(_("đơn vị tính"), max_length=100, help_text=_("Ví dụ: đợt, tờ gấp, %, lượt/xã"))
    description = models.CharField(_("diễn giải"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["activity", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=0), name="target_quantity_not_negative")]

    def __str__(self):
        return f"{format_number(self.quantity)} {self.measure}".strip()


class ProgressUpdate(Archivable):
    """What one unit reports on one activity for one quarter (the organisation's reporting window)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="updates", verbose_name=_("hoạt động"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="updates", verbose_name=_("đơn vị báo cáo"))
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    result = models.TextField(_("kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates",
        verbose_name=_("người cập nhật"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["activity", "year", "quarter", "unit"]
        constraints = [
            # Archived reports do not count: the unit may report that quarter again.
            models.UniqueConstraint(
                fields=["activity", "unit", "year", "quarter"], condition=Q(archived_at__isnull=True),
                name="one_live_update_per_unit_quarter",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="update_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2200), name="update_year_plausible"),
        ]

    def __str__(self):
        return f"{self.activity} — {self.unit} — {format_quarter(self.year, self.quarter)}"

    @property
    def names_day(self):
        """The day whose unit name the report reads with: the last day of its quarter (a unit renamed later
        still shows the name it reported under)."""
        return quarter_bounds(self.year, self.quarter)[1]


class TargetProgress(models.Model):
    """The quantity of one target achieved within the update's quarter."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="achievements", verbose_name=_("cập nhật"),
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="achievements", verbose_name=_("chỉ tiêu"))
    achieved = models.BigIntegerField(_("số lượng đạt được"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["update", "target"], name="one_achievement_per_target_update"),
            models.CheckConstraint(condition=Q(achieved__gte=0), name="achieved_not_negative"),
        ]

    def __str__(self):
        return f"{self.target}: {self.achieved}"


def evidence_path(instance, filename):
    # The stored name is random so that a guessed URL leads nowhere; the original name is kept in the row.
    suffix = Path(filename).suffix.lower()[:10]
    return f"evidence/{instance.update.year}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """An evidence file attached to a progress update; served only through an access-checked view."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("cập nhật"),
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["update", "uploaded_at"]

    def __str__(self):
        return self.original_name


class PeriodLockQuerySet(models.QuerySet):
    def active(self):
        return self.filter(unlocked_at__isnull=True)


class PeriodLock(models.Model):
    """A reviewed quarter of one province: while the lock stands, no update for that quarter may change.

    Unlocking keeps the row (who unlocked it, when) so the record of reviews is never lost; locking the
    same quarter again makes a new row. At most one lock per province and quarter is active.
    """

    province = models.ForeignKey(
        "plans.Province", on_delete=models.PROTECT, related_name="period_locks", verbose_name=_("tỉnh"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người khóa"),
    )
    locked_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người mở khóa"),
    )
    unlocked_at = models.DateTimeField(_("mở khóa lúc"), null=True, blank=True)
    unlock_reason = models.CharField(_("lý do mở khóa"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = PeriodLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa kỳ báo cáo")
        verbose_name_plural = _("khóa kỳ báo cáo")
        ordering = ["province", "-year", "-quarter", "-locked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "quarter"], condition=Q(unlocked_at__isnull=True),
                name="one_active_lock_per_province_quarter",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="lock_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2200), name="lock_year_plausible"),
        ]

    def __str__(self):
        return f"{self.province} — {format_quarter(self.year, self.quarter)}"


class ReminderSent(models.Model):
    """One line of a reminder e-mail already sent, so a second run on the same day sends nothing new."""

    class Reason(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người nhận"),
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("hoạt động"))
    reason = models.CharField(_("lý do"), max_length=10, choices=Reason.choices)
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity", "reason", "sent_on"], name="one_reminder_per_day"),
        ]

    def __str__(self):
        return f"{self.user} — {self.activity_id} — {self.reason} — {self.sent_on}"
