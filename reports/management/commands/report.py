"""`manage.py report --scope plan:19/KH-TGPL --period 2021-Q2 --format pdf|docx|xlsx|json -o out.pdf`, for scheduling.

A draft plan is reported only with `--draft` (a preview marked "DỰ THẢO").
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.periods import parse_period
from plans.models import Plan
from reports.documents import render_pdf
from reports.docx import write_docx
from reports.jsondoc import write_json
from reports.rows import ScopeError, build_report, parse_scope
from reports.xlsx import write_workbook

WRITERS = {"pdf": render_pdf, "docx": write_docx, "xlsx": write_workbook, "json": write_json}


class Command(BaseCommand):
    help = "Xuất báo cáo tiến độ và kinh phí ra tệp PDF, Word (.docx), Excel hoặc JSON."

    def add_arguments(self, parser):
        parser.add_argument("--scope", required=True, help="plan:SỐ_HOẶC_MÃ, year:NĂM hoặc unit:MÃ")
        parser.add_argument("--period", required=True, help="2021-Q2, 2021-H1, 2021-9M hoặc 2021")
        parser.add_argument("--format", choices=list(WRITERS), default="pdf")
        parser.add_argument("--draft", action="store_true",
                            help="cho phép xem trước kế hoạch dự thảo (đóng dấu “DỰ THẢO”)")
        parser.add_argument("--province", help="mã tỉnh (lang-son, tra-vinh) khi có nhiều tỉnh")
        parser.add_argument("-o", "--output", required=True, help="đường dẫn tệp kết quả (- : in JSON ra màn hình)")

    def handle(self, *args, scope, period, format, province, output, draft=False, **options):
        try:
            reporting_period = parse_period(period)
        except ValueError as error:
            raise CommandError(f"Kỳ báo cáo không hợp lệ: {period}") from error
        plans = Plan.objects.all()
        if province:
            plans = plans.filter(province__code=province)
        if scope.startswith("plan:") and plans.filter(number=scope[5:]).count() > 1:
            raise CommandError(f"Có nhiều kế hoạch số {scope[5:]}: hãy chỉ rõ --province.")
        try:
            report_scope = parse_scope(scope, plans, year=reporting_period.year, preview=draft)
            report = build_report(report_scope, reporting_period)
        except ScopeError as error:  # also a draft without --draft
            raise CommandError(str(error)) from error
        data = WRITERS[format](report)
        if output == "-" and format == "json":
            self.stdout.write(data.decode("utf-8"))
            return
        Path(output).write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data):,} byte).".replace(",", "."))
