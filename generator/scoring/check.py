"""Located checks of the scoring rules (run by ``pingan check`` after the JSON Schema)."""
from __future__ import annotations

from typing import Iterator

from .plan import DEFAULT_STEP


def _num(x):
    return x if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def _criteria(card) -> Iterator[tuple[tuple, dict]]:
    """(path below the card, criterion) for every criterion of a card node."""
    c = card.value
    groups = [(("domains", i), d) for i, d in enumerate(c.get("domains") or [])] or [((), c)]
    for gp, g in groups:
        for ti, t in enumerate(g.get("tasks") or []):
            for ci, cr in enumerate(t.get("criteria") or []):
                yield gp + ("tasks", ti, "criteria", ci), cr


def _levels(card) -> Iterator[tuple[tuple, dict]]:
    """(path, mapping) for the card, each domain, task and criterion: the levels that may carry bonus."""
    c = card.value
    yield (), c
    groups = [(("domains", i), d) for i, d in enumerate(c.get("domains") or [])]
    yield from groups
    for gp, g in groups or [((), c)]:
        for ti, t in enumerate(g.get("tasks") or []):
            yield gp + ("tasks", ti), t
    yield from _criteria(card)


def check_criterion(add, path, cr: dict, step: float) -> None:
    pts = _num(cr.get("points"))
    rules = list(cr.get("deductions") or []) + ([cr["deduction"]] if cr.get("deduction") else [])
    where = [("deductions", i) for i in range(len(cr.get("deductions") or []))] + \
        ([("deduction",)] if cr.get("deduction") else [])
    for w, r in zip(where, rules):
        if pts is not None and _num(r.get("cap")) is not None and r["cap"] > pts:
            add(path + w + ("cap",), f"deduction cap {r['cap']:g} is above the criterion's {pts:g} points")
        if pts is not None and _num(r.get("amount")) is not None and r["amount"] > pts:
            add(path + w + ("amount",), f"deduction of {r['amount']:g} per occurrence is above the criterion's "
                                        f"{pts:g} points")
    if _num(cr.get("deduction_cap")) is not None:
        if not rules:
            add(path + ("deduction_cap",), "deduction_cap without deduction rules")
        elif pts is not None and cr["deduction_cap"] > pts:
            add(path + ("deduction_cap",), f"deduction cap {cr['deduction_cap']:g} is above the criterion's "
                                           f"{pts:g} points")
    if rules and cr.get("kind") != "requirement":
        add(path + ("kind",), f"a criterion with deduction rules is scored by them: kind must be requirement, "
                              f"not {cr.get('kind')}")
    prop = cr.get("proportional")
    if (cr.get("kind") == "figure") != bool(prop):
        add(path + ("kind",), "kind figure and a proportional rule go together (one is missing)")
    if prop and isinstance(prop, dict):
        if rules:
            add(path + ("proportional",), "a criterion has either deduction rules or a proportional rule")
        if not str(prop.get("unit") or "").strip():
            add(path + ("proportional",), "proportional rule without its unit (e.g. unit: \"%\")")
        if pts is not None and _num(prop.get("cap")) is not None and prop["cap"] > pts:
            add(path + ("proportional", "cap"), f"cap {prop['cap']:g} is above the criterion's {pts:g} points")


def check_bonus(add, path, b: dict, step: float) -> None:
    cap = _num(b.get("max_points"))
    for i, item in enumerate(b.get("items") or []):
        p = _num(item.get("points")) if isinstance(item, dict) else None
        if p is None:
            continue
        if cap is not None and p > cap:
            add(path + ("items", i, "points"), f"bonus item of {p:g} points is above the level's cap {cap:g}")
        if abs(p / step - round(p / step)) > 1e-9:
            add(path + ("items", i, "points"), f"bonus points {p:g} are not a multiple of the score step {step:g}")


def check_penalties(add, path, level: dict) -> None:
    pts = _num(level.get("points", level.get("total_points")))
    for i, p in enumerate(level.get("penalties") or []):
        if pts is not None and _num(p.get("cap")) is not None and p["cap"] > pts:
            add(path + ("penalties", i, "cap"), f"penalty cap {p['cap']:g} is above the {pts:g} points it "
                                                f"deducts from")
        if _num(p.get("cap")) is not None and _num(p.get("amount")) is not None and p["cap"] < p["amount"]:
            add(path + ("penalties", i, "cap"), f"penalty cap {p['cap']:g} is below one occurrence "
                                                f"({p['amount']:g})")


def check_grades(add, c: dict) -> None:
    grades = [g for g in c.get("grades") or [] if isinstance(g, dict) and _num(g.get("min")) is not None]
    if not grades:
        return
    idx = {id(g): i for i, g in enumerate(c["grades"])}
    order = sorted(grades, key=lambda g: g["min"])
    if order[0]["min"] != 0:
        add(("grades", idx[id(order[0])], "min"), f"the lowest grade starts at {order[0]['min']:g}: scores "
                                                  f"below it have no grade (start it at 0)")
    total = _num(c.get("total_points"))
    for lo, hi in zip(order, order[1:]):
        at = ("grades", idx[id(lo)])
        if lo["min"] == hi["min"]:
            add(("grades", idx[id(hi)], "min"), f"grades {lo.get('id')} and {hi.get('id')} both start at "
                                                f"{lo['min']:g}")
        b = _num(lo.get("below"))
        if b is not None and b < hi["min"]:
            add(at + ("below",), f"gap: no grade for scores from {b:g} to below {hi['min']:g}")
        elif b is not None and b > hi["min"]:
            add(at + ("below",), f"overlap: grade {lo.get('id')} runs to {b:g}, grade {hi.get('id')} starts at "
                                 f"{hi['min']:g}")
    top = order[-1]
    if _num(top.get("below")) is not None and total is not None and top["below"] <= total:
        add(("grades", idx[id(top)], "below"), f"gap: no grade for scores from {top['below']:g} to {total:g}")
    if total is not None and top["min"] > total:
        add(("grades", idx[id(top)], "min"), f"grade {top.get('id')} starts above the card's {total:g} points")


def check_vetoes(add, c: dict, outcomes: set[str], criteria: set[str]) -> None:
    grade_ids = {g.get("id") for g in c.get("grades") or [] if isinstance(g, dict)}
    for i, v in enumerate(c.get("vetoes") or []):
        eff = v.get("effect", "zero")
        if eff == "deduct" and _num(v.get("amount")) is None:
            add(("vetoes", i, "effect"), "veto effect deduct needs its amount")
        if eff != "deduct" and "amount" in v:
            add(("vetoes", i, "amount"), f"amount is only used by effect deduct (this veto is {eff})")
        if eff == "grade-cap" and v.get("grade") not in grade_ids:
            add(("vetoes", i, "grade") if "grade" in v else ("vetoes", i, "effect"),
                f"veto grade cap names no grade of this card ('{v.get('grade', '')}'; grades: "
                f"{', '.join(sorted(map(str, grade_ids))) or 'none'})")
        if eff in ("fail",) and not grade_ids:
            add(("vetoes", i, "effect"), "veto effect fail needs the card's grades")
        r = v.get("raised_by")
        if r is not None and r not in outcomes:
            what = "is not an outcome criterion" if r in criteria else "names no criterion of this card"
            add(("vetoes", i, "raised_by"), f"raised_by '{r}' {what}")


def check_card(card, add) -> None:
    """Every scoring problem of one card node; ``add(path_below_card, message)``."""
    c = card.value
    step = _num(c.get("score_step")) or DEFAULT_STEP
    outcomes, criteria = set(), set()
    for path, cr in _criteria(card):
        if not isinstance(cr, dict):
            continue
        criteria.add(cr.get("id"))
        if cr.get("kind") == "outcome":
            outcomes.add(cr.get("id"))
        check_criterion(add, path, cr, step)
    for path, level in _levels(card):
        if isinstance(level.get("bonus"), dict):
            check_bonus(add, path + ("bonus",), level["bonus"], step)
        check_penalties(add, path, level)
    check_grades(add, c)
    check_vetoes(add, c, outcomes, criteria)
    from ..results.schema import check_ranking

    check_ranking(add, c)


def problems(checker) -> None:
    """Run on a :class:`generator.validate.Checker`: adds located problems to it."""
    for card in checker.items("scorecards"):
        check_card(card, lambda path, msg, card=card: checker.add(card, f"scorecard {card.value.get('id')}: {msg}",
                                                                  *path))
