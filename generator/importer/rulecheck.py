"""Rule text checked against the rules (``pingan check``): for every criterion, penalty, veto and bonus
item of every card, the rules its Chinese text states (:func:`.ruletext.read`) against the rules encoded.
A difference is a located warning (an error with ``--strict``):
``file:line:col: warning: text says 每少一次扣0.25分, no deduction of 0.25 is encoded``."""
from __future__ import annotations

from pathlib import Path

from ..model.problems import Problem
from .numbers import points as _n
from .ruletext import read


def _g(v) -> str:
    return f"{_n(v):g}"


def _deductions(text_rules, encoded) -> list[str]:
    out, left = [], list(encoded)
    for t in text_rules:
        same = next((e for e in left if e.amount == t.amount), None)
        if same is None:
            out.append(f"text says “{t.per.zh}扣{_g(t.amount)}分”, no deduction of {_g(t.amount)} is encoded")
            continue
        left.remove(same)
        if same.cap != t.cap:
            said = f"a cap of {_g(t.cap)}" if t.cap is not None else "no cap"
            has = f"cap {_g(same.cap)}" if same.cap is not None else "no cap"
            out.append(f"text says {said} for “{t.per.zh}扣{_g(t.amount)}分”, the deduction is encoded with {has}")
    out += [f"a deduction of {_g(e.amount)} ({e.per.zh}) is encoded, the text states none" for e in left]
    return out


def _figure(r, c) -> list[str]:
    p, q = r.proportional, c.proportional
    if p is None and q is None:
        return []
    if q is None:
        return [f"text says a measured figure ({p.figure.zh} {p.direction} {_g(p.threshold or 0)}{p.unit}), "
                f"none is encoded"]
    if p is None:
        return ["a measured figure is encoded (proportional), the text states none"]
    keys = ["threshold", "direction", "per", "unit"] + \
        ([] if r.assumed and p.rounding == "exact" else ["amount", "cap"])
    return [f"text says {k} {getattr(p, k)}, {getattr(q, k)} is encoded" for k in keys
            if getattr(p, k) != getattr(q, k) and not (k == "threshold" and p.threshold is None)]


def criterion(c) -> list[str]:
    """What a criterion's text says about its rules that its encoding does not (and the reverse)."""
    r = read(c.text.zh, c.points)
    out = _deductions(r.deductions, [x for x in (c.deduction, *c.deductions) if x])
    if r.deduction_cap is not None and r.deduction_cap != c.deduction_cap:
        out.append(f"text says 最多扣{_g(r.deduction_cap)}分, "
                   + ("no deduction cap is encoded" if c.deduction_cap is None
                      else f"{_g(c.deduction_cap)} is encoded"))
    out += _figure(r, c)
    said = sorted(i.points for i in r.bonus.items) if r.bonus else []
    has = sorted(i.points for i in c.bonus.items) if c.bonus else []
    if said and said != has:
        out.append(f"text says 加{'、'.join(map(_g, said))}分, " + (f"bonus {'、'.join(map(_g, has))} is encoded"
                                                                  if has else "no bonus is encoded"))
    if r.not_applicable and not c.not_applicable:
        out.append("text says 不适用, the criterion may not be marked not applicable (not_applicable)")
    notes = " ".join(n.zh for n in (c.note, *c.notes) if n)
    if r.vetoes and "一票否决" not in notes:
        out.append("text says 一票否决: the card's vetoes are where a veto is scored (add it there, or say why in "
                   "the criterion's note)")
    out += [f"text not read: {u}" for u in r.unread]
    return out


def penalty(p) -> list[str]:
    return _deductions(read(p.text.zh).deductions, [p])[:1] if read(p.text.zh).deductions else []


def veto(v) -> list[str]:
    found = read(v.text.zh).vetoes
    if not found:
        return []
    t = found[0]
    if (t.effect, t.amount) != (v.effect, v.amount):
        said = f"{t.effect}" + (f" {_g(t.amount)}" if t.amount is not None else "")
        has = f"{v.effect}" + (f" {_g(v.amount)}" if v.amount is not None else "")
        return [f"text says a veto of effect {said}, {has} is encoded"]
    return []


def bonus_item(b) -> list[str]:
    r = read(b.text.zh)
    said = [i.points for i in r.bonus.items] if r.bonus else []
    return [f"text says 加{_g(said[0])}分, {_g(b.points)} is encoded"] if said and said[0] != b.points else []


def _items(card):
    for c in card.criteria:
        yield c, criterion(c)
    nodes = (card, *card.domains, *card.tasks)
    for n in nodes:
        for p in n.penalties:
            yield p, penalty(p)
        for b in n.bonus.items if n.bonus else ():
            yield b, bonus_item(b)
    for v in card.vetoes:
        yield v, veto(v)


def warnings(root: Path, standards) -> list[Problem]:
    """Every difference between rule text and encoded rules, located at the item's text."""
    from ..model.load import load_tree, position

    files = {f.path: f for f in load_tree(root)}
    out = []
    for card in standards.scorecards:
        for item, found in _items(card):
            if not found:
                continue
            at = item.origin.at("text") if item.origin else None
            sf = files.get(at.file) if at else None
            line, col = position(sf.rt, list(at.path)) if sf is not None and at is not None else (1, 1)
            out += [Problem(at.file if at else "?", line, col, f"warning: {m}") for m in found]
    return sorted(set(out))
