"""The five plan documents in fixtures/documents read the same from text and from a Word file made of their lines.

bench/importer measures them in full against the seed_plans fixture.
"""
import pytest
from django.conf import settings

from importer.reading import parse_plan
from tests.importer.reading.helpers import docx_bytes, new_document

DOCUMENTS = settings.BASE_DIR / "fixtures" / "documents"
FILES = sorted(DOCUMENTS.glob("*.txt"))


def test_the_project_carries_its_five_plan_documents():
    # The fixtures are transcribed from these files and the importer is measured on them: they must be here.
    assert [path.name[:3] for path in FILES] == ["000", "001", "002", "003", "004"]


def as_word(text):
    document = new_document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    return docx_bytes(document)


@pytest.mark.parametrize("path", FILES, ids=[p.name[:3] for p in FILES])
def test_a_seed_reads_the_same_from_word(path):
    text = path.read_bytes()
    assert parse_plan(as_word(text.decode("utf-8")), "seed.docx").to_json() == parse_plan(text, path.name).to_json()


def test_the_annual_plan_of_the_centre():
    path = next(p for p in FILES if p.name.startswith("001"))
    parsed = parse_plan(as_word(path.read_text(encoding="utf-8")), "19-kh-tgpl.docx")
    activities = [node for node in parsed.walk() if not node.is_heading]
    assert parsed.number == "19/KH-TGPL" and len(activities) == 12
    assert sum(line.amount or 0 for node in activities for line in node.budget_lines) == 460_400_000
