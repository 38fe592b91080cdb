"""`manage.py parse_timeframe --year 2022 "Quý IV" …`: how the product reads time words, one JSON line each."""
import json

from django.core.management.base import BaseCommand

from core.timeframes import parse_timeframe


class Command(BaseCommand):
    help = "Đọc cụm từ chỉ thời gian thành ngày bắt đầu, hạn hoàn thành và chu kỳ lặp lại (JSON, mỗi cụm một dòng)."

    def add_arguments(self, parser):
        parser.add_argument("phrases", nargs="+", metavar="PHRASE")
        parser.add_argument("--year", type=int, help="Năm của kế hoạch, dùng khi cụm từ không ghi năm.")
        parser.add_argument("--end-year", type=int, help="Năm cuối của kế hoạch nhiều năm.")

    def handle(self, *args, phrases, year=None, end_year=None, **options):
        for phrase in phrases:
            reading = parse_timeframe(phrase, year=year, end_year=end_year)
            self.stdout.write(json.dumps(reading.as_dict(), ensure_ascii=False))
