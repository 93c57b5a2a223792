"""A card's PDF, XLSX, DOCX and offline form are cached by everything they are made of: change any
scoring rule of the card and a rebuild renders its files again, with the new rule in them (not the
previous file computing with the old one)."""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from conftest import FIXTURES
from generator.checks.project import load
from generator.render.common import TEMPLATES, template_dirs
from generator.render.outputs import KINDS, Job, _code_fingerprint, job_key, plan_outputs, render_job, render_missing
from generator.render.urls import card_file
from generator.scoring.plan import plan_of

# (what changes, the text of tests/fixtures/scoring/standards/rules.yaml before, after): every kind of rule
EDITS = {
    "grade bound": ("min: 60, below: 80}\n      - {id: \"good\", title: {zh: \"良好\", en: \"Good\"}, min: 80,",
                    "min: 60, below: 77.25}\n      - {id: \"good\", title: {zh: \"良好\", en: \"Good\"}, min: 77.25,"),
    "multi-rule deduction": ("amount: 0.5, cap: 2}", "amount: 0.75, cap: 2}"),
    "single deduction": ("amount: 0.5, cap: 3}", "amount: 0.5, cap: 2.5}"),
    "penalty": ("amount: 2, cap: 6}", "amount: 1.5, cap: 6}"),
    "rounding": ("rounding: {digits: 1, mode: half-up}", "rounding: {digits: 0, mode: down}"),
    "bonus": ("    bonus:\n      max_points: 3\n", "    bonus:\n      max_points: 2.5\n"),
    "proportional figure": ("threshold: 95, direction: below", "threshold: 96, direction: below"),
    "N/A rule": ("    not_applicable: rescale\n", "    not_applicable: full\n"),
    "veto": ("effect: deduct, amount: 30", "effect: deduct, amount: 25"),
    "ranking ties": ('    edition: "2025"\n    source: {doc: "src-r", at: "附件"}\n',
                     '    edition: "2025"\n    ranking: {ties: by-domain, domain: "rules-d2"}\n'
                     '    source: {doc: "src-r", at: "附件"}\n'),
}


def edited(dest: Path, *names: str) -> Path:
    """A copy of the scoring fixture with the named edits made (each must apply exactly once)."""
    shutil.copytree(FIXTURES / "scoring", dest)
    p = dest / "standards" / "rules.yaml"
    text = p.read_text(encoding="utf-8")
    for name in names:
        before, after = EDITS[name]
        assert text.count(before) == 1, name
        text = text.replace(before, after)
    p.write_text(text, encoding="utf-8")
    return dest


def keys(root: Path, card: str) -> dict[str, str]:
    s = load(root).standards
    code = _code_fingerprint(template_dirs(root))
    return {kind: job_key(s, Job(card_file(card, "zh", kind), kind, card, "zh"), code) for kind in KINDS}


def embedded_plan(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" class="pingan-plan">(.*?)</script>', html, re.S)[1])


def xlsx_formulas(data: bytes) -> set[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = edited(tmp_path_factory.mktemp("base") / "scoring")
    s = load(root).standards
    files = {kind: render_job(s, Job("", kind, "rules", "zh")) for kind in ("html", "xlsx", "docx")}
    return root, s, keys(root, "rules"), keys(root, "flat"), files


@pytest.mark.parametrize("name", EDITS)
def test_a_changed_rule_renders_the_cards_files_again_with_it(base, tmp_path, name):
    root0, s0, rules0, flat0, files0 = base
    root = edited(tmp_path / "scoring", name)
    s = load(root).standards
    rules, flat = keys(root, "rules"), keys(root, "flat")
    assert all(rules[k] != rules0[k] for k in KINDS), f"{name}: the cache would serve the previous files"
    assert flat == flat0, "the other card's files are not rendered again"
    card, card0 = s.get("rules"), s0.get("rules")
    if name == "ranking ties":  # the ranking is for `pingan results`: no file shows it
        assert card.ranking != card0.ranking and plan_of(card) == plan_of(card0)
        return
    assert plan_of(card) != plan_of(card0)
    html = render_job(s, Job("", "html", "rules", "zh")).decode("utf-8")
    assert embedded_plan(html) == json.loads(json.dumps(plan_of(card))), "the offline form computes with the new rule"
    assert xlsx_formulas(render_job(s, Job("", "xlsx", "rules", "zh"))) != xlsx_formulas(files0["xlsx"])
    docx = docx_text(render_job(s, Job("", "docx", "rules", "zh")))
    printed = {"single deduction": "≤ 2.5", "bonus": "(≤ 2.5)"}  # the rules a DOCX prints
    if printed.get(name):
        assert printed[name] in docx and printed[name] not in docx_text(files0["docx"]), name


@pytest.mark.parametrize("rel, marker", [("labels.yaml", "\n# own labels\n"),
                                         ("forms/form.html.j2", "<!-- own form template -->\n"),
                                         ("assets/scoring.js", "\n// own scoring.js\n"),
                                         ("assets/scorecard.css", "\n/* own scorecard.css */\n")])
def test_a_projects_own_template_is_in_the_key(tmp_path, rel, marker):
    """A project's own site_templates/ file of the same name (labels, form templates, assets) is
    what its files are made with: the files are rendered again, with it."""
    root = edited(tmp_path / "scoring")
    before = keys(root, "rules")
    own = root / "site_templates" / rel
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text((TEMPLATES / rel).read_text(encoding="utf-8") + marker, encoding="utf-8")
    after = keys(root, "rules")
    assert all(after[k] != before[k] for k in KINDS)
    html = render_job(load(root).standards, Job("", "html", "rules", "zh"), template_dirs(root)).decode("utf-8")
    assert rel == "labels.yaml" or marker.strip() in html


@pytest.mark.slow  # renders a PDF
def test_a_rebuild_after_a_grade_bound_change_serves_files_with_the_new_bound(tmp_path):
    """The user's case: 80 → 77.25 on the page and the form, and in the PDF, XLSX and offline form."""
    import pikepdf

    root = edited(tmp_path / "scoring")
    cache = tmp_path / "cache"
    before, _ = plan_outputs(root, load(root).standards, "zh", cache)
    root = edited(tmp_path / "edited", "grade bound", "bonus")
    s = load(root).standards
    after, missing = plan_outputs(root, s, "zh", cache)
    mine = [card_file("rules", "zh", kind) for kind in KINDS]
    assert all(after[u] != before[u] for u in mine)
    render_missing(root, s, [(job, path) for job, path in missing if job.uri in mine], workers=1)
    html = after[card_file("rules", "zh", "html")].read_text(encoding="utf-8")
    assert {g["id"]: g["min"] for g in embedded_plan(html)["grades"]}["good"] == 77.25
    with pikepdf.open(after[card_file("rules", "zh", "pdf")]) as pdf:
        js = pdf.Root.Names.JavaScript.Names[1].JS.read_bytes().decode()
    plan = json.loads(re.search(r"var PINGAN_PLAN = (\{.*?\});\n", js)[1])
    assert {g["id"]: g["min"] for g in plan["grades"]}["good"] == 77.25
    formulas = xlsx_formulas(after[card_file("rules", "zh", "xlsx")].read_bytes())
    assert any(">=77.25-" in f for f in formulas) and not any(">=80-" in f for f in formulas)  # the grade formula
    assert "(≤ 2.5)" in docx_text(after[card_file("rules", "zh", "docx")].read_bytes())
