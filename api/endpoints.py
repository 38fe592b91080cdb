"""The read-only HTTP API (django-ninja): plans, activities, progress updates and the report JSON, each scoped by
the token's user exactly as the pages are (the same for_user() querysets and access checks), paginated.

A token (api.models.ApiToken) is sent as `Authorization: Bearer <key>`; every call, answered or refused, is
logged by api.urls.
"""
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from activities.models import Activity, ProgressUpdate
from api.models import ApiToken, hash_key
from core.periods import parse_period
from plans.models import Plan, Unit
from reports.access import check_report_access
from reports.jsondoc import report_data
from reports.rows import DraftNotReportable, ScopeError, build_report, check_reportable, parse_scope

PAGE_SIZE = 50


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user  # for_user() and the access checks read request.user, as on the pages
        request.api_token = found
        return found


api = NinjaAPI(title="TGPL — API chỉ đọc", version="1", auth=TokenAuth(), urls_namespace="v1",
               docs_url=None, openapi_url=None)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


def _names(units, day):
    return [unit.name_on(day) for unit in units]


def _units():
    return Unit.objects.only("name", "short_name").prefetch_related("former_names")


class PlanOut(Schema):
    id: int
    number: str
    title: str
    province: str
    issuing_unit: str | None
    kind: str
    status: str
    start_year: int
    end_year: int | None
    open_ended: bool
    issued_on: datetime.date | None
    activity_count: int
    done_count: int
    budget_total: int

    @staticmethod
    def resolve_province(plan):
        return plan.province.code

    @staticmethod
    def resolve_issuing_unit(plan):
        return plan.issuing_unit.name_on(plan.names_day) if plan.issuing_unit else None


class ActivityOut(Schema):
    id: int
    plan_id: int
    title: str
    status: str
    start: datetime.date | None
    due: datetime.date | None
    timeframe_text: str
    recurrence: str
    overdue: bool
    lead_units: list[str]
    coordinating_units: list[str]

    @staticmethod
    def resolve_overdue(activity):
        return activity.is_overdue_on(timezone.localdate())

    @staticmethod
    def resolve_lead_units(activity):
        return _names(activity.lead_units.all(), activity.plan.names_day)

    @staticmethod
    def resolve_coordinating_units(activity):
        return _names(activity.coordinating_units.all(), activity.plan.names_day)


class ProgressOut(Schema):
    id: int
    activity_id: int
    plan_id: int
    unit: str
    year: int
    quarter: int
    status: str
    result: str
    difficulties: str
    proposals: str
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan_id(update):
        return update.activity.plan_id

    @staticmethod
    def resolve_unit(update):
        return update.unit.name_on(update.activity.plan.names_day)


@api.get("/ke-hoach/", response=list[PlanOut], url_name="plans")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def plans(request, nam: int | None = None):
    """Plans the user sees (their provinces and those merged into them; every province for a national user)."""
    queryset = (Plan.objects.for_user(request.user).with_summary().select_related("province", "issuing_unit")
                .prefetch_related("issuing_unit__former_names").order_by("-start_year", "pk"))
    if nam is not None:
        queryset = queryset.filter(start_year__lte=nam).exclude(end_year__lt=nam)
    return queryset


@api.get("/hoat-dong/", response=list[ActivityOut], url_name="activities")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def activities(request, ke_hoach: int | None = None):
    """Trackable activities of the plans the user sees; `ke_hoach`: one plan's."""
    queryset = (Activity.objects.for_user(request.user).trackable().select_related("plan")
                .prefetch_related(Prefetch("lead_units", queryset=_units()),
                                  Prefetch("coordinating_units", queryset=_units()))
                .order_by("plan_id", "pk"))
    if ke_hoach is not None:
        queryset = queryset.filter(plan_id=ke_hoach)
    return queryset


@api.get("/tien-do/", response=list[ProgressOut], url_name="progress")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def progress(request, ke_hoach: int | None = None, nam: int | None = None, quy: int | None = None):
    """Progress updates (live ones) on the activities the user sees, newest quarter first."""
    queryset = (ProgressUpdate.objects.filter(activity__in=Activity.objects.for_user(request.user))
                .select_related("activity__plan", "unit").prefetch_related("unit__former_names")
                .order_by("-year", "-quarter", "pk"))
    if ke_hoach is not None:
        queryset = queryset.filter(activity__plan_id=ke_hoach)
    if nam is not None:
        queryset = queryset.filter(year=nam)
    if quy is not None:
        queryset = queryset.filter(quarter=quy)
    return queryset


@api.get("/bao-cao/", url_name="report")
def report(request, pham_vi: str, ky: str):
    """The report JSON of the report page (reports/jsondoc.py): `pham_vi` plan:ID | year:2021:tinh | unit:ID,
    `ky` 2021-Q2 | 2021-H1 | 2021-9M | 2021."""
    try:
        period = parse_period(ky)
    except ValueError:
        return api.create_response(request, {"detail": "Kỳ báo cáo không hợp lệ."}, status=400)
    try:
        scope = parse_scope(pham_vi, Plan.objects.for_user(request.user), year=period.year)
    except ScopeError as error:
        raise Http404(str(error)) from None
    check_report_access(request.user, scope)
    try:
        check_reportable(scope)
    except DraftNotReportable as error:
        return api.create_response(request, {"detail": str(error)}, status=400)
    return report_data(build_report(scope, period))
