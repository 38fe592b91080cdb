"""Accuracy of the plan importer over its whole corpus: the five seed documents, compared field by field with
the hand-transcribed seed_plans fixture, and the plans of bench/corpus (Word files and pasted text written in
other provinces' habits), each compared with its gold JSON.

    .venv/bin/python -m bench.importer [--verbose] [--only seeds|corpus]

The documents are the project's own, in fixtures/documents (SEEDS_DIR=DIR reads another folder of as
many .txt files in the fixture's order instead, e.g. the same plans typed again). The fixture is loaded
into a throw-away SQLite database, so unit names are matched against the same unit tree the fixture
uses. For every field it prints precision (share of what the importer read that is right) and recall
(share of what the fixture holds that the importer found), then the same over all fields.

How values are compared (the fixture was typed by hand, and its transcriber corrected typos and trimmed
some titles): texts are compared without diacritics, case, punctuation or bullets, and count as equal
from a similarity of 0.9 (difflib); activities are paired by title in document order before their
fields are compared; targets by quantity and the first word of the measure ("Hội nghị tập huấn" ≈
"Hội nghị"); units by the unit they resolve to.
"""
import argparse
import datetime
import difflib
import json
import os
import sys
import tempfile
from collections import Counter
from operator import eq
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='tgpl-import-bench-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgpl.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from activities.models import Activity  # noqa: E402
from importer.reading import parse_plan, suggest_units  # noqa: E402
from importer.reading.patterns import BULLET, key  # noqa: E402
from plans.models import Plan  # noqa: E402

SIMILAR = 0.9
FIELDS = [
    "number", "title", "place", "issued_on", "issuing_body", "kind", "period", "legal_bases", "legal_basis_issuer",
    "legal_basis_summary", "legal_basis_link", "purpose", "requirements", "funding_note", "implementation_note",
    "activity_titles", "tree_numbering", "number_label", "heading_or_activity", "description", "lead_units",
    "coordinating_units", "timeframe", "expected_result", "targets", "budget_amounts", "stated_total", "recipients",
    "signer_title", "signer_name",
]
CORPUS_DIR = ROOT / "bench" / "corpus" / "documents"


class Score:
    def __init__(self):
        self.tp = Counter()
        self.fp = Counter()
        self.fn = Counter()
        self.misses = []

    def scalar(self, field, expected, got, same, where=""):
        e_empty, g_empty = _empty(expected), _empty(got)
        if e_empty and g_empty:
            return
        if not e_empty and not g_empty and same(expected, got):
            self.tp[field] += 1
            return
        if not g_empty:
            self.fp[field] += 1
        if not e_empty:
            self.fn[field] += 1
        self.misses.append((field, where, expected, got))

    def multiset(self, field, expected, got, same=lambda a, b: a == b, where=""):
        left = list(got)
        matched = 0
        missing = []
        for item in expected:
            index = next((i for i, other in enumerate(left) if same(item, other)), None)
            if index is None:
                missing.append(item)
                continue
            matched += 1
            del left[index]
        self.tp[field] += matched
        self.fp[field] += len(left)
        self.fn[field] += len(missing)
        if missing or left:
            self.misses.append((field, where, missing, left))


def _empty(value):
    return value is None or value == "" or value == [] or value == ()


def norm(text):
    lines = [BULLET.sub("", line.strip()) for line in str(text or "").split("\n")]
    return key(" ".join(lines))


def similar(a, b):
    a, b = norm(a), norm(b)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


# --- the fixture as trees ---------------------------------------------------------------------------

def fixture_nodes(plan):
    nodes = list(Activity.objects.filter(plan=plan).prefetch_related(
        "lead_units", "coordinating_units", "targets", "budget_lines"))
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out = []

    def walk(parent_id, path):
        for position, node in enumerate(sorted(children.get(parent_id, []), key=lambda n: (n.position, n.pk)), 1):
            out.append({
                "path": path + (position,), "title": node.title, "heading": node.kind == "section",
                "description": node.description,
                "lead": sorted(u.pk for u in node.lead_units.all()),
                "coord": sorted(u.pk for u in node.coordinating_units.all()),
                "time": (norm(node.timeframe_text), node.start, node.due) if node.timeframe_text else None,
                "result": node.expected_result,
                "targets": [(t.quantity, _head(t.measure)) for t in node.targets.all()],
                "budget": [b.amount for b in node.budget_lines.all()],
            })
            walk(node.pk, path + (position,))

    walk(None, ())
    return out


def parsed_nodes(parsed, resolve):
    out = []

    def walk(nodes, path):
        for position, node in enumerate(nodes, 1):
            out.append({
                "path": path + (position,), "title": node.title, "heading": node.is_heading,
                "number": node.number, "description": node.description,
                "lead": resolve(node.lead_units), "coord": resolve(node.coordinating_units),
                "time": (norm(node.timeframe_text), node.start, node.due) if node.timeframe_text else None,
                "result": node.expected_result,
                "targets": [(t.quantity, _head(t.measure)) for t in node.targets],
                "budget": [b.amount or 0 for b in node.budget_lines],
            })
            walk(node.children, path + (position,))

    walk(parsed.activities, ())
    return out


def _head(measure):
    words = norm(measure).split()
    return words[0] if words else ""


def align(expected, got):
    """Pairs (i, j) of expected and parsed nodes in document order, maximising title similarity."""
    n, m = len(expected), len(got)
    sim = [[difflib.SequenceMatcher(None, norm(e["title"]), norm(g["title"]), autojunk=False).ratio()
            for g in got] for e in expected]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= 0.5 else -1
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= 0.5 and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


# --- one plan ---------------------------------------------------------------------------------------

def compare(score, plan, parsed):
    where = plan.number or plan.title[:40]
    province = plan.province
    issuing = suggest_units([parsed.issuing_body], province).get(parsed.issuing_body) if parsed.issuing_body else []
    issuing_unit = issuing[0] if issuing else None
    suggestions = suggest_units(parsed.unit_names(), province, issuing_unit=issuing_unit)

    def resolve(names):
        pks = set()
        for name in names:
            units = suggestions.get(name) or []
            pks |= {u.pk for u in units} if units else {f"new:{key(name)}"}
        return sorted(pks, key=str)

    score.scalar("number", plan.number, parsed.number, lambda a, b: key(a) == key(b), where)
    score.scalar("title", plan.title, parsed.title, similar, where)
    score.scalar("place", plan.place, parsed.place, lambda a, b: key(a) == key(b), where)
    score.scalar("issued_on", plan.issued_on, parsed.issued_on, eq, where)
    score.scalar("issuing_body", plan.issuing_unit_id, issuing_unit.pk if issuing_unit else None, eq, where)
    score.scalar("kind", plan.kind, parsed.kind, eq, where)
    score.scalar("period", (plan.start_year, plan.end_year, plan.open_ended),
                 (parsed.start_year, parsed.end_year, parsed.open_ended), eq, where)

    expected_bases = list(plan.legal_bases.order_by("position"))
    ident = lambda b: (key(b.doc_type), key(b.number).replace(" ", ""), b.issued_on)  # noqa: E731
    score.multiset("legal_bases", [ident(b) for b in expected_bases], [ident(b) for b in parsed.legal_bases],
                   where=where)
    got_by_ident = {ident(b): b for b in parsed.legal_bases}
    for basis in expected_bases:
        other = got_by_ident.get(ident(basis))
        if other is None:
            continue
        score.scalar("legal_basis_issuer", basis.issuer, other.issuer, similar, where)
        score.scalar("legal_basis_summary", basis.summary, other.summary, similar, where)
        score.scalar("legal_basis_link", basis.cited_plan_id, other.plan_id, eq, where)

    for field in ("purpose", "requirements", "funding_note", "implementation_note"):
        score.scalar(field, getattr(plan, field), getattr(parsed, field), similar, where)
    score.multiset("recipients", [norm(r) for r in plan.recipient_lines()], [norm(r) for r in parsed.recipients],
                   where=where)
    score.scalar("signer_title", plan.signer_title, parsed.signer_title, lambda a, b: key(a) == key(b), where)
    score.scalar("signer_name", plan.signer_name, parsed.signer_name, lambda a, b: key(a) == key(b), where)

    compare_nodes(score, fixture_nodes(plan), parsed_nodes(parsed, resolve), where)


def compare_nodes(score, expected, got, where, numbered=False):
    """Pair the expected nodes with the parsed ones and score every field of each pair; `numbered` scores the
    document's own number labels too (the corpus' gold has them, the seeds' fixture does not)."""
    pairs = align(expected, got)
    paired_e = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    node_fields = [("activity_titles", "title", similar), ("description", "description", similar),
                   ("expected_result", "result", similar), ("timeframe", "time", eq)]
    for i, j in pairs:
        e, g = expected[i], got[j]
        at = f"{where} {'.'.join(map(str, e['path']))}"
        for field, name, same in node_fields:
            score.scalar(field, e[name], g[name], same, at)
        score.scalar("tree_numbering", e["path"], g["path"], eq, at)
        if numbered:
            score.scalar("number_label", e["number"], g["number"], eq, at)
        score.scalar("heading_or_activity", "section" if e["heading"] else "activity",
                     "section" if g["heading"] else "activity", eq, at)
        score.multiset("lead_units", e["lead"], g["lead"], where=at)
        score.multiset("coordinating_units", e["coord"], g["coord"], where=at)
        score.multiset("targets", e["targets"], g["targets"], where=at)
        score.multiset("budget_amounts", e["budget"], g["budget"], where=at)
    for index, node in enumerate(expected):
        if index not in paired_e:
            _unpaired(score, node, "fn", f"{where} {'.'.join(map(str, node['path']))} (not found)")
    for index, node in enumerate(got):
        if index not in paired_g:
            _unpaired(score, node, "fp", f"{where} parsed {'.'.join(map(str, node['path']))} (no counterpart)")



def _unpaired(score, node, side, where):
    counter = score.fn if side == "fn" else score.fp
    for field, name in (("activity_titles", "title"), ("tree_numbering", "path"), ("heading_or_activity", "heading"),
                        ("description", "description"), ("expected_result", "result"), ("timeframe", "time")):
        if name == "heading" or not _empty(node[name]):
            counter[field] += 1
    for field, name in (("lead_units", "lead"), ("coordinating_units", "coord"), ("targets", "targets"),
                        ("budget_amounts", "budget")):
        counter[field] += len(node[name])
    score.misses.append(("activity", where, node["title"][:70], ""))


def _pct(num, den):
    return f"{100 * num / den:6.1f} %" if den else "    n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every mismatch")
    parser.add_argument("--only", choices=("seeds", "corpus"), help="score one part of the corpus only")
    args = parser.parse_args()

    score = Score()
    if args.only != "corpus":
        score_seeds(score)
    if args.only != "seeds":
        score_corpus(score)
    print_score(score, args.verbose)


def score_seeds(score):
    seeds_dir = Path(os.environ.get("SEEDS_DIR") or ROOT / "fixtures" / "documents")
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        sys.exit(f"No seed documents in {seeds_dir} (set SEEDS_DIR).")
    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plans", verbosity=0)
    plans = list(Plan.objects.order_by("pk"))

    if len(seeds) != len(plans):
        sys.exit(f"{len(seeds)} seed documents but {len(plans)} plans in the fixture.")
    # The fixture holds the plans in the order of the seed files (fixtures/build_fixtures.py).
    for path, plan in zip(seeds, plans):
        parsed = parse_plan(path.read_bytes(), path.name, province=plan.province)
        compare(score, plan, parsed)
        print(f"{path.name}: {plan.number or '(không số)'} — {plan.title[:70]}")


def score_corpus(score):
    golds = sorted(CORPUS_DIR.glob("*.gold.json"))
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.name[:-len(".gold.json")]
        for path in sorted(CORPUS_DIR.glob(f"{stem}.*")):
            if path.suffix not in (".docx", ".txt"):
                continue
            parsed = parse_plan(path.read_bytes(), path.name)
            compare_gold(score, gold, parsed, path.name)
            print(f"{path.name}: {gold['number']} — {gold['title'][:70]}")


def print_score(score, verbose):
    print()
    print(f"{'field':24} {'precision':>10} {'recall':>10} {'tp':>5} {'fp':>5} {'fn':>5}")
    total = Counter()
    for field in FIELDS:
        tp, fp, fn = score.tp[field], score.fp[field], score.fn[field]
        total["tp"] += tp
        total["fp"] += fp
        total["fn"] += fn
        print(f"{field:24} {_pct(tp, tp + fp):>10} {_pct(tp, tp + fn):>10} {tp:5} {fp:5} {fn:5}")
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    print(f"{'overall':24} {_pct(tp, tp + fp):>10} {_pct(tp, tp + fn):>10} {tp:5} {fp:5} {fn:5}")
    if verbose:
        print("\nMismatches:")
        for field, where, expected, got in score.misses:
            print(f"- {field} @ {where}\n    expected: {expected!r}\n    parsed:   {got!r}")


# --- a plan of bench/corpus against its gold ----------------------------------------------------------

def _iso_date(value):
    return datetime.date.fromisoformat(value) if value else None


def gold_nodes(gold):
    out = []

    def walk(nodes, path):
        for position, node in enumerate(nodes, 1):
            time = node["time"]
            out.append({
                "path": path + (position,), "title": node["title"], "heading": node["heading"],
                "number": node["number"], "description": node["description"],
                "lead": [key(n) for n in node["lead"]], "coord": [key(n) for n in node["coord"]],
                "time": (norm(time["text"]), _iso_date(time["start"]), _iso_date(time["due"])) if time else None,
                "result": node["result"],
                "targets": [(q, _head(m)) for q, m in node["targets"]],
                "budget": list(node["budget"]),
            })
            walk(node["children"], path + (position,))

    walk(gold["activities"], ())
    return out


def compare_gold(score, gold, parsed, where):
    same_key = lambda a, b: key(a) == key(b)  # noqa: E731
    score.scalar("number", gold["number"], parsed.number, same_key, where)
    score.scalar("title", gold["title"], parsed.title, similar, where)
    score.scalar("place", gold["place"], parsed.place, same_key, where)
    score.scalar("issued_on", _iso_date(gold["issued_on"]), parsed.issued_on, eq, where)
    score.scalar("issuing_body", gold["issuing_body"], parsed.issuing_body, same_key, where)
    score.scalar("kind", gold["kind"], parsed.kind, eq, where)
    score.scalar("period", tuple(gold["period"]), (parsed.start_year, parsed.end_year, parsed.open_ended), eq, where)

    ident = lambda doc_type, number, issued_on: (key(doc_type), key(number).replace(" ", ""), issued_on)  # noqa: E731
    expected_bases = [(ident(b["doc_type"], b["number"], _iso_date(b["issued_on"])), b) for b in gold["legal_bases"]]
    got_bases = {ident(b.doc_type, b.number, b.issued_on): b for b in parsed.legal_bases}
    score.multiset("legal_bases", [i for i, _ in expected_bases], list(got_bases), where=where)
    for marker, basis in expected_bases:
        other = got_bases.get(marker)
        if other is None:
            continue
        score.scalar("legal_basis_issuer", basis["issuer"], other.issuer, similar, where)
        score.scalar("legal_basis_summary", basis["summary"], other.summary, similar, where)

    for field in ("purpose", "requirements", "funding_note", "implementation_note"):
        score.scalar(field, gold[field], getattr(parsed, field), similar, where)
    score.scalar("stated_total", gold["stated_total"], parsed.stated_total, eq, where)
    score.multiset("recipients", [norm(r) for r in gold["recipients"]], [norm(r) for r in parsed.recipients],
                   where=where)
    score.scalar("signer_title", gold["signer_title"], parsed.signer_title, eq, where)
    score.scalar("signer_name", gold["signer_name"], parsed.signer_name, same_key, where)

    expected = gold_nodes(gold)
    got = parsed_nodes(parsed, lambda names: [key(n) for n in names])
    compare_nodes(score, expected, got, where, numbered=True)

if __name__ == "__main__":
    main()
