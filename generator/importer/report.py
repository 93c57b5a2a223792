"""The import report: every row or paragraph and what it became, the cells not used, point sums per
section against the totals the document states (reported, never "fixed"), the rules recognised and
the words not recognised, the units matched and proposed. Text for a person, JSON for tools."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import cards as C
from .numbers import points as _n
from .ruletext import Reading


def describe(r: Reading) -> list[str]:
    """The rules of one reading in a few words each."""
    out = []
    for d in r.deductions:
        out.append(f"deduction {_n(d.amount):g} {'once' if d.cap == d.amount else 'each'}: {d.per.zh}"
                   + (f" (cap {_n(d.cap):g})" if d.cap is not None and d.cap != d.amount else ""))
    if r.deduction_cap is not None:
        out.append(f"deductions capped at {_n(r.deduction_cap):g}")
    if p := r.proportional:
        out.append(f"figure {p.figure.zh} {p.direction} {'?' if p.threshold is None else f'{p.threshold:g}'}{p.unit}: "
                   f"{_n(p.amount):g} per {_n(p.per):g}{p.unit}" + (f" (cap {_n(p.cap):g})" if p.cap else ""))
    if r.bonus:
        out.append(f"bonus {', '.join(f'{_n(i.points):g}' for i in r.bonus.items)} (cap {_n(r.bonus.cap):g})")
    out += [f"veto ({v.effect}{'' if v.amount is None else f' {_n(v.amount):g}'})" for v in r.vetoes]
    if r.judgement:
        out.append("judgement: the assessor types a score")
    if r.not_applicable:
        out.append("may be not applicable")
    if r.kind == "outcome":
        out.append("outcome: met or not met")
    return out


@dataclass
class CardReport:
    id: str
    title: str
    rows: list[tuple[str, str]]
    unused: list[tuple[str, str]]
    sums: list[dict]
    rules: list[dict]  # {at, text, read: [...], unread: [...], assumed: [...]}
    units_matched: dict[str, str]
    units_proposed: dict[str, str]
    problems: list[str]
    assessors: dict[str, list[str]] = field(default_factory=dict)  # 考核部门 → the tasks it assesses
    vetoes_from_criteria: list[str] = field(default_factory=list)

    def attention(self) -> list[str]:
        """What a person must look at before the draft can be published (besides translating it)."""
        out = list(self.problems)
        out += [f"{s['section']}: states {s['stated']:g}, adds up to {s['sum']:g}" for s in self.sums if not s["ok"]]
        out += [f"{at}: cell not used: {text}" for at, text in self.unused]
        for r in self.rules:
            out += [f"{r['at']}: not read: {u}" for u in r["unread"]]
            out += [f"{r['at']}: assumed: {a}" for a in r["assumed"]]
            if r["points"] is None and r["kind"] != "veto":
                out.append(f"{r['at']}: no points found")
        out += self.vetoes_from_criteria
        return out


def card_report(card_id: str, c: C.Card, units) -> CardReport:
    sums = [{"section": what, "stated": stated, "sum": total,
             "ok": stated is None or total is None or abs(stated - total) < 1e-9}
            for what, stated, total in c.sums()]
    rules = []
    for t in c.all_tasks:
        for x in t.criteria:
            rules.append({"at": x.at, "kind": "criterion", "text": x.text, "points": x.points,
                          "read": describe(x.reading),
                          "unread": list(x.reading.unread), "assumed": list(x.reading.assumed)})
    for kind, items in (("bonus", c.bonus), ("penalty", c.penalties), ("veto", c.vetoes)):
        for it in items:
            amount = it.points
            if kind == "penalty" and it.reading.deductions:
                amount = it.reading.deductions[0].amount
            elif kind == "bonus" and amount is None and it.reading.bonus:
                amount = sum(b.points for b in it.reading.bonus.items)
            rules.append({"at": it.at, "kind": kind, "text": it.text, "points": amount,
                          "read": [kind, *describe(it.reading)], "unread": list(it.reading.unread),
                          "assumed": list(it.reading.assumed)})
    from_crit = [f"{x.at}: the text names a veto (一票否决): written as a card veto, check it"
                 for t in c.all_tasks for x in t.criteria if x.reading.vetoes]
    assessors: dict[str, list[str]] = {}
    for t in c.all_tasks:
        if t.assessor:
            assessors.setdefault(t.assessor, []).append(t.number)
    return CardReport(card_id, c.title, list(c.log), list(c.unused), sums, rules, dict(units.matched),
                      dict(units.proposed), list(c.problems), assessors, from_crit)


@dataclass
class Report:
    file: str
    kind: str
    sha256: str
    original: str
    copied: bool
    draft: str
    notes: list[str]
    skipped: list[str]
    cards: list[CardReport]
    todo: list[str] = field(default_factory=list)  # for the whole import (no --place …)

    def attention(self) -> list[str]:
        return [*self.todo, *self.skipped, *(a for c in self.cards for a in c.attention())]

    def to_json(self) -> str:
        data = {"format": "pingan-import/1", "file": self.file, "kind": self.kind, "sha256": self.sha256,
                "original": self.original, "copied": self.copied, "draft": self.draft, "notes": self.notes,
                "skipped": self.skipped, "needs_attention": self.attention(),
                "cards": [{**c.__dict__, "rows": [{"at": a, "became": b} for a, b in c.rows],
                           "unused": [{"at": a, "text": b} for a, b in c.unused]} for c in self.cards]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        out = [f"import of {self.file} ({self.kind}, sha256 {self.sha256[:16]}…)",
               f"original: standards/{self.original}" + ("" if self.copied else " (already there)"),
               f"draft: {self.draft}", *(f"note: {n}" for n in self.notes), *(f"skipped: {s}" for s in self.skipped)]
        for c in self.cards:
            out += _card_text(c)
        todo = self.attention()
        out.append("")
        out.append(f"needs a person: {len(todo)} item(s)" if todo else "clean: nothing needs a person "
                                                                      "(the English translation aside)")
        out += [f"  - {t}" for t in todo]
        return "\n".join(out) + "\n"


def _card_text(c: CardReport) -> list[str]:
    out = ["", f"== card {c.id}: {c.title}", "", "rows:"]
    out += [f"  {at}: {what}" for at, what in c.rows]
    out += ["", "cells not used:" if c.unused else "cells not used: none"]
    out += [f"  {at}: {text}" for at, text in c.unused]
    out += ["", "point sums (stated / sum of parts):"]
    out += [f"  {'ok  ' if s['ok'] else 'DIFF'} {s['section']}: {_num(s['stated'])} / {_num(s['sum'])}" for s in c.sums]
    read = sum(1 for r in c.rules if r["read"])
    unread = sum(1 for r in c.rules if r["unread"])
    out += ["", f"rules: {len(c.rules)} items, {read} with rules recognised, {unread} with words not recognised"]
    for r in c.rules:
        pts = "" if r["points"] is None else f" [{_n(r['points']):g}]"
        out.append(f"  {r['at']}{pts}: {'; '.join(r['read']) or 'plain points'}")
        out += [f"      not read: {u}" for u in r["unread"]] + [f"      assumed: {a}" for a in r["assumed"]]
    out += ["", f"units matched: {len(c.units_matched)}, proposed: {len(c.units_proposed)}"]
    out += [f"  {name} → {uid}" for name, uid in c.units_matched.items()]
    out += [f"  new {uid}: {name}" for uid, name in c.units_proposed.items()]
    if c.assessors:
        out += ["", "assessed by (考核部门, a note on each task):"]
        out += [f"  {name}: task {', '.join(tasks)}" for name, tasks in c.assessors.items()]
    return out


def _num(v) -> str:
    return "-" if v is None else f"{_n(v):g}"
