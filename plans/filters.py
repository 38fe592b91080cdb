"""The plan list's filters, search and sorting: one FilterSet that is also the list's read selector."""
import django_filters
from django import forms
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.search import Fold, ranked, words
from plans.models import Plan, Unit

INVALID_CHOICE = _("Lựa chọn không hợp lệ, vui lòng chọn lại trong danh sách.")


class YearFilter(django_filters.NumberFilter):
    # A year is a whole number; the default DecimalField would let "2021.5" through.
    field_class = forms.IntegerField


class PlanOrderingFilter(django_filters.OrderingFilter):
    """Sorting that puts plans without the value last either way and pages in a stable order."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param.removeprefix("-")])
        # SQLite and PostgreSQL disagree on where NULLs sort; say it so both lists read the same.
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        qs = qs.alias(
            # share_done is a Python property; sorting by it needs the same ratio in SQL.
            share_done_sort=Coalesce(
                Cast("done_count", FloatField()) / NullIf(Cast("activity_count", FloatField()), Value(0.0)),
                Value(0.0),
            ),
            # Folded so that "Đ…" sorts beside "D…" and capitals beside small letters on every database.
            number_sort=Fold("number"),
            title_sort=Fold("title"),
        )
        ordering = [self.get_ordering_value(param) for param in value if param]
        return qs.order_by(*ordering, "pk")


def _units_of_user(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.for_user(request.user)


class PlanFilter(django_filters.FilterSet):
    """Filters of the plan list; the view hands it a queryset already limited to the user's provinces."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Tìm kiếm"),
        max_length=200,
        widget=forms.SearchInput,
        help_text=_("Tìm theo số, trích yếu, mục đích; gõ có dấu hay không dấu đều được."),
        error_messages={"max_length": _("Từ khóa tìm kiếm quá dài (tối đa %(limit_value)d ký tự).")},
    )
    nam = YearFilter(
        method="filter_year",
        label=_("Năm"),
        min_value=1945,
        max_value=2200,
        error_messages={
            "invalid": _("Năm phải là một số, ví dụ 2021."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải không quá %(limit_value)s."),
        },
    )
    don_vi = django_filters.ModelChoiceFilter(
        field_name="issuing_unit",
        queryset=_units_of_user,
        label=_("Cơ quan ban hành"),
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    loai = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Plan.Kind.choices,
        label=_("Loại kế hoạch"),
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    trang_thai = django_filters.ChoiceFilter(
        field_name="status",
        choices=Plan.Status.choices,
        label=_("Trạng thái"),
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    sap_xep = PlanOrderingFilter(
        fields=(
            ("issued_on", "ngay"),
            ("number_sort", "so"),
            ("title_sort", "trich_yeu"),
            ("share_done_sort", "hoan_thanh"),
            ("budget_total", "kinh_phi"),
        ),
        # Spelled out rather than built, so each direction reads naturally in Vietnamese.
        choices=[
            ("-ngay", _("Ngày ban hành: mới trước")),
            ("ngay", _("Ngày ban hành: cũ trước")),
            ("so", _("Số, ký hiệu: A → Z")),
            ("-so", _("Số, ký hiệu: Z → A")),
            ("trich_yeu", _("Trích yếu: A → Z")),
            ("-trich_yeu", _("Trích yếu: Z → A")),
            ("-hoan_thanh", _("Tỷ lệ hoàn thành: cao → thấp")),
            ("hoan_thanh", _("Tỷ lệ hoàn thành: thấp → cao")),
            ("-kinh_phi", _("Tổng kinh phí: cao → thấp")),
            ("kinh_phi", _("Tổng kinh phí: thấp → cao")),
        ],
        label=_("Sắp xếp"),
        empty_label=_("Mặc định (năm mới nhất trước)"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    class Meta:
        model = Plan
        fields = []

    def filter_year(self, queryset, name, value):
        # A plan without an end year and not open-ended covers only its start year.
        last_year = Coalesce("end_year", "start_year")
        return queryset.alias(last_year=last_year).filter(
            Q(open_ended=True) | Q(last_year__gte=value), start_year__lte=value,
        )

    def filter_search(self, queryset, name, value):
        # Every word typed must begin a word of the number, title or purpose (or be the initials of words:
        # "tgpl"), in any order; the best match comes first unless the user chose a sort (core.search.rank).
        if not words(value):
            return queryset
        candidates = queryset.values_list("pk", "number", "title", "purpose")  # ties keep the list's own order
        found = [row[0] for row in ranked(value, candidates, lambda row: [f"{row[1]} {row[2]}", row[3]])]
        best_first = Case(*(When(pk=pk, then=Value(position)) for position, pk in enumerate(found)),
                          output_field=IntegerField())
        return queryset.filter(pk__in=found).alias(search_rank=best_first).order_by("search_rank", "pk")

    @property
    def is_filtered(self):
        """Whether the user asked to narrow the list (sorting alone does not), even with a bad value."""
        return any(self.data.get(name, "").strip() for name in ("q", "nam", "don_vi", "loai", "trang_thai"))
