"""``pingan results``: the ranking equals the engine per file, vetoes, grades and ties by the card's rule;
the HTML report in Chromium, the XLSX in LibreOffice, CSV and JSON; untrusted text stays text; --publish."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import resultrounds
import resultset
from conftest import ROOT, make_site_project, run_pingan
from generator.results.export import stem
from generator.scoring.plan import plan_of

RULES_2026 = stem({"card": "rules", "period": "2026"})  # the report's file names: safe period + short hash
INJECTED_BASE = stem({"card": "town", "period": "<b>2026</b>"})

INJECTED = ['<script>alert("unit")</script>镇', '=HYPERLINK("http://evil.invalid","点我")', "+1+1", "-2+3",
            "@SUM(A1:A2)", '<img src=x onerror="alert(1)">村']


@pytest.fixture(scope="session")
def collected(tmp_path_factory, browser):
    """The fixture set collected in order (good, then revised) into one store; the files in that order."""
    fs = resultrounds.fill_set(tmp_path_factory, browser)
    db = tmp_path_factory.mktemp("collected") / "results.sqlite"
    order = {}
    for project in ("seed", "rules"):
        order[project] = []
        for into in ("good", "revised"):
            folder = fs.base / project / into
            run_pingan("-p", str(fs.projects[project]), "collect", "--db", str(db), str(folder), check=True)
            order[project] += sorted(folder.iterdir())
    pdf = fs.base / "seed" / "revised" / resultrounds.ACCEPT  # a revision 1 review-only PDF
    run_pingan("collect", "--db", str(db), "--accept", str(pdf), check=True)
    return fs, db, order


def expected(project: Path, files: list[Path]) -> dict:
    """(card, period, unit) → column → the column's result, from ``pingan score`` of each file, the last
    file filling a column winning."""
    docs = json.loads(run_pingan("-p", str(project), "score", "--format", "json", *map(str, files), check=True).stdout)
    out: dict = {}
    for d in docs:
        key = (d["card"], d["header"]["period"], d["header"]["unit"])
        for col in d["filled_columns"]:
            out.setdefault(key, {})[col] = d["columns"][col]
    return out


def results_json(project: Path, db: Path, *args) -> list[dict]:
    doc = json.loads(run_pingan("-p", str(project), "results", "--db", str(db), "--format", "json", *args,
                                check=True).stdout)
    return doc if isinstance(doc, list) else [doc]


def test_ranking_equals_pingan_score_per_file(collected):
    fs, db, order = collected
    for project in ("seed", "rules"):
        want = expected(fs.projects[project], order[project])
        ids = {c.id for c in fs.standards[project].scorecards}
        reports = [r for r in results_json(fs.projects[project], db) if r["card"] in ids]
        seen = set()
        for rep in reports:
            card = fs.card(project, rep["card"])
            cols = [c.id for c in card.columns]
            for row in rep["ranking"]:
                cur = want[(rep["card"], rep["period"], row["unit"])]
                seen.add((rep["card"], rep["period"], row["unit"]))
                assert row["columns"] == {c: cur[c]["total"] for c in cols if c in cur}
                final = [c for c in cols if c in cur][-1]
                assert (row["final"], row["grade"], row["vetoed"]) == \
                    (cur[final]["total"], cur[final]["grade"], cur[final]["vetoed"])
                assert [v["id"] for v in row["vetoes"]] == cur[final]["vetoes"]
            finals = [r["final"] for r in rep["ranking"]]
            assert finals == sorted(finals, reverse=True)
            ranks = [r["rank"] for r in rep["ranking"]]
            assert ranks[0] == 1
            assert all(b in (a, i + 1) for i, (a, b) in enumerate(zip(ranks, ranks[1:], strict=False), 1))
        assert seen == set(want)  # every unit and period, none invented
    town_report = next(x for x in results_json(ROOT, db, "--card", "town", "--period", "2026"))
    town = {r["unit"]: r for r in town_report["ranking"]}
    assert town["平局甲镇"]["rank"] == town["平局乙镇"]["rank"]  # ties: equal (the default)
    rules = results_json(fs.projects["rules"], db, "--card", "rules", "--period", "2026")[0]
    r = {x["unit"]: x for x in rules["ranking"]}
    assert r["并列A镇"]["final"] == r["并列B镇"]["final"] == 95
    assert r["并列B镇"]["rank"] + 1 == r["并列A镇"]["rank"]  # by-domain rules-d2: 50 before 45
    assert r["否决镇"]["vetoed"] and r["否决镇"]["final"] == 0 and r["否决镇"]["grade"] == "fail"
    assert "重大群体性事件" in r["否决镇"]["vetoes"][0]["text"]["zh"]
    assert r[resultrounds.UNITS["rules"][0]]["files"]["review"] == "rules-2026-0-revised.csv"


def test_review_gap_and_year_on_year(collected):
    fs, db, _ = collected
    rep = results_json(fs.projects["rules"], db, "--card", "rules", "--period", "2026")[0]
    y = rep["year_on_year"]
    assert y["previous"] == "2025"
    units = {u["unit"]: u for u in y["units"]}
    assert set(units) == set(resultrounds.UNITS["rules"])  # tie and veto towns are new in 2026
    assert set(y["new_units"]) == {"并列A镇", "并列B镇", "否决镇"}
    for u in units.values():
        assert u["change"] == pytest.approx(u["after"] - u["before"])
    lost = rep["review_gap"]["lost"]
    assert lost and lost == sorted(lost, key=lambda c: (-c["units"], -c["lost"]))
    gap_a = rep["review_gap"]["units"]["并列A镇"]
    assert gap_a[0] == {"id": "rules-t3-c3", "self": 10, "review": 5, "diff": -5}


def test_html_report_in_chromium_and_on_a4(collected, page, tmp_path):
    fs, db, _ = collected
    out = tmp_path / "report"
    run_pingan("-p", str(fs.projects["rules"]), "results", "--db", str(db), "--card", "rules", "--period", "2026",
               "-o", str(out), check=True)
    assert sorted(p.name for p in out.iterdir()) == ["feedback"] + [RULES_2026 + x for x in (".csv", ".en.html", ".json",
                                                                                              ".xlsx", ".zh.html")]
    sheets = [p.name.rsplit(".", 2)[1:] for p in (out / "feedback").iterdir()]  # a feedback sheet per ranked unit
    assert sheets and {tuple(x) for x in sheets} == {(lang, ext) for lang in ("zh", "en") for ext in ("html", "docx")}
    want = json.loads((out / f"{RULES_2026}.json").read_text(encoding="utf-8"))["ranking"]
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / f"{RULES_2026}.zh.html").as_uri())
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() == len(want)
    for i, w in enumerate(want):
        assert rows.nth(i).locator("td.unit").inner_text() == w["unit"]
        assert rows.nth(i).locator("td.rank").inner_text() == str(w["rank"])
        assert float(rows.nth(i).locator("td.final").inner_text()) == w["final"]
    assert page.locator("svg rect.bar").count() == len(want)
    assert page.locator("svg rect.band").count() == 4  # the card's four grades
    assert page.locator("svg rect.cell").count() == len(want) * 2  # two domains
    assert page.locator("svg line.slope").count() == 5
    assert "排名" in page.inner_text("body") and "Ranking" not in page.inner_text("body")
    assert requests == [(out / f"{RULES_2026}.zh.html").as_uri()]  # nothing fetched
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(w["unit"] in text for w in want)


def _injected_store(standards, tmp_path: Path) -> Path:
    db = tmp_path / "inj.sqlite"
    town = standards.get("town")
    files = []
    for i, unit in enumerate(INJECTED):
        values = resultset.full_fill(plan_of(town))
        values["town-t1-c1--county-review"] = str(i % 5)
        values["town-t1-c1--notes"] = '<script>alert("note")</script> =1+1'
        p = tmp_path / f"inj{i}.json"
        p.write_bytes(resultset.export_json(town, values, {"unit": unit, "period": "<b>2026</b>"}))
        files.append(p)
    run_pingan("collect", "--db", str(db), *map(str, files), check=True)
    return db


def test_untrusted_text_stays_text_in_csv_xlsx_and_html(standards, tmp_path):
    import openpyxl

    db = _injected_store(standards, tmp_path)
    out = tmp_path / "out"
    run_pingan("results", "--db", str(db), "-o", str(out), check=True)
    base = out / INJECTED_BASE
    rows = list(csv.reader(io.StringIO(base.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    units = [r[3] for r in rows[1:]]
    assert sorted(units) == sorted("'" + u if u[0] in "=+-@" else u for u in INJECTED)
    assert all(r[1] == "<b>2026</b>" for r in rows[1:])
    wb = openpyxl.load_workbook(base.with_suffix(".xlsx"))
    ranking = wb.worksheets[0]
    cells = [ranking.cell(row=r, column=2) for r in range(5, 5 + len(INJECTED))]
    assert sorted(c.value for c in cells) == sorted(INJECTED) and {c.data_type for c in cells} == {"s"}
    assert len(wb.worksheets) == 2 + len(INJECTED)  # the ranking, one per unit, the review sheet
    review = [wb.worksheets[-1].cell(row=r, column=1) for r in range(2, 2 + len(INJECTED))]
    assert sorted(c.value for c in review) == sorted(INJECTED) and {c.data_type for c in review} == {"s"}
    notes = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row if c.value and "note" in str(c.value)]
    assert notes and {c.data_type for c in notes} == {"s"}
    for lang in ("zh", "en"):
        html = base.with_name(f"{base.name}.{lang}.html").read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html and "<b>2026" not in html
        assert "&lt;script&gt;alert(&quot;unit&quot;)&lt;/script&gt;镇" in html


def test_injected_report_in_chromium_and_xlsx_in_libreoffice(standards, tmp_path, page):
    from office import recalculate

    db = _injected_store(standards, tmp_path)
    out = tmp_path / "out"
    run_pingan("results", "--db", str(db), "-o", str(out), check=True)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / f"{INJECTED_BASE}.zh.html").as_uri())
    shown = page.locator("table.ranking td.unit").all_inner_texts()
    assert sorted(shown) == sorted(INJECTED)
    assert page.locator("script, img, b.period b").count() == 0 and not dialogs
    assert page.locator("b.period").inner_text() == "<b>2026</b>"
    import openpyxl

    again = recalculate(out / f"{INJECTED_BASE}.xlsx", tmp_path)
    cells = [openpyxl.load_workbook(again).worksheets[0].cell(row=r, column=2) for r in range(5, 5 + len(INJECTED))]
    assert sorted(c.value for c in cells) == sorted(INJECTED) and {c.data_type for c in cells} == {"s"}


@pytest.mark.slow  # a full site build
def test_publish_adds_the_ranking_to_the_site_only_when_asked(standards, tmp_path):
    proj = make_site_project(tmp_path / "proj", ROOT / "standards")
    db = _injected_store(standards, tmp_path)
    run_pingan("-p", str(proj), "results", "--db", str(db), check=True)
    run_pingan("-p", str(proj), "gen", "--pages-only", "-o", str(tmp_path / "before"), check=True)
    assert not list((tmp_path / "before").rglob("results*"))
    out = run_pingan("-p", str(proj), "results", "--db", str(db), "--publish", check=True)
    assert "published" in out.stderr
    run_pingan("-p", str(proj), "gen", "--pages-only", "-o", str(tmp_path / "after"), check=True)
    for lang, word in (("zh", "考核结果"), ("en", "Assessment results")):
        index = (tmp_path / "after" / lang / "results" / "index.md").read_text(encoding="utf-8")
        assert word in index
        page = (tmp_path / "after" / lang / "results" / f"{INJECTED_BASE}.md").read_text(encoding="utf-8")
        assert "&#60;script&#62;" in page and "<script" not in page and "<img" not in page
        assert page.count("<tr>") == 1 + len(INJECTED)
    snapshot = json.loads((proj / "content" / "results" / f"{INJECTED_BASE}.json").read_text(encoding="utf-8"))
    assert "notes" not in json.dumps(snapshot) and "items" not in snapshot["ranking"][0]
    shutil.rmtree(proj / "content" / "results")


@pytest.mark.parametrize("rule, message", [
    ('    ranking: {ties: by-domain, domain: "rules-t1"}\n', "'rules-t1' is not a domain of this card"),
    ("    ranking: {ties: by-domain}\n", "domain"),
    ("    ranking: {ties: alphabetical}\n", "alphabetical"),
])
def test_a_wrong_ranking_rule_is_reported_by_check(tmp_path, rule, message):
    proj = resultset.rules_project(tmp_path / "p")
    p = proj / "standards" / "rules.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace(resultset.TIES, rule), encoding="utf-8")
    out = run_pingan("-p", str(proj), "check")
    assert out.returncode == 1 and message in out.stderr and "rules.yaml:" in out.stderr, out.stderr
    ok = resultset.rules_project(tmp_path / "ok")
    assert run_pingan("-p", str(ok), "check").returncode == 0


def test_published_ranking_on_the_built_site_in_both_languages(tmp_path, page):
    from webserver import serve

    rp = resultset.rules_project(tmp_path / "rules")
    proj = make_site_project(tmp_path / "proj", rp / "standards")
    rules = next(c for c in __import__("generator.checks.project", fromlist=["load"]).load(proj).standards.scorecards
                 if c.id == "rules")
    db = tmp_path / "db.sqlite"
    for i, unit in enumerate(INJECTED[:3]):
        values = resultset.full_fill(plan_of(rules))
        values["rules-t1-c1--review"] = str(i)
        values["rules-t1-c1--notes"] = "例会不足"  # a review deduction needs its reason
        (tmp_path / f"{i}.json").write_bytes(resultset.export_json(rules, values, {"unit": unit, "period": "2026"}))
    hostile = "2026 {: autofocus onfocus=alert(2) }"  # attr_list would make it attributes if it were Markdown
    (tmp_path / "3.json").write_bytes(resultset.export_json(rules, resultset.full_fill(plan_of(rules)),
                                                            {"unit": "[u](javascript:alert(4))", "period": hostile}))
    run_pingan("-p", str(proj), "collect", "--db", str(db), *(str(tmp_path / f"{i}.json") for i in range(4)),
               check=True)
    run_pingan("-p", str(proj), "build", check=True)
    assert not (proj / "site" / "zh" / "results").exists()  # collected is not published
    run_pingan("-p", str(proj), "results", "--db", str(db), "--publish", check=True)
    run_pingan("-p", str(proj), "build", check=True)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(proj / "site") as base:
        for lang, section in (("zh", "考核结果"), ("en", "Assessment results")):
            page.goto(f"{base}{lang}/results/{RULES_2026}.html")
            units = page.locator("table.pingan-results tbody tr td:nth-child(2)").all_inner_texts()
            assert units == INJECTED[:3][::-1]  # 100 − 0, − 1, − 2 … ranked by final
            assert page.locator("article script, article img").count() == 0 and not dialogs
            page.goto(f"{base}{lang}/results/index.html")
            assert section in page.inner_text("article")
            page.goto(f"{base}{lang}/results/{stem({'card': 'rules', 'period': hostile})}.html")
            assert page.locator("article h1").inner_text().endswith(hostile)
            assert page.locator("table.pingan-results td:nth-child(2)").inner_text() == "[u](javascript:alert(4))"
            assert page.locator("[onfocus], [autofocus], article a[href^='javascript'], article img").count() == 0


OLD_T4 = '''              - id: "rules-t4-c1"
                text: {zh: "视频监控覆盖重点部位", en: "Video surveillance covers key places"}
                points: 25
                kind: requirement
'''


def test_year_on_year_across_editions_by_stable_ids(tmp_path):
    """2025 assessed with edition 2024 (one 25-point criterion in task 4), 2026 with edition 2025 (two)."""
    new = resultset.rules_project(tmp_path / "new")
    old = resultset.rules_project(tmp_path / "old")
    p = old / "standards" / "rules.yaml"
    text = p.read_text(encoding="utf-8")
    start, end = text.index('              - id: "rules-t4-c1"'), text.index('  - id: "flat"')
    p.write_text(text[:start] + OLD_T4 + text[end:], encoding="utf-8")
    p.write_text(p.read_text(encoding="utf-8").replace('edition: "2025"', 'edition: "2024"', 1), encoding="utf-8")
    db = tmp_path / "db.sqlite"
    from generator.checks.project import load

    for proj, period in ((old, "2025"), (new, "2026")):
        card = next(c for c in load(proj).standards.scorecards if c.id == "rules")
        values = resultset.full_fill(plan_of(card))
        values["rules-t4-c1--review"] = "10"
        values["rules-t4-c1--notes"] = "部分未完成"  # a review deduction needs its reason
        f = tmp_path / f"{period}.json"
        f.write_bytes(resultset.export_json(card, values, {"unit": "甲镇", "period": period}))
        run_pingan("-p", str(proj), "collect", "--db", str(db), str(f), check=True)
    rep = results_json(new, db, "--card", "rules", "--period", "2026")[0]
    y = rep["year_on_year"]
    assert y["editions"] == [["2024"], ["2025"]]
    assert y["units"] == [{"unit": "甲镇", "before": 85, "after": 97.5, "change": 12.5}]
    assert y["changes"] == [{"id": "rules-t4-c2", "change": "added", "new": 12.5},
                            {"id": "rules-t4-c1", "change": "re-pointed", "old": 25, "new": 12.5}]
    out = tmp_path / "out"
    run_pingan("-p", str(new), "results", "--db", str(db), "-o", str(out), check=True)
    zh, en = ((out / f"{RULES_2026}.{lang}.html").read_text(encoding="utf-8") for lang in ("zh", "en"))
    number = next(c.number for c in load(new).standards.get("rules").criteria if c.id == "rules-t4-c2")
    assert "分值调整" in zh and "re-pointed" not in zh and "re-pointed" in en and "2025 → 2026" in zh
    assert f'<span class="no">{number}</span>' in zh and "rules-t4-c2" not in zh, "criteria by number"
