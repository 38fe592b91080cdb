"""Forms of the content editor: one activity's fields and its targets. Forms validate; services save."""
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import QuantityField
from plans.models import Unit

UNIT_ERRORS = {
    "invalid_choice": _("Đơn vị đã chọn không thuộc tỉnh của kế hoạch này."),
    "invalid_pk_value": _("Mã đơn vị “%(pk)s” không hợp lệ."),
    "invalid_list": _("Danh sách đơn vị không hợp lệ."),
}


class ActivityForm(forms.ModelForm):
    """The fields of one node; units are limited to the plan's province, so a foreign id is an error."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    lead_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Đơn vị chủ trì"), error_messages=UNIT_ERRORS,
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Đơn vị phối hợp"), error_messages=UNIT_ERRORS,
    )

    class Meta:
        model = Activity
        fields = [
            "kind", "number_style", "title", "description", "lead_units", "lead_text", "coordinating_units",
            "coordinating_text", "timeframe_text", "expected_result", "funding_text",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "funding_text": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "kind": _("Loại"),
            "number_style": _("Kiểu đánh số"),
            "title": _("Tên mục, hoạt động"),
            "description": _("Nội dung"),
            "lead_text": _("Chủ trì (nguyên văn)"),
            "coordinating_text": _("Phối hợp (nguyên văn)"),
            "timeframe_text": _("Thời gian thực hiện"),
            "expected_result": _("Kết quả, sản phẩm"),
            "funding_text": _("Kinh phí (nguyên văn)"),
        }
        help_texts = {
            "timeframe_text": _("Ghi như văn bản, ví dụ “Quý II - III năm 2021”, “Hằng năm”, “Tháng 01/2021”."),
        }
        error_messages = {
            "title": {"required": _("Hãy nhập tên mục hoặc hoạt động.")},
            "kind": {"required": _("Hãy chọn loại."), "invalid_choice": _("Loại không hợp lệ.")},
            "number_style": {"required": _("Hãy chọn kiểu đánh số."), "invalid_choice": _("Kiểu đánh số không hợp lệ.")},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        units = Unit.objects.filter(province_id=plan.province_id)
        self.fields["lead_units"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["version"].error_messages = {
            "required": _("Thiếu phiên bản của biểu mẫu; hãy mở lại hoạt động."),
            "invalid": _("Phiên bản của biểu mẫu không hợp lệ; hãy mở lại hoạt động."),
            "min_value": _("Phiên bản của biểu mẫu không hợp lệ; hãy mở lại hoạt động."),
        }
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Hãy nhập tên mục hoặc hoạt động."))
        return title

    def selected_ids(self, name):
        """Ids the form currently holds for a unit field, as typed (bound) or as stored (unbound)."""
        if self.is_bound:
            values = self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else []
        else:
            values = [getattr(u, "pk", u) for u in self.initial.get(name, [])]
        ids = []
        for value in values:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                continue
        return list(dict.fromkeys(ids))


class TargetForm(forms.Form):
    quantity = QuantityField(
        label=_("Số lượng"), error_messages={"required": _("Chưa nhập số lượng.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
    )
    measure = forms.CharField(
        label=_("Đơn vị tính"), max_length=100,
        error_messages={"required": _("Hãy nhập đơn vị tính, ví dụ “đợt”, “tờ gấp”, “%”."),
                        "max_length": _("Đơn vị tính dài quá %(limit_value)d ký tự.")},
    )
    description = forms.CharField(
        label=_("Diễn giải"), max_length=500, required=False,
        error_messages={"max_length": _("Diễn giải dài quá %(limit_value)d ký tự.")},
    )
