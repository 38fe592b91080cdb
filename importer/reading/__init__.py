"""Reading a plan document (Kế hoạch) — .docx, .txt, .md or pasted text — into a draft, without touching
the database; matching the unit names it mentions against a province's units.

    parse_plan(data, filename, province=None) -> ParsedPlan      (raises only ImportProblem)
    parse_text(text, province=None) -> ParsedPlan
    ParsedPlan.to_json() / ParsedPlan.from_json(data)
    match_units(names, province) -> {name: Unit | None}

Nothing here imports a model above plans; saving the draft is importer.save.
"""
from importer.reading.blocks import Block, Paragraph, Table
from importer.reading.draft import ParsedActivity, ParsedBudgetLine, ParsedLegalBasis, ParsedPlan, ParsedTarget
from importer.reading.errors import ImportProblem
from importer.reading.files import read_document
from importer.reading.parser import parse_blocks, parse_plan, parse_text
from importer.reading.units import expand, match_units, suggest_units

__all__ = [
    "Block", "ImportProblem", "Paragraph", "ParsedActivity", "ParsedBudgetLine", "ParsedLegalBasis", "ParsedPlan",
    "ParsedTarget", "Table", "expand", "match_units", "parse_blocks", "parse_plan", "parse_text", "read_document",
    "suggest_units",
]
