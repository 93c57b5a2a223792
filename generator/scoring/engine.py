"""The scoring engine: what a filled card scores. Pure Python, no rendering.

``evaluate(plan, values)`` takes the card's plan (:mod:`.plan`) and the filled values (field name →
text, as the JSON export holds them) and returns, per score column, every criterion's, task's,
domain's and the card's points, the vetoes applied and the grade, plus every input problem. It builds
the plan's calculation graph (:mod:`.build`) and evaluates it (:mod:`.evaluate`); the HTML form and the
PDF evaluate the same graph with ``site_templates/assets/scoring.js``, the XLSX with the formulas of
:mod:`generator.render.xlsx_rules`.

Order on the card: criteria (deductions floor at 0) → tasks → domains → the card's sum, re-scaled to
full points when criteria are not applicable (``not_applicable: rescale``) → card bonus and penalties
→ veto deductions → veto ``zero`` → rounding (``rounding``) → grade (then veto ``fail``/``grade-cap``).
"""
from __future__ import annotations

from .build import graph_of
from .evaluate import ColumnResult, Problem, Result, Scores, rnd, run, text
from .graph import Graph
from .plan import Plan

__all__ = ["evaluate", "token", "rnd", "Problem", "Result", "Scores", "ColumnResult"]


def token(plan: Plan, raw, kind: str = "") -> str:
    """The canonical form of an input of this kind: '' (blank), na, met/not-met (outcomes), yes
    (vetoes), or the trimmed text (what the form's choices and checkboxes show for a value)."""
    v = text(raw)
    low = v.lower()
    for tok in ["na", *plan["kind_tokens"].get(kind, ())]:
        if low in plan["tokens"][tok]:
            return "" if tok == "no" else "na" if kind == "na" and tok == "yes" else tok
    return v


def evaluate(plan: Plan, values: dict, graph: Graph | None = None) -> Result:
    """Every column's result and every input problem (``problems``: list of :class:`Problem`); ``graph``:
    the plan's graph when the caller keeps it (:func:`.plan.graph_for`), else it is built."""
    cols, problems, _ = run(graph or graph_of(plan), values)
    return {"card": plan["card"], "edition": plan["edition"], "columns": cols, "problems": problems}
