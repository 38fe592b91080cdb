"""Filters of the "Việc của đơn vị" page: one FilterSet that is also the page's read selector.

The view hands it the activities of the user's units, annotated with `is_lead` / `is_coordinating`.
"""
import django_filters
from django import forms
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Status
from core.periods import parse_period, quarter_period
from plans.models import Plan, Province

INVALID_CHOICE = _("Lựa chọn không hợp lệ, vui lòng chọn lại trong danh sách.")

ROLE_LEAD = "chu-tri"
ROLE_COORDINATING = "phoi-hop"
ROLE_CHOICES = [(ROLE_LEAD, _("Chủ trì")), (ROLE_COORDINATING, _("Phối hợp"))]


def quarter_choices(first_year, last_year):
    return [
        (quarter_period(year, q).code, quarter_period(year, q).label)
        for year in range(last_year, first_year - 1, -1)
        for q in (4, 3, 2, 1)
    ]


def due_in_period_q(period, provinces):
    """Activities due inside `period`, each province by its own reporting window (calendar or NĐ 09)."""
    condition = Q(pk__in=[])
    for province in provinces:
        first, last = period.window(province.reporting_window)
        condition |= Q(plan__province=province, due__gte=first, due__lte=last)
    return condition


class WorkFilter(django_filters.FilterSet):
    # A unit may work on many plans: the page shows this filter as a type-ahead field (progress.views_work.plan_field),
    # not as the form's select box, so only the chosen plan is rendered; the filter still checks the value.
    ke_hoach = django_filters.ModelChoiceFilter(
        field_name="plan", queryset=Plan.objects.none(), label=_("Kế hoạch"), empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    trang_thai = django_filters.ChoiceFilter(
        field_name="status", choices=Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    vai_tro = django_filters.ChoiceFilter(
        method="filter_role", choices=ROLE_CHOICES, label=_("Vai trò của đơn vị"), empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    han_trong_quy = django_filters.ChoiceFilter(
        method="filter_due_in", choices=[], label=_("Hạn trong quý"), empty_label=_("Mọi thời hạn"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    qua_han = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Chỉ hoạt động quá hạn"), widget=forms.CheckboxInput,
    )

    class Meta:
        model = Activity
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = today or timezone.localdate()
        plan_ids = queryset.values("plan_id")
        self.plans = Plan.objects.filter(pk__in=plan_ids).order_by("-start_year", F("issued_on").desc(nulls_last=True), "pk")
        self.filters["ke_hoach"].queryset = self.plans
        self.form.fields["ke_hoach"].queryset = self.plans
        self.provinces = list(Province.objects.filter(plans__in=plan_ids).distinct())
        first = self.plans.aggregate(first=Min("start_year"))["first"] or self.today.year
        choices = quarter_choices(first, self.today.year + 1)
        self.filters["han_trong_quy"].extra["choices"] = choices
        self.form.fields["han_trong_quy"].choices = [("", _("Mọi thời hạn")), *choices]

    def filter_role(self, queryset, name, value):
        if value == ROLE_LEAD:
            return queryset.filter(is_lead=True)
        if value == ROLE_COORDINATING:
            return queryset.filter(is_coordinating=True)
        return queryset

    def filter_due_in(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(due_in_period_q(parse_period(value), self.provinces))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset
