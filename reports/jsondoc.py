"""Write a built Report as JSON: the same rows the page, the PDF and the workbook are drawn from.

The schema is documented in the README ("Báo cáo dạng JSON"). Money is always integer đồng; dates are ISO
(YYYY-MM-DD); a share or a rate is left to the reader (spent_to_date / allocated, achieved / quantity) except
`share_done`, given in per cent with one decimal for convenience. Every key is always present.
"""
import json

from budgets.selectors import FIGURES

SCHEMA = "tgpl-report/1"


def _money(item):
    return item.money.as_dict() if hasattr(item, "money") else item.as_dict()


def _window(pair):
    first, last = pair
    return {"first": first.isoformat(), "last": last.isoformat()}


def _line(line):
    return {
        "description": line.description,
        "funding_source": line.funding_source,
        "fiscal_year": line.fiscal_year,
        "assigned_to_year": line.assigned_to_year,
        "allocated": line.allocated_flag,
        "decision_reference": line.decision_reference,
        "amount": line.amount,  # planned; allocated too when `allocated` is true
        "spent_in_period": line.spent_in_period,
        "spent_to_date": line.spent_to_date,
    }


def _target(target):
    return {
        "quantity": target.quantity,
        "measure": target.measure,
        "description": target.description,
        "kind": "level" if target.is_level else "count",
        "achieved_in_period": target.achieved_in_period,
        "achieved_to_date": target.achieved_to_date,
        "share_done": round(target.share, 1) if target.share is not None else None,
        "reached": target.reached,
    }


def _activity(row):
    return {
        "number": row.number,
        "title": row.title,
        "kind": "section" if row.is_section else "activity",
        "depth": row.depth,
        "lead": row.lead_units or ([row.lead] if row.lead else []),
        "coordinating": row.coordinating_units or ([row.coordinating] if row.coordinating else []),
        "timeframe": row.timeframe,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status or None,
        "status_label": row.status_label or None,
        "overdue": row.overdue,
        "money_counted": row.counted,
        "money_elsewhere": row.money_elsewhere,
        "money_counted_under": row.money_owner or None,
        **_money(row),
        "targets": [_target(target) for target in row.targets],
        "targets_met": row.targets_met,
        "flag": row.flag or None,
        "budget_lines": [_line(line) for line in row.lines + row.unassigned_lines],
    }


def report_data(report):
    """The report as plain Python data (dicts, lists, ints, strings, None)."""
    scope = report.scope
    meanings = dict(report.legend())
    return {
        "schema": SCHEMA,
        "draft": report.draft,
        "scope": {"kind": scope.kind, "code": scope.code, "label": str(scope.label),
                  "province": scope.province.name},
        "period": {"code": report.period.code, "label": report.period.label, "window": _window(report.window),
                   "window_kind": report.window_kind},
        "fiscal_year": report.windows.fiscal_year,
        "windows": {"spent_in_period": _window(report.windows.period),
                    "spent_to_date": _window(report.windows.to_date)},
        "issued_on": report.issued_on.isoformat(),
        "figures": {key: {"label": str(figure.label), "meaning": meanings[str(figure.label)]}
                    for key, figure in FIGURES.items()},
        "rules": [str(rule) for rule in report.rules()],
        "totals": report.totals.as_dict(),
        "not_assigned_to_year": report.unassigned.as_dict(),
        "status_counts": report.status_counts,
        "by_source": [{"funding_source": line.name if line.known else None, **_money(line)}
                      for line in report.by_source],
        "by_lead_unit": [{"unit": unit.name if unit.known else None, "activities": unit.total, "done": unit.done,
                          "overdue": unit.overdue, **_money(unit)} for unit in report.by_unit],
        "plans": [{
            "number": block.plan.number,
            "title": block.plan.title,
            "status": block.plan.status,
            "years": str(block.plan.period_label),
            **_money(block),
            "not_assigned_to_year": block.unassigned.as_dict(),
            "activities": [_activity(row) for row in block.rows],
            "coordinated_activities": [_activity(row) for row in block.coordinated],
        } for block in report.blocks],
        "flags": [{"plan": block.plan.number, "number": row.number, "title": row.title, "status": row.status,
                   "flag": row.flag} for block in report.blocks for row in block.rows if row.flag],
        "difficulties": [{"number": number, "unit": unit, "text": text}
                         for number, _title, unit, text in report.difficulties],
        "proposals": [{"number": number, "unit": unit, "text": text}
                      for number, _title, unit, text in report.proposals],
    }


def write_json(report):
    """The report as UTF-8 JSON bytes (Vietnamese letters written as they are)."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2).encode("utf-8")
