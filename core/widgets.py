"""Form widgets of the project.

`ChoicesPicker` (several) and `ChoicePicker` (one): a list of checkboxes or radio buttons with a filter box above
it, for long lists such as a province's units. Nothing needs Ctrl-click, and without JavaScript it is a plain
list of checkboxes or radio buttons; static/js/choice-picker.js shows the filter box and ranks the list as
core.search.rank does (no diacritics, word starts, initials: "tgpl", "toa an").
"""
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


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
