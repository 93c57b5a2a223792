"""Typed, immutable objects built from validated standards data.

Everything is keyed by stable ids; :class:`Standards` holds the indexes the renderers need
(who answers for what, what governs what).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import places as _pl
from .scoring.plan import plan_of


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Locator:
    doc: str
    at: str = ""
    block: str | None = None


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str = ""
    comparator: str = "="
    of: Text | None = None


@dataclass(frozen=True)
class Deduction:
    per: Text
    amount: float
    cap: float | None = None


@dataclass(frozen=True)
class Condition:
    id: str
    text: Text


@dataclass(frozen=True)
class Criterion:
    id: str
    text: Text
    points: float
    kind: str
    units: tuple[str, ...]
    own_units: bool
    conditions: tuple[Condition, ...] = ()
    deduction: Deduction | None = None
    source: Locator | None = None
    note: Text | None = None
    thresholds: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Task:
    id: str
    number: str
    title: Text
    points: float
    units: tuple[str, ...]
    related_units: bool
    criteria: tuple[Criterion, ...]
    source: Locator | None = None
    note: Text | None = None
    domain: str | None = None
    card: str = ""


@dataclass(frozen=True)
class Domain:
    id: str
    title: Text
    points: float
    tasks: tuple[Task, ...]
    number: int = 0


@dataclass(frozen=True)
class Column:
    id: str
    title: Text


@dataclass(frozen=True)
class Veto:
    id: str
    text: Text
    source: Locator | None = None


@dataclass(frozen=True)
class BonusItem:
    id: str
    text: Text
    points: float


@dataclass(frozen=True)
class Scorecard:
    id: str
    title: Text
    level: str
    edition: str
    source: Locator
    total_points: float
    score_step: float
    columns: tuple[Column, ...]
    domains: tuple[Domain, ...]  # a card without domains has one anonymous domain (id "")
    vetoes: tuple[Veto, ...] = ()
    bonus_max: float = 0
    bonus: tuple[BonusItem, ...] = ()
    note: Text | None = None
    # the scoring rules as plain data (generator/scoring/plan.py): what every output evaluates
    plan: dict = field(default_factory=dict, compare=False, repr=False)
    annex: str = ""  # printed "附件<annex>" top-left on paper outputs; "" prints no label
    # how `pingan results` ranks equal final scores: {"ties": "equal" | "by-domain", "domain": id}
    ranking: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_domains(self) -> bool:
        return bool(self.domains) and self.domains[0].id != ""

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for d in self.domains for t in d.tasks)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for t in self.tasks for c in t.criteria)


@dataclass(frozen=True)
class Block:
    id: str
    type: str
    text: Text
    level: int = 0
    note: Text | None = None


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    issuer: Text
    place: Any  # a place id (str), or the place's name (Text) in a project without places
    date: str | None
    kind: str
    edition: str
    file: str
    blocks: tuple[Block, ...] = ()
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Unit:
    id: str
    name: Text
    level: str
    kind: str
    aliases: tuple[str, ...] = ()
    note: Text | None = None
    place: str = ""
    role: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    text: Text
    units: tuple[str, ...] = ()
    every: _pl.Period | None = None
    within: _pl.Period | None = None
    years: int | None = None
    duration: _pl.Period | None = None


@dataclass(frozen=True)
class Mechanism:
    id: str
    name: Text
    category: str
    text: Text
    source: Locator
    rules: tuple[Rule, ...] = ()
    units: tuple[str, ...] = ()
    governs: tuple[str, ...] = ()
    note: Text | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    id: str
    title: Text
    text: Text
    source: Locator
    figure: Figure | None = None
    deadline: str | None = None
    governs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    note: Text | None = None
    related: tuple[str, ...] = ()
    benchmark: _pl.Benchmark | None = None


@dataclass(frozen=True)
class CreationCriterion:
    id: str
    number: str
    text: Text
    threshold: Figure | None = None
    block: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class CreationCategory:
    id: str
    number: str
    title: Text
    criteria: tuple[CreationCriterion, ...]


@dataclass(frozen=True)
class CreationStandard:
    id: str
    title: Text
    source: Locator
    categories: tuple[CreationCategory, ...]
    vetoes: tuple[Veto, ...] = ()


@dataclass(frozen=True)
class WorkPoint:
    id: str
    number: str
    text: Text
    title: Text | None = None
    block: str | None = None


@dataclass(frozen=True)
class WorkPointGroup:
    id: str
    number: str
    title: Text
    points: tuple[WorkPoint, ...]


@dataclass(frozen=True)
class WorkPoints:
    id: str
    title: Text
    source: Locator
    groups: tuple[WorkPointGroup, ...]


@dataclass(frozen=True)
class Duty:
    id: str
    unit: str
    text: Text
    source: Locator


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: Text
    note: Text
    variants: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standards:
    sources: tuple[Source, ...]
    units: tuple[Unit, ...]
    scorecards: tuple[Scorecard, ...]
    mechanisms: tuple[Mechanism, ...]
    targets: tuple[Target, ...]
    creation_standards: tuple[CreationStandard, ...]
    work_points: tuple[WorkPoints, ...]
    duties: tuple[Duty, ...]
    glossary: tuple[GlossaryEntry, ...]
    index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    governed_by: dict[str, list] = field(default_factory=dict, compare=False, repr=False)
    places: tuple[_pl.Place, ...] = ()
    related_by: dict[str, list] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        idx = self.index
        for kind in ("sources", "units", "scorecards", "mechanisms", "targets", "creation_standards",
                     "work_points", "duties", "glossary", "places"):
            for item in getattr(self, kind):
                idx[item.id] = item
        for card in self.scorecards:
            for d in card.domains:
                if d.id:
                    idx[d.id] = d
                for t in d.tasks:
                    idx[t.id] = t
                    for c in t.criteria:
                        idx[c.id] = c
        for s in self.sources:
            for b in s.blocks:
                idx[b.id] = b
        for cs in self.creation_standards:
            for cat in cs.categories:
                idx[cat.id] = cat
                for c in cat.criteria:
                    idx[c.id] = c
        for wp in self.work_points:
            for g in wp.groups:
                idx[g.id] = g
                for p in g.points:
                    idx[p.id] = p
        for m in (*self.mechanisms, *self.targets):
            for g in m.governs:
                self.governed_by.setdefault(g, []).append(m)
            for g in m.related:
                self.related_by.setdefault(g, []).append(m)

    def get(self, id_: str) -> Any:
        return self.index.get(id_)

    def unit(self, id_: str) -> Unit:
        return self.index[id_]

    def governors(self, id_: str) -> list[Mechanism | Target]:
        """Mechanisms and targets whose ``governs`` names this id."""
        return self.governed_by.get(id_, [])

    def related_to(self, id_: str) -> list[Mechanism | Target]:
        """Mechanisms and targets of other places whose ``related`` names this id."""
        return self.related_by.get(id_, [])

    def place_of(self, source_place: Any) -> _pl.Place | None:
        """The place a source's or unit's ``place`` names (None for a name given as text)."""
        p = self.index.get(source_place) if isinstance(source_place, str) else None
        return p if isinstance(p, _pl.Place) else None


# -- building from plain data ---------------------------------------------------------------------

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
        Criterion(c["id"], _t(c["text"]), c["points"], c["kind"], tuple(c.get("units") or units),
                  "units" in c, tuple(Condition(x["id"], _t(x["text"])) for x in c.get("conditions") or ()),
                  Deduction(_t(c["deduction"]["per"]), c["deduction"]["amount"], c["deduction"].get("cap"))
                  if c.get("deduction") else None,
                  _loc(c.get("source")) or _loc(t.get("source")), _t(c.get("note")),
                  _pl.figures(c.get("threshold"), _fig))
        for c in t["criteria"])
    return Task(t["id"], t["number"], _t(t["title"]), t["points"], units, bool(t.get("related_units")), crits,
                _loc(t.get("source")), _t(t.get("note")), domain, card)


def _card(c: dict) -> Scorecard:
    if c.get("domains"):
        domains = tuple(Domain(d["id"], _t(d["title"]), d["points"],
                               tuple(_task(t, c["id"], d["id"]) for t in d["tasks"]), i)
                        for i, d in enumerate(c["domains"], 1))
    else:
        tasks = tuple(_task(t, c["id"], None) for t in c["tasks"])
        domains = (Domain("", _t(c["title"]), c["total_points"], tasks, 0),)
    bonus = c.get("bonus") or {}
    return Scorecard(c["id"], _t(c["title"]), c["level"], c["edition"], _loc(c["source"]), c["total_points"],
                     c.get("score_step", 0.5), tuple(_col(x) for x in c["score_columns"]), domains,
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
                             s["place"] if isinstance(s["place"], str) else _t(s["place"]), s.get("date"), s["kind"],
                             s["edition"], s["file"],
                             tuple(Block(b["id"], b["type"], _t(b["text"]), b.get("level", 0), _t(b.get("note")))
                                   for b in s.get("blocks") or ()),
                             tuple(_t(n) for n in s.get("notes") or ()))
                      for s in g("sources", [])),
        units=tuple(Unit(u["id"], _t(u["name"]), u["level"], u["kind"], tuple(u.get("aliases") or ()),
                         _t(u.get("note")), u.get("place", ""), u.get("role", "")) for u in g("units", [])),
        scorecards=tuple(_card(c) for c in g("scorecards", [])),
        mechanisms=tuple(Mechanism(m["id"], _t(m["name"]), m["category"], _t(m["text"]), _loc(m["source"]),
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
    return Rule(r["id"], r["kind"], _t(r["text"]), tuple(r.get("units") or ()), _pl.period(r.get("every")),
                _pl.period(r.get("within")), r.get("years"), _pl.period(r.get("duration")))
