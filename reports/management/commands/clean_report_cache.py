"""Remove the cached report files (reports/cache.py) that no key can name any more."""
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports import cache


class Command(BaseCommand):
    help = "Xóa các tệp báo cáo lưu đệm đã cũ (tạo trước hôm nay, hoặc trước số ngày chỉ định)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=0,
                            help="Giữ các tệp tạo trong số ngày gần nhất này (mặc định 0: chỉ giữ tệp tạo hôm nay).")

    def handle(self, *args, days, **options):
        start = datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=max(days, 0)), datetime.time())
        removed = cache.sweep(before=timezone.make_aware(start))
        self.stdout.write(f"{removed} tệp đã xóa khỏi {cache.folder()}")
