"""The search, as an official uses it (real Chromium, the built site): for each query of the set the
page that must come first does, and an online-form page is never among the first three.

Queries are task titles, unit names, glossary terms and words typed together without spaces; the
page each must find is named by its id in the YAML, and the query text is taken from the YAML
wherever it is a title, name or term, so the set follows the standards, not the search's answers.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

# The search box says which query its list answers (assets/search.js sets data-answered once the
# list of that query is on screen); each result link names its page in data-page.
BOX = "[data-pingan-search]"


def task(s, id_: str) -> str:
    t = s.get(id_)
    return f"scorecards/{t.card}/{t.id}.html"


def unit(id_: str) -> str:
    return f"units/{id_}.html"


def term(s, id_: str, lang: str = "zh") -> str:
    return next(g for g in s.glossary if g.id == id_).term[lang]


def about(s, id_: str) -> set[str]:
    """The task pages about a glossary term: those with the term in their title, or else those whose
    criteria use it (never the glossary itself)."""
    zh = term(s, id_)
    tasks = [t for card in s.scorecards for t in card.tasks]
    titled = {task(s, t.id) for t in tasks if zh in t.title.zh}
    return titled or {task(s, t.id) for t in tasks if any(zh in c.text.zh for c in t.criteria)}


def zh_queries(s) -> list[tuple[str, str | set[str]]]:
    tasks = ["county-t24", "county-t13", "county-t31", "county-t40", "county-t37", "county-t27", "county-t22",
             "county-t15", "county-t44", "county-t33", "town-t3", "village-t5"]
    units = ["county-justice-bureau", "county-public-security-bureau", "county-petitions-bureau",
             "county-womens-federation", "county-veterans-affairs-bureau", "county-emergency-bureau"]
    terms = ["g-crackdown-on-organised-crime", "g-illegal-fundraising", "g-acts-of-bravery-for-a-just-cause",
             "g-grid-worker", "g-comprehensive-governance-centre", "g-moat", "g-petition"]
    together = [("矛盾纠纷化解", "county-t24"), ("扫黑除恶斗争", "county-t13"), ("邪教组织打击", "county-t9"),
                ("青少年违法犯罪", "county-t21"), ("寄递物流安全", "county-t32"), ("综治中心建设", "county-t39"),
                ("网格化管理", "county-t40")]
    return ([(s.get(t).title.zh, task(s, t)) for t in tasks]
            + [(s.unit(u).name.zh, unit(u)) for u in units]
            + [(term(s, g), about(s, g)) for g in terms]
            + [(q, task(s, t)) for q, t in together])


def en_queries(s) -> list[tuple[str, str | set[str]]]:
    tasks = ["county-t31", "county-t15", "county-t37", "county-t34", "county-t32", "county-t33", "county-t27"]
    units = ["county-justice-bureau", "county-market-regulation-bureau"]  # names no other place shares
    terms = ["g-grid-worker", "g-crackdown-on-organised-crime"]
    return ([(s.get(t).title.en, task(s, t)) for t in tasks]
            + [(s.unit(u).name.en, unit(u)) for u in units]
            + [(term(s, g, "en"), about(s, g)) for g in terms]
            + [("fire safety", task(s, "county-t31"))])


def ask(page, query: str) -> list[str]:
    """The pages the search lists for ``query``, best first, once the list shows them."""
    page.locator("input.md-search__input").fill(query)
    # a function, not an expression: Playwright evaluates an expression with eval, which the site's
    # Content-Security-Policy forbids
    page.wait_for_function("q => document.querySelector('[data-pingan-search]').dataset.answered === q",
                           arg=query.strip(), timeout=20000)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.dataset.page)")


def open_search(page, site_url: str, lang: str) -> None:
    page.goto(site_url + f"{lang}/index.html")
    page.locator("input.md-search__input").first.click()


def run_queries(page, site_url: str, lang: str, queries) -> list[str]:
    open_search(page, site_url, lang)
    failures = []
    for query, want in queries:
        got = ask(page, query)
        wanted = {want} if isinstance(want, str) else want
        if not got or got[0] not in wanted:
            failures.append(f"{query!r}: wanted {' or '.join(sorted(wanted))} first, got {got[:3]}")
        forms = [p for p in got[:3] if p.endswith("/form.html")]
        if forms:
            failures.append(f"{query!r}: a form page in the first three: {got[:3]}")
    return failures


def test_query_set_has_enough_queries(standards):
    zh, en = zh_queries(standards), en_queries(standards)
    assert len(zh) >= 25 and len(en) >= 10
    assert all(q and "/" not in q for q, _ in zh + en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_query_finds_its_page_first(page, site_url, standards, lang):
    queries = zh_queries(standards) if lang == "zh" else en_queries(standards)
    failures = run_queries(page, site_url, lang, queries)
    assert not failures, f"{len(failures)} of {len(queries)} queries failed:\n" + "\n".join(failures)


def test_a_result_shows_title_card_and_highlighted_excerpt(page, site_url):
    """What a reader sees of the first result: the task's title with the query's words marked, the
    card it belongs to, and a passage of its text with the words marked."""
    open_search(page, site_url, "zh")
    assert ask(page, "矛盾纠纷多元化解")[0].endswith("/county-t24.html")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().endswith("矛盾纠纷多元化解")
    assert "矛盾纠纷多元化解" in "".join(first.locator("h1 mark").all_text_contents())
    assert first.locator(".pingan-search-card").inner_text() == "平安县城建设工作指引"
    page.wait_for_function("() => document.querySelector('.md-search-result__item .pingan-search-excerpt mark')")
    assert "矛盾" in first.locator(".pingan-search-excerpt mark").first.inner_text()


def article_text(site: Path, lang: str, url: str) -> str:
    """The text of a built page's article (its title, headings and body: what a reader sees of it)."""
    html = (site / lang / url).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"<[^>]+>", " ", article)


def test_a_word_being_typed_finds_the_words_it_begins(page, site_url, built_site):
    """English: the last word of a query, typed without a space after it, also finds the words it
    begins (respons → responsible, responsibility), below the pages that hold the word itself."""
    open_search(page, site_url, "en")
    got = ask(page, "respons")
    assert len(got) == 10
    assert all(re.search(r"\brespons", article_text(built_site, "en", p), re.I) for p in got)
    marks = page.locator(".md-search-result__item").first.locator("h1 mark, .pingan-search-excerpt mark")
    page.wait_for_function("() => document.querySelector('.md-search-result__item .pingan-search-excerpt mark')")
    assert any(m.lower().startswith("respons") for m in marks.all_text_contents())
    assert ask(page, "respons ") == []  # a space after it: a whole word, which no page holds
    got = ask(page, "inspect")
    exact = [bool(re.search(r"\binspects?\b", article_text(built_site, "en", p), re.I)) for p in got]
    assert exact[0] and sorted(exact, reverse=True) == exact, list(zip(got, exact, strict=True))
    assert not all(exact)  # then the pages of inspection, inspecting only


COPIES = 3  # the seed as three counties: every page three times (bench/province.py measures ×20)


@pytest.mark.slow
def test_query_set_at_province_scale(tmp_path, standards, browser):
    """The seed multiplied as three counties (bench/multiply.py: the same tasks, units named apart):
    a unit's full name still finds that unit's own page first (its copies are named “…（第2县）”);
    any other query finds its page or the same page of another county first (their text is the
    same); no form page in the first three."""
    import re
    import sys

    from conftest import ROOT, run_pingan
    from webserver import serve

    sys.path.insert(0, str(ROOT / "bench"))
    from multiply import synthetic

    synthetic(tmp_path, COPIES)
    run_pingan("build", "--site-dir", str(tmp_path / "site"), cwd=tmp_path, check=True)
    copy = re.compile(r"-k\d{2}(?=[/.])")
    failures = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        with serve(tmp_path / "site", "/pingan/") as base:
            for lang, queries in (("zh", zh_queries(standards)), ("en", en_queries(standards))):
                open_search(page, base, lang)
                for query, want in queries:
                    got = ask(page, query)
                    wanted = {want} if isinstance(want, str) else set(want)
                    first = got[0] if got else ""
                    exact = isinstance(want, str) and want.startswith("units/")
                    if not (first in wanted or (not exact and copy.sub("", first) in wanted)):
                        failures.append(f"{lang} {query!r}: wanted {' or '.join(sorted(wanted))} first, got {got[:3]}")
                    if any(p.endswith("/form.html") for p in got[:3]):
                        failures.append(f"{lang} {query!r}: a form page in the first three: {got[:3]}")
    finally:
        ctx.close()
    assert not failures, "\n".join(failures)
