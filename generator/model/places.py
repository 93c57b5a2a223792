"""Places (jurisdictions) and the structured figures of rules, targets and criteria.

Every source document belongs to a place (``standards/places.yaml``) and so does every unit. An
item's place is its source document's: ``governs`` joins items of one place only, ``related``
points at items of another place. :mod:`generator.checks.places` checks them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import Comparator, Level, PeriodUnit
from .origin import Written
from .values import Text


@dataclass(frozen=True)
class Place(Written):
    """A jurisdiction."""
    id: str
    name: Text
    level: Level
    parent: Text | None = None
    draft: bool = False  # proposed by an import


@dataclass(frozen=True)
class Period:
    n: float
    unit: PeriodUnit


@dataclass(frozen=True)
class Benchmark:
    comparator: Comparator
    reference: Text


def period(d: Any) -> Period | None:
    return Period(d.get("n"), d.get("unit") and PeriodUnit(d["unit"])) if isinstance(d, dict) else None


def _comparator(c) -> Comparator | None:
    return None if c is None else Comparator(c)


def benchmark(d: Any, text, at) -> Benchmark | None:
    return Benchmark(_comparator(d.get("comparator")), text(d.get("reference"), at.at("reference"))) if isinstance(d, dict) \
        else None


def figures(d: Any, fig, at) -> tuple:
    """A criterion's ``threshold`` (at ``at``): one figure or a list of them, as a tuple."""
    if isinstance(d, dict):
        return (fig(d, at),)
    return tuple(fig(x, at.at(i)) for i, x in enumerate(d)) if isinstance(d, list) else ()


def build_places(items, text, enum) -> tuple[Place, ...]:
    """Places from (mapping, origin) pairs; ``text`` and ``enum`` read a value (None when invalid)."""
    return tuple(Place(p.get("id"), text(p.get("name"), at.at("name")), enum(Level, p.get("level")),
                       text(p.get("parent"), at.at("parent")), p.get("draft") is True, note=text(p.get("note"), at.at("note")),
                       origin=at)
                 for p, at in items)
