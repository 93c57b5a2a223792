"""Places (jurisdictions) and the structured figures of rules, targets and criteria.

Every source document belongs to a place (``standards/places.yaml``) and so does every unit. An
item's place is its source document's: ``governs`` joins items of one place only, ``related``
points at items of another place. :mod:`generator.checks.places` checks them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import fields as f
from .kinds import Comparator, Level, PeriodUnit
from .origin import Origin, Written
from .values import Figure, Text


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
    return Period(f.number(d, "n"), f.required(d.get("unit") and PeriodUnit(d["unit"]))) if isinstance(d, dict) \
        else None


def benchmark(d: Any, at: Origin) -> Benchmark | None:
    if not isinstance(d, dict):
        return None
    reference = f.required(f.text(d.get("reference"), at.at("reference")))
    return Benchmark(f.enum(Comparator, d.get("comparator")), reference)


def figures(d: Any, at: Origin) -> tuple[Figure, ...]:
    """A criterion's ``threshold`` (at ``at``): one figure or a list of them, as a tuple."""
    if isinstance(d, dict):
        return (f.required(f.figure(d, at)),)
    return tuple(f.required(f.figure(x, at.at(i))) for i, x in enumerate(d)) if isinstance(d, list) else ()


def build_places(items: Iterable[tuple[f.Data, Origin]]) -> tuple[Place, ...]:
    """Places from (mapping, origin) pairs."""
    return tuple(Place(f.string(p, "id"), f.required(f.text(p.get("name"), at.at("name"))),
                       f.enum(Level, p.get("level")), f.text(p.get("parent"), at.at("parent")), p.get("draft") is True,
                       note=f.text(p.get("note"), at.at("note")), origin=at)
                 for p, at in items)
