"""The first draft of a report's four parts, written from the report rows of its window (reports/rows.py).

I.   Kết quả đạt được: per part of each plan, what was done, is under way, not started, overdue; targets
     reached; the units' result texts, shortened at a sentence; the money of the year.
II.  Tồn tại, hạn chế và nguyên nhân: overdue and behind-target activities, activities whose status and
     targets disagree, and the difficulties the units entered (the causes).
III. Nhiệm vụ, giải pháp thời gian tới: what falls due in the next period, what recurs, what is overdue.
IV.  Kiến nghị, đề xuất: the proposals the units entered, and money lines not yet granted.

Each part is plain text, one paragraph per line, so an editor changes it in a plain text box and every
writer (page, PDF, .docx) lays out the same paragraphs. Nothing here queries: everything is read from the rows
(an activity's recurrence too, Row.recurring).
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from activities.models import FINISHED_STATUSES, Status
from core.formatting import format_date, format_money, format_number, roman
from core.periods import PeriodKind, ReportingPeriod

MAX_ITEMS = 12  # a list in the narrative names at most this many activities; the rest are in the appendix
MAX_QUOTE = 240  # characters of a unit's result text quoted in part I


@dataclass(frozen=True)
class Parts:
    results: str
    shortcomings: str
    next_tasks: str
    proposals: str

    def as_dict(self):
        return {"results": self.results, "shortcomings": self.shortcomings, "next_tasks": self.next_tasks,
                "proposals": self.proposals}


def next_period(period):
    """The period a report's part III looks ahead to: the next quarter (after 6 or 9 months too), or the next year."""
    if period.kind == PeriodKind.YEAR:
        return ReportingPeriod(period.year + 1, PeriodKind.YEAR)
    last = period.last_quarter
    if last == 4:
        return ReportingPeriod(period.year + 1, PeriodKind.QUARTER, 1)
    return ReportingPeriod(period.year, PeriodKind.QUARTER, last + 1)


def period_words(period):
    """"quý IV năm 2021", "6 tháng đầu năm 2021", "năm 2021": the period as a sentence says it."""
    if period.kind == PeriodKind.QUARTER:
        return _("quý %(roman)s năm %(year)s") % {"roman": roman(period.quarter), "year": period.year}
    return period.label


def shorten(text, limit=MAX_QUOTE):
    """A unit's text cut at the end of a sentence (never inside a word) when it is long."""
    text = " ".join(str(text).split())
    text = re.sub(r"^\[Dữ liệu minh họa\]\s*", "", text)
    if len(text) <= limit:
        return text.rstrip(".;,") + "."
    sentences = re.split(r"(?<=[.;!?])\s+", text)
    kept = ""
    for sentence in sentences:
        if kept and len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > limit:  # one long sentence: stop at the last word that fits
        kept = kept[:limit].rsplit(" ", 1)[0] + " …"
    return kept.rstrip(".;,") + ("" if kept.endswith("…") else ".")


def _plan_name(plan):
    if plan.number:
        return _("Kế hoạch số %(number)s") % {"number": plan.number}
    if plan.issued_on:
        return _("Kế hoạch ngày %(date)s") % {"date": format_date(plan.issued_on)}
    return _("Kế hoạch “%(title)s”") % {"title": plan.title}


def _counts(rows):
    counts = {"total": 0, Status.DONE: 0, Status.IN_PROGRESS: 0, Status.NOT_STARTED: 0, "other": 0, "overdue": 0}
    for row in rows:
        if row.is_section or not row.status:
            continue
        counts["total"] += 1
        key = row.status if row.status in (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED) else "other"
        counts[key] += 1
        counts["overdue"] += row.overdue
    return counts


def _count_sentence(counts):
    parts = [
        (_("hoàn thành %(n)s") % {"n": counts[Status.DONE]}) if counts[Status.DONE] else "",
        (_("đang thực hiện %(n)s") % {"n": counts[Status.IN_PROGRESS]}) if counts[Status.IN_PROGRESS] else "",
        (_("chưa thực hiện %(n)s") % {"n": counts[Status.NOT_STARTED]}) if counts[Status.NOT_STARTED] else "",
        (_("tạm dừng hoặc không thực hiện %(n)s") % {"n": counts["other"]}) if counts["other"] else "",
        (_("quá hạn %(n)s") % {"n": counts["overdue"]}) if counts["overdue"] else "",
    ]
    return _("%(n)s hoạt động (%(detail)s)") % {"n": counts["total"], "detail": ", ".join(p for p in parts if p)}


def _groups(block):
    """The parts of a plan: each top-level node with the rows under it."""
    groups = []
    for row in block.rows:
        if row.depth == 0 or not groups:
            groups.append((row, []))
        groups[-1][1].append(row)
    return groups


def _quote_results(rows):
    quotes = []
    for row in rows:
        for line in row.result.splitlines():
            unit, _sep, text = line.partition("): ")
            if text:
                quotes.append(_("%(unit)s): %(text)s") % {"unit": unit, "text": shorten(text)})
    return quotes


def _results(report, scope_words):
    lines = [_("Trong %(period)s, %(scope)s theo dõi %(counts)s (%(when)s).") % {
        "period": period_words(report.period), "scope": scope_words,
        "counts": _count_sentence(_counts(report.rows)), "when": report.status_caption}]
    for block in report.blocks:
        if len(report.blocks) > 1:
            lines.append(_("%(plan)s (%(title)s): %(counts)s.") % {
                "plan": _plan_name(block.plan), "title": block.plan.title, "counts": _count_sentence(_counts(block.rows))})
        loose, parts = [], 0  # top-level activities that are not a part of their own: summed up in one sentence
        for head, rows in _groups(block):
            counts = _counts(rows)
            if not counts["total"]:
                continue
            if not head.is_section:
                loose.extend(rows)
                continue
            lines.append(_part_sentence(head.number, head.title.rstrip(". "), rows, counts))
            parts += 1
        if loose:
            numbers = [row.number for row in loose if row.depth == 0]
            shown = ", ".join(numbers[:MAX_ITEMS]) + (", …" if len(numbers) > MAX_ITEMS else "")
            title = (_("Các nhiệm vụ khác (mục %(numbers)s)") if parts else _("Các nhiệm vụ (mục %(numbers)s)")) % {
                "numbers": shown}
            lines.append(_part_sentence("", title, loose, _counts(loose)))
    totals = report.totals
    lines.append(_("Kinh phí năm ngân sách %(year)s: kinh phí kế hoạch %(planned)s, được cấp %(allocated)s; "
                   "chi trong kỳ %(period)s; lũy kế đã chi %(to_date)s, tỷ lệ giải ngân %(rate)s.") % {
        "year": report.windows.fiscal_year, "planned": format_money(totals.planned),
        "allocated": format_money(totals.allocated), "period": format_money(totals.spent_in_period),
        "to_date": format_money(totals.spent_to_date), "rate": report.execution_rate_text})
    if report.targets:
        lines.append(_("Chỉ tiêu: đạt %(reached)s/%(total)s chỉ tiêu (%(when)s); chi tiết tại Phụ lục II.") % {
            "reached": report.targets_reached, "total": len(report.targets), "when": report.targets_to_date_caption})
    return lines


def _part_sentence(number, title, rows, counts):
    """"2. Title: 4 hoạt động (…); đạt 2/4 chỉ tiêu. Kết quả: …" for one part of a plan."""
    targets = [t for row in rows for t in row.targets]
    sentence = (f"{number}. " if number else "") + _("%(title)s: %(counts)s") % {
        "title": title, "counts": _count_sentence(counts)}
    if targets:
        sentence += _("; đạt %(reached)s/%(total)s chỉ tiêu") % {
            "reached": sum(t.reached for t in targets), "total": len(targets)}
    quotes = _quote_results(rows)
    if len(quotes) > MAX_ITEMS:
        quotes = quotes[:MAX_ITEMS] + [_("(kết quả khác tại Phụ lục I)")]
    return sentence + (". " + _("Kết quả: ") + " ".join(quotes) if quotes else ".")


def _item(row, plan_of, extra=""):
    plan = plan_of.get(row.plan_id)
    where = _("mục %(number)s") % {"number": row.number}
    if plan is not None and plan_of.get("many"):
        where += _(" %(plan)s") % {"plan": _plan_name(plan)}
    text = f"- {row.title.rstrip('. ')} ({where}"
    if row.lead:
        text += f"; {row.lead}"
    return text + (f"; {extra}" if extra else "") + ")."


def _listed(rows, plan_of, extra=lambda row: ""):
    lines = [_item(row, plan_of, extra(row)) for row in rows[:MAX_ITEMS]]
    if len(rows) > MAX_ITEMS:
        lines.append(_("- Và %(n)s hoạt động khác (chi tiết tại Phụ lục I).") % {"n": len(rows) - MAX_ITEMS})
    return lines


def _plan_index(report):
    index = {block.plan.pk: block.plan for block in report.blocks}
    index["many"] = len(report.blocks) > 1
    return index


def _shortcomings(report):
    plan_of = _plan_index(report)
    trackable = [row for row in report.rows if not row.is_section and row.status]
    overdue = [row for row in trackable if row.overdue]
    behind = [row for row in trackable if row.targets_met is False and not row.overdue
              and row.status not in FINISHED_STATUSES]
    lines = []
    if overdue:
        lines.append(_("Còn %(n)s hoạt động quá hạn chưa hoàn thành:") % {"n": len(overdue)})
        lines += _listed(overdue, plan_of, lambda row: _("hạn %(due)s") % {"due": format_date(row.due)})
    if behind:
        lines.append(_("%(n)s hoạt động chưa đạt chỉ tiêu đề ra (%(when)s):") % {
            "n": len(behind), "when": report.targets_to_date_caption})
        lines += _listed(behind, plan_of, lambda row: ", ".join(
            f"{format_number(t.achieved_to_date)}/{t.label}" for t in row.targets if not t.reached))
    if report.flagged_rows:
        lines.append(_("%(n)s hoạt động có trạng thái chưa khớp với kết quả chỉ tiêu, cần rà soát lại.") % {
            "n": len(report.flagged_rows)})
    not_started = [row for row in trackable if row.status == Status.NOT_STARTED and not row.overdue]
    if not_started:
        lines.append(_("%(n)s hoạt động chưa triển khai trong kỳ.") % {"n": len(not_started)})
    if report.difficulties:
        lines.append(_("Nguyên nhân, khó khăn, vướng mắc do các đơn vị báo cáo:"))
        for number, _title, unit, text in report.difficulties[:MAX_ITEMS * 2]:
            lines.append(_("- %(unit)s (mục %(number)s): %(text)s") % {"unit": unit, "number": number,
                                                                      "text": shorten(text)})
    elif lines:
        lines.append(_("Các đơn vị chưa báo cáo nguyên nhân của các tồn tại nêu trên."))
    if not lines:
        lines.append(_("Trong %(period)s, không có hoạt động quá hạn hoặc chưa đạt chỉ tiêu; các đơn vị không báo "
                       "cáo khó khăn, vướng mắc.") % {"period": period_words(report.period)})
    return lines


def next_period_rows(report):
    """Activities the next period asks for: due in it, recurring, or overdue and not finished."""
    following = next_period(report.period)
    first, last = following.window(report.window_kind)
    due, repeated, late = [], [], []
    for row in report.rows:
        if row.is_section or not row.status or row.status in FINISHED_STATUSES:
            continue
        if row.overdue:
            late.append(row)
        elif row.due and first <= row.due <= last:
            due.append(row)
        elif row.recurring:
            repeated.append(row)
    return following, due, repeated, late


def _next_tasks(report):
    plan_of = _plan_index(report)
    following, due, repeated, late = next_period_rows(report)
    lines = []
    if late:
        lines.append(_("Khẩn trương hoàn thành các hoạt động quá hạn:"))
        lines += _listed(late, plan_of, lambda row: _("hạn %(due)s") % {"due": format_date(row.due)})
    if due:
        lines.append(_("Tập trung thực hiện các hoạt động đến hạn trong %(period)s:") % {"period": following.label})
        lines += _listed(due, plan_of, lambda row: _("hạn %(due)s") % {"due": format_date(row.due)})
    if repeated:
        lines.append(_("Duy trì các hoạt động thường xuyên, định kỳ:"))
        lines += _listed(repeated, plan_of, lambda row: row.timeframe)
    listed = {id(row) for row in late + due + repeated}  # by identity: rows compare by value, slowly
    ongoing = [row for row in report.rows if not row.is_section and row.status == Status.IN_PROGRESS
               and id(row) not in listed]
    if ongoing:
        lines.append(_("Tiếp tục triển khai %(n)s hoạt động đang thực hiện theo tiến độ của kế hoạch.") % {
            "n": len(ongoing)})
    behind = sum(1 for row in report.rows if row.targets_met is False and row.status not in FINISHED_STATUSES)
    if behind:
        lines.append(_("Đôn đốc các đơn vị chủ trì thực hiện %(n)s hoạt động chưa đạt chỉ tiêu; cập nhật tiến độ "
                       "và kinh phí đúng kỳ báo cáo.") % {"n": behind})
    if not lines:
        lines.append(_("Tất cả hoạt động trong phạm vi báo cáo đã hoàn thành; tiếp tục theo dõi, tổng hợp kết quả "
                       "trong %(period)s.") % {"period": following.label})
    return lines


def _proposals(report):
    lines = []
    for number, _title, unit, text in report.proposals[:MAX_ITEMS * 2]:
        lines.append(_("- %(unit)s (mục %(number)s): %(text)s") % {"unit": unit, "number": number,
                                                                  "text": shorten(text)})
    not_granted = [(row, line) for row in report.rows for line in row.lines if not line.allocated_flag]
    if not_granted:
        amount = sum(line.amount for _row, line in not_granted)
        lines.append(_("Đề nghị cấp có thẩm quyền xem xét cấp kinh phí cho %(n)s nội dung chưa được cấp, tổng số "
                       "%(amount)s (chi tiết tại Phụ lục III).") % {"n": len(not_granted),
                                                                    "amount": format_money(amount)})
    if report.lines_without_source:
        lines.append(_("Đề nghị bổ sung nguồn kinh phí cho %(n)s dòng kinh phí chưa xác định nguồn.") % {
            "n": len(report.lines_without_source)})
    if not lines:
        lines.append(_("Trong %(period)s, các đơn vị không có kiến nghị, đề xuất.") % {
            "period": period_words(report.period)})
    return lines


def scope_words(scope):
    """How part I names who did the work: the plan's issuer, the unit, or the province's bodies."""
    if scope.kind == "unit":
        return scope.unit.name
    if scope.kind == "plan" and scope.plan.issuing_unit_id:
        return scope.plan.issuing_unit.name
    return _("các cơ quan, đơn vị tỉnh %(province)s") % {"province": scope.province.name}


def draft_parts(report):
    """The four parts written from a built report (reports.rows.Report)."""
    return Parts(
        results="\n".join(_results(report, scope_words(report.scope))),
        shortcomings="\n".join(_shortcomings(report)),
        next_tasks="\n".join(_next_tasks(report)),
        proposals="\n".join(_proposals(report)),
    )
