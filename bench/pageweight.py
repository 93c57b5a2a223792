#!/usr/bin/env python3
"""A page's own weight, as Chromium loads it from a built site served on localhost with an empty
cache: the bytes of its HTML, CSS, JavaScript, fonts and images (scorecard files — PDF, XLSX, DOCX —
are downloads, not part of a page, and are left out), what of it was requested before the first
paint (first-contentful-paint), and the first paint's time (no CPU throttling). The search loads
nothing until the reader opens the box; a second row per language shows what one query adds. What a
worker fetches is not seen here (Material's search worker fetched its whole index as every page
loaded: bench/province.py measures it).

Usage: .venv/bin/python bench/pageweight.py [--site DIR]   (default: site/, built by `make site`)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PAGES = ("index.html", "scorecards/county/index.html", "scorecards/county/county-t24.html",
         "units/county-public-security-bureau.html", "matrix.html", "scorecards/county/form.html")
QUERIES = {"zh": "矛盾纠纷化解", "en": "fire safety"}
DOWNLOADS = (".pdf", ".xlsx", ".docx", ".zip", ".csv", ".json")
KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "font": "fonts", "image": "images"}


def weigh(browser, url: str, query: str | None = None) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        seen: list = []
        context.on("requestfinished", lambda r: seen.append(r))
        page.goto(url, wait_until="load")
        fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        early = set(page.evaluate(f"() => performance.getEntriesByType('resource')"
                                  f".filter(r => r.startTime < {fcp or 0}).map(r => r.name)"))
        if query:
            before = len(seen)
            page.locator("input.md-search__input").fill(query)
            page.wait_for_function("q => document.querySelector('[data-pingan-search]').dataset.answered === q",
                                   arg=query)
            page.locator(".md-search-result__item .pingan-search-excerpt mark").first.wait_for()
            page.wait_for_load_state("networkidle")
            seen = seen[before:]
        out = {k: 0 for k in KINDS.values()} | {"other": 0, "before_paint": 0, "fcp_ms": fcp}
        for r in seen:
            if r.url.lower().endswith(DOWNLOADS) and r.resource_type != "document":
                continue
            size = r.sizes()["responseBodySize"]
            out[KINDS.get(r.resource_type, "other")] += size
            out["before_paint"] += size if r.url in early or r.resource_type == "document" else 0
        return out
    finally:
        context.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default: site/)")
    args = ap.parse_args()
    if not (args.site / "zh" / "index.html").is_file():
        raise SystemExit(f"bench/pageweight.py: no built site in {args.site} (make site)")
    from playwright.sync_api import sync_playwright

    from browser import launch
    from webserver import serve

    cols = ["HTML", "CSS", "JS", "fonts", "images", "other"]
    print(f"{'page (KB)':<52}" + "".join(f"{c:>8}" for c in cols) + f"{'total':>8}{'b. paint':>9}{'FCP ms':>8}")
    own_search = "data-pingan-search" in (args.site / "zh" / "index.html").read_text(encoding="utf-8")
    with serve(args.site, "/") as base, sync_playwright() as p:
        browser = launch(p)
        try:
            for lang in ("zh", "en"):
                for path in PAGES:
                    rows = [(f"{lang}/{path}", weigh(browser, f"{base}{lang}/{path}"))]
                    if path == "index.html" and own_search:
                        rows.append((f"  + one search ({QUERIES[lang]})",
                                     weigh(browser, f"{base}{lang}/{path}", QUERIES[lang])))
                    for name, w in rows:
                        total = sum(w[c] for c in cols)
                        print(f"{name[:52]:<52}" + "".join(f"{w[c] / 1e3:8.1f}" for c in cols)
                              + f"{total / 1e3:8.1f}{w['before_paint'] / 1e3:9.1f}{w['fcp_ms'] or 0:8.0f}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
