"""The validity rule of each input kind, for the graph builder (:mod:`.build`).

One rule for every number, in every output: a count is a whole number from 0 to the card's
``max_count``; a figure a finite number within its rule's ``min``..``max``; a score or bonus 0..points
in the card's step. Words are the plan's tokens (``plan["tokens"]``), tried in the order of
``["na", *plan["kind_tokens"][kind]]``: "是" is met in an outcome and a tick in a veto.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .graph import Number
from .plan import FIGURE_RANGE, MAX_COUNT, Plan

# what each word group means in an input of this kind (None: blank)
# what a token of an input means: a number, "na", or None (blank)
MEANS: dict[str, dict[str, float | str | None]] = {
    "outcome": {"met": 1, "not-met": 0}, "veto": {"yes": 1, "no": None}, "na": {"yes": "na", "no": None}}
BAD = {"outcome": "outcome", "veto": "veto", "na": "na", "count": "count"}  # others: "number"


def _n(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _number(plan: Plan, kind: str, item: Mapping[str, Any]) -> tuple[Number | None, dict[str, str]]:
    if kind in MEANS:
        return None, {}
    if kind == "count":
        top = plan.get("max_count", MAX_COUNT)
        return Number("whole", 0, top, "bound"), {
            "bound": f"{{value}} is more occurrences than this card allows (0–{top:,})"}
    if kind == "figure":
        lo, hi = item["figure"].get("min", FIGURE_RANGE[0]), item["figure"].get("max", FIGURE_RANGE[1])
        return Number("signed", lo, hi, "bound"), {
            "bound": f"{{value}} is outside the figure's range {_n(lo)} to {_n(hi)}"}
    top, step = item["points"], plan["step"]
    return Number("plain", 0, top, "range", step), {
        "range": f"{{value}} is out of range 0–{top:g}",
        "step": f"{{value}} is not a multiple of the card's step {step:g}"}


def _bad_message(kind: str, na: bool) -> str:
    if kind == "outcome":
        return "'{raw}' is not an outcome: met, not-met" + (", na" if na else "")
    if kind == "veto":
        return "'{raw}' is not a veto mark: yes or blank"
    if kind == "na":
        return "'{raw}' is not allowed here: na or blank"
    if kind == "count":
        return "'{raw}' is not a number of occurrences (a whole number, 0 or more)"
    return "'{raw}' is not a number" + (" (or na)" if na else "")


def input_rule(plan: Plan, kind: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """The :class:`.graph.Input` fields (but name and field) of an input of this kind for this item:
    score, outcome, count, figure, bonus, veto, na (a deduction criterion's own N/A mark)."""
    means = MEANS.get(kind, {})
    accept = (("na", "na"), *((t, means[t]) for t in plan["kind_tokens"].get(kind, ()) if t in means))
    na = bool(item.get("na"))
    number, messages = _number(plan, kind, item)
    bad = BAD.get(kind, "number")
    return {"accept": accept, "bad": bad, "na": na, "number": number,
            "messages": ((bad, _bad_message(kind, na)), *messages.items())}
