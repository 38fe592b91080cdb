"""Load the seed plans and the demo users into an empty database, then print the demo logins."""
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command

from plans.models import Membership, Plan

DEMO_PASSWORD = "tgpl2026"
# The system's superuser (whoever runs the installation: every province, the Django admin), as opposed to
# `quantri`, the administrator role of one province.
SYSTEM_ADMIN = "hethong"


class Command(BaseCommand):
    help = "Nạp năm kế hoạch mẫu và người dùng demo nếu cơ sở dữ liệu còn trống; in ra tài khoản demo."

    def add_arguments(self, parser):
        # `make run` passes its HOST and PORT, so the address printed is the one runserver listens on.
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ máy chủ sẽ chạy (mặc định 127.0.0.1).")
        parser.add_argument("--port", default="8000", help="Cổng máy chủ sẽ chạy (mặc định 8000).")

    def handle(self, *args, **options):
        if Plan.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có kế hoạch: không nạp lại dữ liệu mẫu.")
        else:
            call_command("loaddata", "seed_plans", "demo", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Đã nạp 5 kế hoạch mẫu và dữ liệu demo."))
            User = get_user_model()
            if not User.objects.filter(is_superuser=True).exists():
                User.objects.create_superuser(SYSTEM_ADMIN, email=f"{SYSTEM_ADMIN}@example.invalid",
                                              password=DEMO_PASSWORD, first_name="Quản trị hệ thống")
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
        for user in get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("username"):
            self.stdout.write(f"  {user.username:<14} {'quản trị hệ thống':<20} mọi tỉnh, trang quản trị /quan-tri/")
        self.stdout.write("")
        self.stdout.write(f"Mở {browser_url(options['host'], options['port'])} để bắt đầu.")

    def record_reform(self):
        """The 2025 reform (Trà Vinh into Vĩnh Long, no district level) and the national user: plans/demo.py."""
        from plans.demo import record_2025_reform

        if record_2025_reform():
            self.stdout.write(self.style.SUCCESS(
                "Đã ghi nhận sáp nhập Trà Vinh vào Vĩnh Long (Nghị quyết 202/2025/QH15) và người dùng trung ương."
            ))


def browser_url(host, port):
    """The address to open in a browser for a server listening on host:port (all interfaces: this machine)."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"
