"""Provinces, their unit trees and members, and plans with their legal bases.

The root app: everything else hangs off a Plan, and access to a Plan follows its province.
"""
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archive import Archivable, LiveManager, live
from core.formatting import format_citation, format_date
from core.periods import WindowKind
from core.trees import descendants
from plans.roles import NATIONWIDE_ROLES, SUPERUSER_CAPABILITIES, Capability, Role, roles_with


def valid_on_q(day, prefix=""):
    """Rows (units or provinces) that exist on `day`: begun on or before it, not yet ended."""
    return (
        (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day}))
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day}))
    )


class ProvinceQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_on_q(day))


class OrganisationChange(models.Model):
    """A decision that changed the organisation at a date: a rename, a merger, a split, a dissolution.

    Recorded by the guided admin actions (plans/reform.py); units and provinces point back at it, so their
    history page can cite the decision ("Nghị quyết số 202/2025/QH15 ngày 12/06/2025")."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVE = "dissolve", _("Giải thể, chấm dứt hoạt động")

    kind = models.CharField(_("loại thay đổi"), max_length=10, choices=Kind.choices)
    decision_type = models.CharField(_("loại văn bản"), max_length=100, blank=True, help_text=_("Ví dụ: Nghị quyết"))
    decision_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, help_text=_("Ví dụ: 202/2025/QH15"))
    decided_on = models.DateField(_("ngày ban hành văn bản"))
    effective_on = models.DateField(_("ngày có hiệu lực"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = _("thay đổi tổ chức")
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_on__gte=F("decided_on")), name="change_effective_after_decision"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.citation}"

    @property
    def citation(self):
        """"Nghị quyết số 202/2025/QH15 ngày 12/06/2025, có hiệu lực từ 01/07/2025"."""
        return _("%(type)s số %(number)s ngày %(decided)s, có hiệu lực từ %(effective)s") % {
            "type": self.decision_type or _("Văn bản"), "number": self.decision_number,
            "decided": format_date(self.decided_on), "effective": format_date(self.effective_on),
        }


class Province(models.Model):
    """One province's organisation: the boundary of what its users may see."""

    name = models.CharField(_("tên tỉnh"), max_length=100, unique=True)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    reporting_window = models.CharField(
        _("kỳ số liệu báo cáo"),
        max_length=10,
        choices=WindowKind.choices,
        default=WindowKind.CALENDAR,
        help_text=_("Báo cáo tính theo quý dương lịch hay theo kỳ chốt số liệu của Nghị định 09/2019/NĐ-CP."),
    )
    valid_from = models.DateField(_("có từ ngày"), null=True, blank=True)
    valid_to = models.DateField(
        _("không còn từ ngày"), null=True, blank=True,
        help_text=_("Ngày đầu tiên tỉnh không còn (sáp nhập vào tỉnh khác); bỏ trống khi tỉnh vẫn còn."),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from",
        verbose_name=_("sáp nhập vào tỉnh"),
    )
    # The province that carries on this one's work today: the end of the merged_into chain, kept by
    # plans.reform.province_merge so that one join finds every province a member inherits (UserMemberships).
    heir = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="inherited",
        verbose_name=_("tỉnh kế thừa hiện nay"), editable=False,
    )
    change = models.ForeignKey(
        "OrganisationChange", on_delete=models.PROTECT, null=True, blank=True, related_name="provinces",
        verbose_name=_("quyết định sắp xếp"), editable=False,
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def name_on(self, day):
        """The province's name on `day` (plans.reform.province_rename keeps the former ones); its current name
        without a day. Reads `former_names` (prefetch it when showing many)."""
        if day is not None:
            for former in sorted(self.former_names.all(), key=lambda f: f.used_until):
                if day < former.used_until:
                    return former.name
        return self.name


class ProvinceName(models.Model):
    """A name a province had until a date (a rename keeps the old name here, with the decision)."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="former_names",
                                 verbose_name=_("tỉnh"))
    name = models.CharField(_("tên tỉnh"), max_length=100)
    used_until = models.DateField(_("dùng đến trước ngày"), help_text=_("Ngày tên mới có hiệu lực."))
    change = models.ForeignKey(
        OrganisationChange, on_delete=models.PROTECT, null=True, blank=True, related_name="renamed_provinces",
        verbose_name=_("quyết định"),
    )

    class Meta:
        verbose_name = _("tên cũ của tỉnh")
        verbose_name_plural = _("tên cũ của tỉnh")
        ordering = ["province", "used_until"]
        constraints = [models.UniqueConstraint(fields=["province", "used_until"], name="province_name_one_per_date")]

    def __str__(self):
        return self.name


class UnitQuerySet(models.QuerySet):
    def for_user(self, user):
        if user_sees_all_provinces(user):
            return self
        return self.filter(province__in=memberships_of(user).province_ids)

    def valid_on(self, day):
        """Units that exist on `day`, in a province that exists then (a new plan of that date may name only these)."""
        return self.filter(valid_on_q(day), valid_on_q(day, "province__"))

    def known_in(self, province):
        """The province's units and those of the provinces merged into it, with every name they had: what a
        document of the province may name (the importer matches against these)."""
        if province is None:
            return self.none()
        return (self.filter(Q(province=province) | Q(province__heir=province))
                .order_by(F("province__valid_to").asc(nulls_first=True), "position", "name")  # the province's own units first
                .prefetch_related("aliases", "former_names"))


class Unit(models.Model):
    """A body in a province's organisation tree (Sở → Phòng/Trung tâm → Chi nhánh) or an outside body."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Đơn vị thuộc tổ chức")
        EXTERNAL = "external", _("Cơ quan, tổ chức bên ngoài")
        GROUP = "group", _("Nhóm đơn vị")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units", verbose_name=_("tỉnh"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.INTERNAL)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("có từ ngày"), null=True, blank=True, help_text=_("Bỏ trống khi không rõ."))
    valid_to = models.DateField(
        _("không còn từ ngày"), null=True, blank=True,
        help_text=_("Ngày đầu tiên đơn vị không còn (sáp nhập, chia tách, giải thể); bỏ trống khi vẫn còn."),
    )
    begun_by = models.ForeignKey(
        "OrganisationChange", on_delete=models.PROTECT, null=True, blank=True, related_name="units_begun",
        verbose_name=_("thành lập theo"), editable=False,
    )
    ended_by = models.ForeignKey(
        "OrganisationChange", on_delete=models.PROTECT, null=True, blank=True, related_name="units_ended",
        verbose_name=_("chấm dứt theo"), editable=False,
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["province", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="unit_name_unique_in_province"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def province_is_valid_on(self, day):
        return self.province.is_valid_on(day)

    def _name_row_on(self, day):
        """The former name in use on `day`, or None when it is the current one. Reads `former_names`, which the
        callers prefetch (plans.reform.with_names_on)."""
        if day is None:
            return None
        for former in sorted(self.former_names.all(), key=lambda f: f.used_until):
            if day < former.used_until:
                return former
        return None

    def name_on(self, day):
        """The unit's name on `day`: a plan, a report or an update made before a rename keeps the old name."""
        former = self._name_row_on(day)
        return former.name if former else self.name

    def display_name_on(self, day):
        former = self._name_row_on(day)
        return (former.short_name or former.name) if former else self.display_name

    def all_names(self):
        """Every name a document may use for the unit: current, short, other names and former names."""
        names = [self.name, self.short_name, *(alias.name for alias in self.aliases.all())]
        for former in self.former_names.all():
            names += [former.name, former.short_name]
        return [name for name in dict.fromkeys(names) if name]

    def descendant_ids(self):
        """Ids of this unit and every unit under it."""
        return set(subtree_ids([self.pk]))


def subtree_ids(root_ids):
    """Ids of the given units and every unit under them, and of the units merged or split into them (with
    everything under those): a successor unit carries on its predecessors' work (plans.reform).

    One query over the units of the roots' provinces and of the provinces merged into them, each with its
    parent and its predecessors (trees are shallow: a few levels, tens of units per province). This is the one
    place the unit scope of a member is drawn: reporting, the work list and unit reports all use it.
    """
    root_ids = set(root_ids)
    if not root_ids:
        return frozenset()
    rows = (
        Unit.objects.filter(Q(province__units__in=root_ids) | Q(province__heir__units__in=root_ids))
        .distinct().values_list("pk", "parent_id", "took_over__predecessor_id")
    )
    links = set()
    for pk, parent_id, predecessor_id in rows:
        links.add((pk, parent_id))
        if predecessor_id is not None:
            links.add((predecessor_id, pk))
    return frozenset(descendants(links, root_ids))


class UnitName(models.Model):
    """A name a unit had until a date (a rename keeps the old name here, with the decision)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    used_until = models.DateField(_("dùng đến trước ngày"), help_text=_("Ngày tên mới có hiệu lực."))
    change = models.ForeignKey(
        OrganisationChange, on_delete=models.PROTECT, null=True, blank=True, related_name="renamed",
        verbose_name=_("quyết định"),
    )

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit", "used_until"]
        constraints = [models.UniqueConstraint(fields=["unit", "used_until"], name="unit_name_one_per_date")]

    def __str__(self):
        return self.name


class UnitSuccession(models.Model):
    """The work of a unit that ended went on in another: merged into it, or split into several."""

    change = models.ForeignKey(
        OrganisationChange, on_delete=models.PROTECT, related_name="successions", verbose_name=_("quyết định"),
    )
    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="succeeded_by", verbose_name=_("đơn vị trước"),
    )
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="took_over", verbose_name=_("đơn vị kế thừa"))

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="unit_succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class UnitAlias(models.Model):
    """Another name a document uses for a unit ("Trung tâm TGPL", "Trung tâm TGPLNN")."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên gọi khác"), max_length=255)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unit_alias_unique")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in a unit, with the role they play there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.unit} ({self.get_role_display()})"


class FailedSignIns(models.Model):
    """Recent failed sign-ins of one user name from one address, and the lock they led to (plans/signin.py)."""

    username = models.CharField(_("tên đăng nhập"), max_length=150)
    address = models.CharField(_("địa chỉ máy"), max_length=64, blank=True)
    failures = models.PositiveIntegerField(_("số lần sai"), default=0)
    first_failure_at = models.DateTimeField(_("lần sai đầu tiên"))
    locked_until = models.DateTimeField(_("khóa đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng nhập sai")
        verbose_name_plural = _("đăng nhập sai")
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="failed_sign_ins_unique")]

    def __str__(self):
        return f"{self.username} @ {self.address}"


NATIONAL_PERMISSION = "plans.view_all_provinces"


def user_sees_all_provinces(user):
    """A superuser, a holder of the national role (plans/roles.py), or an active user holding the national
    permission (directly or through a group), as `user.has_perm` answers it; read with the memberships, in the
    same query."""
    if not user.is_authenticated:
        return False
    memberships = memberships_of(user)
    return user.is_superuser or memberships.national or memberships.holds(Capability.READ_ALL_PROVINCES)


def provinces_of(user):
    """Provinces the user belongs to through a unit membership (a queryset, for use in filters)."""
    return Province.objects.filter(pk__in=memberships_of(user).province_ids)


def province_names_of(user):
    """Names of the provinces the user belongs to, in the province list's order (no query of its own)."""
    return memberships_of(user).province_names


def roles_of(user):
    """The set of roles a user holds in any unit."""
    return memberships_of(user).roles


class UserMemberships:
    """One user's memberships, read with one query, and what they allow by the role table (plans/roles.py).

    `memberships_of(user)` builds it once per user object and keeps it on the object. Django makes a new
    `request.user` for every request, so this is a per-request cache: a membership changed in the admin
    counts from the next request on. Unit subtrees are walked on first use and kept too.
    """

    def __init__(self, user):
        self.is_superuser = bool(user.is_authenticated and user.is_superuser)
        # One query for what every page asks: the memberships (oldest first) with their provinces' names, and
        # whether the user holds the national permission (one row with no membership when they hold none).
        # With each membership, the provinces merged into its unit's province (Province.heir): a member of
        # Vĩnh Long's Sở reads and works on what Trà Vinh left, as Vĩnh Long's own.
        found = list(
            get_user_model()._default_manager.filter(pk=user.pk).annotate(national=Exists(_national_grants()))
            .order_by("memberships__pk")
            .values_list("memberships__unit_id", "memberships__unit__province_id", "memberships__role",
                         "memberships__unit__province__name", "national", "memberships__unit__province__inherited__id")
        ) if user.is_authenticated else []
        # (unit id, province id, role), oldest membership first.
        self.rows = list(dict.fromkeys(
            (unit, province, role) for unit, province, role, _name, _national, _old in found if unit is not None))
        self.inherited = {}
        for unit, province, _role, _name, _national, old in found:
            if unit is not None:
                self.inherited.setdefault(province, set())
                if old is not None:
                    self.inherited[province].add(old)
        self.national = bool(found and found[0][4] and user.is_active)
        self.roles = frozenset(role for _unit, _province, role in self.rows)
        self.province_ids = frozenset(self._reach(province for _unit, province, _role in self.rows))
        self.province_names = sorted({row[3] for row in found if row[0] is not None})
        self._subtrees = {}

    def _reach(self, province_ids):
        """The provinces and those merged into them."""
        reach = set()
        for province in province_ids:
            reach.add(province)
            reach |= self.inherited.get(province, set())
        return reach

    def holds(self, capability, province=None):
        """True when the user may do `capability` in the province (a Province or its id), or, without one,
        in at least one province."""
        if self.is_superuser and capability in SUPERUSER_CAPABILITIES:
            return True
        province_id = getattr(province, "pk", province)
        roles = roles_with(capability)
        return any(
            role in roles and (
                province_id is None or role in NATIONWIDE_ROLES
                or in_province == province_id or province_id in self.inherited[in_province]
            )
            for _unit, in_province, role in self.rows
        )

    def province_ids_with(self, capability):
        """Ids of the provinces where the user holds the capability; None for every province (a superuser)."""
        if self.is_superuser and capability in SUPERUSER_CAPABILITIES:
            return None
        roles = roles_with(capability)
        if any(role in roles and role in NATIONWIDE_ROLES for _unit, _province, role in self.rows):
            return None
        return frozenset(self._reach(province for _unit, province, role in self.rows if role in roles))

    def unit_ids_with(self, capability):
        """Ids of the units in which the user holds a role giving the capability, oldest membership first."""
        roles = roles_with(capability)
        return list(dict.fromkeys(unit for unit, _province, role in self.rows if role in roles))

    def units_under(self, capability):
        """Ids of those units and of every unit under them (the Trung tâm's staff act for its rooms)."""
        roots = frozenset(self.unit_ids_with(capability))  # two capabilities on the same units: one walk
        if roots not in self._subtrees:
            self._subtrees[roots] = subtree_ids(roots)
        return self._subtrees[roots]


def _national_grants():
    """The national permission given to the outer query's user, directly or through one of their groups."""
    from django.contrib.auth.models import Permission

    app_label, codename = NATIONAL_PERMISSION.split(".")
    return Permission.objects.filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")),
                                     content_type__app_label=app_label, codename=codename)


def memberships_of(user):
    """The user's memberships (`UserMemberships`), computed once per user object, that is once per request."""
    cached = getattr(user, "_tgpl_memberships", None)
    if cached is None:
        cached = UserMemberships(user)
        if user.is_authenticated:  # an anonymous user has no memberships: nothing worth keeping
            user._tgpl_memberships = cached
    return cached


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        """Plans the user may see: their provinces' plans, or all for national users."""
        if user_sees_all_provinces(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(province__in=memberships_of(user).province_ids)

    def in_force(self, year):
        """Issued or closed plans that cover `year` (a plan of one year, a range, or open-ended): what a year's
        report and the national view count."""
        covers = Q(start_year__lte=year) & (Q(open_ended=True) | Q(end_year__gte=year) |
                                            (Q(end_year__isnull=True) & Q(start_year=year)))
        return self.exclude(status=Plan.Status.DRAFT).filter(covers)

    def with_summary(self):
        """Annotate activity counts, share done and total budget, each computed in the database.

        Plans sit at the bottom of the app graph, so the activities and budgets above are reached by
        relation name ("activities", "budget_lines") rather than imported. Each figure is its own
        subquery so the joins of one never multiply the rows of another. Joins bypass the managers, so
        archived activities and budget lines are left out here by hand.
        """
        per_plan = Plan.objects.filter(pk=OuterRef("pk"))
        trackable = Q(activities__kind="activity") & live("activities")
        counts = per_plan.annotate(
            n=Count("activities", filter=trackable),
            done=Count("activities", filter=trackable & Q(activities__status="done")),
        )
        budget = per_plan.annotate(total=Sum("activities__budget_lines__amount",
                                             filter=live("activities", "activities__budget_lines")))
        return self.annotate(
            activity_count=Coalesce(Subquery(counts.values("n")), 0),
            done_count=Coalesce(Subquery(counts.values("done")), 0),
            budget_total=Coalesce(Subquery(budget.values("total")), 0),
        )


class Plan(Archivable):
    """A Kế hoạch: the document a Sở or Trung tâm issues, and the root of everything tracked."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Kế hoạch công tác năm")
        PROGRAMME = "programme", _("Kế hoạch thực hiện chương trình, đề án, chính sách")
        DIRECTIVE = "directive", _("Kế hoạch triển khai văn bản chỉ đạo")
        OTHER = "other", _("Kế hoạch khác")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="plans", verbose_name=_("tỉnh"))
    issuing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="issued_plans",
        verbose_name=_("cơ quan ban hành"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 19/KH-TGPL"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    kind = models.CharField(_("loại kế hoạch"), max_length=12, choices=Kind.choices, default=Kind.ANNUAL)
    title = models.TextField(_("trích yếu"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(
        _("đến năm"), null=True, blank=True, help_text=_("Bỏ trống khi kế hoạch không có năm kết thúc."),
    )
    open_ended = models.BooleanField(_("và những năm tiếp theo"), default=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    purpose = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    funding_note = models.TextField(_("kinh phí thực hiện"), blank=True)
    implementation_note = models.TextField(_("tổ chức thực hiện"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = LiveManager.from_queryset(PlanQuerySet)()
    all_objects = models.Manager.from_queryset(PlanQuerySet)()

    archive_with = ("activities",)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "-issued_on", "number"]
        permissions = [("view_all_provinces", _("Xem dữ liệu của mọi tỉnh"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="plan_year_range_forward",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=1945) & Q(start_year__lte=2200), name="plan_start_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def period_label(self):
        if self.open_ended:
            return _("%(year)s và những năm tiếp theo") % {"year": self.start_year}
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)

    @property
    def names_day(self):
        """The day whose unit names the plan reads with: its date of issue, or the first day of its first year."""
        return self.issued_on or datetime.date(self.start_year, 1, 1)

    @property
    def last_year(self):
        """The last year the plan covers, or None when it runs on."""
        if self.open_ended:
            return None
        return self.end_year or self.start_year

    @property
    def share_done(self):
        """Share of trackable activities done, 0–100, from the with_summary() annotations."""
        if not getattr(self, "activity_count", 0):
            return 0
        return 100 * self.done_count / self.activity_count

    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class LegalBasis(models.Model):
    """A document the plan cites ("Căn cứ …", "Thực hiện …"), linked to a plan when it is in the system."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases", verbose_name=_("kế hoạch"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    doc_type = models.CharField(_("loại văn bản"), max_length=100, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    cited_plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by",
        verbose_name=_("kế hoạch trong hệ thống"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")
        ordering = ["plan", "position", "id"]

    def __str__(self):
        return self.citation

    @property
    def citation(self):
        """The reference as a document writes it: "Quyết định số 2584/QĐ-BTP ngày 25/12/2020 của …"."""
        return format_citation(self.doc_type, self.number, self.issued_on, self.issuer, self.summary)
