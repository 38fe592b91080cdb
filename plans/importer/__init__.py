"""Reading a plan document (Kế hoạch) — .docx, .txt, .md or pasted text — into a draft, without touching
the database; matching the unit names it mentions against a province's units.

    parse_plan(data, filename, province=None) -> ParsedPlan      (raises only ImportProblem)
    parse_text(text, province=None) -> ParsedPlan
    ParsedPlan.to_json() / ParsedPlan.from_json(data)
    match_units(names, province) -> {name: Unit | None}

Saving a draft writes activities and budget lines, which sit above this app: see budgets.plan_import.
"""
from plans.importer.blocks import Block, Paragraph, Table
from plans.importer.draft import ParsedActivity, ParsedBudgetLine, ParsedLegalBasis, ParsedPlan, ParsedTarget
from plans.importer.errors import ImportProblem
from plans.importer.parser import parse_blocks, parse_plan, parse_text
from plans.importer.reading import read_document
from plans.importer.units import expand, match_units, suggest_units

__all__ = [
    "Block", "ImportProblem", "Paragraph", "ParsedActivity", "ParsedBudgetLine", "ParsedLegalBasis", "ParsedPlan",
    "ParsedTarget", "Table", "expand", "match_units", "parse_blocks", "parse_plan", "parse_text", "read_document",
    "suggest_units",
]
