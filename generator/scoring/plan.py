"""A card's scoring rules as plain data: the *plan*.

The plan is what every output evaluates: the Python engine, the HTML form and the PDF's scripts
(both read it as JSON and run ``scoring.js``), and the XLSX formula writer. It is built from the
validated YAML of one card. Field names are stable ids: ``<id>--<column>`` for every input (criterion,
deduction rule, penalty, bonus item, veto), ``total--<id>--<column>`` and ``grade--<card>--<column>``.
"""
from __future__ import annotations

from typing import Any

FORMAT = "pingan-scoring/1"
DEFAULT_STEP = 0.5  # a card without score_step takes scores in half points
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


def _t(d: Any) -> dict:
    return {"zh": str(d["zh"]), "en": str(d["en"])} if isinstance(d, dict) else {"zh": "", "en": ""}


def _bonus(b: dict | None) -> dict | None:
    if not b:
        return None
    return {"cap": b["max_points"], "items": [{"id": i["id"], "points": i["points"], "text": _t(i["text"])}
                                              for i in b["items"]]}


def _penalties(items) -> list[dict]:
    return [{"id": p["id"], "amount": p["amount"], "cap": p.get("cap"), "text": _t(p["text"])} for p in items or ()]


def _criterion(c: dict, parent: str) -> dict:
    rules = [{"id": r["id"], "amount": r["amount"], "cap": r.get("cap"), "per": _t(r["per"])}
             for r in c.get("deductions") or ()]
    if c.get("deduction"):  # the single rule of the first format: its count goes in the criterion's field
        d = c["deduction"]
        rules = [{"id": c["id"], "amount": d["amount"], "cap": d.get("cap"), "per": _t(d["per"])}, *rules]
    kind = ("deduction" if rules else "figure" if c.get("proportional")
            else "outcome" if c["kind"] == "outcome" else "score")
    out = {"id": c["id"], "parent": parent, "kind": kind, "points": c["points"],
           "na": bool(c.get("not_applicable")), "rules": rules, "cap": c.get("deduction_cap"),
           "bonus": _bonus(c.get("bonus"))}
    if c.get("proportional"):
        p = c["proportional"]
        out["figure"] = {"threshold": p["threshold"], "direction": p["direction"], "per": p["per"],
                         "amount": p["amount"], "cap": p.get("cap"), "rounding": p["rounding"],
                         "unit": p.get("unit", ""), "text": _t(p["figure"])}
    return out


def _node(id_: str, level: str, points, parent: str | None, d: dict) -> dict:
    return {"id": id_, "level": level, "points": points, "parent": parent,
            "bonus": _bonus(d.get("bonus")), "penalties": _penalties(d.get("penalties"))}


def plan_of(card: dict) -> dict:
    """The plan of one validated card (plain YAML data)."""
    nodes, criteria = [], []
    groups = [(d, d["id"]) for d in card["domains"]] if card.get("domains") else [(card, None)]
    for group, dom in groups:
        for t in group["tasks"]:
            nodes.append(_node(t["id"], "task", t["points"], dom or card["id"], t))
            criteria.extend(_criterion(c, t["id"]) for c in t["criteria"])
        if dom:
            nodes.append(_node(dom, "domain", group["points"], card["id"], group))
    nodes.append(_node(card["id"], "card", card["total_points"], None, card))
    return {
        "format": FORMAT, "card": card["id"], "edition": str(card["edition"]),
        "step": card.get("score_step", DEFAULT_STEP), "total": card["total_points"],
        "columns": [c["id"] for c in card["score_columns"]],
        "below_zero": bool(card.get("below_zero")), "na_rule": card.get("not_applicable", "rescale"),
        "rounding": card.get("rounding"), "tokens": TOKENS, "kind_tokens": KIND_TOKENS,
        "grades": sorted(({"id": g["id"], "min": g["min"], "title": _t(g["title"])} for g in card.get("grades") or ()),
                         key=lambda g: g["min"]),
        "vetoes": [{"id": v["id"], "effect": v.get("effect", "zero"), "amount": v.get("amount"),
                    "grade": v.get("grade"), "raised_by": v.get("raised_by")} for v in card.get("vetoes") or ()],
        "nodes": nodes, "criteria": criteria,
    }


def inputs(plan: dict) -> list[tuple[str, str]]:
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
