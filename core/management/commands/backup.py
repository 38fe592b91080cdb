"""`manage.py backup FILE`: the whole installation (data, evidence and report files, manifest) in one zip."""
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, write_backup
from core.formatting import format_number


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu (kế hoạch, tiến độ, kinh phí, lịch sử thay đổi, người dùng) và các tệp "
        "đính kèm vào một tệp .zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="đường dẫn tệp sao lưu sẽ ghi, ví dụ tgpl-2026-03-05.zip")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu (mặc định: default)")

    def handle(self, *args, file, database, **options):
        try:
            summary = write_backup(file, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Không sao lưu được: {error}") from error
        for entry in summary.missing_files:
            self.stderr.write(
                f"Cảnh báo: thiếu tệp {entry['name']} ({entry['field']}) trong thư mục tệp đính kèm; "
                "bản sao lưu ghi nhận là thiếu."
            )
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu {format_number(summary.rows)} bản ghi và {format_number(summary.files)} tệp vào "
            f"{summary.path} ({format_number(summary.size)} byte)."
        ))
