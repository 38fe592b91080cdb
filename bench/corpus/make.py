"""Write the importer's corpus: every plan of bench/corpus/plans.py as a Word file and, where it says so, as
pasted text, each with its gold JSON, into bench/corpus/documents/.

    .venv/bin/python -m bench.corpus.make

The files are committed; run this again after changing plans.py or render.py (the output is deterministic).
"""
from pathlib import Path

from bench.corpus import render
from bench.corpus.plans import PLANS

OUT = Path(__file__).resolve().parent / "documents"


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for plan in PLANS:
        (OUT / f"{plan['key']}.gold.json").write_text(render.gold_json(plan), encoding="utf-8")
        if "docx" in plan["formats"]:
            (OUT / f"{plan['key']}.docx").write_bytes(render.word_document(plan))
        if "txt" in plan["formats"]:
            (OUT / f"{plan['key']}.txt").write_text(render.text_document(plan), encoding="utf-8")
        if "pasted" in plan["formats"]:
            # Pasted from Word into the import page's text box: the table's cells separated by tabs.
            (OUT / f"{plan['key']}.pasted.txt").write_text(render.text_document(plan, tables="tabs"),
                                                           encoding="utf-8")
    print(f"{len(PLANS)} plans written to {OUT}")


if __name__ == "__main__":
    main()
