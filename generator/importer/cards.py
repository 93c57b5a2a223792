"""What an imported card is made of before it is written as YAML: domains, tasks and criteria with their
points as the document states them, the rules read from their text, the unit names, and where each
came from (a locator a person finds in the original)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .doc import Cell
from .numbers import points as _n
from .ruletext import Reading


def _total(parts: list[float | None]) -> float | None:
    """The sum of the parts' points; None when there are none or one has none."""
    known = [p for p in parts if p is not None]
    return None if not parts or len(known) < len(parts) else sum(known)


@dataclass
class Criterion:
    text: str
    points: float | None
    reading: Reading
    at: str
    units: tuple[str, ...] | None = None  # its own responsible units, when not the task's
    unit_cell: Cell | None = None  # the cell they came from (criteria sharing one share it)
    assessor: str = ""


@dataclass
class Task:
    number: str
    title: str
    stated: float | None
    at: str
    criteria: list[Criterion] = field(default_factory=list)
    units: tuple[str, ...] = ()
    related: bool = False  # 及有关职能单位: others besides the named units
    assessor: str = ""

    @property
    def points(self) -> float | None:
        return self.stated if self.stated is not None else self.sum

    @property
    def sum(self) -> float | None:
        return _total([c.points for c in self.criteria])


@dataclass
class Domain:
    title: str
    stated: float | None
    at: str
    tasks: list[Task] = field(default_factory=list)

    @property
    def points(self) -> float | None:
        return self.stated if self.stated is not None else self.sum

    @property
    def sum(self) -> float | None:
        return _total([t.points for t in self.tasks])


@dataclass
class Item:
    """A bonus item, a penalty or a veto of the card: its reading and where it is."""
    text: str
    reading: Reading
    at: str
    points: float | None = None


@dataclass
class Card:
    title: str
    at: str
    domains: list[Domain] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)  # a card without domains
    columns: list[str] = field(default_factory=list)  # the score columns' titles
    stated_total: float | None = None
    bonus: list[Item] = field(default_factory=list)
    bonus_cap: float | None = None
    penalties: list[Item] = field(default_factory=list)
    vetoes: list[Item] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)  # (where, what it became)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (where, text) of cells not used
    problems: list[str] = field(default_factory=list)  # what a person must look at

    @property
    def all_tasks(self) -> list[Task]:
        return [t for d in self.domains for t in d.tasks] or self.tasks

    @property
    def sum(self) -> float | None:
        return _total([d.points for d in self.domains] if self.domains else [t.points for t in self.tasks])

    def sums(self) -> list[tuple[str, float | None, float | None]]:
        """(section, stated, sum of its parts) of the card, every domain and every task."""
        out = [(f"card {self.title}", self.stated_total, self.sum)]
        for d in self.domains:
            out.append((f"domain {d.title}", d.stated, d.sum))
        for t in self.all_tasks:
            out.append((f"task {t.number} {t.title}", t.stated, t.sum))
        return out

    def mismatches(self) -> list[str]:
        return [f"{what}: states {_n(stated):g} points, its parts add up to {_n(total):g}"
                for what, stated, total in self.sums()
                if stated is not None and total is not None and abs(stated - total) > 1e-9]
