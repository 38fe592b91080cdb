"""Project-wide request guards: a save the database could not take answers in Vietnamese, never with a blank
500 (htmx panels included); a request body over its route's limit is refused in Vietnamese before it is read.

A write that still fails after SQLite's busy timeout (or on a lost PostgreSQL connection) raises
OperationalError inside the service's transaction, which has rolled back: nothing was half-saved, and the
user only needs to try again. A full page answers with templates/503.html; an htmx request answers with the
message swapped out of band into the page's alert slot (templates/base.html, #request-error) and leaves every
form as typed (HX-Reswap: none).
"""
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.htmx import is_htmx

logger = logging.getLogger("tgpl.database")

ERROR_SLOT = '<div id="request-error" class="request-error" role="alert" aria-live="assertive" hx-swap-oob="true">{}</div>'


def database_busy_message():
    return _("Hệ thống đang bận nên chưa lưu được thay đổi này (không có gì bị lưu dở).")


class DatabaseBusyMiddleware:
    """OperationalError from a view → 503 with a Vietnamese message; after a successful htmx POST the alert slot
    is emptied again, so an old failure message does not linger next to a save that went through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_htmx(request) and request.method == "POST" and response.status_code < 400
            and not response.streaming and response.get("Content-Type", "").startswith("text/html")
            and "HX-Redirect" not in response
        ):
            response.content += ERROR_SLOT.format("").encode()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.warning("Database refused a request to %s: %s", request.path, exception)
        message = database_busy_message()
        headers = {"Retry-After": "5"}
        if is_htmx(request):
            message = "%s %s" % (message, _("Những gì bạn vừa nhập vẫn còn trên trang: hãy đợi một lát rồi lưu lại."))
            html = ERROR_SLOT.format(format_html('<p class="error">{}</p>', message))
            return HttpResponse(html, status=503, headers={**headers, "HX-Reswap": "none"})
        # Rendered without the request: base.html's menu and user name would ask the database again.
        html = render_to_string("503.html", {"message": message})
        return HttpResponse(html, status=503, headers=headers)


# --- request bodies ---------------------------------------------------------------------------------------

def body_limit(request):
    """The largest body this request may carry: small before sign-in, larger only on the routes that take files."""
    if not request.user.is_authenticated:
        return settings.REQUEST_MAX_BYTES_ANONYMOUS
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES_BY_ROUTE.get(name, settings.REQUEST_MAX_BYTES)


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def too_large_message(limit):
    return _(
        "Dữ liệu gửi lên quá lớn: trang này nhận tối đa %(limit)s MB mỗi lần gửi. Không có gì được lưu; "
        "hãy gửi tệp nhỏ hơn hoặc chia thành nhiều lần."
    ) % {"limit": _megabytes(limit)}


def refused_response(request, message, status):
    """The refusal as an htmx alert (the form stays as typed) or as a page of its own; no database is needed."""
    if is_htmx(request):
        html = ERROR_SLOT.format(format_html('<p class="error">{}</p>', message))
        return HttpResponse(html, status=status, headers={"HX-Reswap": "none"})
    html = render_to_string("request_refused.html", {"message": message, "status": status})
    return HttpResponse(html, status=status)


class RequestSizeMiddleware:
    """Refuse a body over the route's limit from its Content-Length, before a byte of it is read (so a 1 GiB
    upload is neither read nor written to a temporary file), then parse the form here, where Django's own limits
    (too many fields or files, a body longer than it said) can still be answered in Vietnamese instead of with
    a bare "Bad Request (400)". Uploads that fail half-way leave no temporary file: Django's are deleted on
    close, and the parser closes them when it gives up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return refused_response(request, _("Yêu cầu gửi lên không hợp lệ."), 400)
        limit = body_limit(request)
        if length > limit:
            logger.warning("Refused a %s byte body to %s (limit %s)", length, request.path, limit)
            return refused_response(request, too_large_message(limit), 413)
        if request.method == "POST" and request.content_type in ("multipart/form-data",
                                                                 "application/x-www-form-urlencoded"):
            try:
                request.POST, request.FILES  # noqa: B018 - parsed now, under this middleware's answer
            except RequestDataTooBig:
                return refused_response(request, too_large_message(limit), 413)
            except (TooManyFieldsSent, TooManyFilesSent):
                return refused_response(request, _(
                    "Biểu mẫu gửi lên có quá nhiều ô hoặc quá nhiều tệp. Không có gì được lưu; hãy gửi ít hơn mỗi lần."
                ), 400)
        return self.get_response(request)


# --- caching of signed-in pages ---------------------------------------------------------------------------

class PrivatePagesMiddleware:
    """Nothing shown to a signed-in user (pages, fragments, evidence and report downloads) is kept by the browser
    or a proxy: offices share computers, and the next person must not find the last one's pages in the cache or
    behind the Back button. Static files never come this far (whitenoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
