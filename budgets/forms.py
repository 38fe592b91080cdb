"""Forms of the budgets app: one budget line of an activity, with the amount typed as clerks write it."""
from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import FundingSource
from core.forms import MoneyField


class BudgetLineForm(forms.Form):
    # Prefixed: the form sits in the editor page beside the activity form, whose ids must not clash.
    prefix = "line"

    description = forms.CharField(label=_("Nội dung chi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    amount = MoneyField(
        label=_("Số tiền (đồng)"), error_messages={"required": _("Chưa nhập số tiền.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "177.400.000"}),
    )
    funding_source = forms.ModelChoiceField(
        label=_("Nguồn kinh phí"), queryset=FundingSource.objects.all(), required=False,
        empty_label=_("— chưa xác định —"),
        error_messages={"invalid_choice": _("Nguồn kinh phí không có trong danh mục.")},
    )
    fiscal_year = forms.IntegerField(
        label=_("Năm ngân sách"), required=False, min_value=1945, max_value=2200,
        error_messages={
            "invalid": _("Năm ngân sách phải là một năm, ví dụ 2021."),
            "min_value": _("Năm ngân sách phải từ 1945 đến 2200."),
            "max_value": _("Năm ngân sách phải từ 1945 đến 2200."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    allocated = forms.TypedChoiceField(
        label=_("Tình trạng cấp"), choices=[("1", _("Đã được cấp")), ("0", _("Chưa được cấp"))],
        coerce=lambda value: value == "1", initial="1", widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn đã được cấp hay chưa."), "invalid_choice": _("Lựa chọn không hợp lệ.")},
    )
    decision_reference = forms.CharField(
        label=_("Quyết định giao dự toán"), required=False, max_length=100,
        error_messages={"max_length": _("Số quyết định dài quá %(limit_value)d ký tự.")},
        widget=forms.TextInput(attrs={"placeholder": "297/QĐ-STP"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=500,
        error_messages={"max_length": _("Ghi chú dài quá %(limit_value)d ký tự.")},
    )

    @classmethod
    def for_line(cls, line, **kwargs):
        return cls(initial={
            "description": line.description, "amount": line.amount, "funding_source": line.funding_source_id,
            "fiscal_year": line.fiscal_year, "allocated": "1" if line.allocated else "0",
            "decision_reference": line.decision_reference, "note": line.note,
        }, **kwargs)
