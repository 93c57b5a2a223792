"""Assemble the typed model from the data of each standards file; every object records where it was
written (:class:`generator.model.origin.Origin`) and the notes written on it.

Validation runs on these objects, so assembly takes what the JSON Schema left of a file with
problems: a value that broke the schema arrives as None, and a missing key reads as None.
"""
from __future__ import annotations

from typing import Any, Iterator

from . import places as _pl
from .kinds import (BlockType, Category, ColumnRole, Comparator, CriterionKind, Direction, FigureRounding, Level, NaRule, RoundingMode, RuleKind, SourceKind, UnitKind, VetoEffect)
from .indicators import CreationCategory, CreationCriterion, CreationStandard, WorkPoint, WorkPointGroup, WorkPoints
from .objects import (Block, Column, Condition, Criterion, Domain, Duty, Figure, GlossaryEntry, Locator, Mechanism, Rule, Scorecard, Source, Standards, Target, Task, Text, Unit, Veto)
from .origin import Origin
from .rules import Bonus, BonusItem, DeductionRule, Grade, Penalty, Proportional, Rounding
from .rules import DEFAULT_STEP

KINDS = ("sources", "units", "scorecards", "mechanisms", "targets", "creation_standards", "work_points",
         "duties", "glossary", "places")


def _enum(kind, value):
    return None if value is None else kind(value)


def _each(d: Any, key: str, at: Origin) -> Iterator[tuple[dict, Origin]]:
    """The mappings listed under ``key``, each with its origin."""
    items = d.get(key) if isinstance(d, dict) else None
    for i, x in enumerate(items if isinstance(items, list) else ()):
        if isinstance(x, dict):
            yield x, at.at(key, i)


def _ids(d: dict, key: str) -> tuple:
    v = d.get(key)
    return tuple(v) if isinstance(v, list) else ()


class Reader:
    """Reads the items of one file (its display path ``file``)."""

    def __init__(self, file: str):
        self.file = file

    def text(self, d: Any, at: Origin | None = None) -> Text | None:
        if isinstance(d, dict) and isinstance(d.get("zh"), str) and isinstance(d.get("en"), str):
            return Text(d["zh"], d["en"], origin=at)
        return None

    def sub(self, d: dict, key: str, at: Origin) -> Text | None:
        return self.text(d.get(key), at.at(key))

    def w(self, d: dict, at: Origin) -> dict:
        """What every written object takes besides its own fields: where it is, the notes on it."""
        notes = d.get("notes") if isinstance(d.get("notes"), list) else ()
        return {"origin": at, "note": self.sub(d, "note", at),
                "notes": tuple(t for i, n in enumerate(notes) if (t := self.text(n, at.at("notes", i))))}

    def loc(self, d: dict, at: Origin) -> Locator | None:
        s = d.get("source")
        return Locator(s.get("doc"), s.get("at") or "", s.get("block"), origin=at.at("source")) \
            if isinstance(s, dict) else None

    def fig(self, d: Any, at: Origin) -> Figure | None:
        return Figure(d.get("value"), d.get("unit", ""), Comparator(d.get("comparator") or "="), self.sub(d, "of", at)) \
            if isinstance(d, dict) else None

    # -- scoring rules ----------------------------------------------------------------------------
    def bonus(self, d: dict, at: Origin) -> Bonus | None:
        b = d.get("bonus")
        if not isinstance(b, dict):
            return None
        ba = at.at("bonus")
        return Bonus(b.get("max_points"), tuple(BonusItem(x.get("id"), self.sub(x, "text", xa), x.get("points"),
                                                          **self.w(x, xa)) for x, xa in _each(b, "items", ba)),
                     origin=ba)

    def penalties(self, d: dict, at: Origin) -> tuple[Penalty, ...]:
        return tuple(Penalty(p.get("id"), self.sub(p, "text", pa), p.get("amount"), p.get("cap"), self.loc(p, pa),
                             **self.w(p, pa)) for p, pa in _each(d, "penalties", at))

    def proportional(self, c: dict, at: Origin) -> Proportional | None:
        p = c.get("proportional")
        if not isinstance(p, dict):
            return None
        pa = at.at("proportional")
        return Proportional(self.sub(p, "figure", pa), p.get("threshold"), _enum(Direction, p.get("direction")),
                            p.get("per"), p.get("amount"), _enum(FigureRounding, p.get("rounding")), p.get("cap"),
                            p.get("unit") or "", p.get("min"), p.get("max"), origin=pa)

    # -- scorecards -------------------------------------------------------------------------------
    def veto(self, v: dict, at: Origin) -> Veto:
        return Veto(v.get("id"), self.sub(v, "text", at), self.loc(v, at), VetoEffect(v.get("effect") or "zero"),
                    v.get("amount"), v.get("grade"), v.get("raised_by"), **self.w(v, at))

    def criterion(self, c: dict, at: Origin, task: dict, task_at: Origin, i: int) -> Criterion:
        d = c.get("deduction")
        return Criterion(
            c.get("id"), self.sub(c, "text", at), c.get("points"), _enum(CriterionKind, c.get("kind")),
            _ids(c, "units") or _ids(task, "units"), "units" in c,
            tuple(Condition(x.get("id"), self.sub(x, "text", xa), **self.w(x, xa))
                  for x, xa in _each(c, "conditions", at)),
            DeductionRule(None, self.sub(d, "per", at.at("deduction")), d.get("amount"), d.get("cap"),
                          origin=at.at("deduction")) if isinstance(d, dict) else None,
            self.loc(c, at) or self.loc(task, task_at),
            _pl.figures(c.get("threshold"), self.fig, at.at("threshold")), f"{task.get('number')}.{i}",
            tuple(DeductionRule(r.get("id"), self.sub(r, "per", ra), r.get("amount"), r.get("cap"), origin=ra)
                  for r, ra in _each(c, "deductions", at)),
            c.get("deduction_cap"), self.proportional(c, at), bool(c.get("not_applicable")), self.bonus(c, at),
            **self.w(c, at))

    def task(self, t: dict, at: Origin, card: str, domain: str | None) -> Task:
        crits = tuple(self.criterion(c, ca, t, at, i) for i, (c, ca) in enumerate(_each(t, "criteria", at), 1))
        return Task(t.get("id"), t.get("number"), self.sub(t, "title", at), t.get("points"), _ids(t, "units"),
                    bool(t.get("related_units")), crits, self.loc(t, at), domain, card,
                    self.bonus(t, at), self.penalties(t, at), **self.w(t, at))

    def domain(self, d: dict, at: Origin, card: str, number: int) -> Domain:
        return Domain(d.get("id"), self.sub(d, "title", at), d.get("points"),
                      tuple(self.task(t, ta, card, d.get("id")) for t, ta in _each(d, "tasks", at)), number,
                      self.bonus(d, at), self.penalties(d, at), **self.w(d, at))

    def card(self, c: dict, at: Origin) -> Scorecard:
        cid = c.get("id")
        domains = tuple(self.domain(d, da, cid, i) for i, (d, da) in enumerate(_each(c, "domains", at), 1))
        tasks = tuple(t for d in domains for t in d.tasks) or \
            tuple(self.task(t, ta, cid, None) for t, ta in _each(c, "tasks", at))
        r = c.get("rounding")
        return Scorecard(
            cid, self.sub(c, "title", at), _enum(Level, c.get("level")), c.get("edition"), self.loc(c, at),
            c.get("total_points"), c.get("score_step") or DEFAULT_STEP,
            tuple(Column(x.get("id"), self.sub(x, "title", xa), _enum(ColumnRole, x.get("role")), origin=xa)
                  for x, xa in _each(c, "score_columns", at)),
            domains, tasks, tuple(self.veto(v, va) for v, va in _each(c, "vetoes", at)), self.bonus(c, at),
            c.get("annex") or "", dict(c.get("ranking") or {}), self.penalties(c, at),
            tuple(Grade(g.get("id"), self.sub(g, "title", ga), g.get("min"), g.get("below"), origin=ga)
                  for g, ga in _each(c, "grades", at)),
            Rounding(r.get("digits"), _enum(RoundingMode, r.get("mode")), origin=at.at("rounding")) if isinstance(r, dict) else None,
            NaRule(c.get("not_applicable") or "rescale"), bool(c.get("below_zero")), c.get("max_count"),
            c.get("draft") is True, c.get("final_column") or "", **self.w(c, at))

    # -- everything else --------------------------------------------------------------------------
    def source(self, s: dict, at: Origin) -> Source:
        place = s.get("place")
        return Source(s.get("id"), self.sub(s, "title", at), self.sub(s, "issuer", at),
                      place if isinstance(place, str) or place is None else self.text(place, at.at("place")),
                      s.get("date"), _enum(SourceKind, s.get("kind")), s.get("edition"), s.get("file"),
                      tuple(Block(b.get("id"), _enum(BlockType, b.get("type")), self.sub(b, "text", ba),
                                  b.get("level") or 0, **self.w(b, ba))
                            for b, ba in _each(s, "blocks", at)), s.get("draft") is True, **self.w(s, at))

    def unit(self, u: dict, at: Origin) -> Unit:
        return Unit(u.get("id"), self.sub(u, "name", at), _enum(Level, u.get("level")),
                    _enum(UnitKind, u.get("kind")), _ids(u, "aliases"),
                    u.get("place") or "", u.get("role") or "", u.get("draft") is True, **self.w(u, at))

    def rule(self, r: dict, at: Origin) -> Rule:
        return Rule(r.get("id"), _enum(RuleKind, r.get("kind")), self.sub(r, "text", at), _ids(r, "units"),
                    _pl.period(r.get("every")), _pl.period(r.get("within")), r.get("years"),
                    _pl.period(r.get("duration")), **self.w(r, at))

    def mechanism(self, m: dict, at: Origin) -> Mechanism:
        return Mechanism(m.get("id"), self.sub(m, "name", at), _enum(Category, m.get("category")),
                         self.sub(m, "text", at), self.loc(m, at),
                         tuple(self.rule(r, ra) for r, ra in _each(m, "rules", at)), _ids(m, "units"),
                         _ids(m, "governs"), _ids(m, "related"), **self.w(m, at))

    def target(self, t: dict, at: Origin) -> Target:
        return Target(t.get("id"), self.sub(t, "title", at), self.sub(t, "text", at), self.loc(t, at),
                      self.fig(t.get("figure"), at.at("figure")), t.get("deadline"), _ids(t, "governs"), _ids(t, "units"),
                      _ids(t, "related"), _pl.benchmark(t.get("benchmark"), self.text, at.at("benchmark")),
                      **self.w(t, at))

    def creation_standard(self, cs: dict, at: Origin) -> CreationStandard:
        def category(cat: dict, ca: Origin) -> CreationCategory:
            return CreationCategory(
                cat.get("id"), cat.get("number"), self.sub(cat, "title", ca),
                tuple(CreationCriterion(c.get("id"), c.get("number"), self.sub(c, "text", a),
                                        self.fig(c.get("threshold"), a.at("threshold")), c.get("block"), **self.w(c, a))
                      for c, a in _each(cat, "criteria", ca)), cat.get("block"), **self.w(cat, ca))

        return CreationStandard(cs.get("id"), self.sub(cs, "title", at), self.loc(cs, at),
                                tuple(category(c, ca) for c, ca in _each(cs, "categories", at)),
                                tuple(self.veto(v, va) for v, va in _each(cs, "vetoes", at)), **self.w(cs, at))

    def work_points(self, w: dict, at: Origin) -> WorkPoints:
        def group(g: dict, ga: Origin) -> WorkPointGroup:
            return WorkPointGroup(
                g.get("id"), g.get("number"), self.sub(g, "title", ga),
                tuple(WorkPoint(p.get("id"), p.get("number"), self.sub(p, "text", a), self.sub(p, "title", a),
                                p.get("block"), **self.w(p, a)) for p, a in _each(g, "points", ga)),
                g.get("block"), **self.w(g, ga))

        return WorkPoints(w.get("id"), self.sub(w, "title", at), self.loc(w, at),
                          tuple(group(g, ga) for g, ga in _each(w, "groups", at)), **self.w(w, at))

    def duty(self, d: dict, at: Origin) -> Duty:
        return Duty(d.get("id"), d.get("unit"), self.sub(d, "text", at), self.loc(d, at), **self.w(d, at))

    def glossary(self, e: dict, at: Origin) -> GlossaryEntry:
        return GlossaryEntry(e.get("id"), self.sub(e, "term", at), _ids(e, "variants"), _ids(e, "sources"),
                             **self.w(e, at))

    def items(self, data: Any) -> dict[str, tuple]:
        """kind → the typed items of one file's data."""
        root = Origin(self.file)
        make = {"sources": self.source, "units": self.unit, "scorecards": self.card, "mechanisms": self.mechanism,
                "targets": self.target, "creation_standards": self.creation_standard,
                "work_points": self.work_points, "duties": self.duty, "glossary": self.glossary}
        out = {kind: tuple(f(x, a) for x, a in _each(data, kind, root)) for kind, f in make.items()}
        out["places"] = _pl.build_places(_each(data, "places", root), self.text, _enum)
        return out


def build(parts: list[dict[str, tuple]]) -> Standards:
    """The model from the typed items of every file (in file order)."""
    return Standards(**{kind: tuple(x for p in parts for x in p.get(kind, ())) for kind in KINDS})
