"""The card's calculation graph as XLSX formulas: the hidden sheet ``_calc`` holds one row per
quantity of the graph (:mod:`generator.scoring.graph`, made by :mod:`generator.scoring.build`), one
column per score column, one formula per cell — the operation of that quantity on the cells of its
arguments. It knows no rule, only the graph's operations.

An input is read from the card's sheet as a person types it (a number, or a word compared
case-insensitively after trimming: the graph's word groups) in three rows: ``<name>:text`` (the
trimmed lower-case text), ``<name>:number`` (its number, or "") and ``<name>`` (the valid value, "na",
or "": an invalid input counts as blank, as the Python evaluator's ``Problem`` does). Operations read an
input through ``N()`` (blank and "na" are 0). Cached values are the Python evaluator's on the values
the workbook is written with (the helper rows' are blank).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..scoring.build import graph_of
from ..scoring.evaluate import run
from ..scoring.graph import Choose, Input, Number, Op, Quantity, Round
from ..scoring.plan import Plan

CALC = "_calc"
EPS = "0.000000001"
ROUND = {"half-up": "ROUND({x},{d})", "down": "ROUNDDOWN({x},{d})", "up": "ROUNDUP({x},{d})",
         "ceil": "-INT(-({x}))", "floor": "INT({x})"}
OPS: dict[str, Callable[[list[str]], str]] = {
    "sum": lambda a: "+".join(a) or "0", "sub": lambda a: f"{a[0]}-({a[1]})", "mul": lambda a: "*".join(a) or "1",
    "div": lambda a: f"IF({a[1]}=0,0,{a[0]}/{a[1]})", "min": lambda a: f"MIN({','.join(a)})",
    "max": lambda a: f"MAX({','.join(a)})", "if": lambda a: f"IF({a[0]}<>0,{a[1]},{a[2]})",
    "gt": lambda a: f"IF({a[0]}>{a[1]},1,0)", "atleast": lambda a: f"IF({a[0]}>={a[1]}-{EPS},1,0)",
    "eq": lambda a: f"IF({a[0]}={a[1]},1,0)", "any": lambda a: "IF(OR(" + ",".join(f"{x}<>0" for x in a) + "),1,0)",
    "all": lambda a: "IF(AND(" + ",".join(f"{x}<>0" for x in a) + "),1,0)",
    "isna": lambda a: f'IF({a[0]}="na",1,0)', "present": lambda a: f"IF(ISNUMBER({a[0]}),1,0)",
}
RAW_ARGS = ("isna", "present")  # operations that see an input's text value, not its N()


def lit(s: str) -> str:
    """A string literal in a formula."""
    return '"' + str(s).replace('"', '""') + '"'


def n(x: float) -> str:
    """A number literal in a formula."""
    s = repr(float(x)).removesuffix(".0") if float(x) == int(x) else repr(float(x))
    return f"({s})" if s.startswith("-") else s


class Calc:
    """The quantities of the ``_calc`` sheet; ``cells`` maps each input field to its address on ``sheet``."""

    def __init__(self, plan: Plan, sheet: str, cells: dict[str, str], values: dict | None = None):
        self.plan, self.sheet, self.cells = plan, sheet, cells
        self.cols = plan["columns"]
        self.graph = graph_of(plan)
        self.words = self.graph.words
        # cached results: the Python evaluator's on the workbook's values
        self.result, _, self.vals = run(self.graph, values or {})
        self.row: dict[str, int] = {}
        self.quantities: list[tuple[str, list[str], list]] = []  # name, formula per column, cached values
        self.inputs: set[str] = set()

    def at(self, name: str, j: int, sheet: bool = False) -> str:
        a = xl_rowcol_to_cell(self.row[name], 1 + j)
        return f"'{CALC}'!{a}" if sheet else a

    def put(self, name: str, formulas: list[str], cached: list) -> str:
        self.row[name] = len(self.quantities) + 1  # row 0 holds the column ids
        self.quantities.append((name, formulas, cached))
        return name

    def arg(self, a: Any, j: int, raw: bool = False) -> str:
        if isinstance(a, (int, float)):
            return n(a)
        return self.at(a, j) if raw or a not in self.inputs else f"N({self.at(a, j)})"

    # -- one formula per quantity --------------------------------------------------------------------
    def formula(self, q: Quantity, j: int) -> str:
        if isinstance(q, Round):
            return ROUND[q.mode].format(x=self.arg(q.arg, j), d=q.digits)
        if isinstance(q, Choose):
            return f"CHOOSE({self.arg(q.index, j)}+1,{','.join(lit(x) for x in q.labels)})"
        assert isinstance(q, Op)
        return OPS[q.op]([self.arg(a, j, q.op in RAW_ARGS) for a in q.args])

    def raw(self, field: str) -> str:
        cell = self.cells.get(field)
        return f"'{self.sheet}'!{cell}" if cell else '""'

    def value(self, q: Input, j: int) -> str:
        """The valid value of an input: the value of the first word group holding its text, else its
        number when the rule takes it, else "" (blank or invalid)."""
        t, x = self.at(f"{q.name}:text", j), self.at(f"{q.name}:number", j)
        out = self.number(q.number, x) if q.number else '""'
        for group, v in reversed(q.accept):
            val = '""' if v is None or (v == "na" and not q.na) else lit(v) if isinstance(v, str) else n(v)
            out = "IF(OR(" + ",".join(f"{t}={lit(w)}" for w in self.words[group]) + f"),{val},{out})"
        return out

    @staticmethod
    def number(rule: Number, x: str) -> str:
        tests = [f"{x}>={n(rule.min)}", f"{x}<={n(rule.max)}"]
        if rule.form == "whole":
            tests.append(f"{x}=INT({x})")
        if rule.step:
            s = n(rule.step)
            tests.append(f"ABS({x}/{s}-ROUND({x}/{s},0))<={EPS}")
        return f'IF(ISNUMBER({x}),IF(AND({",".join(tests)}),{x},""),"")'

    def input(self, qs: list[Input]) -> str:
        blank = ["" for _ in qs]
        raws = [self.raw(q.field) for q in qs]
        self.put(f"{qs[0].name}:text", [f"LOWER(TRIM({r}))" for r in raws], blank)
        self.put(f"{qs[0].name}:number", [f'IF(ISNUMBER({r}),{r},IFERROR(VALUE(TRIM({r})),""))' for r in raws], blank)
        self.inputs.add(qs[0].name)
        cached = [self.cached(qs[0].name, col) for col in self.cols]
        return self.put(qs[0].name, [self.value(q, j) for j, q in enumerate(qs)], cached)

    def cached(self, name: str, col: str):
        v = self.vals[col][name]
        return "" if v is None else v

    def build(self) -> dict[str, str]:
        """Every quantity; returns plan item id (criterion, task, domain, card) → its quantity's name."""
        per_col = [cg.quantities for cg in self.graph.columns]
        for i, q in enumerate(per_col[0]):
            qs = [col_qs[i] for col_qs in per_col]
            assert all(x.name == q.name for x in qs), q.name  # every column has the same quantities
            if isinstance(q, Input):
                self.input(qs)  # type: ignore[arg-type]
            else:
                self.put(q.name, [self.formula(x, j) for j, x in enumerate(qs)],
                         [self.cached(q.name, col) for col in self.cols])
        return next(dict(o.pairs) for o in self.graph.columns[0].outputs if o.how == "map")

    def label_index(self) -> str | None:
        """The quantity holding the index of the graph's label choice (the card's final band)."""
        for q in self.graph.columns[0].quantities:
            if isinstance(q, Choose):
                return q.index if isinstance(q.index, str) else None
        return None
