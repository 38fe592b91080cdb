"""Form widgets of the project.

`ChoicesPicker` (several) and `ChoicePicker` (one): a list of checkboxes or radio buttons with a filter box above
it, for long lists such as a province's units. Nothing needs Ctrl-click, and without JavaScript it is a plain
list of checkboxes or radio buttons; static/js/choice-picker.js shows the filter box and ranks the list as
core.search.rank does (no diacritics, word starts, initials: "tgpl", "toa an").

`TypeAheadField` (templates/core/widgets/type_ahead.html, static/js/type-ahead.js): for lists too long to send
(a province's plans), a text box whose suggestions come from a JSON endpoint and are ranked the same way; see the
section below.
"""
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.search import fold, ranked


class _Picker:
    template_name = "core/widgets/choice_picker.html"
    searchable = True  # templates/core/_field.html gives it a fieldset and legend

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (its folders and the i18n/vn builtins), not the form renderer's.
        return mark_safe(render_to_string(template_name, context))


class ChoicesPicker(_Picker, forms.CheckboxSelectMultiple):
    """Several choices, as checkboxes with a filter box."""


class ChoicePicker(_Picker, forms.RadioSelect):
    """One choice, as radio buttons with a filter box."""


# --- Type-ahead fields -------------------------------------------------------------------------------------------
# A filter with many choices (a province's plans, 250 at the scale of the country) as a text box with suggestions
# instead of a select box, so a page renders the chosen value only and its size and cost stay flat.
#
# The partial templates/core/widgets/type_ahead.html sends three parameters: NAME (hidden, the value the page reads,
# e.g. pham_vi=plan:5, so links and bookmarks keep working), NAME_tim (the text in the box) and NAME_nhan (the label
# the box was shown with). static/js/type-ahead.js turns the box into an ARIA combobox fed by a JSON endpoint
# (`suggestions_response`) and, on a pick, sets all three. When the text differs from the label shown (typed without
# JavaScript, or typed without picking), the page's view, wrapped in `resolves_typed`, finds it: one match goes
# straight to it, several are offered as links and none is said in words; an emptied box goes back to the default.

TEXT_SUFFIX = "_tim"
SHOWN_SUFFIX = "_nhan"
SUGGESTION_LIMIT = 10


@dataclass(frozen=True)
class Suggestion:
    """One choice offered for what was typed: the parameter's value, its label, a kind shown before it ("Kế hoạch",
    "Đơn vị") and whether the text typed is exactly this choice (its number, or its whole label)."""

    value: str
    label: str
    kind: str = ""
    exact: bool = False

    def as_json(self):
        return {"value": self.value, "label": self.label, "kind": self.kind}


def ranked_suggestions(text, items, texts, make, limit=SUGGESTION_LIMIT):
    """The `limit` items answering `text` best (core.search.rank over `texts(item)`), each made a Suggestion."""
    return [make(item) for item in ranked(text, items, texts)[:limit]]


def is_exact(text, *names):
    """Whether `text` is one of `names`, ignoring case, diacritics and spacing ("19/kh-tgpl" is "19/KH-TGPL")."""
    typed = " ".join(fold(text).split())
    return bool(typed) and any(typed == " ".join(fold(name or "").split()) for name in names)


def suggestions_response(suggestions):
    """The JSON the type-ahead script reads: {"results": [{"value", "label", "kind"}, …]}."""
    return JsonResponse({"results": [suggestion.as_json() for suggestion in suggestions]})


def typed_text(query, name):
    """What was typed into field `name` when it is not the label the field was shown with (stripped; "" when the
    box was emptied), else None: the value parameter stands as it is (as in every link without NAME_tim)."""
    if name + TEXT_SUFFIX not in query:
        return None
    text = query.get(name + TEXT_SUFFIX, "").strip()
    return None if text == query.get(name + SHOWN_SUFFIX, "").strip() else text


def url_with_value(request, name, value):
    """This page's URL with field `name` set to `value` (left out when empty) and the typed text dropped."""
    query = request.GET.copy()
    for key in (name, name + TEXT_SUFFIX, name + SHOWN_SUFFIX):
        query.pop(key, None)
    if value:
        query[name] = value
    return f"{request.path}?{query.urlencode()}" if query else request.path


@dataclass
class Typed:
    """Typed text that did not resolve to one choice: the matches to pick from (Suggestion, link), none when empty."""

    text: str
    matches: list


def resolves_typed(name, search, *, cleared=""):
    """Decorate a GET page with a type-ahead field `name`: when its text was typed rather than picked, redirect to
    the one choice it names (`search(request, text)` → Suggestions, best first: a single one, or the only one named
    exactly),
    or, with an emptied box, to `cleared`; otherwise show the page with its current value and, in
    `request.typed[name]`, the matches to pick from (none: "not found")."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            text = typed_text(request.GET, name)
            if text is not None:
                if not text:
                    return redirect(url_with_value(request, name, cleared))
                found = search(request, text)
                exact = [match for match in found if match.exact]
                if len(found) == 1 or len(exact) == 1:
                    return redirect(url_with_value(request, name, (exact or found)[0].value))
                request.typed = {**getattr(request, "typed", {}),
                                 name: Typed(text, [(match, url_with_value(request, name, match.value)) for match in found])}
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


@dataclass
class TypeAheadField:
    """What templates/core/widgets/type_ahead.html shows: the field `name` with its label, hint, the endpoint of its
    suggestions (`url`; `include` names other fields of the form sent along, e.g. "tinh"), the chosen value and its
    label (`text`), and, after a typed search that did not resolve, the text typed and its matches."""

    name: str
    label: str
    url: str
    value: str = ""
    text: str = ""
    hint: str = ""
    include: str = ""
    cleared: str = ""  # the value an emptied box stands for
    not_found: str = ""  # said when the typed text matches nothing; "%(text)s" is the text
    typed: Typed | None = None

    @classmethod
    def for_request(cls, request, name, **fields):
        return cls(name=name, typed=getattr(request, "typed", {}).get(name), **fields)

    @property
    def id(self):
        return "ta-" + self.name.replace("_", "-")

    @property
    def box_text(self):
        """The box shows the text typed when it left a choice to make, else the chosen value's label."""
        return self.typed.text if self.typed else self.text

    @property
    def not_found_message(self):
        return self.not_found % {"text": self.typed.text} if self.typed and not self.typed.matches else ""
