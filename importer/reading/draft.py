"""The parsed plan: plain dataclasses, nothing in the database, and their JSON form (to_json / from_json),
which the review page keeps between requests.
"""
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.formatting import format_citation
from importer.reading.errors import ImportProblem

KINDS = ("annual", "programme", "directive", "other")
RECURRENCES = ("none", "yearly", "quarterly", "monthly", "weekly")
# How a node's number is written (activities.Activity.NumberStyle): kept from the document through the save.
NUMBER_STYLES = ("decimal", "activity", "task", "item", "roman", "letter", "dash", "none")


@dataclass
class ParsedTarget:
    quantity: int
    measure: str

    def to_json(self):
        return {"quantity": self.quantity, "measure": self.measure}

    @classmethod
    def from_json(cls, data):
        data = _mapping(data)
        return cls(quantity=_int(data.get("quantity"), minimum=0) or 0, measure=_str(data.get("measure")))


@dataclass
class ParsedBudgetLine:
    """`amount` is None when the document names a source but no sum."""

    amount: int | None
    funding_source: str = ""
    description: str = ""
    allocated: bool = True
    fiscal_year: int | None = None
    decision_reference: str = ""

    def to_json(self):
        return {
            "amount": self.amount, "funding_source": self.funding_source, "description": self.description,
            "allocated": self.allocated, "fiscal_year": self.fiscal_year,
            "decision_reference": self.decision_reference,
        }

    @classmethod
    def from_json(cls, data):
        data = _mapping(data)
        return cls(
            amount=_int(data.get("amount"), minimum=0), funding_source=_str(data.get("funding_source")),
            description=_str(data.get("description")), allocated=bool(data.get("allocated", True)),
            fiscal_year=_int(data.get("fiscal_year"), minimum=1945, maximum=2200),
            decision_reference=_str(data.get("decision_reference")),
        )


@dataclass
class ParsedActivity:
    number: str = ""
    title: str = ""
    description: str = ""
    is_heading: bool = False
    lead_units: list[str] = field(default_factory=list)
    coordinating_units: list[str] = field(default_factory=list)
    timeframe_text: str = ""
    start: datetime.date | None = None
    due: datetime.date | None = None
    recurrence: str = "none"
    timeframe_understood: bool = False
    expected_result: str = ""
    targets: list[ParsedTarget] = field(default_factory=list)
    budget_lines: list[ParsedBudgetLine] = field(default_factory=list)
    children: list["ParsedActivity"] = field(default_factory=list)
    # The label texts as written, kept beside the unit names read from them.
    lead_text: str = ""
    coordinating_text: str = ""
    funding_text: str = ""
    number_style: str = "decimal"

    @property
    def has_attributes(self):
        return bool(self.lead_text or self.coordinating_text or self.timeframe_text or self.expected_result
                    or self.funding_text or self.lead_units or self.coordinating_units)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self):
        return {
            "number": self.number, "title": self.title, "description": self.description,
            "is_heading": self.is_heading, "lead_units": list(self.lead_units),
            "coordinating_units": list(self.coordinating_units), "timeframe_text": self.timeframe_text,
            "start": _iso(self.start), "due": _iso(self.due), "recurrence": self.recurrence,
            "timeframe_understood": self.timeframe_understood, "expected_result": self.expected_result,
            "targets": [t.to_json() for t in self.targets],
            "budget_lines": [b.to_json() for b in self.budget_lines],
            "children": [c.to_json() for c in self.children],
            "lead_text": self.lead_text, "coordinating_text": self.coordinating_text,
            "funding_text": self.funding_text, "number_style": self.number_style,
        }

    @classmethod
    def from_json(cls, data, depth=0):
        data = _mapping(data)
        if depth > 20:
            raise _bad_draft()
        recurrence = _str(data.get("recurrence")) or "none"
        style = _str(data.get("number_style")) or "decimal"
        return cls(
            number=_str(data.get("number")), title=_str(data.get("title")), description=_str(data.get("description")),
            is_heading=bool(data.get("is_heading", False)), lead_units=_names(data.get("lead_units")),
            coordinating_units=_names(data.get("coordinating_units")),
            timeframe_text=_str(data.get("timeframe_text")), start=_date(data.get("start")), due=_date(data.get("due")),
            recurrence=recurrence if recurrence in RECURRENCES else "none",
            timeframe_understood=bool(data.get("timeframe_understood", False)),
            expected_result=_str(data.get("expected_result")),
            targets=[ParsedTarget.from_json(t) for t in _list(data.get("targets"))],
            budget_lines=[ParsedBudgetLine.from_json(b) for b in _list(data.get("budget_lines"))],
            children=[cls.from_json(c, depth + 1) for c in _list(data.get("children"))],
            lead_text=_str(data.get("lead_text")), coordinating_text=_str(data.get("coordinating_text")),
            funding_text=_str(data.get("funding_text")),
            number_style=style if style in NUMBER_STYLES else "decimal",
        )


@dataclass
class ParsedLegalBasis:
    doc_type: str = ""
    number: str = ""
    issued_on: datetime.date | None = None
    issuer: str = ""
    summary: str = ""
    plan_id: int | None = None

    @property
    def citation(self):
        return format_citation(self.doc_type, self.number, self.issued_on, self.issuer, self.summary)

    def to_json(self):
        return {"doc_type": self.doc_type, "number": self.number, "issued_on": _iso(self.issued_on),
                "issuer": self.issuer, "summary": self.summary, "plan_id": self.plan_id}

    @classmethod
    def from_json(cls, data):
        data = _mapping(data)
        return cls(doc_type=_str(data.get("doc_type")), number=_str(data.get("number")),
                   issued_on=_date(data.get("issued_on")), issuer=_str(data.get("issuer")),
                   summary=_str(data.get("summary")), plan_id=_int(data.get("plan_id"), minimum=1))


@dataclass
class ParsedPlan:
    number: str = ""
    issuing_body: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    kind: str = "other"
    title: str = ""
    purpose: str = ""
    requirements: str = ""
    funding_note: str = ""
    implementation_note: str = ""
    legal_bases: list[ParsedLegalBasis] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    funding_sources: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    warnings: list[dict] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    open_ended: bool = False
    # The plan's total as the document states it ("Tổng cộng", "Tổng kinh phí: …"), in đồng.
    stated_total: int | None = None

    @property
    def budget_sum(self):
        """The sum of the amounts of every budget line of the draft, in đồng."""
        return sum(line.amount or 0 for node in self.walk() for line in node.budget_lines)

    def walk(self):
        """Every node of the content tree in document order."""
        for activity in self.activities:
            yield from activity.walk()

    def unit_names(self):
        """Every unit name the draft mentions (issuing body, lead and co-ordinating units), once each."""
        names = [self.issuing_body] if self.issuing_body else []
        for node in self.walk():
            names.extend(node.lead_units)
            names.extend(node.coordinating_units)
        return list(dict.fromkeys(name for name in names if name))

    def warn(self, field_path, message):
        self.warnings.append({"field": field_path, "message": str(message)})

    def to_json(self):
        return {
            "number": self.number, "issuing_body": self.issuing_body, "place": self.place,
            "issued_on": _iso(self.issued_on), "kind": self.kind, "title": self.title, "purpose": self.purpose,
            "requirements": self.requirements, "funding_note": self.funding_note,
            "implementation_note": self.implementation_note,
            "legal_bases": [b.to_json() for b in self.legal_bases],
            "activities": [a.to_json() for a in self.activities],
            "funding_sources": list(self.funding_sources), "recipients": list(self.recipients),
            "signer_title": self.signer_title, "signer_name": self.signer_name,
            "warnings": [dict(w) for w in self.warnings],
            "start_year": self.start_year, "end_year": self.end_year, "open_ended": self.open_ended,
            "stated_total": self.stated_total,
        }

    @classmethod
    def from_json(cls, data):
        """The draft back from its JSON form; ImportProblem when the data is not a draft."""
        data = _mapping(data)
        kind = _str(data.get("kind")) or "other"
        warnings = []
        for warning in _list(data.get("warnings")):
            if isinstance(warning, dict):
                warnings.append({"field": _str(warning.get("field")), "message": _str(warning.get("message"))})
            elif isinstance(warning, str):
                warnings.append({"field": "", "message": warning})
        return cls(
            number=_str(data.get("number")), issuing_body=_str(data.get("issuing_body")), place=_str(data.get("place")),
            issued_on=_date(data.get("issued_on")), kind=kind if kind in KINDS else "other",
            title=_str(data.get("title")), purpose=_str(data.get("purpose")),
            requirements=_str(data.get("requirements")), funding_note=_str(data.get("funding_note")),
            implementation_note=_str(data.get("implementation_note")),
            legal_bases=[ParsedLegalBasis.from_json(b) for b in _list(data.get("legal_bases"))],
            activities=[ParsedActivity.from_json(a) for a in _list(data.get("activities"))],
            funding_sources=_names(data.get("funding_sources")), recipients=_names(data.get("recipients")),
            signer_title=_str(data.get("signer_title")), signer_name=_str(data.get("signer_name")),
            warnings=warnings, start_year=_int(data.get("start_year"), minimum=1945, maximum=2200),
            end_year=_int(data.get("end_year"), minimum=1945, maximum=2200),
            open_ended=bool(data.get("open_ended", False)),
            stated_total=_int(data.get("stated_total"), minimum=0),
        )


def _bad_draft():
    return ImportProblem(_("Bản nháp kế hoạch không hợp lệ; hãy nhập lại văn bản."), code="draft")


def _mapping(data):
    if not isinstance(data, dict):
        raise _bad_draft()
    return data


def _list(value):
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad_draft()
    return value


def _str(value):
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise _bad_draft()


def _names(value):
    return [text for text in (_str(item).strip() for item in _list(value)) if text]


def _int(value, minimum=None, maximum=None):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _bad_draft()
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad_draft() from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise _bad_draft()
    return number


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _bad_draft() from None


def _iso(value):
    return value.isoformat() if value else None
