"""Forms of the plans app."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from plans.signin import ThrottledSignInMixin


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa và chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị viên."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The Django admin's own sign-in page, under the same failed sign-in throttle."""
