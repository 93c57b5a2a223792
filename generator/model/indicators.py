"""Indicator lists without scores: creation standards (创建标准: categories of criteria, vetoes) and
work points (工作要点: groups of points). Part of the model (:mod:`generator.model.objects`)."""
from __future__ import annotations

from dataclasses import dataclass

from .origin import Written
from .rules import Veto
from .values import Figure, Locator, Text


@dataclass(frozen=True)
class CreationCriterion(Written):
    id: str
    number: str
    text: Text
    threshold: Figure | None = None
    block: str | None = None


@dataclass(frozen=True)
class CreationCategory(Written):
    id: str
    number: str
    title: Text
    criteria: tuple[CreationCriterion, ...]
    block: str | None = None


@dataclass(frozen=True)
class CreationStandard(Written):
    id: str
    title: Text
    source: Locator
    categories: tuple[CreationCategory, ...]
    vetoes: tuple[Veto, ...] = ()


@dataclass(frozen=True)
class WorkPoint(Written):
    id: str
    number: str
    text: Text
    title: Text | None = None
    block: str | None = None


@dataclass(frozen=True)
class WorkPointGroup(Written):
    id: str
    number: str
    title: Text
    points: tuple[WorkPoint, ...]
    block: str | None = None


@dataclass(frozen=True)
class WorkPoints(Written):
    id: str
    title: Text
    source: Locator
    groups: tuple[WorkPointGroup, ...]
