"""The scoring engine: what a filled card scores. Pure Python, no rendering.

``evaluate(plan, values)`` takes the card's plan (:mod:`.plan`) and the filled values (field name →
text, as the JSON export holds them) and returns, per score column, every criterion's, task's,
domain's and the card's points, the vetoes applied and the grade, plus every input problem.
``site_templates/assets/scoring.js`` is the same algorithm, step for step, for the HTML form and the
PDF; the XLSX formulas (:mod:`generator.render.xlsx_rules`) spell it out per cell.

Order on the card: criteria (deductions floor at 0) → tasks → domains → the card's sum, re-scaled to
full points when criteria are not applicable (``not_applicable: rescale``) → card bonus and penalties
→ veto deductions → veto ``zero`` → rounding (``rounding``) → grade (then veto ``fail``/``grade-cap``).
"""
from __future__ import annotations

import math
import re
import unicodedata

from .plan import FIGURE_RANGE, MAX_COUNT
from ..cardfile.untrusted import clip

# ASCII digits only (Python's \d also matches other scripts' digits, JavaScript's does not); full-width
# digits typed in a Chinese input method are folded to ASCII by NFKC before these are tried
NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
SIGNED = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
COUNT = re.compile(r"^[0-9]+$")
# what JavaScript's \s trims (scoring.js trims the same), so that both engines see the same text
SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
        "\u2028\u2029\u202f\u205f\u3000\ufeff"


def rnd(x: float, digits: int = 6, mode: str = "half-up") -> float:
    """Round as every output does (half away from zero; down/up towards/away from zero)."""
    f = 10 ** digits
    a = abs(x) * f
    a = math.floor(a + 0.5 + 1e-9) if mode == "half-up" else math.floor(a + 1e-9) if mode == "down" \
        else math.ceil(a - 1e-9)
    return math.copysign(a / f, x) if a else 0.0


def token(plan: dict, raw, kind: str = "") -> str:
    """The canonical form of an input of this kind: '' (blank), na, met/not-met (outcomes), yes
    (vetoes), or the trimmed text."""
    v = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip(SPACE)
    low = v.lower()
    for tok in ["na", *plan["kind_tokens"].get(kind, ())]:
        if low in plan["tokens"][tok]:
            return "" if tok == "no" else "na" if kind == "na" and tok == "yes" else tok
    return v


class Problem(ValueError):
    """An input that cannot be used. ``code`` (outcome, veto, na, count, number, range, step, bound) is what
    the HTML form and scoring.js report too; the form shows its own localised words for it."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.message = field, code, message


def parse(plan: dict, kind: str, item: dict, field: str, raw):
    """The value of one input: None (blank), 'na', a number, or raises :class:`Problem`.

    One validity rule for every number, as scoring.js applies it: a count is a whole number from 0 to
    the card's ``max_count``; a figure a finite number within its rule's ``min``..``max``; a score or
    bonus 0..points in the card's step."""
    v = token(plan, raw, kind)
    if v == "":
        return None
    if v == "na" and item.get("na"):
        return "na"
    r = clip(raw)
    if kind == "outcome":
        if v in ("met", "not-met"):
            return v
        raise Problem(field, "outcome", f"'{r}' is not an outcome: met, not-met" + (", na" if item.get("na") else ""))
    if kind == "veto":
        if v == "yes":
            return True
        raise Problem(field, "veto", f"'{r}' is not a veto mark: yes or blank")
    if kind == "na":
        raise Problem(field, "na", f"'{r}' is not allowed here: na or blank")
    if kind == "count":
        return _count(plan, field, v, r)
    if not (SIGNED if kind == "figure" else NUMBER).match(v):
        raise Problem(field, "number", f"'{r}' is not a number" + (" (or na)" if item.get("na") else ""))
    x = float(v)
    if kind == "figure":
        lo, hi = item["figure"].get("min", FIGURE_RANGE[0]), item["figure"].get("max", FIGURE_RANGE[1])
        if not lo <= x <= hi:
            raise Problem(field, "bound", f"{clip(v)} is outside the figure's range {_n(lo)} to {_n(hi)}")
        return x
    top, step = item["points"], plan["step"]
    if x > top:
        raise Problem(field, "range", f"{clip(v)} is out of range 0–{top:g}")
    if abs(x / step - round(x / step)) > 1e-9:
        raise Problem(field, "step", f"{clip(v)} is not a multiple of the card's step {step:g}")
    return x


def _n(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _count(plan: dict, field: str, v: str, r: str) -> int:
    if not COUNT.match(v):
        raise Problem(field, "count", f"'{r}' is not a number of occurrences (a whole number, 0 or more)")
    top = plan.get("max_count", MAX_COUNT)
    if len(v) > 15 or int(v) > top:
        raise Problem(field, "bound", f"{clip(v)} is more occurrences than this card allows (0–{top:,})")
    return int(v)


def _capped(n: int | None, amount: float, cap) -> float:
    d = (n or 0) * amount
    return min(cap, d) if cap is not None else d


def _figure_deduction(f: dict, x: float) -> float:
    short = f["threshold"] - x if f["direction"] == "below" else x - f["threshold"]
    if short <= 0:
        return 0.0
    q = rnd(short / f["per"], 9)
    units = math.ceil(q) if f["rounding"] == "started" else math.floor(q) if f["rounding"] == "full" else q
    return _capped(1, units * f["amount"], f["cap"])


class Column:
    """One score column being evaluated."""

    def __init__(self, plan: dict, values: dict, col: str, problems: list):
        self.plan, self.values, self.col, self.problems = plan, values, col, problems
        self.items: dict[str, float] = {}
        self.na_points = 0.0

    def get(self, kind: str, item: dict, id_: str | None = None):
        field = f"{id_ or item['id']}--{self.col}"
        try:
            return parse(self.plan, kind, item, field, self.values.get(field))
        except Problem as p:
            self.problems.append(p)
            return None

    def bonus(self, b: dict | None) -> float:
        if not b:
            return 0.0
        return min(b["cap"], sum(self.get("bonus", i) or 0 for i in b["items"]))

    def criterion(self, c: dict) -> float:
        kind, pts = c["kind"], c["points"]
        if kind == "deduction":
            counts = [self.get("count", {**r, "na": c["na"] and r["id"] == c["id"]}) for r in c["rules"]]
            own = counts[0] if c["rules"][0]["id"] == c["id"] else self.get("na", c)
            v = "na" if own == "na" else None
            if v is None and any(n is not None for n in counts):
                cut = sum(_capped(n if n != "na" else 0, r["amount"], r["cap"]) for n, r in zip(counts, c["rules"]))
                v = max(0.0, pts - (min(c["cap"], cut) if c["cap"] is not None else cut))
        else:
            v = self.get(kind, c)
            if kind == "outcome" and v in ("met", "not-met"):
                v = pts if v == "met" else 0.0
            elif kind == "figure" and isinstance(v, float):
                v = max(0.0, pts - _figure_deduction(c["figure"], v))
        if v == "na":
            if self.plan["na_rule"] == "full":
                v = pts
            else:
                self.na_points += pts
                v = 0.0
        return rnd((v or 0.0) + self.bonus(c["bonus"]))

    def node(self, n: dict, children: float) -> float:
        x = children + self.bonus(n["bonus"]) - sum(_capped(self.get("count", p), p["amount"], p["cap"])
                                                    for p in n["penalties"])
        return rnd(x if self.plan["below_zero"] else max(0.0, x))


def _vetoes(col: Column) -> list[dict]:
    plan, out = col.plan, []
    crit = {c["id"]: c for c in plan["criteria"]}
    for v in plan["vetoes"]:
        raised = col.get("veto", v) is True
        if v["raised_by"] and v["raised_by"] in crit:
            f = f"{v['raised_by']}--{col.col}"
            raised = raised or token(plan, col.values.get(f), "outcome") == "not-met"
        if raised:
            out.append(v)
    return out


def _card(col: Column, n: dict, children: float, vetoes: list[dict]) -> float:
    plan = col.plan
    if plan["na_rule"] == "rescale" and col.na_points > 0:
        applicable = plan["total"] - col.na_points
        children = children * plan["total"] / applicable if applicable > 0 else 0.0
    x = col.node(n, rnd(children))
    cut = sum(v["amount"] for v in vetoes if v["effect"] == "deduct")
    if cut:
        x = x - cut if plan["below_zero"] else max(0.0, x - cut)
    if any(v["effect"] == "zero" for v in vetoes):
        x = 0.0
    r = plan["rounding"]
    return rnd(rnd(x), r["digits"], r.get("mode", "half-up")) if r else rnd(x)


def grade(plan: dict, total: float, vetoes: list[dict]) -> str | None:
    gs = plan["grades"]
    if not gs:
        return None
    i = max([k for k, g in enumerate(gs) if total >= g["min"] - 1e-9] or [0])
    for v in vetoes:
        if v["effect"] in ("fail", "zero"):
            i = 0
        elif v["effect"] == "grade-cap":
            i = min(i, next(k for k, g in enumerate(gs) if g["id"] == v["grade"]))
    return gs[i]["id"]


def column(plan: dict, values: dict, col: str, problems: list) -> dict:
    c = Column(plan, values, col, problems)
    sums: dict[str, float] = {}
    for cr in plan["criteria"]:
        c.items[cr["id"]] = v = c.criterion(cr)
        sums[cr["parent"]] = sums.get(cr["parent"], 0.0) + v
    vetoes = _vetoes(c)
    for n in plan["nodes"]:
        below = sums.get(n["id"], 0.0)
        c.items[n["id"]] = v = _card(c, n, below, vetoes) if n["level"] == "card" else c.node(n, rnd(below))
        if n["parent"]:
            sums[n["parent"]] = sums.get(n["parent"], 0.0) + v
    total = c.items[plan["card"]]
    return {"total": total, "grade": grade(plan, total, vetoes), "vetoed": bool(vetoes),
            "vetoes": [v["id"] for v in vetoes], "items": c.items}


def evaluate(plan: dict, values: dict) -> dict:
    """Every column's result and every input problem (``problems``: list of :class:`Problem`)."""
    problems: list[Problem] = []
    cols = {col: column(plan, values, col, problems) for col in plan["columns"]}
    return {"card": plan["card"], "edition": plan["edition"], "columns": cols, "problems": problems}


def known_fields(plan: dict) -> set[str]:
    """Every field name a filled card may carry (inputs, notes, header)."""
    from .plan import inputs

    names = {f"{i}--{col}" for i, _ in inputs(plan) for col in plan["columns"]}
    names |= {f"{c['id']}--{col}" for c in plan["criteria"] for col in plan["columns"]}
    names |= {f"{c['id']}--notes" for c in plan["criteria"]}
    names |= {f"header--{h}" for h in ("unit", "period", "filled-by", "date")}
    return names
