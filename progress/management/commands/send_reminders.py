"""E-mail each updater a digest of their units' overdue activities and those due within N days (cron-safe)."""
import datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from progress.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc cho cán bộ cập nhật tiến độ: hoạt động quá hạn và sắp đến hạn của đơn vị. "
        "Chạy nhiều lần trong một ngày không gửi lại thư đã gửi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Nhắc các hoạt động đến hạn trong số ngày này (mặc định 7).")
        parser.add_argument("--date", help="Ngày coi là hôm nay, dạng YYYY-MM-DD (để kiểm thử).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không gửi và không ghi nhận.")

    def handle(self, *args, days, date, dry_run, **options):
        if days < 0:
            raise CommandError("--days không được âm.")
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("--date phải có dạng YYYY-MM-DD, ví dụ 2026-03-05.") from None
        sent, recorded = send_reminders(today=today, days=days, dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {sent} thư nhắc việc ({recorded} dòng nhắc mới) ngày {today:%d/%m/%Y}.")
