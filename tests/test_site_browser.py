"""What an official does in the browser (real Chromium): follow links, switch language, search, print."""
from __future__ import annotations

import re

import pytest

from pagecheck import Watch


def test_task_to_unit_and_back(page, site_url):
    page.goto(site_url + "zh/scorecards/county/county-t24.html")
    assert page.locator("h1").inner_text() == "24 矛盾纠纷多元化解"
    page.locator("article").get_by_role("link", name="县司法局").first.click()
    page.wait_for_url(re.compile(r"/zh/units/county-justice-bureau\.html$"))
    assert page.locator("h1").inner_text() == "县司法局"
    link = page.locator("article a[href*='county-t24.html']").first
    assert "矛盾纠纷多元化解" in link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"county-t24\.html#county-t24$"))


def test_language_switch_keeps_page_and_anchor(page, site_url):
    page.goto(site_url + "zh/scorecards/county/county-t24.html#county-t24-c3")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.pingan-alternate[hreflang='en']").click()
    page.wait_for_url(re.compile(r"/pingan/en/scorecards/county/county-t24\.html#county-t24-c3$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("24 ")
    assert page.locator("#county-t24-c3").count() == 1
    # and back again
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.pingan-alternate[hreflang='zh']").click()
    page.wait_for_url(re.compile(r"/pingan/zh/scorecards/county/county-t24\.html#county-t24-c3$"))


def search(page, site_url, lang, query):
    """The result list for ``query``, once it shows the answer to it; the search ran under the
    page's Content-Security-Policy without anything blocked."""
    from test_search_queries import ask

    watch = Watch(page)
    page.goto(site_url + f"{lang}/index.html")
    page.locator(".md-search__input").first.click()
    # fill() types no keys: it also proves pasted / IME text is searched
    assert ask(page, query), query
    assert not watch.problems()
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def test_search_whole_term_zh(page, site_url):
    hits = search(page, site_url, "zh", "扫黑除恶")
    assert any("county-t13.html" in h for h in hits[:5]), hits[:10]


def test_search_two_words_without_space_zh(page, site_url):
    """矛盾纠纷化解: two words typed together (Material's search dropped the last word, 化解, and let
    county task 13 (常态化…) into the top three): the dispute-resolution tasks lead."""
    hits = search(page, site_url, "zh", "矛盾纠纷化解")
    assert hits[0].endswith("/county-t24.html"), hits[:5]
    assert not any(h.endswith("/county-t13.html") for h in hits[:3]), hits[:5]
    # each of the first three is about resolving disputes: both words in what the result shows
    page.locator(".md-search-result__item .pingan-search-excerpt mark").first.wait_for()
    for shown in page.locator(".md-search-result__item").all()[:3]:
        assert "矛盾纠纷" in shown.inner_text() and "化解" in shown.inner_text(), shown.inner_text()


def test_search_english(page, site_url):
    hits = search(page, site_url, "en", "fire safety")
    assert any("county-t31.html" in h for h in hits[:5]), hits[:10]


def test_matrix_print_fits_a4_landscape(page, site_url):
    page.goto(site_url + "zh/matrix.html")
    page.emulate_media(media="print")
    # A4 landscape at 96 dpi is 1123 px wide; 12 mm margins leave about 1032 px
    page.set_viewport_size({"width": 1032, "height": 700})
    widths = page.evaluate("""() => [...document.querySelectorAll('article table')].map(
        t => [t.scrollWidth, t.closest('article').clientWidth])""")
    assert widths and all(w <= avail + 1 for w, avail in widths), widths
    pdf = page.pdf(prefer_css_page_size=True)
    import io

    # the PDF's pages are A4 landscape (842 × 595 pt)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(abs(float(w) - 841.92) < 2 and abs(float(h) - 595.2) < 2 for w, h in sizes), sizes[:3]
    assert io.BytesIO(pdf).getbuffer().nbytes > 10_000


@pytest.mark.parametrize("path", ["zh/index.html", "zh/scorecards/county/county-t24.html",
                                  "zh/units/county-plac.html", "zh/matrix.html", "en/matrix.html"])
def test_accessibility_no_serious_violations(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in bad]


def test_offline_zip_works_from_disk_search_included(page, built_site, tmp_path):
    import zipfile

    with zipfile.ZipFile(built_site / "pingan-standards-offline.zip") as z:
        z.extractall(tmp_path)
    root = tmp_path / "pingan-standards"
    watch = Watch(page)  # from the disk too, the site's Content-Security-Policy blocks nothing
    page.goto((root / "index.html").as_uri())
    page.wait_for_url(re.compile(r"/zh/index\.html$"))
    page.get_by_role("link", name="平安县城建设工作指引").last.click()
    page.wait_for_url(re.compile(r"^file://.*/zh/scorecards/county/index\.html$"))
    assert page.locator("h1").inner_text() == "平安县城建设工作指引"
    # search from the disk: the index files are scripts, which a page opened from disk may load
    page.goto((root / "zh" / "index.html").as_uri())
    page.locator(".md-search__input").first.click()
    for query, task in (("扫黑除恶", "county-t13.html"), ("矛盾纠纷化解", "county-t24.html")):
        page.locator("input.md-search__input").fill(query)
        page.wait_for_function(f"() => [...document.querySelectorAll('.md-search-result__item > a')]"
                               f".slice(0, 5).some(a => a.href.includes('{task}'))", timeout=20000)
    # and the language switcher works from the disk too
    page.goto((root / "zh" / "units" / "county-plac.html").as_uri())
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.pingan-alternate[hreflang='en']").click()
    page.wait_for_url(re.compile(r"^file://.*/en/units/county-plac\.html$"))
    assert not watch.violations()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_page_leads_to_the_languages_404_page_with_working_links(page, site_url, lang):
    """The host serves the root 404.html for any missing address (the site lives under a sub-path):
    it finds the site and shows the not-found page of the address's language, whose links work."""
    watch = Watch(page)
    page.goto(site_url + f"{lang}/scorecards/no/such/page.html")
    page.wait_for_url(site_url + f"{lang}/404.html")
    assert not watch.violations()  # the root 404 page's script (by its hash) ran
    assert page.locator("html").get_attribute("lang").startswith(lang)
    page.locator(".md-header__button.md-logo").first.click()
    page.wait_for_url(re.compile(re.escape(site_url + lang) + r"/(index\.html)?$"))
    assert page.locator("h1").count() >= 1
