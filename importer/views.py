"""Import a plan from its Word document or pasted text: read, review and correct, then save as a draft.

Nothing is written before the editor saves: the draft read from the document travels between the two
steps inside the review form, signed so that it cannot be altered on the way.
"""
import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.limits import LimitExceeded, run_limited
from importer.forms import REVIEW_FORM_ID, ImportReviewForm, ImportSourceForm, row_actions
from importer.reading import ImportProblem, ParsedLegalBasis, ParsedPlan, match_units, parse_plan, suggest_units
from importer.reading.parser import check_stated_total
from importer.review import apply_row_actions
from importer.save import save_draft
from plans.access import get_provinces_for_editor
from plans.models import Province

SALT = "budgets.plan-import"
DRAFT_MAX_AGE = 24 * 60 * 60  # a review left open overnight still saves; an older one is read again


def parse_limit_message(exceeded):
    if exceeded.kind == "time":
        return _("Văn bản này đọc quá lâu (quá %(seconds)s giây) nên đã dừng; không có gì được lưu. Hãy chia văn bản "
                 "thành phần nhỏ hơn hoặc bỏ bớt bảng, hình ảnh rồi nhập lại.") % {"seconds": settings.IMPORT_PARSE_SECONDS}
    return _("Văn bản này cần quá nhiều bộ nhớ để đọc nên đã dừng; không có gì được lưu. Hãy lưu lại tệp bằng Word "
             "(bỏ bớt hình ảnh) hoặc dán nội dung vào ô văn bản.")


@login_required
def plan_import(request):
    provinces = _provinces(request.user)
    posted = request.method == "POST"
    form = ImportSourceForm(request.POST if posted else None, request.FILES if posted else None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        province = form.cleaned_data["province"]
        data, filename = form.source()
        try:
            # A hostile or unlucky document costs this one request, not the worker (core/limits.py).
            parsed = run_limited(parse_plan, data, filename, province=province,
                                 seconds=settings.IMPORT_PARSE_SECONDS, memory_bytes=settings.IMPORT_PARSE_MEMORY_BYTES)
        except LimitExceeded as exceeded:
            form.add_error("document" if form.cleaned_data.get("document") else "text", parse_limit_message(exceeded))
        except ImportProblem as problem:
            form.add_error("document" if form.cleaned_data.get("document") else "text", str(problem))
        else:
            draft = parsed.to_json()
            review = ImportReviewForm(
                initial={**_header_initial(draft), "draft": _sign(province, draft)},
                province=province, unit_names=_unit_names(draft), row_count=_row_count(draft),
            )
            _preselect_units(review, province, draft)
            return _render_review(request, review, province, draft)
    status = 400 if request.method == "POST" else 200
    return render(request, "importer/import.html", {"form": form}, status=status)


@login_required
@require_POST
def plan_import_save(request):
    provinces = _provinces(request.user)
    try:
        payload = signing.loads(request.POST.get("draft", ""), salt=SALT, max_age=DRAFT_MAX_AGE)
        province = provinces.get(pk=payload["province"])
        draft = payload["plan"]
    except (signing.BadSignature, KeyError, TypeError, Province.DoesNotExist):
        messages.error(request, _("Bản đọc thử đã hết hạn hoặc không hợp lệ; hãy tải văn bản lên lại."))
        return redirect("importer:import")
    actions = row_actions(request.POST, _row_count(draft))
    if "apply" in request.POST:
        return _apply_rows(request, province, draft, actions)
    review = ImportReviewForm(request.POST, province=province, unit_names=_unit_names(draft),
                              row_count=_row_count(draft))
    if not review.is_valid():
        return _render_review(request, review, province, draft, status=400)
    header = review.cleaned_data
    issued_on = header["issued_on"]
    draft = {
        **draft,
        "number": header["number"].strip(),
        "title": header["title"].strip(),
        "place": header["place"].strip(),
        "issued_on": issued_on.isoformat() if issued_on else None,
        "start_year": header["start_year"],
    }
    parsed = ParsedPlan.from_json(draft)
    problems = apply_row_actions(parsed, actions)
    if problems:
        for problem in problems:
            review.add_error(None, problem)
        return _render_review(request, review, province, draft, status=400)
    try:
        plan = save_draft(
            parsed, province=province, issuing_unit=header["issuing_unit"],
            user=request.user, unit_choices=review.unit_choices(),
        )
    except ImportProblem as problem:
        review.add_error(None, str(problem))
        return _render_review(request, review, province, draft, status=400)
    messages.success(
        request,
        _("Đã lưu kế hoạch dự thảo từ văn bản. Hãy rà soát nội dung trong trình soạn nội dung trước khi ban hành."),
    )
    return redirect(plan)


def _apply_rows(request, province, draft, actions):
    """The review again, with the rows as the editor corrected them; what was typed in the header and chosen
    for each unit name is kept. Nothing is written."""
    old_names = _unit_names(draft)
    picked = {name: request.POST.getlist(f"don-vi-{index}") for index, name in enumerate(old_names)}
    parsed = ParsedPlan.from_json(draft)
    problems = apply_row_actions(parsed, actions)
    check_stated_total(parsed)
    draft = parsed.to_json()
    initial = {name: request.POST.get(name, "") for name in ("number", "place", "issued_on", "title", "start_year",
                                                             "issuing_unit")}
    review = ImportReviewForm(initial={**initial, "draft": _sign(province, draft)}, province=province,
                              unit_names=_unit_names(draft), row_count=_row_count(draft))
    for index, name in enumerate(review.unit_names):
        review.fields[f"don-vi-{index}"].initial = picked.get(name, [])
    for problem in problems:
        messages.warning(request, problem)
    if actions and not problems:
        messages.info(request, _("Đã sửa các dòng theo lựa chọn. Chưa có gì được lưu."))
    return _render_review(request, review, province, draft)


def _sign(province, draft):
    return signing.dumps({"province": province.pk, "plan": draft}, salt=SALT, compress=True)


def _row_count(draft):
    return sum(1 for _node in _walk_plain(draft.get("activities") or []))


def _provinces(user):
    return get_provinces_for_editor(user, _("Chỉ cán bộ biên tập kế hoạch mới được nhập kế hoạch từ văn bản."))


def _render_review(request, review, province, draft, status=200):
    matched = {name: bool(field.value()) for name, field in review.unit_fields()}
    return render(request, "importer/import_review.html", {
        "review": review,
        "province": province,
        "draft": draft,
        "nodes": [{**item, "row_field": review.row_field(index)}
                  for index, item in enumerate(_walk(draft.get("activities") or [], matched))],
        "bases": [ParsedLegalBasis.from_json(basis) for basis in draft.get("legal_bases") or []],
        "form_id": REVIEW_FORM_ID,
        "activity_count": sum(1 for node, _depth in _walk_plain(draft.get("activities") or []) if not node.get("is_heading")),
        "budget_total": sum(line.get("amount") or 0 for node, _depth in _walk_plain(draft.get("activities") or [])
                            for line in node.get("budget_lines") or []),
        "unmatched": [name for name, ok in matched.items() if not ok],
    }, status=status)


def _walk_plain(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from _walk_plain(node.get("children") or [], depth + 1)


def _walk(nodes, matched):
    """Nodes in reading order with what the review must highlight."""
    for node, depth in _walk_plain(nodes):
        doubts = []
        if not node.get("is_heading"):
            if not node.get("lead_units"):
                doubts.append(_("chưa đọc được đơn vị chủ trì"))
            if node.get("timeframe_text") and not node.get("timeframe_understood"):
                doubts.append(_("chưa hiểu được thời gian"))
            elif not node.get("timeframe_text"):
                doubts.append(_("không ghi thời gian"))
        yield {
            "node": node, "depth": depth, "doubts": doubts,
            "leads": [(name, matched.get(name, False)) for name in node.get("lead_units") or []],
            "coordinators": [(name, matched.get(name, False)) for name in node.get("coordinating_units") or []],
            "start": _date(node.get("start")), "due": _date(node.get("due")),
        }


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _unit_names(draft):
    names = []
    for node, _depth in _walk_plain(draft.get("activities") or []):
        for name in (node.get("lead_units") or []) + (node.get("coordinating_units") or []):
            if name not in names:
                names.append(name)
    return names


def _preselect_units(review, province, draft):
    """Each name's units as the reader matched them; a plural name ("Các Phòng") gets every unit it covers."""
    issuing_body = draft.get("issuing_body") or ""
    on = _date(draft.get("issued_on")) or timezone.localdate()  # old names → the units existing that day
    issuer = match_units([issuing_body], province, on=on).get(issuing_body) if issuing_body else None
    if issuer is not None and issuer.kind != issuer.Kind.INTERNAL:
        issuer = None
    suggestions = suggest_units(review.unit_names, province, issuing_unit=issuer, on=on)
    for index, name in enumerate(review.unit_names):
        review.fields[f"don-vi-{index}"].initial = [str(unit.pk) for unit in suggestions.get(name) or []]
    if issuer is not None:
        review.fields["issuing_unit"].initial = issuer.pk


def _header_initial(draft):
    issued_on = _date(draft.get("issued_on"))
    return {
        "number": draft.get("number") or "",
        "place": draft.get("place") or "",
        "issued_on": issued_on,
        "title": draft.get("title") or "",
        "start_year": draft.get("start_year") or _year_of(draft, issued_on),
    }


def _year_of(draft, issued_on):
    """The plan's year when the document does not say it outright: its title, else its date, else this year."""
    found = re.search(r"\b(19[5-9]\d|2[01]\d\d)\b", draft.get("title") or "")
    if found:
        return int(found.group(1))
    return issued_on.year if issued_on else timezone.localdate().year
