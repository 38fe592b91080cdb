"""Load the seed plans and the demo users into an empty database, then print the demo logins."""
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command

from plans.models import Membership, Plan

DEMO_PASSWORD = "tgpl2026"


class Command(BaseCommand):
    help = "Nạp năm kế hoạch mẫu và người dùng demo nếu cơ sở dữ liệu còn trống; in ra tài khoản demo."

    def handle(self, *args, **options):
        if Plan.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có kế hoạch: không nạp lại dữ liệu mẫu.")
        else:
            call_command("loaddata", "seed_plans", "demo", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Đã nạp 5 kế hoạch mẫu và dữ liệu demo."))
        self.record_reform()
        memberships = (
            Membership.objects.filter(user__in=get_user_model().objects.filter(is_active=True))
            .select_related("user", "unit__province")
            .order_by("unit__province__name", "user__username")
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for m in memberships:
            self.stdout.write(
                f"  {m.user.username:<14} {m.get_role_display():<20} {m.unit.name} ({m.unit.province.name})"
            )
        self.stdout.write("")
        self.stdout.write("Mở http://127.0.0.1:8000 để bắt đầu.")

    def record_reform(self):
        """The 2025 reform (Trà Vinh into Vĩnh Long, no district level) and the national user: plans/demo.py."""
        from plans.demo import record_2025_reform

        if record_2025_reform():
            self.stdout.write(self.style.SUCCESS(
                "Đã ghi nhận sáp nhập Trà Vinh vào Vĩnh Long (Nghị quyết 202/2025/QH15) và người dùng trung ương."
            ))
