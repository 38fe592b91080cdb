"""Form fields typed the way a Vietnamese clerk writes: dates 05/03/2026, money 177.400.000, quantities
80.000, years; each wrong value explained in plain Vietnamese, never silently dropped."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.formatting import format_date, format_number, parse_date, parse_money, parse_quantity

YEAR_MIN, YEAR_MAX = 1945, 2200  # the same bounds as the plan_start_year_plausible constraint

REQUIRED = {"required": _("Mục này không được để trống.")}
WHOLE_NUMBER = {"invalid": _("Hãy nhập một số nguyên.")}
BAD_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.")}


class VietnameseDateField(forms.DateField):
    """A date typed as 05/03/2026; a wrong one is explained in Vietnamese, never silently dropped."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
        kwargs.setdefault("help_text", _("Ngày/tháng/năm, ví dụ 05/03/2026."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return format_date(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


def year_field(label, required=True):
    return forms.IntegerField(
        label=label, required=required, min_value=YEAR_MIN, max_value=YEAR_MAX,
        error_messages={
            **REQUIRED, **WHOLE_NUMBER,
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MoneyField(forms.CharField):
    """An amount of đồng typed "177.400.000" or "177400000"; never negative, never a fraction."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        # The box shows the digits with dots, as they are typed, without the currency sign.
        return format_number(value) if isinstance(value, int) else value


class QuantityField(forms.CharField):
    """A whole number typed the Vietnamese way: "80.000" or "80000"."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_quantity(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, int) else value
