"""Hostile and clumsy submission files cannot hurt anyone: each is a real file, rejected (or read, when an
office really saves files so) with one line per reason, nothing else in the batch lost, no traceback,
nothing in a terminal line able to act, nothing from a file ever markup on the site."""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import pytest

import resultset
from conftest import ROOT, run_pingan
from generator.checks.project import load
from generator.scoring.engine import evaluate
from generator.scoring.plan import plan_of
from hostile import PROJECT, STATUS, export, far_cell, good, hostile_files, lines_by_file


@pytest.fixture(scope="module")
def rules():
    return load(PROJECT).standards.get("rules")


@pytest.fixture(scope="module")
def batch(rules, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    expected = hostile_files(tmp / "in", rules)
    db = tmp / "results.sqlite"
    proc = run_pingan("-p", str(PROJECT), "collect", "-j", "1", "--db", str(db), str(tmp / "in"))
    return expected, proc, db


def test_every_hostile_file_has_its_lines_and_every_good_one_is_stored(batch):
    expected, proc, db = batch
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    got = lines_by_file(proc.stdout)
    shown = {n.replace("\n", "\\n"): n for n in expected}
    assert set(got) == set(shown), set(got) ^ set(shown)
    for name, lines in got.items():
        status, fragments = expected[shown[name]]
        assert all(line.startswith(status) for line in lines), lines
        assert status != "accepted" or len(lines) == 1
        for frag in fragments:
            assert any(frag in line for line in lines), (frag, lines)
    assert not [line for line in proc.stdout.splitlines() if line.startswith("accepted   evil.json")]
    n = {s: sum(e[0] == s for e in expected.values()) for s in STATUS}
    assert proc.stdout.splitlines()[-1].startswith(
        f"{len(expected) - n['skipped']} files: {n['accepted']} accepted, 0 unchanged, {n['rejected']} rejected, "
        f"{n['skipped']} skipped")
    con = sqlite3.connect(db)
    stored = {u for (u,) in con.execute("SELECT unit FROM submissions")}
    assert stored == {"甲镇", "乙镇", "丙镇", "丁镇", "[2J[31m戊镇"}


def test_full_width_digits_score_as_ascii_ones(rules, batch):
    _, _, db = batch
    con = sqlite3.connect(db)
    totals = dict(con.execute("SELECT s.unit, r.total FROM submissions s "
                              "JOIN column_results r ON r.submission_id = s.id"))
    filled = good(rules, "", **{"rules-t1-c1--self": "5"})
    want = evaluate(plan_of(rules), filled)["columns"]["self"]["total"]
    assert totals["乙镇"] == want and totals["甲镇"] != want


def test_score_prints_one_line_per_problem_and_never_a_traceback(batch, tmp_path):
    expected, _, db = batch
    folder = db.parent / "in"
    names = ["deep.json", "truncated.pdf", "self-reference.pdf", "password.pdf", "far-cell.xlsx",
             "count-400-digits.json", "lone-surrogate.json", "binary.csv"]
    proc = run_pingan("-p", str(PROJECT), "score", *(str(folder / n) for n in names))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    for n in names:
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith(str(folder / n) + ": ")]
        assert lines and all(any(f in ln for ln in lines) for f in expected[n][1][-1:]), (n, proc.stderr)


def test_one_unit_whatever_invisible_characters_its_name_holds(rules, tmp_path):
    """城关镇 typed with a zero-width space, a soft hyphen, a BOM or a full-width space is still 城关镇."""
    db = tmp_path / "r.sqlite"
    names = ["城关镇", "城\u200b关镇", "\ufeff城关\u00ad镇", "城关镇\u3000", " 城  关镇 "]
    for i, unit in enumerate(names):
        values = resultset.only(good(rules, unit), ["self"]) | {"header--unit": unit, "header--period": "2026"}
        values["rules-t1-c1--self"] = str(i)
        values["header--revision"] = str(i + 1)  # each a correction of the one before (same revision: a conflict)
        (tmp_path / f"{i}.json").write_bytes(export(rules, values))
    out = run_pingan("-p", str(PROJECT), "collect", "--db", str(db), *(str(tmp_path / f"{i}.json") for i in range(5)))
    assert out.returncode == 0, out.stdout
    assert out.stdout.count("supersedes #") == 3 and "“城 关镇”" in out.stdout  # a space inside stays: another name
    res = json.loads(run_pingan("-p", str(PROJECT), "results", "--db", str(db), "--format", "json", check=True).stdout)
    assert res["ranking"] == []  # self-assessments only: awaiting review, not ranked
    assert sorted(r["unit"] for r in res["awaiting_review"]) == ["城 关镇", "城关镇"]


def test_a_name_is_cleaned_the_same_way_with_or_without_the_fast_path():
    """``clean`` skips its character-by-character pass for a printable name: no code point that pass
    removes or turns into a space is printable (but the space itself)."""
    import sys
    import unicodedata

    from generator.cardfile.untrusted import HIDDEN, clean

    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable() and c != " " and (
        c.isspace() or unicodedata.category(c) in HIDDEN)]
    assert clean("城\u200b关\u00ad镇\u3000 ") == "城关镇" and clean(" 城  关镇\t") == "城 关镇"


def test_a_far_cell_xlsx_is_refused_within_one_gigabyte(rules, tmp_path):
    from generator.render.xlsx import workbook

    f = tmp_path / "far.xlsx"
    f.write_bytes(far_cell(workbook(load(PROJECT).standards, rules, "zh")))
    assert f.stat().st_size < 40_000
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); "
            "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "-p", str(PROJECT), "collect", "--db", str(tmp_path / "r.db"),
                           str(f)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "MemoryError" not in proc.stdout
    assert f"rejected   {f}: file: refused unread: a sheet reaches" in proc.stdout


def test_numbers_have_one_rule_in_python_and_in_the_forms_javascript(rules):
    """The same text gives the same value or the same problem in engine.py and scoring.js (the form, the PDF)."""
    from test_scoring_engine import _node

    typed = ["５", "１０", "9" * 400, "１" * 20, "10000", "10001", "1e400", "-0", "٣", " 3\u3000", "\ufeff4", "Ｎ／Ａ",
             "１．５", "NaN", "Infinity", "0x10"]
    jobs, want = [], []
    for text in typed:
        for field in ("rules-t1-c1--self", "rules-t1-c3--self", "rules-t2-c1--self", "rules-t1-c4--self"):
            jobs.append({"plan": plan_of(rules), "values": {field: text}})
            r = evaluate(plan_of(rules), {field: text})
            r["problems"] = [{"field": p.field, "code": p.code} for p in r["problems"]]
            want.append(r)
    got = _node(jobs)
    for job, w, g in zip(jobs, want, got, strict=False):
        assert g == w, job["values"]
    by = {(list(j["values"])[0], list(j["values"].values())[0]): w for j, w in zip(jobs, want, strict=False)}
    assert by[("rules-t1-c1--self", "５")]["columns"]["self"]["items"]["rules-t1-c1"] == 5
    assert [p["code"] for p in by[("rules-t1-c3--self", "9" * 400)]["problems"]] == ["bound"]
    assert [p["code"] for p in by[("rules-t2-c1--self", "9" * 400)]["problems"]] == ["bound"]
    assert [p["code"] for p in by[("rules-t1-c3--self", "٣")]["problems"]] == ["count"]


HOSTILE_PERIODS = ["2026 {: autofocus onfocus=alert(2) }", "[x](javascript:alert(1))",
                   "![t](http://example.invalid/t.png)", "<script>alert(3)</script>", "2026/1", "2026 1", "2026:1"]


def test_published_periods_and_units_are_text_and_each_period_has_its_own_page(rules, tmp_path):
    """What --publish writes into the site's Markdown, rendered with the site's own Markdown extensions
    (attr_list included): no attribute, link, image or element comes from a submission."""
    import shutil
    from html.parser import HTMLParser

    import markdown

    from generator.results.publish import pages

    proj = tmp_path / "p"
    shutil.copytree(PROJECT, proj)
    db = tmp_path / "r.sqlite"
    for i, period in enumerate(HOSTILE_PERIODS):
        unit = "[u](javascript:alert(4)) {: onclick=alert(5) }" if i == 0 else f"镇{i}"
        (tmp_path / f"{i}.json").write_bytes(export(rules, good(rules, unit, period)))
    run_pingan("-p", str(proj), "collect", "--db", str(db), *(str(tmp_path / f"{i}.json")
                                                              for i in range(len(HOSTILE_PERIODS))), check=True)
    run_pingan("-p", str(proj), "results", "--db", str(db), "--publish", check=True)
    assert len(list((proj / "content" / "results").glob("*.json"))) == len(HOSTILE_PERIODS)  # none overwritten
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = config.split("markdown_extensions:\n", 1)[1]
    extensions = re.findall(r"^  - ([\w.]+)", re.split(r"\n\S", block)[0], re.M)
    assert "attr_list" in extensions

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text = getattr(self, "text", "") + data

    for lang in ("zh", "en"):
        docs = pages(proj, lang)
        assert len(docs) == 1 + len(HOSTILE_PERIODS)
        for name, text in docs.items():
            tags = Tags()
            tags.feed(markdown.markdown(text, extensions=extensions))
            assert {t for t, _ in tags.found} <= {"h1", "p", "ul", "li", "a", "table", "thead", "tbody", "tr", "th",
                                                  "td", "strong"}, (name, tags.found)
            for tag, attrs in tags.found:
                assert set(attrs) <= {"href", "class", "id"}, (name, tag, attrs)
                assert not attrs.get("href", "").startswith(("javascript", "http")), (name, attrs)
        index = Tags()
        index.feed(markdown.markdown(docs["results/index.md"], extensions=extensions))
        assert all(period in index.text for period in HOSTILE_PERIODS), index.text  # shown as typed


def test_an_older_store_is_migrated_to_normalised_unit_names(tmp_path):
    """A store written before names were cleaned of invisible characters: opened, its units are one."""
    from generator.results.store import VERSION, Store

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    from generator.results.store import MIGRATIONS

    for stmt in filter(str.strip, MIGRATIONS[0].split(";")):
        con.execute(stmt)
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO runs VALUES (1, '2026-01-01', 2, 2, 0)")
    for i, unit in enumerate(["城关镇", "城\u200b关镇"], 1):
        con.execute("INSERT INTO submissions VALUES (?, 1, ?, 'f.json', 'json', '2026', 'rules', '2025', 'zh', ?, "
                    "'2026\u00ad', '{}')", (i, f"sha{i}", unit))
    con.commit()
    con.close()
    store = Store(db)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 3
    assert store.db.execute("SELECT DISTINCT unit, period FROM submissions").fetchall() == [("城关镇", "2026")]
    store.close()


def test_the_form_takes_full_width_digits_and_says_the_bound(rules, page, tmp_path, test_output):
    """In the online form (Chromium): ５ typed with a Chinese input method scores 5; a count over the
    card's bound and a figure outside its range are marked with the bound; the same as pingan score."""
    from generator.render.forms import FormRenderer

    std = load(PROJECT).standards
    path = tmp_path / "rules.html"
    path.write_text(FormRenderer(std, "zh").document(rules, mode="offline"), encoding="utf-8")
    page.goto(path.as_uri())
    typed = {"rules-t1-c1--self": "５", "rules-t1-c3--self": "２００００", "rules-t2-c1--self": "9" * 400}
    for name, text in typed.items():
        page.fill(f'[name="{name}"]', text)
    err = page.evaluate("""names => Object.fromEntries(names.map(n => [n,
        document.querySelector(`[name="${n}"]`).closest("td").querySelector(".pingan-error").textContent]))""",
                        list(typed))
    assert err["rules-t1-c1--self"] == ""
    assert err["rules-t1-c3--self"] == "请输入 0 至 10000 之间的数"
    assert err["rules-t2-c1--self"] == "请输入 -1000000 至 1000000 之间的数"
    assert page.locator('[name="rules-t1-c3--self"]').get_attribute("aria-invalid") == "true"
    want = evaluate(plan_of(rules), typed)
    assert page.evaluate("document.getElementById('pingan-scorecard').pinganResult().columns.self.total") == \
        want["columns"]["self"]["total"]
    page.locator('[name="rules-t1-c3--self"]').scroll_into_view_if_needed()
    page.screenshot(path=str(test_output / "hostile-form-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator('[name="rules-t1-c3--self"]').scroll_into_view_if_needed()
    page.screenshot(path=str(test_output / "hostile-form-390.png"))


def test_a_pdf_read_from_a_memory_file_or_through_python_says_the_same(rules, monkeypatch):
    """QPDF reads a card from memory it maps (a memory file: far less CPU) or, where there are none, from a
    BytesIO: a filled card and every crafted PDF get the same values or the same problem either way."""
    import os

    from generator.cardfile.read_pdf import read_pdf
    from generator.render.outputs import Job, render_job
    from hostile import minimal_pdf

    subject = f"{resultset.FORMAT} rules {rules.edition} zh"
    std = load(PROJECT).standards
    filled = resultset.fill_pdf(render_job(std, Job("", "pdf", "rules", "zh")), good(rules, "城关镇"))
    cards = [filled, minimal_pdf(subject), minimal_pdf(subject, self_reference=True),
             minimal_pdf(subject)[:300] + b"\n%%EOF\n", minimal_pdf(subject, password="secret"),
             filled[:len(filled) // 2] + b"\n%%EOF\n"]

    def answers():
        return [(f.card, f.values, f.header, f.problems) for f in (read_pdf("card.pdf", d) for d in cards)]
    mapped = answers()
    monkeypatch.setattr(os, "memfd_create", lambda *a: (_ for _ in ()).throw(OSError("no memory files")))
    assert answers() == mapped
    assert mapped[0][1]["rules-t1-c1--self"] and mapped[0][0] == "rules"
    assert mapped[1][3] == [] and mapped[1][1] == {"rules-t1-c1--self": "5"}
    said = [p[0][1] for _, _, _, p in mapped[2:]]
    starts = ("the PDF's form field", "not a readable PDF (", "the PDF is protected by a password", "not a scorecard PDF")
    assert all(m.startswith(x) for m, x in zip(said, starts, strict=True)), said
