"""htmx requests: a page answers them with the fragments it swaps in, and the full page otherwise."""


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"
