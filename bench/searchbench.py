"""The search as a visitor meets it (the site's own, or Material's on a comparison copy, see
bench/materialsearch.py), in Debian's Chromium with the CPU throttled 4× (CDP
``Emulation.setCPUThrottlingRate``): for one query, a fresh browser context (empty cache) opens the
language's home page over http, types the query into the header's search box as soon as the box
accepts input (or, ``after_load``, once the page's load event has passed: bench/province.py), and
waits for the first result on screen. Times are ``performance.now()`` in the page: from navigation
start to the load event, to the first input event (the query typed: Playwright's ``fill`` is one
input event) and to the first result on screen; "after typing" is first result − first input.
Bytes are the bodies of the responses for search (their Content-Length: the local server does not
compress): the site's own search script and every index file it loads; for Material's, the index,
the worker, lunr and its language and segmentation scripts.

Chromium throttles the page's main thread only: CDP refuses ``setCPUThrottlingRate`` on a worker
target ("Operation is only supported for pages, not workers"), so the worker in which Material loads
and queries the index runs at full speed; its figures are the better for it. The site's own search
runs on the page's main thread, throttled.
"""
from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_search_queries import ask  # noqa: E402

THROTTLE = 4
WAIT_MS = 300_000  # the longest a first result may take; past it the query has no result
SEARCH_FILE = re.compile(r"/search/|/assets/search\.js$|/assets/javascripts/(workers|lunr)/")
COPY = re.compile(r"-k\d{2}(?=[/.])")  # a county copy's id suffix (bench/multiply.py)

# When Material's worker says it is ready (its message type 1; the site's own search has no worker)
# and when the first result is on screen.
MARKS = """(() => {
  const marks = window.__bench = {ready: null, typed: null, first: null};
  addEventListener("load", () => { marks.load = performance.now(); });
  document.addEventListener("input", () => { if (marks.typed === null) marks.typed = performance.now(); }, true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => {
        if (e.data && e.data.type === 1 && marks.ready === null) marks.ready = performance.now();
      });
    }
  };
  new MutationObserver((_, obs) => {
    if (document.querySelector(".md-search-result__item")) { marks.first = performance.now(); obs.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
})();"""

# The search's files as the page fetched them: each with ms from navigation start to its request
# and to its response's end (the sequence of round trips a query waits for).
STEPS = """performance.getEntriesByType("resource").filter(e => /\\/search\\//.test(e.name))
  .map(e => [e.name.split("/search/")[1], Math.round(e.startTime), Math.round(e.responseEnd)])"""


def timed_query(browser, url: str, query: str, then=None, after_load: bool = False) -> dict:
    """One cold visit: ms from navigation start to the worker's ready and to the first result shown
    (None: none within WAIT_MS), and the bytes fetched for search. The query is typed as soon as the
    box takes input or, ``after_load``, once the page's load event has passed. ``then(page)``, if
    given, runs afterwards on the same page, unthrottled; its answer is the result's ``then``."""
    from playwright.sync_api import TimeoutError as Timeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        fetched = []
        context.on("response", lambda r: fetched.append(r) if SEARCH_FILE.search(r.url) else None)
        page.add_init_script(MARKS)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.goto(url, wait_until="commit")
        try:
            if after_load:
                page.wait_for_function("() => window.__bench.load !== undefined", timeout=WAIT_MS)
            page.locator("input.md-search__input").fill(query, timeout=WAIT_MS)
            page.wait_for_function("() => window.__bench.first !== null", timeout=WAIT_MS)
        except Timeout:
            pass
        marks = page.evaluate("window.__bench")
        steps = page.evaluate(STEPS)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        page.wait_for_load_state("load", timeout=WAIT_MS)  # every response counted is complete
        files = {r.url: int(r.headers.get("content-length") or len(r.body())) for r in fetched if r.ok}
        return {"query": query, "first_ms": marks["first"], "ready_ms": marks["ready"],
                "after_typing_ms": None if marks["first"] is None or marks["typed"] is None
                else marks["first"] - marks["typed"],
                "load_ms": marks.get("load"), "after_load": after_load,
                "search_bytes": sum(files.values()), "search_files": sorted(u.rsplit("/", 1)[-1] for u in files),
                "steps": steps,
                "then": then(page) if then and marks["first"] is not None else None}
    finally:
        context.close()


def ranking(page, queries) -> list[dict]:
    """Every query of the set on a page whose search is ready: is the page it must find first, or
    the same page of another county's copy, or neither; and is a form page among the first three."""
    out = []
    for query, want in queries:
        wanted = {want} if isinstance(want, str) else set(want)
        got = ask(page, query)
        first = got[0] if got else ""
        out.append({"query": query, "first": first, "ok": first in wanted,
                    "copy": first not in wanted and COPY.sub("", first) in wanted,
                    "form_in_top3": any(p.endswith("/form.html") for p in got[:3])})
    return out


def summary(times: list[dict]) -> dict:
    """Median and max over the timed queries (a query without a result counts as WAIT_MS and is
    counted in ``no_result``), bytes: the most any query fetched."""
    firsts = [WAIT_MS if t["first_ms"] is None else t["first_ms"] for t in times]
    ready = [t["ready_ms"] for t in times if t["ready_ms"] is not None]
    return {"median_first_ms": statistics.median(firsts), "max_first_ms": max(firsts),
            "no_result": sum(t["first_ms"] is None for t in times),
            "median_ready_ms": statistics.median(ready) if ready else None,
            "median_after_typing_ms": statistics.median(typed) if (typed := [
                t["after_typing_ms"] for t in times if t.get("after_typing_ms") is not None]) else None,
            "max_after_typing_ms": max(typed) if typed else None,
            "median_load_ms": statistics.median(loads) if (loads := [
                t["load_ms"] for t in times if t.get("load_ms") is not None]) else None,
            "search_bytes": max(t["search_bytes"] for t in times)}
