"""Forms of the plan import: the document to read, then the editor's corrections before saving a draft."""
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BAD_CHOICE, REQUIRED, VietnameseDateField, year_field
from core.widgets import ChoicePicker, ChoicesPicker
from importer.review import ROW_ACTIONS
from plans.models import Unit

REVIEW_FORM_ID = "ra-soat"

ACCEPTED_SUFFIXES = (".docx", ".txt", ".md")


def import_max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


class ImportSourceForm(forms.Form):
    """A .docx/.txt/.md file or pasted text, for one of the provinces the editor writes plans in."""

    province = forms.ModelChoiceField(
        queryset=None, label=_("Tỉnh"), empty_label=None, error_messages={**REQUIRED, **BAD_CHOICE},
    )
    document = forms.FileField(
        label=_("Tệp văn bản kế hoạch"), required=False,
        help_text=_("Tệp Word (.docx) hoặc văn bản (.txt, .md)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung kế hoạch"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self._only_province = provinces[0] if len(provinces) == 1 else None
        if self._only_province is not None:
            # One province: nothing to choose, and a form posted without it still knows where it goes.
            self.fields["province"].required = False
            self.fields["province"].initial = self._only_province
            self.fields["province"].widget = forms.HiddenInput()

    def clean_province(self):
        return self.cleaned_data.get("province") or self._only_province

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return None
        if Path(document.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise ValidationError(_("Chỉ nhận tệp .docx, .txt hoặc .md; tệp .doc cũ hãy mở bằng Word và lưu lại dạng .docx."))
        limit = import_max_bytes()
        if document.size > limit:
            raise ValidationError(
                _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {"size": round(document.size / 2**20, 1), "limit": round(limit / 2**20, 1)}
            )
        if document.size == 0:
            raise ValidationError(_("Tệp rỗng: không có nội dung để đọc."))
        return document

    def clean(self):
        data = super().clean()
        if data.get("document") and (data.get("text") or "").strip():
            raise ValidationError(_("Hãy chọn tệp hoặc dán nội dung, không dùng cả hai cùng lúc."))
        if not self.errors and not data.get("document") and not (data.get("text") or "").strip():
            raise ValidationError(_("Hãy chọn tệp văn bản kế hoạch hoặc dán nội dung kế hoạch."))
        return data

    def source(self):
        """(bytes, file name) to hand to the reader."""
        document = self.cleaned_data.get("document")
        if document:
            return b"".join(document.chunks()), document.name
        return self.cleaned_data["text"].encode("utf-8"), "van-ban-dan.txt"


class ImportReviewForm(forms.Form):
    """The header as read, editable, and one choice per unit name found in the document."""

    draft = forms.CharField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=50)
    issuing_unit = forms.ModelChoiceField(
        queryset=None, label=_("Cơ quan ban hành"), error_messages={**REQUIRED, **BAD_CHOICE},
        empty_label=_("— Chọn cơ quan ban hành —"), widget=ChoicePicker,
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    start_year = year_field(_("Năm của kế hoạch"))
    title = forms.CharField(
        label=_("Tên kế hoạch"), max_length=500, error_messages=REQUIRED,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, province, unit_names, row_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = row_count
        for index in range(row_count):
            # What to do with each row of the content as read; the selects sit beside the rows, outside the
            # <form> element, and belong to it through their form attribute.
            self.fields[f"dong-{index}"] = forms.ChoiceField(
                label=_("Sửa dòng"), choices=ROW_ACTIONS, required=False, error_messages=BAD_CHOICE,
                widget=forms.Select(attrs={"form": REVIEW_FORM_ID, "class": "row-action"}),
            )
        units = Unit.objects.filter(province=province).order_by("kind", "position", "name")
        self.fields["issuing_unit"].queryset = units.filter(kind=Unit.Kind.INTERNAL)
        self.unit_names = list(unit_names)
        self._units = {str(unit.pk): unit for unit in units}
        choices = [(str(unit.pk), unit.name) for unit in units]
        for index, name in enumerate(self.unit_names):
            # Several units for a name that stands for several ("Các Phòng"); none: a new unit of that name.
            self.fields[f"don-vi-{index}"] = forms.MultipleChoiceField(
                label=name, choices=choices, required=False, error_messages=BAD_CHOICE,
                widget=ChoicesPicker,
            )

    def row_field(self, index):
        return self[f"dong-{index}"]

    def unit_fields(self):
        return [(name, self[f"don-vi-{index}"]) for index, name in enumerate(self.unit_names)]

    def unit_choices(self):
        """{name as written: the Units chosen, or None for a new unit of that name}."""
        choices = {}
        for index, name in enumerate(self.unit_names):
            picked = [self._units[pk] for pk in self.cleaned_data.get(f"don-vi-{index}") or [] if pk in self._units]
            choices[name] = picked or None
        return choices


def row_actions(data, row_count):
    """{row index: action} chosen on the review page; unknown actions are ignored."""
    allowed = {value for value, _label in ROW_ACTIONS if value}
    actions = {}
    for index in range(row_count):
        action = data.get(f"dong-{index}") or ""
        if action in allowed:
            actions[index] = action
    return actions
