"""JSON Schema pieces of the scoring rules; :mod:`generator.checks.schema` adds them to its definitions."""
from __future__ import annotations

from ..model.kinds import Direction, FigureRounding, NaRule, RoundingMode, VetoEffect, values

NUM = {"type": "number", "exclusiveMinimum": 0}
TEXT = {"$ref": "#/$defs/text"}
ID = {"$ref": "#/$defs/id"}

DEDUCTION_RULE = {
    "type": "object", "additionalProperties": False, "required": ["id", "per", "amount"],
    "description": "Per-occurrence deduction: the person filling in enters the number of occurrences.",
    "properties": {"id": ID, "per": TEXT, "amount": NUM, "cap": NUM},
}
PENALTY = {
    "type": "object", "additionalProperties": False, "required": ["id", "text", "amount"],
    "description": "扣分项: no points of its own; deducts amount × occurrences (up to cap) from its parent.",
    "properties": {"id": ID, "text": TEXT, "amount": NUM, "cap": NUM, "source": {"$ref": "#/$defs/source"}},
}
BONUS = {
    "type": "object", "additionalProperties": False, "required": ["max_points", "items"],
    "description": "加分项 of this level: each item scored 0..points, the sum capped at max_points.",
    "properties": {"max_points": NUM, "items": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["id", "text", "points"],
        "properties": {"id": ID, "text": TEXT, "points": NUM}}}},
}
PROPORTIONAL = {
    "type": "object", "additionalProperties": False,
    "required": ["figure", "threshold", "direction", "per", "amount", "rounding"],
    "description": "Deduction from a measured figure: amount for each `per` the figure is below/above the threshold.",
    "properties": {
        "figure": TEXT, "unit": {"type": "string"}, "threshold": {"type": "number"},
        "direction": {"enum": values(Direction)}, "per": NUM, "amount": NUM, "cap": NUM,
        "rounding": {"enum": values(FigureRounding),
                     "description": "started: every begun `per` counts; full: only whole ones; exact: pro rata."},
        "min": {"type": "number", "description": "the lowest figure accepted (default -1000000)"},
        "max": {"type": "number", "description": "the highest figure accepted (default 1000000)"},
    },
}
GRADE = {
    "type": "object", "additionalProperties": False, "required": ["id", "title", "min"],
    "properties": {"id": ID, "title": TEXT, "min": {"type": "number", "minimum": 0},
                   "below": {"type": "number", "description": "exclusive upper bound; omitted for the top grade"}},
}

CRITERION = {
    "deductions": {"type": "array", "minItems": 1, "items": DEDUCTION_RULE},
    "deduction_cap": NUM,
    "proportional": PROPORTIONAL,
    "not_applicable": {"type": "boolean", "description": "the criterion may be marked not applicable (不适用)"},
    "bonus": BONUS,
}
NODE = {"penalties": {"type": "array", "minItems": 1, "items": PENALTY}, "bonus": BONUS}
VETO = {
    "effect": {"enum": values(VetoEffect),
               "description": "zero: the card scores 0; fail: the lowest grade; deduct: minus amount; "
                              "grade-cap: at most the grade named by `grade`."},
    "amount": NUM, "grade": ID, "raised_by": ID,
}
CARD = {
    "grades": {"type": "array", "minItems": 1, "items": GRADE},
    "rounding": {"type": "object", "additionalProperties": False, "required": ["digits"],
                 "properties": {"digits": {"type": "integer", "minimum": 0, "maximum": 3},
                                "mode": {"enum": values(RoundingMode)}}},
    "not_applicable": {"enum": values(NaRule),
                       "description": "rescale: 实得分 ÷ 应得分 × 满分; full: a not-applicable criterion counts full"},
    "below_zero": {"type": "boolean", "description": "penalties may take a task, domain or card below zero"},
    "max_count": {"type": "integer", "minimum": 1, "maximum": 1000000,
                  "description": "the most occurrences any count input of the card accepts (default 10000)"},
    "penalties": NODE["penalties"],
}


def extend(defs: dict) -> None:
    """Add the scoring keys to the criterion, task, domain, scorecard and veto definitions."""
    defs["criterion"]["properties"].update(CRITERION)
    for name in ("task", "domain"):
        defs[name]["properties"].update(NODE)
    card = defs["scorecard"]["properties"]
    card.update(CARD)
    card["vetoes"]["items"]["properties"].update(VETO)
