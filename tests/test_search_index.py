"""The search index as the build writes it (generator/site/search) and as the browser reads it
(site_templates/assets/search.js): both sides cut text into the same terms and find a term in the
same file, every Chinese character of a query counts, a page's title weighs more than its text,
a page the front matter excludes is not there, and what a page says is kept as text."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT
from generator.site.search.index import write_index
from generator.site.search.page import read_page
from generator.site.search.tokens import shard_of, terms

SEARCH_JS = ROOT / "site_templates" / "assets" / "search.js"


def browser_side(texts: list[str], shards: int) -> list[dict]:
    """What search.js makes of each text (its term functions run in node): terms and their files."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    part = source[source.index("  // ---- terms"):source.index("  // ---- ranking ----")]
    program = part + f"""
const texts = {json.dumps(texts, ensure_ascii=False)};
console.log(JSON.stringify(texts.map(t => {{ const q = parts(t);
  return {{terms: q.terms, files: q.terms.map(x => shardOf(x, {shards})), units: q.units}}; }})));"""
    node = shutil.which("node")
    assert node, "scripts/system-deps installs nodejs"
    proc = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def browser_decoded(texts: list[str]) -> list[list[int]]:
    """What search.js makes of terms' pages as index.py writes them (its decoder run in node)."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    part = source[source.index("  // a term's pages as index.py"):source.index("  function postings(")]
    program = part + f"console.log(JSON.stringify({json.dumps(texts)}.map(decoded)));"
    proc = subprocess.run([shutil.which("node") or "node", "-e", program], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def read_script(path: Path):
    text = path.read_text(encoding="utf-8")
    return json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]")[-1]


def test_chinese_is_cut_into_character_pairs_and_no_character_is_dropped():
    assert terms("矛盾纠纷化解") == ["矛盾", "盾纠", "纠纷", "纷化", "化解"]
    assert terms("县") == ["县"]
    assert terms("（县公安局）") == ["县公", "公安", "安局"]


def test_english_words_are_folded_and_hyphens_split():
    assert terms("Fire-Safety of the Units") == ["fire", "safety", "unit"]
    assert terms("ＡＢＣ café") == ["abc", "cafe"]  # full-width letters and accents folded
    assert terms("sha " + "ab12" * 16) == ["sha"]  # a checksum is no word


def test_the_browser_cuts_queries_as_the_index_cuts_text(standards):
    texts = [t.title[lang] for card in standards.scorecards for t in card.tasks for lang in ("zh", "en")]
    texts += [u.name[lang] for u in standards.units for lang in ("zh", "en")]
    texts += ["矛盾纠纷化解", "Fire-Safety of the Units", "ＡＢＣ café", "综治中心 grid worker"]
    shards = 97
    for text, seen in zip(texts, browser_side(texts, shards), strict=True):
        want = list(dict.fromkeys(terms(text)))[:30]
        assert seen["terms"] == want, text
        assert seen["files"] == [shard_of(t, shards) for t in want], text


def test_a_query_counts_every_character():
    """units: what a query is made of (its characters and words); a page that lacks one of them
    ranks below the pages that hold them all (search.js's coverage)."""
    [seen] = browser_side(["矛盾纠纷化解"], 7)
    assert seen["units"] == 6


def page(url, title, text, *, headings="", meta=None):
    html = f"<h1>{title}</h1>{headings}<p>{text}</p><script>var hidden = '秘密';</script>"
    return read_page(html, url=url, title=title, section="平安县城建设工作指引", meta=meta or {})


def test_index_files(tmp_path):
    docs = [page("a.html", "矛盾纠纷多元化解", "依法化解 <矛盾> & 纠纷。"),
            page("b.html", "社会治安", "矛盾纠纷化解工作。矛盾纠纷。"),
            page("form.html", "表单", "矛盾", meta={"search": {"exclude": True}}),
            page("c.html", "术语表", "矛盾纠纷", meta={"search": {"boost": 0.1}})]
    assert docs[2] is None
    figures = write_index([d for d in docs if d], tmp_path / "search")
    out = tmp_path / "search"
    meta = read_script(out / "index.js")
    assert meta["pages"] == 3 == figures["pages"]
    rows = read_script(out / "d" / "0.js")
    assert [r[0] for r in rows] == ["c.html", "a.html", "b.html"]  # in the order of their titles
    assert rows[1][1:3] == ["矛盾纠纷多元化解", "平安县城建设工作指引"]
    group = read_script(out / "t" / f"{shard_of('矛盾', meta['shards'])}.js")
    [flat] = browser_decoded([group["矛盾"]])
    pages = [sum(flat[0:i + 1:2]) for i in range(0, len(flat), 2)]
    score = dict(zip(pages, flat[1::2], strict=True))
    assert pages == [0, 1, 2]
    assert score[1] > score[2] > score[0]  # in the title; twice in the text; boosted down
    assert "秘密" not in json.dumps(read_script(out / "x" / "1.js"), ensure_ascii=False)  # scripts are not text
    assert read_script(out / "x" / "1.js") == "矛盾纠纷多元化解 依法化解 <矛盾> & 纠纷。"
    assert not list(out.rglob("*.json"))  # scripts only: a page opened from disk may load them


def test_pages_and_scores_are_written_as_text_the_browser_reads_back(tmp_path):
    """Large page numbers and scores (a province's thousands of pages) survive the encoding."""
    from generator.site.search.index import _encoded

    lists = [[(0, 1)], [(3, 31), (35, 32), (1100, 70000)], [(i * 7, i % 300 + 1) for i in range(5000)]]
    flat = browser_decoded([_encoded(p) for p in lists])
    for pages, got in zip(lists, flat, strict=True):
        want, last = [], 0
        for i, score in pages:
            want += [i - last, score]
            last = i
        assert got == want


def test_the_search_reads_a_pages_text_and_headings():
    """What a result shows: the text and headings of the article as a reader sees them — entities
    decoded, a quoted ">" in an attribute no end of a tag, nothing of scripts, styles, SVG or
    templates (even a "</p>" inside a script), a space where a block or line break separates words."""
    html = ('<h2 id="x" title="a > b">风险 &amp; 隐患<svg><title>图标</title></svg></h2>'
            '<script>if (a < b) { s = "</p>秘密"; }</script><style>p > a { color: red }</style>'
            '<P>第一行<BR/>第二行<template>模板</template></P><!-- 注释 --><h3>县&lt;乡&#x9547;</h3>'
            '<table><tr><td>甲</td><td>乙</td></tr></table>')
    doc = read_page(html, url="a.html", title="标题", section="", meta={})
    assert doc.text == "风险 & 隐患 第一行 第二行 县<乡镇 甲 乙"
    assert doc.headings == "风险 & 隐患 · 县<乡镇"


def test_every_index_file_is_a_script_calling_the_search(tmp_path):
    write_index([page("a.html", "</script><b>标题</b>", "正文\u2028第二行")], tmp_path / "s")
    for f in (tmp_path / "s").rglob("*.js"):
        assert re.fullmatch(r"pinganSearch\.(index|terms|docs|text|words)\(.*\);\n", f.read_text(encoding="utf-8"), re.S), f


def test_english_words_by_first_letter_and_the_figures_in_the_search_script(tmp_path):
    """w/L.js: the Latin-letter terms beginning with L, those on the most pages first (a word being
    typed is completed from it); the index's figures head the language's search script, once."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    script = site / "assets" / "search.js"
    script.write_text(SEARCH_JS.read_text(encoding="utf-8"), encoding="utf-8")
    docs = [page("a.html", "Responsible units", "Responsibility for safety, responsible 2024"),
            page("b.html", "Response", "The response of the responsible unit"),
            page("c.html", "矛盾", "纠纷")]
    for _ in range(2):  # a second build replaces the first one's line
        write_index(docs, site / "search")
    assert read_script(site / "search" / "w" / "r.js") == ["responsible", "response", "responsibility"]
    assert read_script(site / "search" / "w" / "u.js") == ["unit"]
    assert not (site / "search" / "w" / "2.js").exists()  # numbers are no words being typed
    first, rest = script.read_text(encoding="utf-8").split("\n", 1)
    meta = read_script(site / "search" / "index.js")
    assert first == "window.pinganSearchIndex=" + json.dumps(meta, separators=(",", ":")) + ";"
    assert rest == SEARCH_JS.read_text(encoding="utf-8")
