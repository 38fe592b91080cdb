"""`manage.py import_plan FILE --json | --save --province SLUG [--unit ID] [--user USERNAME]`: read a plan
document; print what was read as JSON, or save it as a draft plan.
"""
import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from importer.reading import ImportProblem, match_units, parse_plan
from importer.save import save_draft
from plans.models import Province, Unit


class Command(BaseCommand):
    help = ("Đọc văn bản kế hoạch (.docx, .txt, .md): in kết quả đọc dạng JSON (không lưu gì), "
            "hoặc lưu thành kế hoạch dự thảo với --save.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="Tệp văn bản kế hoạch; “-” để đọc từ đầu vào chuẩn.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--json", action="store_true", help="In kế hoạch đọc được dạng JSON (mặc định).")
        mode.add_argument("--save", action="store_true", help="Lưu thành kế hoạch dự thảo.")
        parser.add_argument("--province", metavar="SLUG", help="Mã tỉnh; bắt buộc khi --save.")
        parser.add_argument("--unit", type=int, metavar="ID", help="Mã số của cơ quan ban hành (đơn vị của tỉnh).")
        parser.add_argument("--user", metavar="USERNAME", help="Tên đăng nhập của người nhập, ghi vào lịch sử.")

    def handle(self, *args, file, save=False, province=None, unit=None, user=None, **options):
        data, name = self._read(file)
        province_obj = self._province(province) if province else None
        try:
            parsed = parse_plan(data, name, province=province_obj)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        if not save:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
            return
        if province_obj is None:
            raise CommandError(_("Cần chọn tỉnh (--province) để lưu kế hoạch."))
        issuing_unit = self._unit(unit, province_obj) if unit else None
        if issuing_unit is None and parsed.issuing_body:
            # As the web importer: a name of a unit that no longer existed on the document's day gives its successor.
            on = parsed.issued_on or timezone.localdate()
            issuing_unit = match_units([parsed.issuing_body], province_obj, on=on).get(parsed.issuing_body)
        author = self._user(user) if user else None
        try:
            plan = save_draft(parsed, province=province_obj, issuing_unit=issuing_unit, user=author, unit_choices=None)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(_("Đã lưu kế hoạch dự thảo #%(id)s, số %(number)s: %(title)s")
                          % {"id": plan.pk, "number": plan.number or _("(chưa có số)"), "title": plan.title})
        if issuing_unit is None:
            self.stderr.write(_("Chưa xác định được cơ quan ban hành; hãy chọn trong trang sửa kế hoạch."))
        for warning in parsed.warnings:
            self.stderr.write(f"- {warning['message']}")

    def _read(self, file):
        if file == "-":
            return sys.stdin.buffer.read(), "stdin.txt"
        path = Path(file)
        try:
            return path.read_bytes(), path.name
        except OSError as error:
            raise CommandError(_("Không mở được tệp %(file)s: %(error)s") % {"file": file, "error": error.strerror})

    def _province(self, code):
        try:
            return Province.objects.get(code=code)
        except Province.DoesNotExist:
            raise CommandError(_("Không có tỉnh mang mã “%(code)s”.") % {"code": code}) from None

    def _unit(self, pk, province):
        try:
            return Unit.objects.get(pk=pk, province=province)
        except Unit.DoesNotExist:
            raise CommandError(_("Tỉnh này không có đơn vị mang mã số %(id)s.") % {"id": pk}) from None

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Không có người dùng “%(name)s”.") % {"name": username}) from None
