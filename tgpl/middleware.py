"""Project-wide request guards: a save the database could not take answers in Vietnamese, never with a blank
500 (htmx panels included).

A write that still fails after SQLite's busy timeout (or on a lost PostgreSQL connection) raises
OperationalError inside the service's transaction, which has rolled back: nothing was half-saved, and the
user only needs to try again. A full page answers with templates/503.html; an htmx request answers with the
message swapped out of band into the page's alert slot (templates/base.html, #request-error) and leaves every
form as typed (HX-Reswap: none).
"""
import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
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
