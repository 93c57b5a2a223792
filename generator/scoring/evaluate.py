"""The Python evaluator of a calculation graph (:mod:`.graph`): each quantity in order, on the filled
values (field name → text). ``site_templates/assets/scoring.js`` is the same interpreter in
JavaScript; :mod:`generator.render.xlsx_rules` writes the same quantities as Excel formulas."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypedDict

from ..model.problems import clip
from .graph import EPS, Choose, ColumnGraph, Graph, Input, Op, Round

# ASCII digits only (Python's \d also matches other scripts' digits, JavaScript's does not); full-width
# digits typed in a Chinese input method are folded to ASCII by NFKC before these are tried
PATTERNS = {"plain": re.compile(r"^[0-9]+(\.[0-9]+)?$"), "signed": re.compile(r"^-?[0-9]+(\.[0-9]+)?$"),
            "whole": re.compile(r"^[0-9]+$")}
# what JavaScript's \s trims (scoring.js trims the same), so that both engines see the same text
SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
        "\u2028\u2029\u202f\u205f\u3000\ufeff"


class Problem(ValueError):
    """An input that cannot be used. ``code`` (outcome, veto, na, count, number, range, step, bound) is what
    the HTML form and scoring.js report too; the form shows its own localised words for it."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.message = field, code, message


class ColumnResult(TypedDict):
    total: float
    grade: str | None
    vetoed: bool
    vetoes: list[str]
    items: dict[str, float]


class Scores(TypedDict):
    """What a filled card scores, per score column."""
    card: str
    edition: str
    columns: dict[str, ColumnResult]


class Result(Scores):
    """The engine's answer: the scores and every input problem."""
    problems: list[Problem]


def rnd(x: float, digits: int = 6, mode: str = "half-up") -> float:
    """Round as every output does (half away from zero; down/up towards/away from zero, within 10⁻⁹;
    ceil/floor to a whole number, exactly)."""
    if mode in ("ceil", "floor"):
        return float(math.ceil(x) if mode == "ceil" else math.floor(x))
    f = 10 ** digits
    a = abs(x) * f
    a = math.floor(a + 0.5 + 1e-9) if mode == "half-up" else math.floor(a + 1e-9) if mode == "down" \
        else math.ceil(a - 1e-9)
    return math.copysign(a / f, x) if a else 0.0


def text(raw) -> str:
    """An input's text as every output reads it: NFKC (full-width ５ is 5), trimmed."""
    return "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip(SPACE)


def read(q: Input, words: dict[str, list[str]], raw) -> Any:
    """The value of one input: None (blank), 'na', a number, or raises :class:`Problem`."""
    v = text(raw)
    if v == "":
        return None
    low = v.lower()

    def problem(code: str) -> Problem:
        msg = dict(q.messages).get(code, code).replace("{value}", clip(v)).replace("{raw}", clip(raw))
        return Problem(q.field, code, msg)
    for group, value in q.accept:
        if low in words[group]:
            if value == "na" and not q.na:
                raise problem(q.bad)
            return value
    n = q.number
    if n is None or not PATTERNS[n.form].match(v):
        raise problem(q.bad)
    if n.form == "whole":
        if len(v) > 15 or int(v) > n.max:
            raise problem(n.range_code)
        return int(v)
    x = float(v)
    if x < n.min or x > n.max:
        raise problem(n.range_code)
    if n.step and abs(x / n.step - round(x / n.step)) > 1e-9:
        raise problem("step")
    return x


def num(x) -> float:
    return x if isinstance(x, (int, float)) else 0


OPS: dict[str, Callable[[list], float]] = {
    "sum": lambda a: sum(a), "sub": lambda a: a[0] - a[1], "mul": lambda a: math.prod(a),
    "div": lambda a: a[0] / a[1] if a[1] else 0, "min": lambda a: min(a), "max": lambda a: max(a),
    "if": lambda a: a[1] if a[0] else a[2], "gt": lambda a: 1 if a[0] > a[1] else 0,
    "atleast": lambda a: 1 if a[0] >= a[1] - EPS else 0, "eq": lambda a: 1 if a[0] == a[1] else 0,
    "any": lambda a: 1 if any(a) else 0, "all": lambda a: 1 if all(a) else 0,
}


def values_of(cg: ColumnGraph, words: dict, values: dict, problems: list[Problem]) -> dict[str, Any]:
    """Every quantity's value in one column (inputs: None, 'na' or a number; the rest numbers, or a label)."""
    vals: dict[str, Any] = {}
    arg = lambda a: a if isinstance(a, (int, float)) else vals[a]  # noqa: E731
    for q in cg.quantities:
        if isinstance(q, Input):
            try:
                vals[q.name] = read(q, words, values.get(q.field))
            except Problem as p:
                problems.append(p)
                vals[q.name] = None
        elif isinstance(q, Round):
            vals[q.name] = rnd(num(arg(q.arg)), q.digits, q.mode)
        elif isinstance(q, Choose):
            vals[q.name] = q.labels[int(num(arg(q.index)))]
        elif q.op == "isna":
            vals[q.name] = 1 if arg(q.args[0]) == "na" else 0
        elif q.op == "present":
            x = arg(q.args[0])
            vals[q.name] = 1 if isinstance(x, (int, float)) else 0
        else:
            assert isinstance(q, Op)
            vals[q.name] = OPS[q.op]([num(arg(a)) for a in q.args])
    return vals


def outputs(cg: ColumnGraph, vals: dict) -> ColumnResult:
    out: dict[str, Any] = {}
    for o in cg.outputs:
        if o.how == "value":
            out[o.key] = vals[o.of[0]] if o.of else None
        elif o.how == "flag":
            out[o.key] = any(vals[q] for q in o.of)
        elif o.how == "ids":
            out[o.key] = [i for i, q in o.pairs if vals[q]]
        else:
            out[o.key] = {i: vals[q] for i, q in o.pairs}
    return out  # type: ignore[return-value]


def run(graph: Graph, values: dict) -> tuple[dict[str, ColumnResult], list[Problem], dict[str, dict]]:
    """Every column's result, every input problem, and every column's quantity values."""
    problems: list[Problem] = []
    cols, vals = {}, {}
    for cg in graph.columns:
        vals[cg.column] = values_of(cg, graph.words, values, problems)
        cols[cg.column] = outputs(cg, vals[cg.column])
    return cols, problems, vals
