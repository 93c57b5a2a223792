"""Typed, immutable objects read from the standards files (:mod:`.assemble`); validation runs on them.

Everything is keyed by stable ids; :class:`Standards` holds the indexes the renderers need
(who answers for what, what governs what). Every object written in a file records where
(:class:`.origin.Written`); the scoring rules are in :mod:`.rules`, creation standards and work points
in :mod:`.indicators`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import places as _pl
from .indicators import CreationStandard, WorkPoints
from .kinds import (
    BlockType,
    Category,
    ColumnRole,
    CriterionKind,
    Level,
    NaRule,
    RuleKind,
    SourceKind,
    UnitKind,
)
from .origin import Written
from .rules import Bonus, DeductionRule, Grade, Penalty, Proportional, Rounding, Veto
from .values import Condition, Figure, Locator, Text  # the leaf values, exported here too


@dataclass(frozen=True)
class Criterion(Written):
    id: str
    text: Text
    points: float
    kind: CriterionKind
    units: tuple[str, ...]
    own_units: bool
    conditions: tuple[Condition, ...] = ()
    deduction: DeductionRule | None = None  # the single rule of the first format: no id of its own
    source: Locator | None = None
    thresholds: tuple[Figure, ...] = ()
    number: str = ""  # "24.3": the task's number and the criterion's place in it, as every output shows it
    # scoring rules beyond plain points (generator/model/rules.py)
    deductions: tuple[DeductionRule, ...] = ()
    deduction_cap: float | None = None
    proportional: Proportional | None = None
    not_applicable: bool = False  # may be marked not applicable (不适用)
    bonus: Bonus | None = None


@dataclass(frozen=True)
class Task(Written):
    id: str
    number: str
    title: Text
    points: float
    units: tuple[str, ...]
    related_units: bool
    criteria: tuple[Criterion, ...]
    source: Locator | None = None
    domain: str | None = None
    card: str = ""
    bonus: Bonus | None = None
    penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True)
class Domain(Written):
    id: str
    title: Text
    points: float
    tasks: tuple[Task, ...]
    number: int = 0
    bonus: Bonus | None = None
    penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True)
class Column(Written):
    id: str
    title: Text
    role: ColumnRole | None = None  # as written; Scorecard.roles fills in the defaults


@dataclass(frozen=True)
class Scorecard(Written):
    id: str
    title: Text
    level: Level
    edition: str
    source: Locator
    total_points: float
    score_step: float
    columns: tuple[Column, ...]
    domains: tuple[Domain, ...]  # empty for a card whose tasks have no domain
    tasks: tuple[Task, ...]  # every task, in order (a domain's tasks are also in ``Domain.tasks``)
    vetoes: tuple[Veto, ...] = ()
    bonus: Bonus | None = None
    annex: str = ""  # printed "附件<annex>" top-left on paper outputs; "" prints no label
    # how `pingan results` ranks equal final scores: {"ties": "equal" | "by-domain", "domain": id}
    ranking: dict = field(default_factory=dict, compare=False, repr=False)
    penalties: tuple[Penalty, ...] = ()
    grades: tuple[Grade, ...] = ()
    rounding: Rounding | None = None
    na_rule: NaRule = NaRule.RESCALE  # how a not-applicable criterion counts
    below_zero: bool = False  # penalties may take a level below zero
    max_count: int | None = None  # the most occurrences a count input takes (default: plan.MAX_COUNT)
    draft: bool = False  # imported, not yet reviewed and translated: built with a note, not collected
    final_column: str = ""  # the column whose score ranks (default: the last one)

    @property
    def roles(self) -> dict[str, ColumnRole]:
        """column id → its role: as written, else the first column self-assessment and the others review."""
        return {c.id: c.role or (ColumnRole.SELF_ASSESSMENT if i == 0 else ColumnRole.REVIEW)
                for i, c in enumerate(self.columns)}

    @property
    def final(self) -> str:
        """The column whose score is the final one: the one the card names, else the last."""
        return self.final_column or self.columns[-1].id

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for t in self.tasks for c in t.criteria)


@dataclass(frozen=True)
class Block(Written):
    id: str
    type: BlockType
    text: Text
    level: int = 0


@dataclass(frozen=True)
class Source(Written):
    id: str
    title: Text
    issuer: Text
    place: Any  # a place id (str), or the place's name (Text) in a project without places
    date: str | None
    kind: SourceKind
    edition: str
    file: str
    blocks: tuple[Block, ...] = ()
    draft: bool = False  # imported, not yet reviewed and translated


@dataclass(frozen=True)
class Unit(Written):
    id: str
    name: Text
    level: Level
    kind: UnitKind
    aliases: tuple[str, ...] = ()
    place: str = ""
    role: str = ""
    draft: bool = False  # proposed by an import: not yet linked to the place's known units


@dataclass(frozen=True)
class Rule(Written):
    id: str
    kind: RuleKind
    text: Text
    units: tuple[str, ...] = ()
    every: _pl.Period | None = None
    within: _pl.Period | None = None
    years: int | None = None
    duration: _pl.Period | None = None


@dataclass(frozen=True)
class Mechanism(Written):
    id: str
    name: Text
    category: Category
    text: Text
    source: Locator
    rules: tuple[Rule, ...] = ()
    units: tuple[str, ...] = ()
    governs: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target(Written):
    id: str
    title: Text
    text: Text
    source: Locator
    figure: Figure | None = None
    deadline: str | None = None
    governs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    benchmark: _pl.Benchmark | None = None


@dataclass(frozen=True)
class Duty(Written):
    id: str
    unit: str
    text: Text
    source: Locator


@dataclass(frozen=True)
class GlossaryEntry(Written):
    id: str
    term: Text
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
        for item in self._items():
            self.index[item.id] = item
        governing: tuple[Mechanism | Target, ...] = (*self.mechanisms, *self.targets)
        for m in governing:
            for g in m.governs:
                self.governed_by.setdefault(g, []).append(m)
            for g in m.related:
                self.related_by.setdefault(g, []).append(m)

    def _items(self):
        """Every item with an id, nested ones included (the index)."""
        for kind in ("sources", "units", "scorecards", "mechanisms", "targets", "creation_standards",
                     "work_points", "duties", "glossary", "places"):
            yield from getattr(self, kind)
        for card in self.scorecards:
            yield from card.domains
            for t in card.tasks:
                yield t
                yield from t.criteria
        for s in self.sources:
            yield from s.blocks
        for group in (*(c for cs in self.creation_standards for c in cs.categories),
                      *(g for wp in self.work_points for g in wp.groups)):
            yield group
            yield from getattr(group, "criteria", None) or group.points

    @cached_property
    def indexes(self):
        """Who answers for what, what cites what (:mod:`.indexes`), computed once."""
        from .indexes import Indexes

        return Indexes(self)

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
