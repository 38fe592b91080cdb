"""`manage.py restore FILE`: bring an empty, migrated installation back to the state a backup saved."""
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup
from core.formatting import format_number


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (tạo bởi lệnh backup) vào một cài đặt trống đã chạy migrate: nạp dữ liệu "
        "trong một giao dịch, ghi lại các tệp đính kèm và đối chiếu số bản ghi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="tệp sao lưu .zip")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu (mặc định: default)")

    def handle(self, *args, file, database, **options):
        try:
            summary = restore_backup(file, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for entry in summary.missing_files:
            self.stderr.write(f"Cảnh báo: tệp {entry['name']} đã thiếu từ lúc sao lưu, không khôi phục được.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục {format_number(summary.rows)} bản ghi và {format_number(summary.files)} tệp từ bản "
            f"sao lưu lúc {summary.created_at}. Người dùng cần đăng nhập lại."
        ))
