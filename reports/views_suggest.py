"""Suggestions of the report scope field (reports.scope_choice): JSON for static/js/type-ahead.js."""
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from core.widgets import suggestions_response
from reports.scope_choice import search_scope


@login_required
@require_GET
def scope_suggest(request):
    """?q=words[&tinh=CODE]: at most ten plans and units of the province the user may pick as a report's scope, best
    first; a province the user does not see is a 404."""
    text = request.GET.get("q", "")[:200]
    return suggestions_response(search_scope(request, text) if text.strip() else [])
