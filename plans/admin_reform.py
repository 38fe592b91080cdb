"""The guided admin pages that record an organisational change (plans/reform.py): an administrator picks the
units (or provinces), what happened to them and the decision, and the service writes it all or nothing."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import BAD_CHOICE, REQUIRED, VietnameseDateField
from plans import reform
from plans.models import OrganisationChange, Province, Unit


class DecisionForm(forms.Form):
    """The decision behind a change: "Nghị quyết số 202/2025/QH15 ngày 12/06/2025, có hiệu lực từ 01/07/2025"."""

    decision_type = forms.CharField(label=gettext_lazy("Loại văn bản"), max_length=100, required=False,
                                    initial=gettext_lazy("Quyết định"))
    decision_number = forms.CharField(label=gettext_lazy("Số, ký hiệu văn bản"), max_length=100, error_messages=REQUIRED,
                                      help_text=gettext_lazy("Ví dụ: 202/2025/QH15"))
    decided_on = VietnameseDateField(label=gettext_lazy("Ngày ban hành văn bản"), error_messages=REQUIRED)
    effective_on = VietnameseDateField(label=gettext_lazy("Ngày có hiệu lực"), error_messages=REQUIRED,
                                       help_text=gettext_lazy("Từ ngày này đơn vị mang tên mới hoặc không còn."))
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        decided, effective = data.get("decided_on"), data.get("effective_on")
        if decided and effective and effective < decided:
            self.add_error("effective_on", _("Ngày có hiệu lực không thể trước ngày ban hành văn bản."))
        return data

    def decision(self):
        return {key: self.cleaned_data[key] for key in ("decision_type", "decision_number", "decided_on",
                                                         "effective_on", "note")}


class UnitChangeForm(DecisionForm):
    kind = forms.ChoiceField(label=gettext_lazy("Thay đổi"), choices=OrganisationChange.Kind.choices,
                             widget=forms.RadioSelect, error_messages={**REQUIRED, **BAD_CHOICE})
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đơn vị thay đổi"), queryset=Unit.objects.select_related("province"),
        error_messages={**REQUIRED, "invalid_choice": BAD_CHOICE["invalid_choice"]},
        help_text=gettext_lazy("Đổi tên, chia tách, giải thể: một đơn vị. Sáp nhập: các đơn vị được sáp nhập."),
    )
    successors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đơn vị kế thừa"), queryset=Unit.objects.select_related("province"), required=False,
        error_messages={"invalid_choice": BAD_CHOICE["invalid_choice"]},
        help_text=gettext_lazy("Sáp nhập: một đơn vị tiếp nhận. Chia tách: các đơn vị mới (tạo trước). "
                               "Giải thể: đơn vị nhận lại công việc, nếu có."),
    )
    new_name = forms.CharField(label=gettext_lazy("Tên mới"), max_length=255, required=False)
    new_short_name = forms.CharField(label=gettext_lazy("Tên viết tắt mới"), max_length=100, required=False)

    field_order = ["kind", "units", "successors", "new_name", "new_short_name"]

    def clean(self):
        data = super().clean()
        kind, units, successors = data.get("kind"), list(data.get("units") or []), list(data.get("successors") or [])
        Kind = OrganisationChange.Kind
        if kind in (Kind.RENAME, Kind.SPLIT, Kind.DISSOLVE) and len(units) > 1:
            self.add_error("units", _("Thay đổi này chỉ áp dụng cho một đơn vị mỗi lần."))
        if kind == Kind.RENAME and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Hãy nhập tên mới của đơn vị."))
        if kind == Kind.MERGE and len(successors) != 1:
            self.add_error("successors", _("Sáp nhập cần đúng một đơn vị tiếp nhận."))
        if kind == Kind.SPLIT and len(successors) < 2:
            self.add_error("successors", _("Chia tách cần ít nhất hai đơn vị kế thừa."))
        if kind == Kind.DISSOLVE and len(successors) > 1:
            self.add_error("successors", _("Giải thể: chọn nhiều nhất một đơn vị nhận lại công việc."))
        return data

    def save(self, user):
        data, decision = self.cleaned_data, self.decision()
        units, successors = list(data["units"]), list(data["successors"])
        Kind = OrganisationChange.Kind
        if data["kind"] == Kind.RENAME:
            return reform.unit_rename(unit=units[0], name=data["new_name"], short_name=data["new_short_name"],
                                      decision=decision, user=user)
        if data["kind"] == Kind.MERGE:
            return reform.unit_merge(units=units, into=successors[0], decision=decision, user=user)
        if data["kind"] == Kind.SPLIT:
            return reform.unit_split(unit=units[0], into=successors, decision=decision, user=user)
        return reform.unit_dissolve(unit=units[0], successor=successors[0] if successors else None,
                                    decision=decision, user=user)


class ProvinceMergeForm(DecisionForm):
    provinces = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Tỉnh được sáp nhập"), queryset=Province.objects.all(),
        error_messages={**REQUIRED, "invalid_choice": BAD_CHOICE["invalid_choice"]},
    )
    into = forms.ModelChoiceField(label=gettext_lazy("Sáp nhập vào tỉnh"), queryset=Province.objects.all(),
                                  error_messages={**REQUIRED, **BAD_CHOICE})

    field_order = ["provinces", "into"]

    def save(self, user):
        return reform.province_merge(provinces=list(self.cleaned_data["provinces"]), into=self.cleaned_data["into"],
                                     decision=self.decision(), user=user)


class ProvinceRenameForm(DecisionForm):
    province = forms.ModelChoiceField(label=gettext_lazy("Tỉnh đổi tên"), queryset=Province.objects.all(),
                                      error_messages={**REQUIRED, **BAD_CHOICE})
    new_name = forms.CharField(label=gettext_lazy("Tên mới"), max_length=100, error_messages=REQUIRED)

    field_order = ["province", "new_name"]

    def save(self, user):
        return reform.province_rename(province=self.cleaned_data["province"], name=self.cleaned_data["new_name"],
                                      decision=self.decision(), user=user)


def _ids(request):
    return [pk for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]


def change_page(model_admin, request, form_class, initial, title):
    """GET: the form (with the rows chosen in the list); POST: record the change, or show what is wrong with
    everything typed kept. A refused change writes nothing (the service runs in one transaction)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = form.save(request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã ghi nhận: %(change)s.") % {"change": change})
            opts = model_admin.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    context = {**model_admin.admin_site.each_context(request), "title": title, "form": form,
               "opts": model_admin.model._meta}
    return TemplateResponse(request, "admin/plans/organisation_change.html", context)


@admin.action(description=gettext_lazy("Ghi nhận đổi tên, sáp nhập, chia tách, giải thể"))
def record_unit_change(model_admin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
    return redirect(f"{reverse('admin:plans_unit_change_org')}?ids={ids}")


@admin.action(description=gettext_lazy("Ghi nhận sáp nhập tỉnh"))
def record_province_merge(model_admin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
    return redirect(f"{reverse('admin:plans_province_merge')}?ids={ids}")


@admin.action(description=gettext_lazy("Ghi nhận đổi tên tỉnh"))
def record_province_rename(model_admin, request, queryset):
    first = queryset.values_list("pk", flat=True).first()
    return redirect(f"{reverse('admin:plans_province_rename')}?ids={first or ''}")


def unit_change_view(model_admin, request):
    return change_page(model_admin, request, UnitChangeForm, {"units": _ids(request)},
                       _("Ghi nhận thay đổi tổ chức của đơn vị"))


def province_merge_view(model_admin, request):
    return change_page(model_admin, request, ProvinceMergeForm, {"provinces": _ids(request)},
                       _("Ghi nhận sáp nhập tỉnh"))


def province_rename_view(model_admin, request):
    ids = _ids(request)
    return change_page(model_admin, request, ProvinceRenameForm, {"province": ids[0] if ids else None},
                       _("Ghi nhận đổi tên tỉnh"))
