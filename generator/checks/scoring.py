"""Checks of the scoring rules, on the typed model (run by ``pingan check`` after the JSON Schema)."""
from __future__ import annotations

from ..model.kinds import CriterionKind, VetoEffect
from ..model.rules import DEFAULT_STEP
from .crossrefs import num
from .schema_ranking import check_ranking, check_stages


def check_criterion(add, c) -> None:
    at, pts = c.origin, num(c.points)
    rules = [r for r in (c.deduction, *c.deductions) if r]
    for r in rules:
        if pts is not None and num(r.cap) is not None and r.cap > pts:
            add(r.origin.at("cap"), f"deduction cap {r.cap:g} is above the criterion's {pts:g} points")
        if pts is not None and num(r.amount) is not None and r.amount > pts:
            add(r.origin.at("amount"), f"deduction of {r.amount:g} per occurrence is above the criterion's "
                                       f"{pts:g} points")
    if num(c.deduction_cap) is not None:
        if not rules:
            add(at.at("deduction_cap"), "deduction_cap without deduction rules")
        elif pts is not None and c.deduction_cap > pts:
            add(at.at("deduction_cap"), f"deduction cap {c.deduction_cap:g} is above the criterion's {pts:g} points")
    if rules and c.kind is not None and c.kind is not CriterionKind.REQUIREMENT:
        add(at.at("kind"), f"a criterion with deduction rules is scored by them: kind must be requirement, "
                           f"not {c.kind}")
    prop = c.proportional
    if c.kind is not None and (c.kind is CriterionKind.FIGURE) != bool(prop):
        add(at.at("kind"), "kind figure and a proportional rule go together (one is missing)")
    if prop:
        if rules:
            add(prop.origin, "a criterion has either deduction rules or a proportional rule")
        if not prop.unit.strip():
            add(prop.origin, "proportional rule without its unit (e.g. unit: \"%\")")
        if pts is not None and num(prop.cap) is not None and prop.cap > pts:
            add(prop.origin.at("cap"), f"cap {prop.cap:g} is above the criterion's {pts:g} points")
        lo, hi = num(prop.min), num(prop.max)
        if lo is not None and hi is not None and lo >= hi:
            add(prop.origin.at("min"), f"the figure's range is empty: min {lo:g} is not below max {hi:g}")
        thr = num(prop.threshold)
        if thr is not None and ((lo is not None and thr < lo) or (hi is not None and thr > hi)):
            add(prop.origin.at("threshold"), f"threshold {thr:g} is outside the figures accepted "
                                             f"({'…' if lo is None else f'{lo:g}'}–{'…' if hi is None else f'{hi:g}'})")


def check_bonus(add, b, step: float) -> None:
    for item in b.items:
        p = num(item.points)
        if p is None:
            continue
        if num(b.cap) is not None and p > b.cap:
            add(item.origin.at("points"), f"bonus item of {p:g} points is above the level's cap {b.cap:g}")
        if abs(p / step - round(p / step)) > 1e-9:
            add(item.origin.at("points"), f"bonus points {p:g} are not a multiple of the score step {step:g}")


def check_penalties(add, level, pts) -> None:
    for p in level.penalties:
        if pts is not None and num(p.cap) is not None and p.cap > pts:
            add(p.origin.at("cap"), f"penalty cap {p.cap:g} is above the {pts:g} points it deducts from")
        if num(p.cap) is not None and num(p.amount) is not None and p.cap < p.amount:
            add(p.origin.at("cap"), f"penalty cap {p.cap:g} is below one occurrence ({p.amount:g})")


def check_grades(add, card) -> None:
    order = sorted((g for g in card.grades if num(g.min) is not None), key=lambda g: g.min)
    if not order:
        return
    if order[0].min != 0:
        add(order[0].origin.at("min"), f"the lowest grade starts at {order[0].min:g}: scores below it have no "
                                       f"grade (start it at 0)")
    total = num(card.total_points)
    for lo, hi in zip(order, order[1:], strict=False):
        if lo.min == hi.min:
            add(hi.origin.at("min"), f"grades {lo.id} and {hi.id} both start at {lo.min:g}")
        b = num(lo.below)
        if b is not None and b < hi.min:
            add(lo.origin.at("below"), f"gap: no grade for scores from {b:g} to below {hi.min:g}")
        elif b is not None and b > hi.min:
            add(lo.origin.at("below"), f"overlap: grade {lo.id} runs to {b:g}, grade {hi.id} starts at {hi.min:g}")
    top = order[-1]
    if num(top.below) is not None and total is not None and top.below <= total:
        add(top.origin.at("below"), f"gap: no grade for scores from {top.below:g} to {total:g}")
    if total is not None and top.min > total:
        add(top.origin.at("min"), f"grade {top.id} starts above the card's {total:g} points")


def check_vetoes(add, card) -> None:
    grade_ids = {g.id for g in card.grades}
    outcomes = {c.id for c in card.criteria if c.kind is CriterionKind.OUTCOME}
    criteria = {c.id for c in card.criteria}
    for v in card.vetoes:
        at, eff = v.origin, v.effect
        if eff is VetoEffect.DEDUCT and num(v.amount) is None:
            add(at.at("effect"), "veto effect deduct needs its amount")
        if eff is not VetoEffect.DEDUCT and v.amount is not None:
            add(at.at("amount"), f"amount is only used by effect deduct (this veto is {eff})")
        if eff is VetoEffect.GRADE_CAP and v.grade not in grade_ids:
            add(at.at("grade") if v.grade is not None else at.at("effect"),
                f"veto grade cap names no grade of this card ('{v.grade or ''}'; grades: "
                f"{', '.join(sorted(map(str, grade_ids))) or 'none'})")
        if eff is VetoEffect.FAIL and not grade_ids:
            add(at.at("effect"), "veto effect fail needs the card's grades")
        if v.raised_by is not None and v.raised_by not in outcomes:
            what = "is not an outcome criterion" if v.raised_by in criteria else "names no criterion of this card"
            add(at.at("raised_by"), f"raised_by '{v.raised_by}' {what}")


def check_card(add, card) -> None:
    """Every scoring problem of one card; ``add(origin, message)``."""
    step = num(card.score_step) or DEFAULT_STEP
    for c in card.criteria:
        check_criterion(add, c)
    for level in (card, *card.domains, *card.tasks, *card.criteria):
        if level.bonus:
            check_bonus(add, level.bonus, step)
    for level in (card, *card.domains, *card.tasks):
        check_penalties(add, level, num(card.total_points if level is card else level.points))
    check_grades(add, card)
    check_vetoes(add, card)
    check_ranking(add, card)
    check_stages(add, card)


def run(ctx, cards) -> None:
    for card in cards:
        check_card(lambda at, msg, card=card: ctx.report(at, f"scorecard {card.id}: {msg}"), card)
