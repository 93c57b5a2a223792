"""One page of every type, both languages, opened in Chromium as a visitor would: from the site built
once and served over http (and the published results on a small project's site). The page types come
from the page registry (render/urls.py: the one-of-a-kind pages and the pages made per item) and
from the scorecard files that are web pages (the offline form, a unit's pack).

On each: the page's Content-Security-Policy blocked nothing and the console shows no error (at desktop
width and at 390 px), the main heading is the page's title, the visible text shows no Markdown syntax,
and every same-site link of its content answers 200. Screenshots of both widths are kept in
``test_output/page-types/``."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, make_site_project, run_pingan
from generator.render import urls
from generator.render.common import load_labels
from generator.render.csp import inline_code, policy
from generator.render.outputs import jobs
from generator.scoring.plan import plan_of
from pagecheck import Watch, broken_links, main_heading, markdown_shown, title_of

LANGS = ("zh", "en")
FILE_PAGES = ("offline-form", "unit-pack")  # scorecard files a browser opens: the only ones with no nav
KINDS = [uri for uri, _, _ in urls.PAGES] + list(urls.ITEM_PAGES) + list(FILE_PAGES) + ["404"]
WIDTHS = ((1280, 900), (390, 844))


def html_path(uri: str) -> str:
    return uri[:-3] + ".html" if uri.endswith(".md") else uri


def example(standards, lang: str, kind: str) -> str:
    """One page of ``kind``, as a path from the site's root."""
    if kind in urls.ITEM_PAGES:
        return f"{lang}/{html_path(urls.ITEM_PAGES[kind](standards)[0])}"
    if kind in FILE_PAGES:
        files = [j for j in jobs(standards, lang) if j.kind == "html" and bool(j.unit) == (kind == "unit-pack")]
        return f"{lang}/{files[0].uri}"
    return f"{lang}/{html_path(kind) if kind != '404' else '404.html'}"


def look(browser, url: str, shots: str | None = None):
    """Open ``url`` at every width; returns the desktop page (still open) and every problem seen."""
    problems, desktop = [], None
    for width, height in WIDTHS:
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        watch = Watch(page)
        page.goto(url)
        page.wait_for_load_state("networkidle")  # Material's scripts have run, the search index is loaded
        problems += [f"{width} px: {p}" for p in watch.problems()]
        if shots:
            full = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=f"{shots}-{width}.png", full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": min(full, 6000)})
        if desktop is None:
            desktop = page
        else:
            ctx.close()
    return desktop, problems


def check_page(page, problems: list[str], base: str, site_name: str) -> list[str]:
    """Everything wrong with an opened page, or nothing."""
    out = list(problems)
    if page.locator("h1").count() != 1 or main_heading(page) != title_of(page, site_name):
        out.append(f"main heading {[h.strip() for h in page.locator('h1').all_inner_texts()]} "
                   f"is not the title {title_of(page, site_name)!r}")
    shown = markdown_shown(page)
    out += [f"Markdown shown ({len(shown)} times): {m!r}" for m in shown[:3]]
    out += [f"broken link: {b}" for b in broken_links(page, base)]
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.replace("/", "-").removesuffix(".md"))
def test_every_page_type(kind, lang, browser, site_url, standards, test_output):
    path = example(standards, lang, kind)
    shots = test_output / "page-types"
    shots.mkdir(exist_ok=True)
    page, problems = look(browser, site_url + path, str(shots / f"{lang}-{path[3:].replace('/', '-')}"))
    try:
        bad = check_page(page, problems, site_url, load_labels()[lang]["site_name"])
    finally:
        page.context.close()
    assert not bad, f"{path}:\n" + "\n".join(bad)


def test_every_page_of_the_site_is_of_a_registered_type(built_site, standards):
    """The types above are all there is: every page of the built site is in the registry."""
    files = {j.uri for j in jobs(standards, "zh") if j.kind == "html"}
    pages = {p.relative_to(built_site / "zh").as_posix() for p in (built_site / "zh").rglob("*.html")}
    registry = {html_path(u) for u, _, _ in urls.PAGES} | {
        html_path(u) for pages_of in urls.ITEM_PAGES.values() for u in pages_of(standards)}
    assert pages - files - {"404.html"} == registry


def test_every_html_file_carries_its_policy_first(built_site):
    """Every HTML file of the site (both languages, the root pages, scorecard files) has its policy
    right after <meta charset>, before any script or style, with the hash of each inline script."""
    meta = re.compile(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 400
    for p in pages:
        html = p.read_text(encoding="utf-8")
        m = meta.search(html)
        assert m and not re.search(r"<(script|style|link)\b", html[:m.start()]), p
        assert m.group(1) == policy(*inline_code(html)), p
        assert "'unsafe-inline'" not in m.group(1) and "object-src 'none'" in m.group(1), p


def test_root_page_sends_visitors_to_chinese_with_nothing_blocked(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    watch = Watch(page)
    page.goto(site_url)
    page.wait_for_url(site_url + "zh/index.html")
    page.wait_for_load_state("networkidle")
    problems = watch.problems()
    ctx.close()
    assert not problems


@pytest.fixture(scope="module")
def results_site(tmp_path_factory):
    """A small project's site with a published ranking (pingan collect, results --publish, build)."""
    from generator.checks.project import load
    from resultset import export_json, full_fill

    tmp = tmp_path_factory.mktemp("published")
    proj = make_site_project(tmp / "proj", FIXTURES / "mini" / "standards")
    card = load(proj).standards.scorecards[0]
    for i, unit in enumerate(("城关镇", "金村镇")):
        (tmp / f"{i}.json").write_bytes(export_json(card, full_fill(plan_of(card)), {"unit": unit, "period": "2026"}))
    db = str(tmp / "db.sqlite")
    run_pingan("-p", str(proj), "collect", "--db", db, str(tmp / "0.json"), str(tmp / "1.json"), check=True)
    run_pingan("-p", str(proj), "results", "--db", db, "--publish", check=True)
    run_pingan("-p", str(proj), "build", check=True)
    return proj


@pytest.mark.parametrize("lang", LANGS)
def test_published_results_pages(lang, browser, results_site, test_output):
    from generator.results.publish import pages
    from webserver import serve

    uris = sorted(pages(results_site, lang))
    assert len(uris) == 2  # the index and the one ranking
    (test_output / "page-types").mkdir(exist_ok=True)
    with serve(results_site / "site") as base:
        for uri in uris:
            shot = test_output / "page-types" / f"{lang}-{html_path(uri).replace('/', '-')}"
            page, problems = look(browser, f"{base}{lang}/{html_path(uri)}", str(shot))
            try:
                bad = check_page(page, problems, base, load_labels()[lang]["site_name"])
            finally:
                page.context.close()
            assert not bad, f"{uri}:\n" + "\n".join(bad)
