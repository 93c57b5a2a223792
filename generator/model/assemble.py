"""Assemble the typed model from the data of each standards file; every object records where it was
written (:class:`generator.model.origin.Origin`) and the notes written on it.

Validation runs on these objects, so assembly takes what the JSON Schema left of a file with
problems: a value that broke the schema arrives as None, and a missing key reads as None.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from . import places as _pl
from .fields import Data, each, enum, figure, ids, integer, number, required, string, text
from .indicators import CreationCategory, CreationCriterion, CreationStandard, WorkPoint, WorkPointGroup, WorkPoints
from .kinds import (
    BlockType,
    Category,
    ColumnRole,
    CriterionKind,
    Direction,
    FigureRounding,
    Level,
    NaRule,
    RoundingMode,
    RuleKind,
    SourceKind,
    UnitKind,
    VetoEffect,
)
from .objects import (
    Block,
    Column,
    Condition,
    Criterion,
    Domain,
    Duty,
    GlossaryEntry,
    Locator,
    Mechanism,
    Rule,
    Scorecard,
    Source,
    Standards,
    Target,
    Task,
    Text,
    Unit,
    Veto,
)
from .origin import Origin
from .rules import DEFAULT_STEP, Bonus, BonusItem, DeductionRule, Grade, Penalty, Proportional, Rounding

KINDS = ("sources", "units", "scorecards", "mechanisms", "targets", "creation_standards", "work_points",
         "duties", "glossary", "places")


class WrittenFields(TypedDict):
    """What every written object takes besides its own fields (:class:`.origin.Written`)."""
    origin: Origin
    note: Text | None
    notes: tuple[Text, ...]


class Reader:
    """Reads the items of one file (its display path ``file``)."""

    def __init__(self, file: str):
        self.file = file

    def sub(self, d: Data, key: str, at: Origin) -> Text:
        """The text under ``key``, required by the schema."""
        return required(text(d.get(key), at.at(key)))

    def opt(self, d: Data, key: str, at: Origin) -> Text | None:
        """The text under ``key``, which may be left out."""
        return text(d.get(key), at.at(key))

    def w(self, d: Data, at: Origin) -> WrittenFields:
        """What every written object takes besides its own fields: where it is, the notes on it."""
        notes = d.get("notes")
        return {"origin": at, "note": self.opt(d, "note", at),
                "notes": tuple(t for i, n in enumerate(notes if isinstance(notes, list) else ())
                               if (t := text(n, at.at("notes", i))))}

    def loc(self, d: Data, at: Origin) -> Locator | None:
        s = d.get("source")
        return Locator(string(s, "doc"), s.get("at") or "", s.get("block"), origin=at.at("source")) \
            if isinstance(s, dict) else None

    def src(self, d: Data, at: Origin) -> Locator:
        """The ``source`` the schema requires."""
        return required(self.loc(d, at))

    # -- scoring rules ----------------------------------------------------------------------------
    def bonus(self, d: Data, at: Origin) -> Bonus | None:
        b = d.get("bonus")
        if not isinstance(b, dict):
            return None
        ba = at.at("bonus")
        items = tuple(BonusItem(string(x, "id"), self.sub(x, "text", xa), number(x, "points"), **self.w(x, xa))
                      for x, xa in each(b, "items", ba))
        return Bonus(number(b, "max_points"), items, origin=ba)

    def penalties(self, d: Data, at: Origin) -> tuple[Penalty, ...]:
        return tuple(Penalty(string(p, "id"), self.sub(p, "text", pa), number(p, "amount"), p.get("cap"),
                             self.loc(p, pa), **self.w(p, pa)) for p, pa in each(d, "penalties", at))

    def proportional(self, c: Data, at: Origin) -> Proportional | None:
        p = c.get("proportional")
        if not isinstance(p, dict):
            return None
        pa = at.at("proportional")
        return Proportional(self.sub(p, "figure", pa), number(p, "threshold"), enum(Direction, p.get("direction")),
                            number(p, "per"), number(p, "amount"), enum(FigureRounding, p.get("rounding")),
                            p.get("cap"), p.get("unit") or "", p.get("min"), p.get("max"), origin=pa)

    # -- scorecards -------------------------------------------------------------------------------
    def veto(self, v: Data, at: Origin) -> Veto:
        return Veto(string(v, "id"), self.sub(v, "text", at), self.loc(v, at), VetoEffect(v.get("effect") or "zero"),
                    v.get("amount"), v.get("grade"), v.get("raised_by"), **self.w(v, at))

    def criterion(self, c: Data, at: Origin, task: Data, task_at: Origin, i: int) -> Criterion:
        d = c.get("deduction")
        return Criterion(
            string(c, "id"), self.sub(c, "text", at), number(c, "points"), enum(CriterionKind, c.get("kind")),
            ids(c, "units") or ids(task, "units"), "units" in c,
            tuple(Condition(string(x, "id"), self.sub(x, "text", xa), **self.w(x, xa))
                  for x, xa in each(c, "conditions", at)),
            DeductionRule(None, self.sub(d, "per", at.at("deduction")), number(d, "amount"), d.get("cap"),
                          origin=at.at("deduction")) if isinstance(d, dict) else None,
            self.loc(c, at) or self.loc(task, task_at),
            _pl.figures(c.get("threshold"), at.at("threshold")), f"{task.get('number')}.{i}",
            tuple(DeductionRule(r.get("id"), self.sub(r, "per", ra), number(r, "amount"), r.get("cap"), origin=ra)
                  for r, ra in each(c, "deductions", at)),
            c.get("deduction_cap"), self.proportional(c, at), bool(c.get("not_applicable")), self.bonus(c, at),
            **self.w(c, at))

    def task(self, t: Data, at: Origin, card: str, domain: str | None) -> Task:
        crits = tuple(self.criterion(c, ca, t, at, i) for i, (c, ca) in enumerate(each(t, "criteria", at), 1))
        return Task(string(t, "id"), string(t, "number"), self.sub(t, "title", at), number(t, "points"),
                    ids(t, "units"), bool(t.get("related_units")), crits, self.loc(t, at), domain, card,
                    self.bonus(t, at), self.penalties(t, at), **self.w(t, at))

    def domain(self, d: Data, at: Origin, card: str, number_: int) -> Domain:
        return Domain(string(d, "id"), self.sub(d, "title", at), number(d, "points"),
                      tuple(self.task(t, ta, card, d.get("id")) for t, ta in each(d, "tasks", at)), number_,
                      self.bonus(d, at), self.penalties(d, at), **self.w(d, at))

    def card(self, c: Data, at: Origin) -> Scorecard:
        cid = string(c, "id")
        domains = tuple(self.domain(d, da, cid, i) for i, (d, da) in enumerate(each(c, "domains", at), 1))
        tasks = tuple(t for d in domains for t in d.tasks) or \
            tuple(self.task(t, ta, cid, None) for t, ta in each(c, "tasks", at))
        r = c.get("rounding")
        return Scorecard(
            cid, self.sub(c, "title", at), enum(Level, c.get("level")), string(c, "edition"), self.src(c, at),
            number(c, "total_points"), c.get("score_step") or DEFAULT_STEP,
            tuple(Column(string(x, "id"), self.sub(x, "title", xa), enum(ColumnRole, x.get("role")), origin=xa)
                  for x, xa in each(c, "score_columns", at)),
            domains, tasks, tuple(self.veto(v, va) for v, va in each(c, "vetoes", at)), self.bonus(c, at),
            c.get("annex") or "", dict(c.get("ranking") or {}), self.penalties(c, at),
            tuple(Grade(string(g, "id"), self.sub(g, "title", ga), number(g, "min"), g.get("below"), origin=ga)
                  for g, ga in each(c, "grades", at)),
            Rounding(integer(r, "digits"), enum(RoundingMode, r.get("mode")), origin=at.at("rounding"))
            if isinstance(r, dict) else None,
            NaRule(c.get("not_applicable") or "rescale"), bool(c.get("below_zero")), c.get("max_count"),
            c.get("draft") is True, c.get("final_column") or "", **self.w(c, at))

    # -- everything else --------------------------------------------------------------------------
    def source(self, s: Data, at: Origin) -> Source:
        place = s.get("place")
        return Source(string(s, "id"), self.sub(s, "title", at), self.sub(s, "issuer", at),
                      place if isinstance(place, str) or place is None else text(place, at.at("place")),
                      s.get("date"), enum(SourceKind, s.get("kind")), string(s, "edition"), string(s, "file"),
                      tuple(Block(string(b, "id"), enum(BlockType, b.get("type")), self.sub(b, "text", ba),
                                  b.get("level") or 0, **self.w(b, ba))
                            for b, ba in each(s, "blocks", at)), s.get("draft") is True, **self.w(s, at))

    def unit(self, u: Data, at: Origin) -> Unit:
        return Unit(string(u, "id"), self.sub(u, "name", at), enum(Level, u.get("level")),
                    enum(UnitKind, u.get("kind")), ids(u, "aliases"),
                    u.get("place") or "", u.get("role") or "", u.get("draft") is True, **self.w(u, at))

    def rule(self, r: Data, at: Origin) -> Rule:
        return Rule(string(r, "id"), enum(RuleKind, r.get("kind")), self.sub(r, "text", at), ids(r, "units"),
                    _pl.period(r.get("every")), _pl.period(r.get("within")), r.get("years"),
                    _pl.period(r.get("duration")), **self.w(r, at))

    def mechanism(self, m: Data, at: Origin) -> Mechanism:
        return Mechanism(string(m, "id"), self.sub(m, "name", at), enum(Category, m.get("category")),
                         self.sub(m, "text", at), self.src(m, at),
                         tuple(self.rule(r, ra) for r, ra in each(m, "rules", at)), ids(m, "units"),
                         ids(m, "governs"), ids(m, "related"), **self.w(m, at))

    def target(self, t: Data, at: Origin) -> Target:
        return Target(string(t, "id"), self.sub(t, "title", at), self.sub(t, "text", at), self.src(t, at),
                      figure(t.get("figure"), at.at("figure")), t.get("deadline"), ids(t, "governs"), ids(t, "units"),
                      ids(t, "related"), _pl.benchmark(t.get("benchmark"), at.at("benchmark")),
                      **self.w(t, at))

    def creation_standard(self, cs: Data, at: Origin) -> CreationStandard:
        def category(cat: Data, ca: Origin) -> CreationCategory:
            return CreationCategory(
                string(cat, "id"), string(cat, "number"), self.sub(cat, "title", ca),
                tuple(CreationCriterion(string(c, "id"), string(c, "number"), self.sub(c, "text", a),
                                        figure(c.get("threshold"), a.at("threshold")), c.get("block"), **self.w(c, a))
                      for c, a in each(cat, "criteria", ca)), cat.get("block"), **self.w(cat, ca))

        return CreationStandard(string(cs, "id"), self.sub(cs, "title", at), self.src(cs, at),
                                tuple(category(c, ca) for c, ca in each(cs, "categories", at)),
                                tuple(self.veto(v, va) for v, va in each(cs, "vetoes", at)), **self.w(cs, at))

    def work_points(self, w: Data, at: Origin) -> WorkPoints:
        def group(g: Data, ga: Origin) -> WorkPointGroup:
            return WorkPointGroup(
                string(g, "id"), string(g, "number"), self.sub(g, "title", ga),
                tuple(WorkPoint(string(p, "id"), string(p, "number"), self.sub(p, "text", a), self.opt(p, "title", a),
                                p.get("block"), **self.w(p, a)) for p, a in each(g, "points", ga)),
                g.get("block"), **self.w(g, ga))

        return WorkPoints(string(w, "id"), self.sub(w, "title", at), self.src(w, at),
                          tuple(group(g, ga) for g, ga in each(w, "groups", at)), **self.w(w, at))

    def duty(self, d: Data, at: Origin) -> Duty:
        return Duty(string(d, "id"), string(d, "unit"), self.sub(d, "text", at), self.src(d, at), **self.w(d, at))

    def glossary(self, e: Data, at: Origin) -> GlossaryEntry:
        return GlossaryEntry(string(e, "id"), self.sub(e, "term", at), ids(e, "variants"), ids(e, "sources"),
                             **self.w(e, at))

    def items(self, data: Any) -> dict[str, tuple[Any, ...]]:
        """kind → the typed items of one file's data."""
        root = Origin(self.file)
        make: dict[str, Callable[[Data, Origin], Any]] = {
            "sources": self.source, "units": self.unit, "scorecards": self.card, "mechanisms": self.mechanism,
            "targets": self.target, "creation_standards": self.creation_standard,
            "work_points": self.work_points, "duties": self.duty, "glossary": self.glossary}
        out = {kind: tuple(f(x, a) for x, a in each(data, kind, root)) for kind, f in make.items()}
        out["places"] = _pl.build_places(each(data, "places", root))
        return out


def build(parts: list[dict[str, tuple[Any, ...]]]) -> Standards:
    """The model from the typed items of every file (in file order)."""
    def every(kind: str) -> tuple[Any, ...]:
        return tuple(x for p in parts for x in p.get(kind, ()))

    return Standards(every("sources"), every("units"), every("scorecards"), every("mechanisms"), every("targets"),
                     every("creation_standards"), every("work_points"), every("duties"), every("glossary"),
                     places=every("places"))
