"""The plan is derived by scoring (``plan_of(card)``), not by the model: the model imports nothing
from the layers above it; a card's plan is made once and a changed card (``dataclasses.replace``)
gets its own, graph included."""
from __future__ import annotations

import ast
import dataclasses

from conftest import FIXTURES, ROOT
from generator.checks.project import load
from generator.model.objects import Column
from generator.scoring.plan import plan_of

ABOVE = ("checks", "scoring", "cardfile", "render", "site", "results", "importer", "cli")


def test_the_model_imports_nothing_from_checks_or_above():
    bad = []
    for path in sorted((ROOT / "generator" / "model").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = ("." * node.level + node.module).lstrip(".").removeprefix("generator.")
                if (node.level >= 2 or node.module.startswith("generator.")) and mod.split(".")[0] in ABOVE:
                    bad.append(f"{path.name}: from {'.' * node.level}{node.module}")
    assert not bad, bad


def test_a_replaced_card_gets_a_fresh_plan():
    card = next(c for c in load(FIXTURES / "scoring").standards.scorecards if c.id == "rules")
    assert plan_of(card) is plan_of(card)
    wide = dataclasses.replace(card, columns=(*card.columns, Column("audit", card.columns[0].title)))
    assert plan_of(card)["columns"] == [c.id for c in card.columns]
    assert plan_of(wide)["columns"] == [*plan_of(card)["columns"], "audit"]
    assert [c["column"] for c in plan_of(wide)["graph"]["columns"]] == plan_of(wide)["columns"]
    assert not hasattr(card, "plan")
