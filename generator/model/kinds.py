"""Every closed set of values in the standards, defined once: the schema lists their values, the model
holds them as these enums, and the site prints each through its label ``<field>_<value>`` in
``site_templates/labels.yaml`` (:data:`LABELLED`; a test checks both languages have every label).

They are ``StrEnum``: a value compares equal to its YAML text and serialises as it (JSON, f-strings).
"""
from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """The tier of a place, a unit or a scorecard."""
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"
    OTHER = "other"


CARD_LEVELS = (Level.COUNTY, Level.TOWN, Level.VILLAGE)  # the tiers a scorecard assesses
PLACE_LEVELS = tuple(x for x in Level if x is not Level.OTHER)


class UnitKind(StrEnum):
    PARTY = "party"
    GOVERNMENT = "government"
    JUDICIAL = "judicial"
    MILITARY = "military"
    MASS_ORGANISATION = "mass-organisation"
    GRASSROOTS = "grassroots"
    ENTERPRISE = "enterprise"
    OTHER = "other"


class CriterionKind(StrEnum):
    REQUIREMENT = "requirement"  # scored 0..points (or by its deduction rules)
    OUTCOME = "outcome"  # met (full points) or not met (0)
    FIGURE = "figure"  # scored from a reported figure by a proportional rule


class SourceKind(StrEnum):
    WORK_GUIDE = "work-guide"
    OPINION = "opinion"
    PLAN = "plan"
    WORK_POINTS = "work-points"


class BlockType(StrEnum):
    HEADING = "heading"
    PARA = "para"
    LIST_ITEM = "list-item"


class Category(StrEnum):
    """What a mechanism is called in its source: 机制, 制度 or 体制."""
    MECHANISM = "mechanism"
    SYSTEM = "system"
    INSTITUTION = "institution"


class RuleKind(StrEnum):
    RANKING = "ranking"
    VETO = "veto"
    REVIEW = "review"
    REPORTING = "reporting"
    YELLOW_CARD = "yellow-card"
    ASSESSMENT = "assessment"
    REWARD = "reward"
    ACCOUNTABILITY = "accountability"
    ORGANISATION = "organisation"
    FUNDING = "funding"
    MEETING = "meeting"
    INSPECTION = "inspection"
    PUBLICITY = "publicity"
    STANDARD_SETTING = "standard-setting"
    COORDINATION = "coordination"
    PREVENTION = "prevention"
    ENFORCEMENT = "enforcement"
    HANDLING = "handling"
    MANAGEMENT = "management"
    SELF_GOVERNANCE = "self-governance"
    OTHER = "other"


class PeriodUnit(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"


class Comparator(StrEnum):
    """How a figure compares: ≥ 90 %, ≤ 3 days …"""
    AT_LEAST = ">="
    AT_MOST = "<="
    EQUAL = "="
    ABOVE = ">"
    BELOW = "<"


# -- the scoring rules' choices (generator/checks/schema_scoring.py) ---------------------------------------

class VetoEffect(StrEnum):
    ZERO = "zero"  # the card scores 0
    FAIL = "fail"  # the lowest grade
    DEDUCT = "deduct"  # minus the veto's amount
    GRADE_CAP = "grade-cap"  # at most the grade the veto names


class Direction(StrEnum):
    """Which side of its threshold a measured figure loses points on."""
    BELOW = "below"
    ABOVE = "above"


class FigureRounding(StrEnum):
    """How the steps a figure is past its threshold count."""
    STARTED = "started"  # every begun step
    FULL = "full"  # whole steps only
    EXACT = "exact"  # pro rata


class RoundingMode(StrEnum):
    HALF_UP = "half-up"
    DOWN = "down"
    UP = "up"


class NaRule(StrEnum):
    """How a card counts a criterion marked not applicable."""
    RESCALE = "rescale"  # 实得分 ÷ 应得分 × 满分
    FULL = "full"  # as full points


class ColumnRole(StrEnum):
    """The stage of the assessment cycle a score column records (自评 → 审核 → 复核)."""
    SELF_ASSESSMENT = "self-assessment"  # 自评: the unit assessed fills it
    REVIEW = "review"  # 审核: the level above checks it
    RE_CHECK = "re-check"  # 复核: a second review, usually the county's


class Ties(StrEnum):
    """How `pingan results` ranks equal final scores."""
    EQUAL = "equal"
    BY_DOMAIN = "by-domain"


# label key prefix → the enum whose values the site prints
LABELLED = {"level": Level, "unit_kind": UnitKind, "rule_kind": RuleKind, "criterion_kind": CriterionKind,
            "category": Category, "source_kind": SourceKind, "period_unit": PeriodUnit,
            "column_role": ColumnRole}


def values(kinds) -> list[str]:
    """The values of an enum (or of some of its members), as the schema lists them."""
    return [k.value for k in kinds]
