"""The typed scoring rules of a card (the keys of :mod:`generator.checks.schema_scoring`): deduction rules,
figures scored proportionally, penalties, bonus items, grades and rounding. The card's plan
(:func:`generator.scoring.plan.plan_of`) is made from them."""
from __future__ import annotations

from dataclasses import dataclass

from .kinds import Direction, FigureRounding, RoundingMode, VetoEffect
from .origin import Written
from .values import Locator, Text

DEFAULT_STEP = 0.5  # a card without score_step takes scores in half points


@dataclass(frozen=True)
class DeductionRule(Written):
    """Points off for each occurrence the person filling in counts (up to ``cap``); the single
    ``deduction:`` of a criterion has no id (its count is the criterion's own field)."""
    id: str | None
    per: Text
    amount: float
    cap: float | None = None


@dataclass(frozen=True)
class Proportional(Written):
    """A measured figure: ``amount`` off for each ``per`` it is below/above ``threshold``."""
    figure: Text
    threshold: float
    direction: Direction
    per: float
    amount: float
    rounding: FigureRounding
    cap: float | None = None
    unit: str = ""
    min: float | None = None  # the figures a person may enter (default: plan.FIGURE_RANGE)
    max: float | None = None


@dataclass(frozen=True)
class Penalty(Written):
    """扣分项: no points of its own; deducts amount × occurrences (up to cap) from its parent."""
    id: str
    text: Text
    amount: float
    cap: float | None = None
    source: Locator | None = None


@dataclass(frozen=True)
class BonusItem(Written):
    id: str
    text: Text
    points: float


@dataclass(frozen=True)
class Bonus(Written):
    """加分项 of one level: each item scored 0..points, their sum capped at ``cap``."""
    cap: float
    items: tuple[BonusItem, ...] = ()


@dataclass(frozen=True)
class Grade(Written):
    id: str
    title: Text
    min: float
    below: float | None = None


@dataclass(frozen=True)
class Rounding(Written):
    digits: int
    mode: RoundingMode | None = None


@dataclass(frozen=True)
class Scoring(Written):
    """What a level (criterion, task, domain, card) adds to plain points: its bonus and penalties."""
    bonus: Bonus | None = None
    penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True)
class Veto(Written):
    id: str
    text: Text
    source: Locator | None = None
    effect: VetoEffect = VetoEffect.ZERO
    amount: float | None = None
    grade: str | None = None
    raised_by: str | None = None  # an outcome criterion not met raises the veto
