"""The quarterly progress form: status and prose, one quantity per target, new expenditures, evidence files.

Forms validate (Vietnamese messages, what was typed is kept); progress.services saves.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from activities.models import Status
from budgets.selectors import spent_by_line
from core.formatting import format_date, parse_date, parse_money, parse_quantity
from progress.evidence import ACCEPT, check_evidence, max_size_label
from progress.services import NewExpenditure, ProgressInput, overspend_message

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; each is checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        errors, cleaned = [], []
        for upload in uploads:
            try:
                check_evidence(super().clean(upload, initial))
                cleaned.append(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_lazy("Trạng thái"), choices=Status.choices)
    result = forms.CharField(label=_lazy("Kết quả đạt được"), required=False, widget=TEXTAREA)
    difficulties = forms.CharField(label=_lazy("Khó khăn, vướng mắc"), required=False, widget=TEXTAREA)
    proposals = forms.CharField(label=_lazy("Kiến nghị, đề xuất"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=_lazy("Tệp minh chứng"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("PDF, DOCX, XLSX, JPG hoặc PNG; mỗi tệp tối đa %(limit)s.") % {
            "limit": max_size_label()}
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.CharField(
                label=str(target), required=False, max_length=20,
                help_text=target.description,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "qty"}),
            )

    def target_fields(self):
        return [(target, self[f"target_{target.pk}"]) for target in self.targets]

    def clean(self):
        cleaned = super().clean()
        for target in self.targets:
            name = f"target_{target.pk}"
            raw = (self.data.get(self.add_prefix(name)) or "").strip()
            if not raw:
                cleaned[name] = None
                continue
            try:
                cleaned[name] = parse_quantity(raw)
            except ValueError as error:
                self.add_error(name, str(error))
        return cleaned

    def achievements(self):
        return {target.pk: self.cleaned_data.get(f"target_{target.pk}") for target in self.targets}


class ExpenditureForm(forms.Form):
    budget_line = forms.ModelChoiceField(
        label=_lazy("Dòng kinh phí"), queryset=None, empty_label=_lazy("— chọn dòng kinh phí —"),
        error_messages={"invalid_choice": _lazy("Dòng kinh phí không thuộc hoạt động này; hãy chọn lại.")},
    )
    amount = forms.CharField(label=_lazy("Số tiền (đồng)"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    spent_on = forms.CharField(label=_lazy("Ngày chi"), max_length=10, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    document_reference = forms.CharField(label=_lazy("Chứng từ"), max_length=255, required=False)
    note = forms.CharField(label=_lazy("Ghi chú"), max_length=2000, required=False)

    def __init__(self, *args, budget_lines=None, window=None, loaded_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["budget_line"]
        field.queryset = budget_lines
        field.label_from_instance = lambda line: str(line)
        if loaded_lines is not None:  # the page has read the lines already: list them, not one query per form
            field.loaded_lines = loaded_lines
            field.iterator = _LoadedChoices
            field.widget.choices = field.choices  # the widget took the queryset's iterator when it was set
        self.window = window

    def clean_amount(self):
        try:
            amount = parse_money(self.cleaned_data["amount"])
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if amount == 0:
            raise ValidationError(_("Số tiền chi phải lớn hơn 0."))
        return amount

    def clean_spent_on(self):
        try:
            day = parse_date(self.cleaned_data["spent_on"])
        except ValueError as error:
            raise ValidationError(str(error)) from None
        first, last = self.window
        if not first <= day <= last:
            raise ValidationError(
                _("Ngày chi phải nằm trong kỳ báo cáo (%(first)s – %(last)s).")
                % {"first": format_date(first), "last": format_date(last)}
            )
        return day


class _LoadedChoices(forms.models.ModelChoiceIterator):
    """A ModelChoiceField's options from objects already read (`field.loaded_lines`, in the queryset's order);
    what is posted is still checked against the queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for line in self.field.loaded_lines:
            yield self.choice(line)

    def __len__(self):
        return len(self.field.loaded_lines) + (self.field.empty_label is not None)


class BaseExpenditureFormSet(forms.BaseFormSet):
    def __init__(self, *args, budget_lines=None, window=None, loaded_lines=None, **kwargs):
        self.budget_lines, self.window, self.loaded_lines = budget_lines, window, loaded_lines
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"budget_lines": self.budget_lines, "window": self.window, "loaded_lines": self.loaded_lines}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, budget_lines=self.budget_lines, window=self.window,
                         loaded_lines=self.loaded_lines)
        self.add_fields(form, None)
        return form

    def filled_forms(self):
        return [f for f in self.forms if f.has_changed() and not f.errors and f.cleaned_data]

    def clean(self):
        if any(self.errors):
            return
        forms_ = self.filled_forms()
        spent = spent_by_line([f.cleaned_data["budget_line"].pk for f in forms_])
        for form in forms_:
            line, amount = form.cleaned_data["budget_line"], form.cleaned_data["amount"]
            already = spent.get(line.pk, 0)
            if already + amount > line.amount and not form.cleaned_data["note"].strip():
                form.add_error("note", overspend_message(line, already, amount))
            spent[line.pk] = already + amount

    def expenditures(self):
        return [
            NewExpenditure(
                budget_line_id=f.cleaned_data["budget_line"].pk, amount=f.cleaned_data["amount"],
                spent_on=f.cleaned_data["spent_on"], document_reference=f.cleaned_data["document_reference"],
                note=f.cleaned_data["note"],
            )
            for f in self.filled_forms()
        ]


ExpenditureFormSet = forms.formset_factory(ExpenditureForm, formset=BaseExpenditureFormSet, extra=2, max_num=20)


def progress_input(form, formset):
    data = form.cleaned_data
    return ProgressInput(
        status=data["status"], result=data["result"].strip(), difficulties=data["difficulties"].strip(),
        proposals=data["proposals"].strip(), achievements=form.achievements(), expenditures=formset.expenditures(),
        files=data["files"],
    )
