"""Top-level URL map: sign-in, the apps, the Django admin, and /favicon.ico (browsers ask for it at the root)."""
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import FileResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from plans.signin import AdminSignInForm, SignInForm

admin.site.site_header = _("Quản trị hệ thống theo dõi kế hoạch TGPL")
admin.site.site_title = _("Quản trị TGPL")
admin.site.index_title = _("Dữ liệu hệ thống")
admin.site.login_form = AdminSignInForm


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """The site's icon (static/favicon.ico) for browsers that ask /favicon.ico before reading the page's link tag."""
    return FileResponse(open(settings.BASE_DIR / "static" / "favicon.ico", "rb"), content_type="image/x-icon")


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("activities.urls")),
    path("", include("budgets.urls")),
    path("", include("progress.urls")),
    path("", include("reports.urls")),
    path("", include("importer.urls")),
    path("api/", include("api.urls")),
]
