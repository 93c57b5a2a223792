"""The filled-card contract: what a filled scorecard file holds, whatever its format (the form's JSON
and CSV, the PDF's AcroForm fields, the XLSX's cells), defined once.

- **Field names.** Every input of a score column is ``<item id>--<column id>`` (:func:`field`), a
  criterion's notes ``<criterion id>--notes``, a header field ``header--<name>``; computed cells are
  ``total--<task|domain|card id>--<column>`` and ``grade--<card id>--<column>``. The scheme is defined
  in :mod:`generator.model.fieldnames` (so that ``scoring``, below this package, names the graph's inputs
  with it) and re-exported here: the only Python code that composes or splits a field name
  (``tests/test_field_names.py`` greps for it).
- **Header fields** (:data:`HEADER`): who and what the card is about; their order is the forms' order.
- **Format id** (:data:`FORMAT_ID`) and the identity keys (:data:`IDENTITY`) every export carries.
- **PDF metadata**: the Subject a PDF names its card with (:func:`pdf_subject` / :func:`parse_pdf_subject`).
- **The inputs of each criterion** with their words (:func:`inputs`, :class:`CardFields`).

``cardfile`` sits above ``scoring``: the plan (:mod:`generator.scoring.plan`) says which rules a card
has; this module says how a file names what is typed for them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypedDict

from ..model.fieldnames import (
    EVIDENCE,
    NOTES,
    REASON,
    SEP,
    computed,
    evidence_field,
    field,
    grade_field,
    grade_row,
    header_field,
    header_of,
    is_header,
    notes_field,
    parse,
    reason_field,
    total_field,
    total_row,
)
from ..model.kinds import ColumnRole
from ..scoring.plan import Plan, PlanCriterion, plan_of

# the field-name scheme lives in generator/model/fieldnames.py (scoring below uses it too); it is part of
# this contract, and every layer above scoring takes it from here
__all__ = ["EVIDENCE", "NOTES", "REASON", "SEP", "computed", "evidence_field", "field", "grade_field", "grade_row",
           "header_field", "is_header", "notes_field", "parse", "reason_field", "total_field", "total_row",
           "header_name", "HEADER", "HEADER_NAMES", "HeaderField", "FORMAT", "FORMAT_ID", "VERSION", "IDENTITY",
           "pdf_subject", "parse_pdf_subject", "xlsx_comments", "parse_xlsx_comments", "Role", "Input", "inputs",
           "FormInput", "FormFields", "CardFields", "REVIEW_ROLES"]

FORMAT = "pingan-scorecard"
VERSION = 1
FORMAT_ID = f"{FORMAT}/{VERSION}"
IDENTITY = ("format", "card", "edition", "lang")  # the keys beside the values in a JSON or CSV export
REVIEW_ROLES = (ColumnRole.REVIEW, ColumnRole.RE_CHECK)  # the roles whose deductions need a reason


@dataclass(frozen=True)
class HeaderField:
    """One header field of a card file (a line at the top of every form); its words are the label
    ``header_<name>`` of ``site_templates/labels.yaml`` (``-`` written ``_``), in both languages."""
    name: str

    @property
    def field(self) -> str:
        return header_field(self.name)

    @property
    def label_key(self) -> str:
        return "header_" + self.name.replace("-", "_")


# Adding a header field: one line here, and its label header_<name> in both languages of labels.yaml.
HEADER: tuple[HeaderField, ...] = (
    HeaderField("unit"),
    HeaderField("period"),
    HeaderField("filled-by"),
    HeaderField("date"),
    HeaderField("revision"),  # raised by every correction: the cycle orders versions by it (cardfile/cycle.py)
)
HEADER_NAMES = tuple(h.name for h in HEADER)


def header_name(name: str) -> str | None:
    """The header field a field name is (``unit`` of ``header--unit``), or None."""
    h = header_of(name)
    return h if h in HEADER_NAMES else None


def pdf_subject(card: str, edition: str, lang: str) -> str:
    """The PDF's Subject metadata: which card, edition and language the file is."""
    return f"{FORMAT_ID} {card} {edition} {lang}"


def parse_pdf_subject(subject: str) -> tuple[str, str, str] | None:
    """(card, edition, lang) of a Subject written by :func:`pdf_subject`, or None."""
    parts = subject.split()
    return (parts[1], parts[2], parts[3]) if len(parts) == 4 and parts[0] == FORMAT_ID else None


def xlsx_comments(card: str, edition: str, lang: str) -> str:
    """The XLSX's document comments: the card's identity when the hidden sheet ``_pingan`` is gone."""
    return f"{FORMAT_ID} card={card} edition={edition} lang={lang}"


def parse_xlsx_comments(text: str) -> dict[str, str]:
    return dict(w.split("=", 1) for w in text.split() if "=" in w)


class Role(StrEnum):
    """What an input is to its card."""
    CRITERION = "criterion"  # the criterion's own score, outcome, figure or count (its first deduction rule)
    RULE = "rule"  # a further deduction rule of a criterion (a count)
    NA = "na"  # the not-applicable box of a criterion whose inputs are all rules
    BONUS = "bonus"
    PENALTY = "penalty"
    VETO = "veto"


@dataclass(frozen=True)
class Input:
    """One input of a card, the same in every score column."""
    item: str  # the id in the field name
    kind: str  # score outcome count figure bonus veto na (what the input accepts)
    role: Role
    owner: str  # the criterion it belongs to; a penalty's or a bonus's task, domain or card; the card for a veto
    text: dict[str, str] | None  # its own words in zh and en (a rule's "per", an item's text), if any
    spec: Mapping[str, Any]  # its item of the plan (criterion, rule, bonus item, penalty, veto)

    def field(self, column: str) -> str:
        return field(self.item, column)

    @property
    def own(self) -> bool:
        """The criterion's own input: in the criterion's cell, not a row of its own."""
        return self.role in (Role.CRITERION, Role.RULE, Role.NA)

    def words(self, lang: str) -> str:
        """Its own words in ``lang``; its id when it has none."""
        return self.text[lang] if self.text else self.item

    def label(self, lang: str, L: dict) -> str | None:
        """What it is, for a screen reader: a rule's "per", "加分项: …"; None for the input that stands
        for the criterion itself (its number says what it is)."""
        if self.item == self.owner or self.text is None:
            return None
        prefix = {Role.BONUS: L["bonus"], Role.PENALTY: L["penalty"], Role.VETO: L["veto_applied"]}.get(self.role)
        return f"{prefix}: {self.text[lang]}" if prefix else self.text[lang]


def _criterion_inputs(c: PlanCriterion) -> list[Input]:
    cid = c["id"]
    if c["kind"] == "deduction":
        out = [Input(r["id"], "count", Role.CRITERION if r["id"] == cid else Role.RULE, cid, r["per"], r)
               for r in c["rules"]]
        if c["na"] and c["rules"][0]["id"] != cid:
            out.append(Input(cid, "na", Role.NA, cid, None, c))
    else:
        out = [Input(cid, c["kind"], Role.CRITERION, cid, None, c)]
    return out + _bonus(c["bonus"], cid)


def _bonus(b: Mapping[str, Any] | None, owner: str) -> list[Input]:
    return [Input(i["id"], "bonus", Role.BONUS, owner, i["text"], i) for i in (b or {}).get("items", ())]


def inputs(plan: Plan, veto_texts: dict[str, dict[str, str]] | None = None) -> list[Input]:
    """Every input of a card's plan in the plan's order: each criterion's (its own, then its bonus
    items), each task's, domain's and the card's penalties and bonus items, the vetoes (their words
    from ``veto_texts``: the plan has none)."""
    out = [i for c in plan["criteria"] for i in _criterion_inputs(c)]
    for n in plan["nodes"]:
        out += [Input(p["id"], "count", Role.PENALTY, n["id"], p["text"], p) for p in n["penalties"]]
        out += _bonus(n["bonus"], n["id"])
    texts = veto_texts or {}
    out += [Input(v["id"], "veto", Role.VETO, plan["card"], texts.get(v["id"]), v) for v in plan["vetoes"]]
    return out


class FormInput(TypedDict):
    item: str
    col: str
    of: str  # the criterion whose own input it is, or ""


class FormFields(TypedDict):
    """What the form's scripts read of the contract: its data block ``pingan-fields``, beside the plan's."""
    identity: list[str]  # the keys beside the values in an export (IDENTITY)
    header: dict[str, str]  # header name → field
    inputs: dict[str, FormInput]  # every input's field in every column
    roles: dict[str, str]  # column → its role in the review cycle (self-assessment, review, re-check)
    reasons: dict[str, dict[str, str]]  # criterion → review or re-check column → its reason field
    evidence: dict[str, str]  # criterion → its evidence field
    notes: dict[str, str]  # criterion → its notes field (a reason there counts too: cardfile/cycle.py)


@dataclass(frozen=True)
class CardFields:
    """Every field of one card: what the form, the PDF and the XLSX name and what a file may hold."""
    card: str
    columns: tuple[str, ...]
    inputs: tuple[Input, ...]
    criteria: tuple[str, ...]
    roles: tuple[str, ...] = ()  # each column's role in the review cycle, in the columns' order

    @classmethod
    def of(cls, card) -> CardFields:
        """The fields of a card of the model (:class:`generator.model.objects.Scorecard`)."""
        plan = plan_of(card)
        texts = {v.id: {"zh": v.text.zh, "en": v.text["en"]} for v in card.vetoes}
        roles = card.roles
        return cls(plan["card"], tuple(plan["columns"]), tuple(inputs(plan, texts)),
                   tuple(c["id"] for c in plan["criteria"]), tuple(str(roles[c]) for c in plan["columns"]))

    def reviewed(self, column: str) -> bool:
        """A review or re-check column: a criterion below full points there needs its reason."""
        role = dict(zip(self.columns, self.roles, strict=True)).get(column, "")
        return role in REVIEW_ROLES

    def reason(self, criterion: str, column: str) -> str:
        return reason_field(criterion, column)

    def evidence(self, criterion: str) -> str:
        return evidence_field(criterion)

    def own(self, criterion: str) -> list[Input]:
        """A criterion's own inputs (in its score cell)."""
        return [i for i in self.inputs if i.own and i.owner == criterion]

    def extras(self, owner: str, role: Role) -> list[Input]:
        """The bonus items or penalties of a criterion, task, domain or the card (rows of their own)."""
        return [i for i in self.inputs if i.role is role and i.owner == owner]

    def veto(self, item: str) -> Input:
        return next(i for i in self.inputs if i.role is Role.VETO and i.item == item)

    def total(self, node: str, column: str) -> str:
        return total_field(node, column)

    def grade(self, column: str) -> str:
        return grade_field(self.card, column)

    def notes(self, criterion: str) -> str:
        return notes_field(criterion)

    @property
    def header(self) -> tuple[HeaderField, ...]:
        return HEADER

    def input_fields(self) -> list[str]:
        """Every input's field, item by item, each in every column."""
        return [i.field(col) for i in self.inputs for col in self.columns]

    def known(self) -> set[str]:
        """Every field name a filled card may carry: inputs, each criterion's own field in every column
        (the engine reads it), notes, header."""
        names = set(self.input_fields()) | {field(c, col) for c in self.criteria for col in self.columns}
        return names | {notes_field(c) for c in self.criteria} | {h.field for h in HEADER}

    def form_json(self) -> FormFields:
        review = [col for col in self.columns if self.reviewed(col)]
        return {"identity": list(IDENTITY), "header": {h.name: h.field for h in HEADER},
                "inputs": {i.field(col): {"item": i.item, "col": col, "of": i.owner if i.own else ""}
                           for i in self.inputs for col in self.columns},
                "roles": dict(zip(self.columns, self.roles, strict=True)),
                "reasons": {c: {col: reason_field(c, col) for col in review} for c in self.criteria},
                "evidence": {c: evidence_field(c) for c in self.criteria},
                "notes": {c: notes_field(c) for c in self.criteria}}
