#!/usr/bin/env python3
"""Province-scale benchmark: the seed site and the seed multiplied as N places (bench/multiply.py:
every place with its units, sources, cards and indicators copied N times as N counties, ids and
names rewritten), both built and measured in one run, side by side with the ratio.

For ×1 and ×N: the seconds of ``pingan build`` (both languages, pages only: scorecard files off,
as bench/site.py does), pages, HTML bytes and the bytes and files of the search index per language;
then, served over http on localhost, in Debian's Chromium with the CPU throttled 4×
(bench/searchbench.py): for each timed query, a cold visit to the home page, the query typed into
the header's search box once the page's load event has passed, and the ms from navigation start to
the load event and to the first result on screen, and from the query typed to its first result,
with the bytes fetched for search; and for every query of the project's query set
(tests/test_search_queries.py) whether the page it must find comes first (or the same page of
another county's copy does). The same content is then built again with Material's search
(bench/materialsearch.py) and timed the same way, for comparison (``--no-material`` leaves it out).

Usage: .venv/bin/python bench/province.py [--places 20] [--queries sample|K|all] [--keep DIR] [--no-material] [--json]
       .venv/bin/python bench/province.py --table FILE   (the table of a saved --json output)
Progress goes to stderr; the table (or JSON) to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from multiply import synthetic  # noqa: E402
from provincetable import table  # noqa: E402

LANGS = ("zh", "en")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(proj: Path, factor: int, label: str = "") -> dict:
    """The project in ``proj`` built by ``pingan build`` in a fresh process, with its figures."""
    progress(f"×{factor}{label}: pingan build (both languages, pages only) …")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(proj / "site")],
                          cwd=proj, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)))
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SystemExit(f"bench/province.py: pingan build of ×{factor}{label} failed: {last}")
    progress(f"×{factor}{label}: built in {seconds:.1f} s")
    out = {"factor": factor, "build_s": seconds}
    for lang in LANGS:
        pages = list((proj / "site" / lang).rglob("*.html"))
        search = proj / "site" / lang / "search"
        material = search / "search_index.json"
        out[lang] = {"pages": len(pages), "html_bytes": sum(p.stat().st_size for p in pages),
                     "index_bytes": material.stat().st_size if material.is_file()
                     else sum(p.stat().st_size for p in search.rglob("*.js")),
                     "index_files": 1 if material.is_file() else sum(1 for _ in search.rglob("*.js"))}
    return out


def query_sets() -> dict[str, list]:
    from generator.checks.project import load
    from test_search_queries import en_queries, zh_queries

    s = load(ROOT).standards
    return {"zh": zh_queries(s), "en": en_queries(s)}


def timed_choice(queries: list, spec: str, lang: str) -> list[str]:
    """The queries to time: ``sample`` (in Chinese a unit's full name and the last query of the set,
    words typed together; in English a glossary term), ``all``, or K spread evenly over the set."""
    texts = [q for q, _ in queries]
    if spec == "sample":
        if lang == "zh":
            return [next(q for q, want in queries if str(want).startswith("units/")), texts[-1]]
        return [next(q for q, want in queries if not isinstance(want, str))]
    if spec == "all":
        return texts
    k = max(1, min(int(spec), len(texts)))
    if k == 1:
        return texts[:1]
    return [texts[round(i * (len(texts) - 1) / (k - 1))] for i in range(k)]


def measure_search(site: Path, factor: int, sets: dict, spec: str, rank: bool = True, label: str = "") -> dict:
    from playwright.sync_api import sync_playwright

    from browser import launch
    from searchbench import ranking, summary, timed_query
    from webserver import serve

    out: dict = {}
    with serve(site, "/") as base, sync_playwright() as p:
        browser = launch(p)
        try:
            for lang in LANGS:
                url = f"{base}{lang}/index.html"
                chosen = timed_choice(sets[lang], spec, lang)
                times = []
                for i, q in enumerate(chosen, 1):
                    last = rank and i == len(chosen)
                    progress(f"×{factor}{label} {lang}: query {i}/{len(chosen)} {q!r}, cold visit, CPU ×4"
                             + (f", then the query set ({len(sets[lang])} queries) ranked" if last else "") + " …")
                    then = (lambda page, lang=lang: ranking(page, sets[lang])) if last else None
                    times.append(timed_query(browser, url, q, then=then, after_load=True))
                out[lang] = {"times": times, "summary": summary(times), "ranking": times[-1].pop("then") or []}
                for t in times:
                    t.pop("then", None)
        finally:
            browser.close()
    return out


def run(places: int, spec: str, keep: Path | None = None, material: bool = True) -> dict:
    from materialsearch import jieba_available, material_copy, patch_workers

    sets = query_sets()
    load = os.getloadavg()
    result = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "cores": os.cpu_count(), "load_before": [round(x, 2) for x in load], "places": places, "runs": [],
              "material_jieba": jieba_available() if material else None}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for factor in dict.fromkeys((1, places)):
            proj = (keep.resolve() if keep else Path(tmp)) / f"x{factor}"
            proj.mkdir(parents=True)
            progress(f"×{factor}: writing the content …")
            synthetic(proj, factor)
            r = build(proj, factor)
            r["search"] = measure_search(proj / "site", factor, sets, spec)
            if material:
                copy = material_copy(proj, proj.with_name(proj.name + "-material"))
                m = build(copy, factor, " Material's search")
                patch_workers(copy / "site")
                m["search"] = measure_search(copy / "site", factor, sets, spec, rank=False, label=" Material's search")
                r["material"] = m
                if keep is None:
                    shutil.rmtree(copy)
            result["runs"].append(r)
    result["seconds"] = time.perf_counter() - started
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--places", type=int, default=20, metavar="N",
                    help="how many places (counties) the seed is multiplied into (default 20; 1 runs ×1 only)")
    ap.add_argument("--queries", default="sample", metavar="sample|K|all",
                    help="the queries timed, each a cold visit: sample (default: a unit's full name and words "
                         "typed together in Chinese, a glossary term in English), K per language spread evenly "
                         "over the query set, or all; the ranking always runs the whole set")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep the projects and their built sites in DIR/x1 and DIR/xN (DIR must not hold them yet)")
    ap.add_argument("--no-material", action="store_true",
                    help="leave out the comparison with Material's search (a second build of each size)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--table", type=Path, metavar="FILE", help="instead: print the table of a saved --json output")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    if args.places < 1:
        ap.error("--places must be at least 1")
    if args.queries not in ("sample", "all") and not args.queries.isdigit():
        ap.error("--queries takes sample, a number or all")
    result = run(args.places, args.queries, args.keep, material=not args.no_material)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else table(result))


if __name__ == "__main__":
    main()
