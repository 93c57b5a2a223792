"""The search, as an official uses it (real Chromium, the built site): for each query of the set the
page that must come first does, and an online-form page is never among the first three.

Queries are task titles, unit names, glossary terms and words typed together without spaces; the
page each must find is named by its id in the YAML, and the query text is taken from the YAML
wherever it is a title, name or term, so the set follows the standards, not the search's answers.
"""
from __future__ import annotations

import pytest

# Counts the search worker's answers, so a test waits for the answer to its own query (Material's
# client posts {type: 2} queries and receives {type: 3} results).
COUNT_ANSWERS = """(() => {
  const Native = window.Worker;
  window.__search = {posted: 0, answered: 0, last: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => {
        if (e.data && e.data.type === 3) { window.__search.last = e.data.data; window.__search.answered++; }
      });
    }
    postMessage(m, ...rest) {
      if (m && m.type === 2) window.__search.posted++;
      return super.postMessage(m, ...rest);
    }
  };
})();"""

SEARCH_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const t = JSON.parse(document.getElementById('__config').textContent).translations;
    return meta && meta.textContent.trim() === t['search.result.placeholder'];
}"""


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
    posted = page.evaluate("window.__search.posted")
    page.locator("input.md-search__input").fill(query)
    # a function, not an expression: Playwright evaluates an expression with eval, which the site's
    # Content-Security-Policy forbids
    page.wait_for_function("before => window.__search.posted > before && "
                           "window.__search.answered === window.__search.posted", arg=posted, timeout=20000)
    pages = page.evaluate("window.__search.last.items.map(group => group[0].location.split('#')[0])")
    if pages:  # the list on screen is this answer's
        page.wait_for_function("first => { const a = document.querySelector('.md-search-result__item > a');"
                               " return a && new URL(a.href).pathname.endsWith('/' + first); }",
                               arg=pages[0], timeout=10000)
    return pages


def run_queries(page, site_url: str, lang: str, queries) -> list[str]:
    page.add_init_script(COUNT_ANSWERS)
    page.goto(site_url + f"{lang}/index.html")
    page.locator(".md-search__input").first.click()
    page.wait_for_function(SEARCH_READY, timeout=60000)
    failures = []
    for query, want in queries:
        got = ask(page, query)
        wanted = {want} if isinstance(want, str) else want
        if not got or got[0] not in wanted:
            failures.append(f"{query!r}: wanted {' or '.join(sorted(wanted))} first, got {got[:3]}")
        forms = [p for p in got[:3] if p.endswith("/form.html")]
        if forms:
            failures.append(f"{query!r}: a form page in the first three: {got[:3]}")
        titles = page.locator(".md-search-result__item").all_text_contents()
        if any("\u200b" in t for t in titles):
            failures.append(f"{query!r}: zero-width spaces in the results shown")
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


def test_result_titles_and_text_hold_no_zero_width_space(page, site_url):
    """What a reader sees or copies from a result: its text content holds every character, invisible
    ones included (Material's index has a zero-width space between Chinese words)."""
    page.add_init_script(COUNT_ANSWERS)
    page.goto(site_url + "zh/index.html")
    page.locator(".md-search__input").first.click()
    page.wait_for_function(SEARCH_READY, timeout=60000)
    assert ask(page, "矛盾纠纷多元化解")
    titles = page.locator(".md-search-result__item h1").all_text_contents()
    texts = page.locator(".md-search-result__item p").all_text_contents()
    assert any("矛盾纠纷多元化解" in t for t in titles), titles[:3]
    assert not [t for t in titles + texts if "\u200b" in t]
