"""The model's indexes (:attr:`generator.model.objects.Standards.indexes`), computed once per model: who
answers for what, which criterion belongs to which task, which card a domain is on, which
indicators cite a paragraph of a source, which rules and targets name a unit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .objects import Criterion, Duty, Mechanism, Scorecard, Standards, Target, Task


@dataclass(frozen=True)
class Responsibility:
    """What one unit answers for in one task: the task's criteria that name it."""
    card: Scorecard
    task: Task
    criteria: tuple[Criterion, ...]

    @property
    def points(self) -> float:
        return sum(c.points for c in self.criteria)


class Indexes:
    def __init__(self, s: Standards):
        self.cards = s.scorecards
        self.task_of: dict[str, Task] = {c.id: t for card in s.scorecards for t in card.tasks for c in t.criteria}
        self.card_of_domain: dict[str, Scorecard] = {d.id: card for card in s.scorecards for d in card.domains}
        self.responsibilities = _responsibilities(s)
        self.cited_by = _cited_by(s)
        # (unit id, card id) for every unit that answers for at least one criterion of a card, in unit order
        self.packs: list[tuple[str, str]] = [(u, card) for u, rs in self.responsibilities.items()
                                             for card in dict.fromkeys(r.card.id for r in rs)]
        naming: tuple[Mechanism | Target, ...] = (*s.mechanisms, *s.targets)
        self.named_in: dict[str, list[Any]] = {u.id: [m for m in naming if u.id in m.units]
                                               for u in s.units}  # mechanisms and targets naming a unit
        self.duties_of: dict[str, list[Any]] = {u.id: [d for d in s.duties if d.unit == u.id] for u in s.units}

    def by_card(self, unit_id: str) -> list[tuple[Scorecard, list[Responsibility], float]]:
        """A unit's responsibilities grouped by scorecard, in card order, with the points at stake."""
        groups: dict[str, list[Responsibility]] = {}
        for r in self.responsibilities[unit_id]:
            groups.setdefault(r.card.id, []).append(r)
        return [(c, groups[c.id], sum(r.points for r in groups[c.id])) for c in self.cards if c.id in groups]


def _responsibilities(s: Standards) -> dict[str, list[Responsibility]]:
    out: dict[str, list[Responsibility]] = {u.id: [] for u in s.units}
    for card in s.scorecards:
        for t in card.tasks:
            for u in dict.fromkeys(u for c in t.criteria for u in c.units):
                out.setdefault(u, []).append(Responsibility(card, t, tuple(c for c in t.criteria if u in c.units)))
    return out


def _cited_by(s: Standards) -> dict[str, list[str]]:
    """Source block id → ids of the indicators that cite it."""
    out: dict[str, list[str]] = {}
    located: tuple[Mechanism | Target | Duty, ...] = (*s.mechanisms, *s.targets, *s.duties)
    cites = [(m.id, m.source.block if m.source else None) for m in located]
    cites += [(c.id, c.block) for cs in s.creation_standards for cat in cs.categories for c in cat.criteria]
    cites += [(p.id, p.block) for w in s.work_points for g in w.groups for p in g.points]
    for id_, block in cites:
        if block:
            out.setdefault(block, []).append(id_)
    return out
