"""Random valid fills of a card's plan: what a person could type into any output (agreement tests).

Every input kind is covered: blanks, scores in the card's step, met / not met, N/A where allowed,
numbers of occurrences, measured figures, bonus points and ticked vetoes — as the JSON export's own
tokens (``met``, ``not-met``, ``na``, ``yes``) or, with ``localised=True``, as a person picks them.
"""
from __future__ import annotations

import random

from generator.scoring.plan import inputs

LOCAL = {"zh": {"met": "达到", "not-met": "未达到", "na": "不适用", "yes": "是"},
         "en": {"met": "Met", "not-met": "Not met", "na": "N/A", "yes": "yes"}}


def _steps(top: float, step: float, rng: random.Random) -> str:
    n = int(round(top / step))
    x = rng.choice([0, n, rng.randint(0, n)]) * step
    return f"{x:g}"


def _value(plan: dict, kind: str, item: dict, rng: random.Random):
    if kind == "veto":
        return "yes" if rng.random() < 0.15 else ""
    if kind == "count":
        return str(rng.choice([0, 0, 1, 2, rng.randint(0, 12)]))
    if kind == "na":
        return "na" if rng.random() < 0.3 else ""
    if item.get("na") and rng.random() < 0.15:
        return "na"
    if kind == "outcome":
        return rng.choice(["met", "not-met"])
    if kind == "figure":
        f = item["figure"]
        return f"{f['threshold'] + rng.choice([-1, 1]) * rng.randint(0, 80) / 10:g}"
    return _steps(item["points"], plan["step"], rng)


def _items(plan: dict) -> dict[str, dict]:
    out = {}
    for c in plan["criteria"]:
        out[c["id"]] = c
        for r in c["rules"]:
            out.setdefault(r["id"], {**r, "na": c["na"] and r["id"] == c["id"]})
        for b in (c["bonus"] or {}).get("items", ()):
            out[b["id"]] = b
    for n in plan["nodes"]:
        for p in n["penalties"]:
            out[p["id"]] = p
        for b in (n["bonus"] or {}).get("items", ()):
            out[b["id"]] = b
    for v in plan["vetoes"]:
        out[v["id"]] = v
    return out


def random_fill(plan: dict, rng: random.Random, *, blank: float = 0.1, localised: str | None = None) -> dict:
    """Field name → text for every column; about ``blank`` of the inputs left empty."""
    items, values = _items(plan), {}
    for col in plan["columns"]:
        for id_, kind in inputs(plan):
            if rng.random() < blank:
                continue
            v = _value(plan, kind, items[id_], rng)
            if localised and v in LOCAL[localised]:
                v = LOCAL[localised][v]
            if v != "":
                values[f"{id_}--{col}"] = v
    return values


def with_reasons(plan: dict, values: dict, reason: str = "扣分原因：台账不全") -> dict:
    """``values`` with a reason (the criterion's notes) for every criterion that lost points in a column after
    the first (a review or re-check column: ``pingan collect`` rejects a deduction there without one)."""
    from generator.scoring.engine import evaluate

    known = {k: v for k, v in values.items() if not k.startswith("header--")}
    cols = evaluate(plan, known)["columns"]
    out = dict(values)
    for col in plan["columns"][1:]:
        items = cols.get(col, {}).get("items", {})
        for c in plan["criteria"]:
            if items.get(c["id"], 0.0) < c["points"] - 1e-9 and not out.get(f"{c['id']}--notes"):
                out[f"{c['id']}--notes"] = reason
    return out
