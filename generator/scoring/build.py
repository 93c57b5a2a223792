"""The graph builder: a card's plan (:mod:`.plan`) → its calculation graph (:mod:`.graph`).

The only code that knows what the rules mean: a criterion's rule type (score, outcome, deduction,
figure — one builder function each in :data:`RULES`), N/A (full points, or re-scaled at the card),
bonus items, penalties, vetoes, the card's rounding and its grades. The order of the quantities is
the order in which inputs are read (and their problems listed): each criterion's inputs, the vetoes,
then the tasks', domains' and the card's bonus items and penalties.

A new rule type is one function here (or anywhere, registered with :func:`rule`): it gets the column
being built and the plan's criterion, adds quantities, and returns the criterion's points before N/A
and bonus, and the input that marks it not applicable (or None). The three evaluators need no change.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model.fieldnames import field
from .graph import Arg, Choose, ColumnGraph, Graph, Input, Op, Output, Quantity, Round
from .inputs import input_rule
from .plan import Plan, PlanCriterion, PlanNode

RuleBuilder = Callable[["ColumnBuilder", PlanCriterion], tuple[Arg, "str | None"]]
RULES: dict[str, RuleBuilder] = {}


def rule(kind: str) -> Callable[[RuleBuilder], RuleBuilder]:
    """Register the builder of a criterion rule type (the plan criterion's ``kind``)."""
    def register(fn: RuleBuilder) -> RuleBuilder:
        RULES[kind] = fn
        return fn
    return register


class ColumnBuilder:
    """The quantities of one score column, added in evaluation order (a name is added once)."""

    def __init__(self, plan: Plan, col: str):
        self.plan, self.col = plan, col
        self.quantities: list[Quantity] = []
        self.names: set[str] = set()

    def add(self, q: Quantity) -> str:
        if q.name not in self.names:
            self.names.add(q.name)
            self.quantities.append(q)
        return q.name

    def op(self, name: str, op: str, *args: Arg) -> str:
        return self.add(Op(name, op, tuple(args)))

    def round(self, name: str, arg: Arg, digits: int = 6, mode: str = "half-up") -> str:
        return self.add(Round(name, arg, digits, mode))

    def input(self, id_: str, kind: str, item: Mapping[str, Any]) -> str:
        """The input ``<id>--<column>`` read as an input of this kind (:mod:`.inputs`)."""
        name = f"in:{id_}"
        if name not in self.names:
            self.add(Input(name, field(id_, self.col), **input_rule(self.plan, kind, item)))
        return name

    def capped(self, item: Mapping[str, Any]) -> str:
        """A count's deduction: occurrences × amount, at most the item's cap."""
        d = self.op(f"count-cut:{item['id']}", "mul", self.input(item["id"], "count", item), item["amount"])
        return d if item["cap"] is None else self.op(f"count-capped:{item['id']}", "min", item["cap"], d)

    def bonus(self, b: Mapping[str, Any] | None, owner: str) -> str | None:
        if not b:
            return None
        items = [self.input(i["id"], "bonus", i) for i in b["items"]]
        return self.op(f"bonus:{owner}", "min", b["cap"], self.op(f"bonus-sum:{owner}", "sum", *items))

    def floor0(self, name: str, x: str) -> str:
        """``x``, at least 0 unless the card allows totals below zero."""
        return x if self.plan["below_zero"] else self.op(name, "max", 0, x)


# -- rule types of a criterion -------------------------------------------------------------------
@rule("score")
def _score(b: ColumnBuilder, c: PlanCriterion) -> tuple[Arg, str | None]:
    x = b.input(c["id"], "score", c)
    return x, x


@rule("outcome")
def _outcome(b: ColumnBuilder, c: PlanCriterion) -> tuple[Arg, str | None]:
    x = b.input(c["id"], "outcome", c)
    return b.op(f"raw:{c['id']}", "mul", x, c["points"]), x


@rule("deduction")
def _deduction(b: ColumnBuilder, c: PlanCriterion) -> tuple[Arg, str | None]:
    """Points less each rule's occurrences × amount (each at most its cap; all at most the criterion's
    cap), at least 0; blank while no count is typed. The first rule may be the criterion's own field."""
    i, rules = c["id"], c["rules"]
    counts = [b.input(r["id"], "count", {**r, "na": c["na"] and r["id"] == i}) for r in rules]
    own = counts[0] if rules[0]["id"] == i else b.input(i, "na", c)
    cut = b.op(f"cut:{i}", "sum", *[b.capped(r) for r in rules])
    if c["cap"] is not None:
        cut = b.op(f"capped:{i}", "min", c["cap"], cut)
    typed = b.op(f"typed:{i}", "any",
                 *[b.op(f"has:{r['id']}", "present", n) for r, n in zip(rules, counts, strict=True)])
    left = b.op(f"left:{i}", "max", 0, b.op(f"less:{i}", "sub", c["points"], cut))
    return b.op(f"raw:{i}", "if", typed, left, 0), own


@rule("figure")
def _figure(b: ColumnBuilder, c: PlanCriterion) -> tuple[Arg, str | None]:
    """A measured figure: the units it falls short of (or over) the threshold, each started or full
    unit (or exactly) × amount, at most the cap, taken from the points, at least 0."""
    i, f = c["id"], c["figure"]
    x = b.input(i, "figure", c)
    short = b.op(f"short:{i}", "sub", *((f["threshold"], x) if f["direction"] == "below" else (x, f["threshold"])))
    units = b.round(f"units:{i}", b.op(f"ratio:{i}", "div", short, f["per"]), 9)
    if f["rounding"] in ("started", "full"):
        units = b.round(f"whole:{i}", units, 0, "ceil" if f["rounding"] == "started" else "floor")
    d = b.op(f"amount:{i}", "mul", units, f["amount"])
    if f["cap"] is not None:
        d = b.op(f"capped:{i}", "min", f["cap"], d)
    ded = b.op(f"ded:{i}", "if", b.op(f"short>0:{i}", "gt", short, 0), d, 0)
    left = b.op(f"left:{i}", "max", 0, b.op(f"less:{i}", "sub", c["points"], ded))
    return b.op(f"raw:{i}", "if", b.op(f"has:{i}", "present", x), left, 0), x


# -- criteria, tasks, domains, the card ---------------------------------------------------------
def _criterion(b: ColumnBuilder, c: PlanCriterion, na_marks: list[tuple[str, float]]) -> str:
    """Its rule's points, or N/A's (full points, or 0 and re-scaled at the card), plus its bonus."""
    i = c["id"]
    v, own = RULES[c["kind"]](b, c)
    if c["na"] and own:
        na = b.op(f"na:{i}", "isna", own)
        na_marks.append((na, c["points"]))
        v = b.op(f"v:{i}", "if", na, c["points"] if b.plan["na_rule"] == "full" else 0, v)
    bonus = b.bonus(c["bonus"], i)
    return b.round(f"pts:{i}", b.op(f"plus:{i}", "sum", v, bonus) if bonus else v)


def _vetoes(b: ColumnBuilder) -> list[tuple[dict, str]]:
    """Each veto's raised mark (1/0): ticked, or its outcome criterion (``raised_by``) not met."""
    outcomes = {c["id"] for c in b.plan["criteria"] if c["kind"] == "outcome"}
    out = []
    for v in b.plan["vetoes"]:
        marks: list[Arg] = [b.input(v["id"], "veto", v)]
        if v["raised_by"] in outcomes:
            x = f"in:{v['raised_by']}"
            marks.append(b.op(f"not-met:{v['id']}", "all", b.op(f"has:{v['raised_by']}", "present", x),
                              b.op(f"zero:{v['raised_by']}", "eq", x, 0)))
        out.append((v, b.op(f"veto:{v['id']}", "any", *marks)))
    return out


def _node(b: ColumnBuilder, n: PlanNode, children: str) -> str:
    """A task's, domain's or the card's points: its children + bonus − penalties (at least 0)."""
    i, x = n["id"], children
    bonus = b.bonus(n["bonus"], i)
    if bonus:
        x = b.op(f"plus:{i}", "sum", x, bonus)
    pens = [b.capped(p) for p in n["penalties"]]
    if pens:
        x = b.op(f"less:{i}", "sub", x, b.op(f"penalties:{i}", "sum", *pens))
    return b.round(f"node:{i}" if n["level"] != "card" else "card:points", b.floor0(f"floor:{i}", x))


def _rescaled(b: ColumnBuilder, s: str, na_marks: list[tuple[str, float]]) -> str:
    """The card's sum re-scaled to full points when criteria are not applicable (``rescale``)."""
    if b.plan["na_rule"] != "rescale" or not na_marks:
        return s
    total = b.plan["total"]
    nap = b.op("card:na-points", "sum", *[b.op(f"na-points:{m}", "mul", m, p) for m, p in na_marks])
    left = b.op("card:applicable", "sub", total, nap)
    scaled = b.op("card:scaled", "if", b.op("card:some-applicable", "gt", left, 0),
                  b.op("card:ratio", "div", b.op("card:times", "mul", s, total), left), 0)
    return b.op("card:rescaled", "if", b.op("card:some-na", "gt", nap, 0), scaled, s)


def _card(b: ColumnBuilder, n: PlanNode, children: list[str], na_marks: list[tuple[str, float]],
          vetoes: list[tuple[dict, str]]) -> str:
    """The card's total: re-scaled sum, bonus and penalties, veto deductions, veto zero, rounding."""
    s = _rescaled(b, b.op("card:sum", "sum", *children), na_marks)
    x = _node(b, n, b.round("card:sum-rounded", s))
    cut = [b.op(f"veto-cut:{v['id']}", "mul", m, v["amount"]) for v, m in vetoes if v["effect"] == "deduct"]
    if cut:
        x = b.floor0("card:veto-floor", b.op("card:veto-deducted", "sub", x, b.op("card:veto-cut", "sum", *cut)))
    zero = [m for v, m in vetoes if v["effect"] == "zero"]
    if zero:
        x = b.op("card:veto-zero", "if", b.op("card:zeroed", "any", *zero), 0, x)
    r = b.plan["rounding"]
    x = b.round("card:rounded", x)
    if r:
        x = b.round("card:final", x, r["digits"], r.get("mode", "half-up"))
    return x


def _grade(b: ColumnBuilder, total: str, vetoes) -> str | None:
    """The grade band the total reaches; a ``fail``/``zero`` veto gives the lowest, ``grade-cap`` at most its grade."""
    gs = b.plan["grades"]
    if not gs:
        return None
    idx = b.op("grade:index", "sum", *[b.op(f"grade:reaches:{g['id']}", "atleast", total, g["min"]) for g in gs[1:]])
    for v, m in vetoes:
        if v["effect"] in ("fail", "zero"):
            idx = b.op(f"grade:{v['id']}", "if", m, 0, idx)
        elif v["effect"] == "grade-cap":
            k = next(k for k, g in enumerate(gs) if g["id"] == v["grade"])
            idx = b.op(f"grade:{v['id']}", "if", m, b.op(f"grade:cap:{v['id']}", "min", k, idx), idx)
    return b.add(Choose("grade", idx, tuple(g["id"] for g in gs)))


def column_graph(plan: Plan, col: str) -> ColumnGraph:
    b = ColumnBuilder(plan, col)
    items: dict[str, str] = {}
    na_marks: list[tuple[str, float]] = []
    kids: dict[str, list[str]] = {}
    for c in plan["criteria"]:
        items[c["id"]] = _criterion(b, c, na_marks)
        kids.setdefault(c["parent"], []).append(items[c["id"]])
    vetoes = _vetoes(b)
    for n in plan["nodes"]:
        ch = kids.get(n["id"], [])
        if n["level"] == "card":
            items[n["id"]] = _card(b, n, ch, na_marks, vetoes)
        else:
            items[n["id"]] = _node(b, n, b.round(f"sum:{n['id']}", b.op(f"children:{n['id']}", "sum", *ch)))
        if n["parent"]:
            kids.setdefault(n["parent"], []).append(items[n["id"]])
    grade = _grade(b, items[plan["card"]], vetoes)
    outputs = (Output("total", "value", (items[plan["card"]],)), Output("grade", "value", (grade,) if grade else ()),
               Output("vetoed", "flag", tuple(m for _, m in vetoes)),
               Output("vetoes", "ids", pairs=tuple((v["id"], m) for v, m in vetoes)),
               Output("items", "map", pairs=tuple(items.items())))
    return ColumnGraph(col, tuple(b.quantities), outputs)


def graph_of(plan: Plan) -> Graph:
    """The calculation graph of a plan: one :class:`ColumnGraph` per score column."""
    return Graph(plan["tokens"], tuple(column_graph(plan, col) for col in plan["columns"]))


__all__ = ["RULES", "rule", "ColumnBuilder", "graph_of", "column_graph"]
