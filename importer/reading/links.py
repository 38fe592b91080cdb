"""Cited documents that are plans already in the system: linked by number, or — for a plan entered
without its number — by date and title. Read-only: nothing is written.
"""
import difflib

from django.utils.translation import gettext as _

from importer.reading import header as hdr
from importer.reading.patterns import key
from plans.models import Plan


def number_key(number):
    return key(number).replace(" ", "").upper()


def find_plan(basis, candidates):
    """The pk of the plan `basis` cites among `candidates` (dicts of pk, number, issued_on, title), or None."""
    if basis.number:
        wanted = number_key(basis.number)
        for plan in candidates:
            if plan["number"] and number_key(plan["number"]) == wanted:
                return plan["pk"]
    if key(basis.doc_type) != "ke hoach" or not basis.issued_on or not basis.summary:
        return None
    summary = key(basis.summary)
    for plan in candidates:
        if plan["number"] or plan["issued_on"] != basis.issued_on:
            continue
        title = key(plan["title"])
        if title and (title in summary or difflib.SequenceMatcher(None, title, summary).ratio() >= 0.85):
            return plan["pk"]
    return None


def link_cited_plans(parsed, province, warnings):
    """Set plan_id on cited plans of the province; add plans cited in the content as legal bases too."""
    candidates = list(Plan.objects.filter(province=province).values("pk", "number", "issued_on", "title")[:5000])
    if not candidates:
        return
    for basis in parsed.legal_bases:
        basis.plan_id = find_plan(basis, candidates)
    known = {number_key(b.number) for b in parsed.legal_bases if b.number}
    linked = {b.plan_id for b in parsed.legal_bases if b.plan_id}
    for node in parsed.walk():
        for basis in hdr.plan_citations(f"{node.title}\n{node.description}"):
            if number_key(basis.number) in known:
                continue
            plan_id = find_plan(basis, candidates)
            if plan_id is None or plan_id in linked:
                continue
            basis.plan_id = plan_id
            parsed.legal_bases.append(basis)
            known.add(number_key(basis.number))
            linked.add(plan_id)
            warnings.append((None, f"legal_bases.{len(parsed.legal_bases) - 1}",
                             _("Kế hoạch số %(number)s được nhắc trong phần nội dung và đã có trong hệ thống; "
                               "đã thêm vào căn cứ.") % {"number": basis.number}))
