"""A card's scoring as a calculation graph: named quantities per score column (frozen dataclasses).

The graph is what the three evaluators interpret, and all they know: :mod:`.evaluate` (Python: the
engine ``pingan score``, ``collect`` and the XLSX cached values use), ``site_templates/assets/scoring.js``
(the HTML form and the PDF's scripts, reading :meth:`Graph.json` from the plan JSON) and
:mod:`generator.render.xlsx_rules` (one Excel formula per quantity on the ``_calc`` sheet).
:mod:`.build` makes it from a plan; it alone knows what a deduction, a figure, a bonus, a penalty, a
veto, an N/A rule or a grade is.

A value is a number, or — an :class:`Input` only — ``None`` (blank, or a problem) or ``"na"``.
Operations read an input's number as itself and its blank or ``"na"`` as 0. The operations
(:data:`OPS`), their arguments being quantity names or number literals:

- ``sum`` a+b+… (from 0, left to right) · ``sub`` a−b · ``mul`` a×b×… · ``div`` a÷b (0 when b is 0)
- ``min`` / ``max`` of the arguments · ``if`` c ? a : b (c ≠ 0)
- ``gt`` a > b · ``atleast`` a ≥ b − 10⁻⁹ · ``eq`` a = b · ``any`` / ``all`` of the arguments ≠ 0
  (each 1 or 0)
- ``isna`` the input is ``"na"`` · ``present`` the input is a number (1 or 0)
- ``round`` (:class:`Round`): to ``digits`` places, ``half-up`` / ``down`` / ``up`` (away from or
  towards zero, within 10⁻⁹) or ``ceil`` / ``floor`` (to a whole number, exactly)
- ``choose`` (:class:`Choose`): the label at a 0-based index
- ``input`` (:class:`Input`): a field's text read by its validity rule.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

Arg = str | float  # a quantity's name, or a number literal
OPS = ("sum", "sub", "mul", "div", "min", "max", "if", "gt", "atleast", "eq", "any", "all", "isna", "present")
ROUNDING = ("half-up", "down", "up", "ceil", "floor")
EPS = 1e-9


@dataclass(frozen=True)
class Number:
    """Which numbers an input takes: ``form`` whole (0-9 digits), plain (unsigned decimal) or signed;
    ``min``..``max`` (outside: problem ``range_code``), an optional ``step`` (off it: problem ``step``)."""
    form: str
    min: float
    max: float
    range_code: str
    step: float | None = None


@dataclass(frozen=True)
class Input:
    """A field's text (NFKC, trimmed, compared lower-case with the graph's ``words``): the first group
    of ``accept`` holding it gives its value (a number, ``"na"`` — a problem unless ``na`` — or None
    for blank); else a number by ``number``; else problem ``bad``. ``messages``: code → the English
    sentence of a problem (``{raw}``: the text as typed, ``{value}``: as read), for ``pingan score``."""
    name: str
    field: str
    accept: tuple[tuple[str, float | str | None], ...]
    bad: str
    na: bool = False
    number: Number | None = None
    messages: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)  # `field` is a member
    op: str = "input"


@dataclass(frozen=True)
class Op:
    """One of :data:`OPS` on its arguments."""
    name: str
    op: str
    args: tuple[Arg, ...]


@dataclass(frozen=True)
class Round:
    name: str
    arg: Arg
    digits: int = 6
    mode: str = "half-up"
    op: str = "round"


@dataclass(frozen=True)
class Choose:
    name: str
    index: Arg
    labels: tuple[str, ...]
    op: str = "choose"


Quantity = Input | Op | Round | Choose


@dataclass(frozen=True)
class Output:
    """One entry of a column's result: ``key`` and ``how`` — ``value`` (the quantity ``of[0]``, or None
    without one), ``flag`` (any of ``of`` ≠ 0), ``ids`` (the ids of ``pairs`` whose quantity ≠ 0) or
    ``map`` (id → value, for ``pairs``)."""
    key: str
    how: str
    of: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ColumnGraph:
    column: str
    quantities: tuple[Quantity, ...]  # in evaluation order: every argument comes before its use
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class Graph:
    words: dict[str, list[str]]  # word group → the lower-case words it holds
    columns: tuple[ColumnGraph, ...]

    def json(self) -> dict:
        """The graph as the JSON the form and the PDF read (scoring.js)."""
        return {"words": self.words, "columns": [
            {"column": c.column, "quantities": [_q_json(q) for q in c.quantities],
             "outputs": [[o.key, o.how, list(o.of), [list(p) for p in o.pairs]] for o in c.outputs]}
            for c in self.columns]}


def _q_json(q: Quantity) -> list:
    if isinstance(q, Input):
        n = q.number
        rule = {"accept": [list(a) for a in q.accept], "bad": q.bad, "na": q.na,
                "number": None if n is None else {"form": n.form, "min": n.min, "max": n.max,
                                                  "range": n.range_code, "step": n.step}}
        return [q.name, "input", q.field, rule]
    if isinstance(q, Round):
        return [q.name, "round", q.arg, q.digits, q.mode]
    if isinstance(q, Choose):
        return [q.name, "choose", q.index, list(q.labels)]
    return [q.name, q.op, *q.args]
