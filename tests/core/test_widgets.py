"""core.widgets: choice pickers are plain checkboxes or radio buttons (no Ctrl-click, no JavaScript needed) with
a filter box that static/js/choice-picker.js reveals."""
from django import forms

from core.widgets import ChoicePicker, ChoicesPicker

UNITS = [("1", "Sở Tư pháp tỉnh Lạng Sơn"), ("2", "Trung tâm Trợ giúp pháp lý nhà nước"), ("3", "Tòa án nhân dân tỉnh")]


class Form(forms.Form):
    several = forms.MultipleChoiceField(label="Là đơn vị", choices=UNITS, required=False, widget=ChoicesPicker)
    one = forms.ChoiceField(label="Cơ quan ban hành", choices=UNITS, widget=ChoicePicker)


def test_several_are_checkboxes_and_keep_what_was_ticked():
    html = str(Form({"several": ["1", "3"], "one": "2"})["several"])
    assert html.count('type="checkbox"') == 3 and "<select" not in html
    assert 'value="1" id="id_several_0" checked' in html and 'value="3" id="id_several_2" checked' in html
    assert 'value="2" id="id_several_1">' in html
    # The filter box carries the field's id (so a <label for> reaches it) and is hidden until the script runs.
    assert '<p class="choice-filter" hidden>' in html and 'id="id_several" autocomplete="off" data-choice-filter' in html
    assert 'name="several"' in html and "Lọc danh sách" in html


def test_one_is_radio_buttons_and_the_form_reads_them():
    form = Form({"several": ["2"], "one": "3"})
    assert str(form["one"]).count('type="radio"') == 3
    assert form.is_valid()
    assert form.cleaned_data == {"several": ["2"], "one": "3"}
    assert not Form({"one": "9"}).is_valid()


def test_the_shared_field_partial_gives_it_a_legend(rf):
    from django.template.loader import render_to_string

    html = render_to_string("core/_field.html", {"field": Form()["one"]})
    assert "<legend>Cơ quan ban hành" in html and '<fieldset class="radios choices"' in html


# --- type-ahead fields -----------------------------------------------------------------------------------------

def test_typed_text_is_what_differs_from_the_label_shown():
    from django.http import QueryDict

    from core.widgets import typed_text

    assert typed_text(QueryDict("pham_vi=plan:5"), "pham_vi") is None  # a link: the value stands
    assert typed_text(QueryDict("pham_vi=plan:5&pham_vi_tim=19%2FKH+&pham_vi_nhan=19%2FKH"), "pham_vi") is None
    assert typed_text(QueryDict("pham_vi=plan:5&pham_vi_tim=+tap+huan&pham_vi_nhan=19%2FKH"), "pham_vi") == "tap huan"
    assert typed_text(QueryDict("pham_vi=plan:5&pham_vi_tim=&pham_vi_nhan=19%2FKH"), "pham_vi") == ""  # emptied


def test_a_choice_is_exact_when_its_number_or_label_is_typed():
    from core.widgets import is_exact

    assert is_exact(" 19/kh-tgpl ", "19/KH-TGPL", "19/KH-TGPL — Triển khai")
    assert is_exact("trien  khai cong tac", "", "Triển khai công tác")
    assert not is_exact("19/KH", "19/KH-TGPL") and not is_exact("", "") and not is_exact("x", None)


def test_the_redirect_keeps_the_other_parameters_and_drops_the_typed_text(rf):
    from core.widgets import url_with_value

    request = rf.get("/bao-cao/", {"ky": "2021-Q2", "pham_vi": "year", "pham_vi_tim": "tgpl", "pham_vi_nhan": ""})
    assert url_with_value(request, "pham_vi", "plan:2") == "/bao-cao/?ky=2021-Q2&pham_vi=plan%3A2"
    assert url_with_value(rf.get("/viec/", {"ke_hoach_tim": "x"}), "ke_hoach", "") == "/viec/"
