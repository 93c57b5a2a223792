"""The header's search box as a reader uses it (real Chromium, the built site): typing a query shows
the right page first with its title, its card and a passage with the query's words marked, in both
languages, on a desktop and on a 390 px phone; the keys Material's box answers to (/ and s to open,
arrows to move, Enter to follow, Esc to close); text from the standards shown as text, never markup.
"""
from __future__ import annotations

import re

import pytest

from pagecheck import Watch
from test_search_queries import ask

PHONE = {"width": 390, "height": 844}
CASES = {"zh": ("矛盾纠纷多元化解", "scorecards/county/county-t24.html", "平安县城建设工作指引"),
         "en": ("fire safety", "scorecards/county/county-t31.html", "Work Guide for Building a Safe County Town")}


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield ctx.new_page()
    ctx.close()


def check_first_result(page, lang: str, width: int) -> None:
    query, want, card = CASES[lang]
    assert ask(page, query)[0] == want
    first = page.locator(".md-search-result__item").first
    first.locator(".pingan-search-excerpt mark").first.wait_for()  # the passage arrives after the list
    assert first.locator(".pingan-search-card").inner_text() == card
    marked = " ".join(first.locator("h1 mark").all_text_contents() + first.locator("p mark").all_text_contents())
    assert marked and all(w.lower() in marked.lower() for w in re.findall(r"\w+", query)[:1]), marked
    # on a phone the box opens with Material's transitions (its overlay grows past the screen while
    # it does): measure the result once they have run, as a reader sees it
    page.wait_for_function("() => !document.getAnimations().some(a => a.playState === 'running')")
    box = first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box  # on screen, not cut off
    assert first.is_visible()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_box_on_a_desktop(page, site_url, lang):
    watch = Watch(page)
    page.goto(site_url + f"{lang}/index.html")
    page.locator("input.md-search__input").click()
    check_first_result(page, lang, 1280)
    assert not watch.problems()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_box_on_a_phone(phone, site_url, lang):
    """On a phone the box is behind the header's magnifier; it opens over the page."""
    watch = Watch(phone)
    phone.goto(site_url + f"{lang}/scorecards/county/county-t24.html")
    assert not phone.evaluate("() => document.getElementById('__search').checked")
    phone.locator("label.md-header__button[for='__search']").click()
    phone.wait_for_function("() => document.getElementById('__search').checked")
    assert phone.evaluate("() => document.activeElement.matches('input.md-search__input')")
    check_first_result(phone, lang, PHONE["width"])
    assert not watch.problems()


@pytest.mark.slow
def test_keyboard(page, site_url):
    page.goto(site_url + "zh/index.html")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")  # opens the box, typing goes into it
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.type("综治中心")
    page.wait_for_function("() => document.querySelector('[data-pingan-search]').dataset.answered === '综治中心'")
    links = page.locator(".md-search-result__item > a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.dataset.page") == links.nth(0).get_attribute("data-page")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.dataset.page") == links.nth(1).get_attribute("data-page")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # back in the box
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    first = links.nth(0).get_attribute("data-page")
    page.keyboard.press("Enter")  # Enter in the box follows the first result
    page.wait_for_url(re.compile(re.escape(first) + "$"))
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("s")
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    assert not page.evaluate("() => document.activeElement.matches('input.md-search__input')")


@pytest.mark.slow
def test_text_from_the_standards_is_shown_as_text(page, site_url):
    """A title and a passage holding markup (as a YAML text might) show it as characters: the
    search sets text, never HTML. The index file is changed on its way to the browser."""
    hostile = '<img src=x id=pwned>矛盾纠纷多元化解<b>'

    def poisoned(route):
        body = route.fetch().text()
        route.fulfill(body=body.replace('"24 矛盾纠纷多元化解"', '"' + hostile.replace('"', '\\"') + '"'),
                      content_type="text/javascript")

    page.route(re.compile(r"/search/d/\d+\.js$"), poisoned)
    page.route(re.compile(r"/search/x/\d+\.js$"), lambda route: route.fulfill(
        body=route.fetch().text().replace("矛盾纠纷", "<img src=x id=pwned2>矛盾纠纷"),
        content_type="text/javascript"))
    page.goto(site_url + "zh/index.html")
    page.locator("input.md-search__input").click()
    assert ask(page, "矛盾纠纷多元化解")[0] == "scorecards/county/county-t24.html"
    first = page.locator(".md-search-result__item").first
    first.locator(".pingan-search-excerpt mark").first.wait_for()
    assert first.locator("h1").inner_text() == hostile
    assert "<img src=x id=pwned2>" in first.locator(".pingan-search-excerpt").inner_text()
    assert page.locator("#pwned, #pwned2, .md-search-result img, .md-search-result b").count() == 0
    page.unroute_all(behavior="ignoreErrors")  # excerpts of the other results may still be on their way


@pytest.mark.slow
def test_search_works_on_the_not_found_page(page, site_url):
    """The 404 page lives wherever the host shows it: its search still finds the language's index
    and its results lead to the pages."""
    page.goto(site_url + "zh/no/such/page.html")
    page.wait_for_url(site_url + "zh/404.html")
    page.locator("input.md-search__input").click()
    assert ask(page, "矛盾纠纷多元化解")[0] == "scorecards/county/county-t24.html"
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(site_url + "zh/scorecards/county/county-t24.html")
