"""The API under /api/v1/ (every call logged) and the page where a user manages their tokens."""
import functools
import time

from django.urls import path

from api import views
from api.endpoints import api
from api.models import ApiCall

app_name = "api"


def logged(view):
    """Record the call (who, which token, what, the answer, how long) whatever the answer."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.monotonic()
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        ApiCall.objects.create(
            token=token, user=token.user if token else None, method=request.method[:10],
            path=request.path[:500], query=request.META.get("QUERY_STRING", "")[:500], status=response.status_code,
            duration_ms=int(1000 * (time.monotonic() - started)), address=request.META.get("REMOTE_ADDR", "")[:64],
        )
        return response

    return wrapper


def _logged_urls(ninja_api):
    patterns, app, namespace = ninja_api.urls
    for pattern in patterns:
        pattern.callback = logged(pattern.callback)
    return patterns, app, namespace


urlpatterns = [
    path("ma-truy-cap/", views.tokens, name="tokens"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke_view, name="token_revoke"),
    path("v1/", _logged_urls(api)),
]
