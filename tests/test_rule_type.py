"""A new rule type is one builder function (tests/rule_over_threshold.py, registered on the graph
builder), and all three evaluators compute it: the Python engine, scoring.js in Node (what the form
and the PDF run), and the XLSX formulas recalculated by LibreOffice. Also: the evaluators hold no
rule vocabulary."""
from __future__ import annotations

import copy
import importlib
import random
import re

import pytest
import xlsxwriter

from conftest import FIXTURES, ROOT
from generator.checks.project import load
from generator.render.xlsx_rules import CALC, Calc
from generator.scoring import build
from generator.scoring.engine import evaluate
from generator.scoring.plan import inputs, plan_of, with_graph
from test_scoring_engine import _node

CRIT = "rules-t1-c1"  # 6 points; becomes: 1 point off per unit over 3, at most 4, N/A allowed
COLUMNS = 40


@pytest.fixture
def plan():
    saved = dict(build.RULES)
    import rule_over_threshold

    importlib.reload(rule_over_threshold)  # registers its rule type (again, after an earlier test's cleanup)
    card = next(c for c in load(FIXTURES / "scoring").standards.scorecards if c.id == "rules")
    p = copy.deepcopy(plan_of(card))
    c = next(c for c in p["criteria"] if c["id"] == CRIT)
    c.update(kind=rule_over_threshold.KIND, na=True, over={"threshold": 3, "amount": 1, "cap": 4})
    p["columns"] = [f"x{k}" for k in range(COLUMNS)]
    yield with_graph(p)
    build.RULES.clear()
    build.RULES.update(saved)


def _fills(plan) -> dict:
    """Every column a fill of the card; the new criterion gets 0–12 units, N/A, blank or a bad value."""
    rng, values = random.Random("over-threshold"), {}
    units = ["0", "2", "3", "4", "5", "6", "7", "9", "12", "na", "", "abc", "1.5"]
    for k, col in enumerate(plan["columns"]):
        values[f"{CRIT}--{col}"] = units[k % len(units)]
        for i, kind in inputs(plan):
            if i != CRIT and rng.random() < 0.5 and kind in ("score", "count"):
                values[f"{i}--{col}"] = str(rng.choice([0, 1, 2]))
    return {k: v for k, v in values.items() if v != ""}


def test_python_computes_the_new_rule_type(plan):
    r = evaluate(plan, {f"{CRIT}--x0": "5", f"{CRIT}--x1": "20", f"{CRIT}--x2": "3", f"{CRIT}--x3": "na",
                        f"{CRIT}--x4": "2.5"})
    pts = {col: r["columns"][col]["items"][CRIT] for col in ("x0", "x1", "x2", "x3", "x4", "x5")}
    assert pts == {"x0": 4, "x1": 2, "x2": 6, "x3": 0, "x4": 0, "x5": 0}  # 6 − (5 − 3); 6 − min(4, 17); N/A; blank
    assert [(p.field, p.code) for p in r["problems"]] == [(f"{CRIT}--x4", "count")]
    # N/A is re-scaled at the card as for any criterion: 6 of the 100 points are not applicable
    assert r["columns"]["x3"]["total"] == 0 and r["columns"]["x0"]["total"] == 4


def test_node_computes_what_python_computes(plan):
    values = _fills(plan)
    want = evaluate(plan, values)
    want["problems"] = [{"field": p.field, "code": p.code} for p in want["problems"]]
    got = _node([{"plan": plan, "values": values}])[0]
    assert got == want
    assert {got["columns"][c]["items"][CRIT] for c in plan["columns"]} >= {0, 2, 3, 4, 5, 6}


@pytest.mark.slow  # LibreOffice
def test_xlsx_formulas_compute_what_python_computes(plan, tmp_path):
    import openpyxl

    from office import recalculate

    values = _fills(plan)
    fields = [f"{i}--{col}" for i, _ in inputs(plan) for col in plan["columns"]]
    path = tmp_path / "over.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("in")
    for r, name in enumerate(fields):
        v = values.get(name, "")
        ws.write_string(r, 0, name)
        ws.write(r, 1, int(v) if v.isdigit() else v)
    calc = Calc(plan, "in", {name: f"B{r + 1}" for r, name in enumerate(fields)})
    names = calc.build()
    cs = wb.add_worksheet(CALC)
    cs.write_row(0, 0, ["quantity", *calc.cols])
    for name, formulas, _ in calc.quantities:
        cs.write_string(calc.row[name], 0, name)
        for j, f in enumerate(formulas):
            cs.write_formula(calc.row[name], 1 + j, "=" + f)
    wb.close()
    book = openpyxl.load_workbook(recalculate(path, tmp_path), data_only=True)
    rows = {r[0]: r[1:] for r in book[CALC].iter_rows(values_only=True)}
    want = evaluate(plan, values)["columns"]
    bad = [(col, item, rows[q][j], want[col]["items"][item]) for item, q in names.items()
           for j, col in enumerate(plan["columns"]) if abs(rows[q][j] - want[col]["items"][item]) > 1e-9]
    assert not bad, bad[:5]
    assert {rows[f"pts:{CRIT}"][j] for j in range(COLUMNS)} >= {0, 2, 3, 4, 5, 6}


VOCABULARY = re.compile(r"deduct|penalt|veto|bonus|figure|proportional|grade", re.I)


def _code_lines(path, comment: str) -> list[str]:
    """The lines of a file that are code: without comments (and, in Python, docstrings)."""
    text = path.read_text(encoding="utf-8")
    if comment == "#":
        text = re.sub(r'"""[\s\S]*?"""', "", text)
        return [ln.split("#")[0] for ln in text.splitlines()]
    text = re.sub(r"/\*[\s\S]*?\*/", "", text)
    return [ln.split("//")[0] for ln in text.splitlines()]


@pytest.mark.parametrize("path, comment", [("site_templates/assets/scoring.js", "//"),
                                           ("generator/render/xlsx_rules.py", "#")])
def test_evaluators_know_no_rule(path, comment):
    """The JavaScript and the Excel evaluators interpret the graph: the words of the rules are the
    builder's (generator/scoring/build.py), nowhere in their code."""
    hits = [ln for ln in _code_lines(ROOT / path, comment) if VOCABULARY.search(ln)]
    assert not hits, hits
