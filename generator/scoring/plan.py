"""A card's scoring rules as plain data: the *plan*.

The plan is made from one card of the typed model (:func:`plan_of`); the graph builder (:mod:`.build`)
turns it into the card's calculation graph, which every output evaluates: the Python engine, the
HTML form and the PDF's scripts (both read the plan as JSON, its ``graph`` included, and run
``scoring.js``), and the XLSX formula writer. Field names are stable ids: ``<id>--<column>`` for every
input (criterion, deduction rule, penalty, bonus item, veto), ``total--<id>--<column>`` and
``grade--<card>--<column>``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from ..model.kinds import CriterionKind

if TYPE_CHECKING:
    from .graph import Graph

FORMAT = "pingan-scoring/1"
MAX_COUNT = 10_000  # a card without max_count takes 0..10,000 occurrences in a count
FIGURE_RANGE = (-1_000_000, 1_000_000)  # a proportional rule without min/max takes figures in this range
# Tokens every output accepts in an input, besides numbers: the JSON export's own, and the localised
# choices a person picks (compared case-insensitively, after trimming).
# Which words count depends on the input: "是" is met in an outcome and a tick in a veto.
TOKENS = {
    "na": ["na", "n/a", "不适用", "缺项"],
    "met": ["met", "达到", "是", "yes"],
    "not-met": ["not-met", "not met", "未达到", "否", "no"],
    "yes": ["yes", "x", "✓", "√", "是", "on"],
    "no": ["no", "否", "off"],
}
# the tokens each input kind reads (N/A is read by every kind whose item allows it)
# (a ticked box — a PDF checkbox reads "on" — is a veto raised, or an N/A marked)
KIND_TOKENS = {"outcome": ["met", "not-met"], "veto": ["yes", "no"], "na": ["yes", "no"]}


class Bilingual(TypedDict):
    zh: str
    en: str


class PlanCriterion(TypedDict):
    """``kind``: the rule type (score, outcome, deduction, figure, or one registered in :mod:`.build`)."""
    id: str
    parent: str
    kind: str
    points: float
    na: bool
    rules: list[dict]  # deduction rules: {id, amount, cap, per}
    cap: float | None
    bonus: dict | None  # {cap, items: [{id, points, text}]}
    figure: NotRequired[dict]  # a proportional rule: threshold, direction, per, amount, cap, rounding, min, max…


class PlanNode(TypedDict):
    id: str
    level: str  # task, domain, card
    points: float
    parent: str | None
    bonus: dict | None
    penalties: list[dict]  # {id, amount, cap, text}


class Plan(TypedDict, total=False):
    """The plan as the JSON the form, the PDF and ``collect``'s store hold; ``graph``: its calculation
    graph (:meth:`generator.scoring.graph.Graph.json`), which scoring.js evaluates."""
    format: str
    card: str
    edition: str
    step: float
    total: float
    columns: list[str]
    below_zero: bool
    max_count: int
    na_rule: str
    rounding: dict | None  # {digits, mode?}
    tokens: dict[str, list[str]]
    kind_tokens: dict[str, list[str]]
    grades: list[dict]  # {id, min, title}, by min
    vetoes: list[dict]  # {id, effect, amount, grade, raised_by}
    nodes: list[PlanNode]
    criteria: list[PlanCriterion]
    graph: dict[str, Any]


def _t(t) -> Bilingual:
    return {"zh": t.zh, "en": t["en"]} if t else {"zh": "", "en": ""}  # a draft's empty English: the Chinese


def _bonus(b) -> dict | None:
    if not b:
        return None
    return {"cap": b.cap, "items": [{"id": i.id, "points": i.points, "text": _t(i.text)} for i in b.items]}


def _penalties(items) -> list[dict]:
    return [{"id": p.id, "amount": p.amount, "cap": p.cap, "text": _t(p.text)} for p in items]


def _criterion(c, parent: str) -> PlanCriterion:
    # the single rule of the first format comes first, under the criterion's id: its count is the criterion's field
    rules = [{"id": r.id or c.id, "amount": r.amount, "cap": r.cap, "per": _t(r.per)}
             for r in (c.deduction, *c.deductions) if r]
    kind = ("deduction" if rules else "figure" if c.proportional
            else "outcome" if c.kind is CriterionKind.OUTCOME else "score")
    out: PlanCriterion = {"id": c.id, "parent": parent, "kind": kind, "points": c.points, "na": c.not_applicable,
                          "rules": rules, "cap": c.deduction_cap, "bonus": _bonus(c.bonus)}
    if c.proportional:
        p = c.proportional
        out["figure"] = {"threshold": p.threshold, "direction": p.direction, "per": p.per, "amount": p.amount,
                         "cap": p.cap, "rounding": p.rounding, "unit": p.unit, "text": _t(p.figure),
                         "min": FIGURE_RANGE[0] if p.min is None else p.min,
                         "max": FIGURE_RANGE[1] if p.max is None else p.max}
    return out


def _node(id_: str, level: str, points, parent: str | None, x) -> PlanNode:
    return {"id": id_, "level": level, "points": points, "parent": parent,
            "bonus": _bonus(x.bonus), "penalties": _penalties(x.penalties)}


def plan_of(card) -> Plan:
    """The plan of one card of the model (:class:`generator.model.objects.Scorecard`), with its graph.

    Made once per card object and kept on it (as ``functools.cached_property`` keeps a value):
    ``dataclasses.replace`` on a card makes a new object, which gets a fresh plan."""
    cached = card.__dict__.get("_scoring_plan")
    if cached is None:
        from .build import graph_of

        cached = _plan_of(card)
        graph = graph_of(cached)
        cached["graph"] = graph.json()
        card.__dict__["_scoring_plan"], card.__dict__["_scoring_graph"] = cached, graph
    return cached


def graph_for(card) -> Graph:
    """The calculation graph of a card's plan (:func:`.build.graph_of`), made with the plan and kept beside it."""
    plan_of(card)
    return card.__dict__["_scoring_graph"]


def with_graph(plan: Plan) -> Plan:
    """A copy of a plan with its graph made again (after a change to the plan or to the rule types)."""
    from .build import graph_of

    out = {k: v for k, v in plan.items() if k != "graph"}
    return {**out, "graph": graph_of(out).json()}  # type: ignore[typeddict-item]


def _plan_of(card) -> Plan:
    nodes: list[PlanNode] = []
    criteria: list[PlanCriterion] = []
    for tasks, dom in [(d.tasks, d) for d in card.domains] or [(card.tasks, None)]:
        for t in tasks:
            nodes.append(_node(t.id, "task", t.points, dom.id if dom else card.id, t))
            criteria.extend(_criterion(c, t.id) for c in t.criteria)
        if dom:
            nodes.append(_node(dom.id, "domain", dom.points, card.id, dom))
    nodes.append(_node(card.id, "card", card.total_points, None, card))
    r = card.rounding
    return {
        "format": FORMAT, "card": card.id, "edition": str(card.edition), "step": card.score_step,
        "total": card.total_points, "columns": [c.id for c in card.columns], "below_zero": card.below_zero,
        "max_count": card.max_count or MAX_COUNT,
        "na_rule": card.na_rule,
        "rounding": {"digits": r.digits, **({"mode": r.mode} if r.mode else {})} if r else None,
        "tokens": TOKENS, "kind_tokens": KIND_TOKENS,
        "grades": sorted(({"id": g.id, "min": g.min, "title": _t(g.title)} for g in card.grades),
                         key=lambda g: g["min"]),
        "vetoes": [{"id": v.id, "effect": v.effect, "amount": v.amount, "grade": v.grade, "raised_by": v.raised_by}
                   for v in card.vetoes],
        "nodes": nodes, "criteria": criteria,
    }


def inputs(plan: Plan) -> list[tuple[str, str]]:
    """Every input of one column as (item id, input kind): score, outcome, count, figure, bonus, veto."""
    out: list[tuple[str, str]] = []
    for c in plan["criteria"]:
        if c["kind"] == "deduction":
            out.extend((r["id"], "count") for r in c["rules"])
            if c["na"] and c["rules"][0]["id"] != c["id"]:
                out.append((c["id"], "na"))
        else:
            out.append((c["id"], c["kind"]))
        if c["bonus"]:
            out.extend((b["id"], "bonus") for b in c["bonus"]["items"])
    for n in plan["nodes"]:
        out.extend((p["id"], "count") for p in n["penalties"])
        if n["bonus"]:
            out.extend((b["id"], "bonus") for b in n["bonus"]["items"])
    out.extend((v["id"], "veto") for v in plan["vetoes"])
    return out
