"""`manage.py cleanup_files [--dry-run] [--hours N]`: remove evidence and report files no row refers to, and
temporary uploads left by a killed worker (core/cleanup.py)."""
from django.core.management.base import BaseCommand

from core.cleanup import find_leftovers, remove
from core.formatting import format_number


class Command(BaseCommand):
    help = (
        "Tìm và xóa tệp không còn bản ghi nào dùng (tệp minh chứng, tệp báo cáo) và tệp tải lên tạm bị bỏ dở. "
        "Dùng --dry-run để chỉ liệt kê."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không xóa")
        parser.add_argument("--hours", type=float, default=2.0,
                            help="chỉ xét tệp cũ hơn chừng ấy giờ (mặc định 2), để không đụng tới lượt lưu đang chạy")

    def handle(self, *args, dry_run, hours, **options):
        leftovers = find_leftovers(older_than_seconds=hours * 3600)
        for path in leftovers.orphans:
            self.stdout.write(f"tệp mồ côi: {path}")
        for path in leftovers.temporary:
            self.stdout.write(f"tệp tải lên tạm: {path}")
        count = len(leftovers.orphans) + len(leftovers.temporary)
        size = format_number(leftovers.size)
        if dry_run:
            self.stdout.write(f"Tìm thấy {format_number(count)} tệp ({size} byte); chưa xóa gì (--dry-run).")
            return
        removed = remove(leftovers)
        self.stdout.write(self.style.SUCCESS(f"Đã xóa {format_number(removed)} tệp ({size} byte)."))
