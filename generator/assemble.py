"""Assemble the model: validated plain data (kind → list of items) → the immutable :mod:`.model`."""
from __future__ import annotations

from typing import Any

from . import places as _pl
from .kinds import BlockType, Category, CriterionKind, Level, RuleKind, SourceKind, UnitKind
from .model import (Block, BonusItem, Column, Condition, CreationCategory, CreationCriterion,
                    CreationStandard, Criterion, Deduction, Domain, Duty, Figure, GlossaryEntry, Locator,
                    Mechanism, Rule, Scorecard, Source, Standards, Target, Task, Text, Unit, Veto, WorkPoint,
                    WorkPointGroup, WorkPoints)
from .scoring.plan import DEFAULT_STEP, plan_of


def _t(d: Any) -> Text | None:
    return Text(str(d["zh"]), str(d["en"])) if isinstance(d, dict) else None


def _loc(d: Any) -> Locator | None:
    return Locator(d["doc"], d.get("at", ""), d.get("block")) if isinstance(d, dict) else None


def _fig(d: Any) -> Figure | None:
    return Figure(d["value"], d.get("unit", ""), d.get("comparator", "="), _t(d.get("of"))) if isinstance(d, dict) \
        else None


def _veto(v: dict) -> Veto:
    return Veto(v["id"], _t(v["text"]), _loc(v.get("source")))


def _task(t: dict, card: str, domain: str | None) -> Task:
    units = tuple(t["units"])
    crits = tuple(
        Criterion(c["id"], _t(c["text"]), c["points"], CriterionKind(c["kind"]), tuple(c.get("units") or units),
                  "units" in c, tuple(Condition(x["id"], _t(x["text"])) for x in c.get("conditions") or ()),
                  Deduction(_t(c["deduction"]["per"]), c["deduction"]["amount"], c["deduction"].get("cap"))
                  if c.get("deduction") else None,
                  _loc(c.get("source")) or _loc(t.get("source")), _t(c.get("note")),
                  _pl.figures(c.get("threshold"), _fig), f"{t['number']}.{i}")
        for i, c in enumerate(t["criteria"], 1))
    return Task(t["id"], t["number"], _t(t["title"]), t["points"], units, bool(t.get("related_units")), crits,
                _loc(t.get("source")), _t(t.get("note")), domain, card)


def _card(c: dict) -> Scorecard:
    domains = tuple(Domain(d["id"], _t(d["title"]), d["points"],
                           tuple(_task(t, c["id"], d["id"]) for t in d["tasks"]), i)
                    for i, d in enumerate(c.get("domains") or (), 1))
    tasks = tuple(t for d in domains for t in d.tasks) or tuple(_task(t, c["id"], None) for t in c["tasks"])
    bonus = c.get("bonus") or {}
    return Scorecard(c["id"], _t(c["title"]), Level(c["level"]), c["edition"], _loc(c["source"]), c["total_points"],
                     c.get("score_step", DEFAULT_STEP), tuple(_col(x) for x in c["score_columns"]), domains, tasks,
                     tuple(_veto(v) for v in c.get("vetoes") or ()), bonus.get("max_points", 0),
                     tuple(BonusItem(b["id"], _t(b["text"]), b["points"]) for b in bonus.get("items") or ()),
                     _t(c.get("note")), plan_of(c), annex=c.get("annex", ""), ranking=dict(c.get("ranking") or {}))


def _col(x: dict) -> Column:
    return Column(x["id"], _t(x["title"]))


def build(merged: dict[str, list]) -> Standards:
    """Build the model from merged, already validated plain data (kind → list of items)."""
    g = merged.get
    return Standards(
        sources=tuple(Source(s["id"], _t(s["title"]), _t(s["issuer"]),
                             s["place"] if isinstance(s["place"], str) else _t(s["place"]), s.get("date"), SourceKind(s["kind"]),
                             s["edition"], s["file"],
                             tuple(Block(b["id"], BlockType(b["type"]), _t(b["text"]), b.get("level", 0), _t(b.get("note")))
                                   for b in s.get("blocks") or ()),
                             tuple(_t(n) for n in s.get("notes") or ()))
                      for s in g("sources", [])),
        units=tuple(Unit(u["id"], _t(u["name"]), Level(u["level"]), UnitKind(u["kind"]), tuple(u.get("aliases") or ()),
                         _t(u.get("note")), u.get("place", ""), u.get("role", "")) for u in g("units", [])),
        scorecards=tuple(_card(c) for c in g("scorecards", [])),
        mechanisms=tuple(Mechanism(m["id"], _t(m["name"]), Category(m["category"]), _t(m["text"]), _loc(m["source"]),
                                   tuple(_rule(r) for r in m.get("rules") or ()),
                                   tuple(m.get("units") or ()), tuple(m.get("governs") or ()), _t(m.get("note")),
                                   tuple(m.get("related") or ()))
                         for m in g("mechanisms", [])),
        targets=tuple(Target(t["id"], _t(t["title"]), _t(t["text"]), _loc(t["source"]), _fig(t.get("figure")),
                             t.get("deadline"), tuple(t.get("governs") or ()), tuple(t.get("units") or ()),
                             _t(t.get("note")), tuple(t.get("related") or ()), _pl.benchmark(t.get("benchmark"), _t))
                      for t in g("targets", [])),
        creation_standards=tuple(
            CreationStandard(cs["id"], _t(cs["title"]), _loc(cs["source"]),
                             tuple(CreationCategory(cat["id"], cat["number"], _t(cat["title"]),
                                                    tuple(CreationCriterion(c["id"], c["number"], _t(c["text"]),
                                                                            _fig(c.get("threshold")), c.get("block"),
                                                                            _t(c.get("note")))
                                                          for c in cat["criteria"]))
                                   for cat in cs["categories"]),
                             tuple(_veto(v) for v in cs.get("vetoes") or ()))
            for cs in g("creation_standards", [])),
        work_points=tuple(
            WorkPoints(w["id"], _t(w["title"]), _loc(w["source"]),
                       tuple(WorkPointGroup(gr["id"], gr["number"], _t(gr["title"]),
                                            tuple(WorkPoint(p["id"], p["number"], _t(p["text"]), _t(p.get("title")),
                                                            p.get("block")) for p in gr["points"]))
                             for gr in w["groups"]))
            for w in g("work_points", [])),
        duties=tuple(Duty(d["id"], d["unit"], _t(d["text"]), _loc(d["source"])) for d in g("duties", [])),
        glossary=tuple(GlossaryEntry(e["id"], _t(e["term"]), _t(e["note"]), tuple(e.get("variants") or ()),
                                     tuple(e.get("sources") or ())) for e in g("glossary", [])),
        places=_pl.build_places(g("places", []), _t),
    )


def _rule(r: dict) -> Rule:
    return Rule(r["id"], RuleKind(r["kind"]), _t(r["text"]), tuple(r.get("units") or ()), _pl.period(r.get("every")),
                _pl.period(r.get("within")), r.get("years"), _pl.period(r.get("duration")))
