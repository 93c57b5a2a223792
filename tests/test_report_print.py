"""The results report as an office reads and prints it: the HTML report in one language per file (Chromium,
then printed to A4), criteria by number and short text, unit names on one line, no chart label cut off,
blank where a column was not filled; the XLSX report printed by LibreOffice: the ranking one page wide in
landscape, every sheet's labels whole. Page 1 of each print is kept as a PNG under the test output folder."""
from __future__ import annotations

import re
import subprocess

import pytest

import resultset
from conftest import run_pingan
from fills import with_reasons
from generator.render.textfit import pieces
from generator.results.export import stem
from generator.scoring.plan import plan_of
from pdflayout import cut_words, pages, whole

pytestmark = pytest.mark.slow  # Chromium, LibreOffice
BASE = stem({"card": "town", "period": "2026年度"})  # the report's files: <card>-<period>-<hash>.…
UNITS = ["城关镇", "东街道", "某某县某某镇某某村民委员会第一居民小组联合体", "Riverside Town", "北关镇", "南关镇"] + \
    [f"第{i}镇" for i in range(7, 33)]


@pytest.fixture(scope="module")
def report(standards, tmp_path_factory):
    """32 towns (one with a very long name, one named in English) collected for card town, period 2026年度;
    the last town sent only its self-assessment (it awaits review, apart from the ranking). ``pingan results -o`` writes the report."""
    from generator.scoring.plan import inputs

    work = tmp_path_factory.mktemp("report")
    town = standards.get("town")
    lose = {"score": "0", "outcome": "not-met", "count": "1"}
    ins = [(id_, lose[kind]) for id_, kind in inputs(plan_of(town)) if kind in lose]
    files = []
    for i, unit in enumerate(UNITS):
        values = resultset.full_fill(plan_of(town), ["self"] if i == len(UNITS) - 1 else None)
        for id_, v in ins[i % 7::5]:  # every town loses some points, the reviewer finds more
            values[f"{id_}--self"] = v
            if f"{id_}--county-review" in values:
                other, w = ins[(ins.index((id_, v)) + 1) % len(ins)]
                values[f"{other}--county-review"] = w
        path = work / f"{i:02d}.json"
        values = with_reasons(plan_of(town), values)  # the reviewer says why it took points off
        path.write_bytes(resultset.export_json(town, values, {"unit": unit, "period": "2026年度"}))
        files.append(path)
    db = work / "results.sqlite"
    run_pingan("collect", "--db", str(db), *map(str, files), check=True)
    out = work / "out"
    run_pingan("results", "--db", str(db), "-o", str(out), check=True)
    return out


def test_one_html_report_per_language(report):
    assert sorted(p.name for p in report.iterdir()) == ["feedback"] + [BASE + x for x in (
        ".csv", ".en.html", ".json", ".xlsx", ".zh.html")]
    zh = (report / f"{BASE}.zh.html").read_text(encoding="utf-8")
    en = (report / f"{BASE}.en.html").read_text(encoding="utf-8")
    assert "排名" in zh and "Ranking" not in zh and "Ranking" in en and "排名" not in en
    assert 'lang="zh-CN"' in zh and 'lang="en"' in en


CHECKS = """() => {
  const out = {units: [], cut: [], headings: [], criteria: [], blank: []};
  for (const td of document.querySelectorAll('td.unit')) {
    const range = document.createRange(); range.selectNodeContents(td);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    out.units.push([td.textContent, lines.size]);
  }
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.cut.push(t.textContent);
    }
  }
  for (const h of document.querySelectorAll('h1, h2, th, figcaption')) out.headings.push(h.textContent);
  for (const td of document.querySelectorAll('table.lost td:first-child')) out.criteria.push(td.textContent);
  out.ranked32 = [...document.querySelectorAll('table.ranking tbody tr')].some(tr => tr.textContent.includes('第32镇'));
  const last = [...document.querySelectorAll('table.awaiting tbody tr')].find(tr => tr.textContent.includes('第32镇'));
  out.blank = [...last.querySelectorAll('td.n')].map(td => td.textContent);
  return out;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_reads_in_one_language_and_prints_on_a4(standards, report, page, lang, tmp_path, test_output):
    page.set_viewport_size({"width": 800, "height": 1000})
    page.goto((report / f"{BASE}.{lang}.html").as_uri())
    got = page.evaluate(CHECKS)
    assert not [u for u, n in got["units"] if n != 1], "every unit's name on one line"
    assert not got["cut"], f"chart labels cut off at the chart's edge: {got['cut']}"
    other = r"[A-Za-z]{3,}" if lang == "zh" else r"[\u4e00-\u9fff]"
    assert not [h for h in got["headings"] if re.search(other, h)], "headings in one language"
    assert got["criteria"] and all(re.match(r"\d+\.\d+\S", c) for c in got["criteria"]), got["criteria"]
    assert not any("town-t" in c for c in got["criteria"]), "criteria by number, not by id"
    assert not got["ranked32"], "a town with only its self-assessment is not ranked: it awaits review"
    assert got["blank"][1] == "" and got["blank"][0] != "", "the review nobody filled is blank, not 0"
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    printed = pages(pdf)
    assert all(abs(p.width - 595) < 2 for p in printed), "A4 portrait"
    title = re.sub(r"\s+", "", standards.get("town").title[lang])
    assert printed[0].flat.startswith(title), "page 1 starts with the report's title"
    heads = page.evaluate("() => [...document.querySelectorAll('table.ranking th')].map(th => th.textContent)")
    missing = [w for h in heads for w in pieces(h) if not whole(printed[0], w.strip())]
    assert not missing, f"every column of the ranking is printed: {missing}"
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(test_output / f"report.{lang}.html.page1")], check=True)


def test_xlsx_report_prints_the_ranking_one_page_wide_in_landscape(report, tmp_path, test_output):
    from office import to_pdf

    src = report / f"{BASE}.xlsx"
    pdf = to_pdf([src], tmp_path)[src]
    printed = pages(pdf)
    ranking = [p for p in printed if whole(p, "一票否决")]  # the last column's header, repeated on every page
    assert ranking and ranking == printed[:len(ranking)], "the ranking sheet prints first, one page wide"
    for p in ranking:
        assert p.width > p.height, "the ranking in landscape"
        assert whole(p, "名次") and whole(p, "单位"), f"page {p.number}: the ranking's first columns on one page"
    assert len(ranking) <= 2 and whole(ranking[0], "考核期") and whole(ranking[0], "Period")
    cut = [w for p in printed for w in cut_words(p)]
    assert not cut, f"{len(cut)} words run over a cell's border: {cut[:5]}"
    flat = "".join(p.flat for p in ranking)
    assert all(re.sub(r"\s+", "", u) in flat for u in UNITS)
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(test_output / "report.xlsx.page1")], check=True)
