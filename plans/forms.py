"""The plan header form and its legal-bases formset: what an editor types, checked in plain Vietnamese."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.archive import live
from core.formatting import format_date, plan_title_without_kind
from core.forms import BAD_CHOICE, REQUIRED, WHOLE_NUMBER, VietnameseDateField, year_field
from core.widgets import ChoicePicker
from plans.models import LegalBasis, Plan, Unit
from plans.services import CHANGE_REASON_MAX_LENGTH, change_reason_required, clean_change_reason

# From October on, plans are written for the year to come.
NEXT_YEAR_FROM_MONTH = 10


def default_start_year(today):
    """The "Từ năm" a new plan starts with: this year, or next year once the last quarter has begun."""
    return today.year + 1 if today.month >= NEXT_YEAR_FROM_MONTH else today.year


class PlanForm(forms.ModelForm):
    """The header of a plan. `provinces` are the provinces the editor may write in."""

    SINGLE, RANGE, OPEN = "single", "range", "open"
    PERIOD_CHOICES = [
        (SINGLE, _("Một năm")),
        (RANGE, _("Nhiều năm (từ năm … đến năm …)")),
        (OPEN, _("Từ năm … và những năm tiếp theo")),
    ]

    province = forms.ModelChoiceField(
        queryset=None, label=_("Tỉnh"), error_messages={**REQUIRED, **BAD_CHOICE}, empty_label=_("— Chọn tỉnh —"),
    )
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    period = forms.ChoiceField(
        label=_("Thời kỳ của kế hoạch"), choices=PERIOD_CHOICES, initial=SINGLE, widget=forms.RadioSelect,
        error_messages={**REQUIRED, **BAD_CHOICE},
    )
    start_year = year_field(_("Từ năm"))
    end_year = year_field(_("Đến năm"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Lý do điều chỉnh"), required=False, max_length=CHANGE_REASON_MAX_LENGTH,
        help_text=_("Kế hoạch đã ban hành: lý do được ghi vào lịch sử thay đổi."),
        error_messages={"max_length": _("Lý do điều chỉnh dài quá %(limit_value)d ký tự.")},
    )

    class Meta:
        model = Plan
        fields = [
            "province", "number", "issuing_unit", "place", "issued_on", "kind", "start_year", "end_year",
            "title", "purpose", "requirements", "funding_note", "implementation_note", "recipients",
            "signer_title", "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issuing_unit": ChoicePicker,
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "funding_note": forms.Textarea(attrs={"rows": 3}),
            "implementation_note": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            # "KT. GIÁM ĐỐC" above "PHÓ GIÁM ĐỐC": the lines of the signer's title as the document writes them.
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": _("Hãy nhập trích yếu (tên) của kế hoạch.")},
            "issuing_unit": BAD_CHOICE,
            "kind": {**REQUIRED, **BAD_CHOICE},
        }

    field_order = [
        "province", "number", "issuing_unit", "place", "issued_on", "kind", "period", "start_year", "end_year",
        "title", "purpose", "requirements", "funding_note", "implementation_note", "recipients",
        "signer_title", "signer_name", "change_reason", "version",
    ]

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance
        if plan.pk:
            # A plan never moves between provinces: its units, members and citations belong to one.
            del self.fields["province"]
            unit_provinces = [plan.province_id]
            self.fields["version"].initial = plan.version
            self.fields["period"].initial = (
                self.OPEN if plan.open_ended else self.RANGE if plan.end_year and plan.end_year != plan.start_year
                else self.SINGLE
            )
        else:
            del self.fields["version"]
            self.initial["start_year"] = plan.start_year or default_start_year(timezone.localdate())
            self.fields["province"].queryset = provinces
            unit_provinces = list(provinces.values_list("pk", flat=True))
            if len(unit_provinces) == 1:
                # Nothing to choose: the editor's one province, not taken from the request.
                self.initial["province"] = unit_provinces[0]
                self.initial["place"] = self.initial.get("place") or provinces[0].name
                self.fields["province"].disabled = True
                self.fields["province"].widget = forms.HiddenInput()
        if not change_reason_required(plan):
            del self.fields["change_reason"]
        # Only units that exist on the plan's day (today for a new plan; the date is checked again in clean()).
        day = plan.names_day if plan.pk else timezone.localdate()
        units = Unit.objects.filter(
            Q(pk=plan.issuing_unit_id) | Q(pk__in=Unit.objects.valid_on(day)),
            province__in=unit_provinces, kind=Unit.Kind.INTERNAL,
        ).select_related("province")
        self.fields["issuing_unit"].queryset = units.order_by("province__name", "position", "name")
        self.fields["issuing_unit"].empty_label = _("Chưa xác định")
        if len(unit_provinces) > 1:
            self.fields["issuing_unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.province.name})"
        self.fields["number"].widget.attrs["placeholder"] = "19/KH-TGPL"
        self.fields["recipients"].help_text = _("Mỗi nơi nhận một dòng, ví dụ: Sở Tư pháp;")
        self.fields["title"].help_text = _(
            "Chỉ ghi phần trích yếu, không lặp lại chữ “Kế hoạch” (đã in sẵn ở đầu văn bản), "
            "ví dụ: Triển khai công tác trợ giúp pháp lý năm 2027."
        )
        self.fields["place"].help_text = _("Địa danh ghi ở đầu văn bản; để trống thì lấy tên tỉnh.")

    def clean_title(self):
        return plan_title_without_kind(self.cleaned_data.get("title"))

    @property
    def chosen_province(self):
        """The province being written in: the plan's, or the one chosen (None until it is valid)."""
        if self.instance.pk:
            return self.instance.province
        return getattr(self, "cleaned_data", {}).get("province")

    def clean_change_reason(self):
        return clean_change_reason(self.instance, self.cleaned_data.get("change_reason"))

    def clean(self):
        data = super().clean()
        period, start, end = data.get("period"), data.get("start_year"), data.get("end_year")
        if period == self.RANGE:
            if end is None and "end_year" not in self.errors:
                self.add_error("end_year", _("Kế hoạch nhiều năm cần năm kết thúc."))
            elif start is not None and end is not None and end < start:
                self.add_error("end_year", _("Năm kết thúc phải bằng hoặc sau năm bắt đầu (%(start)s).") % {"start": start})
        elif period in (self.SINGLE, self.OPEN):
            data["end_year"] = start if period == self.SINGLE else None
            self.errors.pop("end_year", None)  # the field is not used for this kind of period
        unit, province = data.get("issuing_unit"), self.chosen_province
        if not data.get("place") and province and not self.instance.pk:
            data["place"] = province.name  # "Lạng Sơn, ngày … tháng … năm …": a new plan's place is its province
        if unit and province and unit.province_id != province.pk:
            self.add_error("issuing_unit", _("Cơ quan ban hành phải là đơn vị của tỉnh %(province)s.") % {"province": province})
        start = data.get("start_year")
        if unit and start and not self.errors.get("issuing_unit"):
            day = data.get("issued_on") or datetime.date(start, 1, 1)
            if not (unit.is_valid_on(day) and unit.province_is_valid_on(day)):
                self.add_error("issuing_unit", _("Đơn vị “%(unit)s” không còn hoặc chưa có vào ngày %(day)s; hãy chọn "
                                                 "đơn vị đang hoạt động vào ngày của kế hoạch.")
                               % {"unit": unit.name, "day": format_date(day)})
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("period"):
            self.instance.open_ended = self.cleaned_data["period"] == self.OPEN
        if not self.instance.pk and self.cleaned_data.get("province"):
            self.instance.province = self.cleaned_data["province"]


class LegalBasisForm(forms.ModelForm):
    """One "Căn cứ": a plan already in the system, or a document typed by hand."""

    issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    position = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, required=False, error_messages=WHOLE_NUMBER,
        widget=forms.NumberInput(attrs={"class": "position", "inputmode": "numeric"}),
    )

    class Meta:
        model = LegalBasis
        fields = ["position", "cited_plan", "doc_type", "number", "issued_on", "issuer", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"cited_plan": BAD_CHOICE}
        help_texts = {"cited_plan": _("Chọn nếu văn bản được căn cứ là một kế hoạch đã có trong hệ thống.")}

    TYPED = ("doc_type", "number", "issued_on", "issuer", "summary")

    def __init__(self, *args, cited_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_plan"].queryset = cited_plans
        self.fields["cited_plan"].empty_label = _("— Không, nhập văn bản bên dưới —")
        self.fields["doc_type"].widget.attrs["placeholder"] = _("Quyết định, Kế hoạch, Công văn…")

    def has_changed(self):
        # A new row's order number is filled in by the page, not typed: a row with nothing else is empty.
        if self.instance.pk:
            return super().has_changed()
        return bool(set(self.changed_data) - {"position"})

    def clean(self):
        data = super().clean()
        cited = data.get("cited_plan")
        if not cited and not any(data.get(name) for name in ("number", "summary", "doc_type")) and not self.errors:
            raise ValidationError(
                _("Căn cứ này còn trống: hãy chọn một kế hoạch trong hệ thống hoặc nhập loại, số hiệu, trích yếu văn bản."),
                code="empty_basis",
            )
        if cited:
            # What a document writes of a cited plan, so the citation reads right even without the link.
            data["doc_type"] = data.get("doc_type") or str(_("Kế hoạch"))
            data["number"] = data.get("number") or cited.number
            data["issued_on"] = data.get("issued_on") or cited.issued_on
            data["issuer"] = data.get("issuer") or (cited.issuing_unit.name if cited.issuing_unit else "")
            if not data.get("summary"):
                title = cited.title.strip()
                data["summary"] = title if title.lower().startswith("về ") else f"về {title[:1].lower()}{title[1:]}"
        return data


class BaseLegalBasisFormSet(BaseInlineFormSet):
    """The plan's legal bases in their order; saving renumbers them 1, 2, 3 … in the order shown."""

    def __init__(self, *args, cited_plans, **kwargs):
        self.cited_plans = cited_plans
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Xóa căn cứ này")

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "cited_plans": self.cited_plans}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
            use_required_attribute=False, renderer=self.renderer, cited_plans=self.cited_plans,
        )
        self.add_fields(form, None)
        return form

    def check_province(self, province):
        """Every linked plan must be one of `province`'s (the header's province is known only after it is valid)."""
        for form in self.kept_forms():
            cited = form.cleaned_data.get("cited_plan")
            if cited and province and cited.province_id != province.pk:
                form.add_error("cited_plan", _("Chỉ được dẫn kế hoạch của cùng tỉnh."))
            if cited and self.instance.pk and cited.pk == self.instance.pk:
                form.add_error("cited_plan", _("Kế hoạch không thể căn cứ vào chính nó."))
        return self.is_valid()

    def kept_forms(self):
        """Forms that stay after saving, in the order the editor asked for."""
        kept = [
            (index, form) for index, form in enumerate(self.forms)
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        kept = [(index, form) for index, form in kept if hasattr(form, "cleaned_data")]
        kept.sort(key=lambda pair: (pair[1].cleaned_data.get("position") is None,
                                    pair[1].cleaned_data.get("position") or 0, pair[0]))
        return [form for _index, form in kept]

    def typed_bases(self):
        """Unsaved LegalBasis objects for what was typed (to show beside someone else's saved ones)."""
        bases = []
        for form in self.kept_forms():
            values = {name: form.cleaned_data.get(name) for name in ("cited_plan", *LegalBasisForm.TYPED)}
            bases.append(LegalBasis(**{k: v for k, v in values.items() if v is not None or k == "cited_plan"}))
        return bases


def legal_basis_formset(plan, province_ids, data=None):
    """The legal-bases formset of `plan`; linkable plans are those of `province_ids` other than itself."""
    # An archived plan is offered no more, but a basis that already cites one keeps its link when saved again.
    kept = LegalBasis.objects.filter(plan=plan, cited_plan__isnull=False).values("cited_plan") if plan.pk else []
    cited = (
        Plan.all_objects.filter(province__in=province_ids).filter(live() | Q(pk__in=kept))
        .order_by("-start_year", "number", "pk")
    )
    if plan.pk:
        cited = cited.exclude(pk=plan.pk)
    FormSet = inlineformset_factory(
        Plan, LegalBasis, fk_name="plan", form=LegalBasisForm, formset=BaseLegalBasisFormSet, extra=0,
        can_delete=True,
    )
    formset = FormSet(
        data, instance=plan, prefix="can-cu", cited_plans=cited,
        queryset=LegalBasis.objects.filter(plan=plan).order_by("position", "pk") if plan.pk else LegalBasis.objects.none(),
    )
    return formset


class PlanIssueForm(forms.Form):
    """What issuing needs that a draft often lacks: its number and date, entered right where it is issued."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, error_messages=REQUIRED,
                             help_text=_("Ví dụ: 19/KH-TGPL"))
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), error_messages=REQUIRED)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number:
            raise ValidationError(REQUIRED["required"])
        return number
