#!/usr/bin/env python3
"""Site build benchmark.

By default, in one run on a copy of the seed project: the full build (both languages, every page
and scorecard file) sequential, ``pingan build -j 1``: everything in one process, one thing after
the other (the scorecard files too, no pool), and parallel, ``-j 2``: at most two processes (the
missing scorecard files of both languages in a pool of two, then both languages at once), cold
(empty cache) and with nothing changed; then ``pingan serve``, a one-criterion edit of
standards/scorecards/village.yaml and the seconds until the served page shows it, against a full
build of that language.
With ``--sizes 1,10,50``: pages-only builds of the seed multiplied as that many places
(bench/multiply.py), with seconds per page and the generator's share.
Usage: .venv/bin/python bench/site.py [--sizes 1,10,50]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generator.checks.project import load  # noqa: E402
from generator.render.common import LANGS  # noqa: E402
from generator.render.site import render_site  # noqa: E402
from generator.site.build import LANG_CONFIGS, build_site  # noqa: E402
from generator.site.context import BuildContext  # noqa: E402
from multiply import synthetic  # noqa: E402


def run(args: list[str], cwd: Path) -> float:
    """Seconds a ``pingan`` command takes, run as a user runs it (a fresh process)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)))
    return time.perf_counter() - t


def full_builds(proj: Path, repeat: int) -> dict[str, float]:
    """The whole seed site (both languages, every page and scorecard file) with ``-j 1`` (one
    process, one thing after the other) and ``-j 2`` (two processes), cold (no cache: every PDF/XLSX
    rendered) and with nothing changed; the best of ``repeat`` runs of each (the machine is shared: the best
    is the least disturbed)."""
    out: dict[str, float] = {}
    for _ in range(repeat):
        for mode, jobs in (("sequential", "1"), ("parallel", "2")):
            shutil.rmtree(proj / ".cache", ignore_errors=True)
            for what in ("cold", "nothing changed"):
                t = run(["build", "-j", jobs, "--site-dir", str(proj / "site")], proj)
                out[f"{mode} {what}"] = min(t, out.get(f"{mode} {what}", t))
    return out


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def build_one(proj: Path, lang: str) -> float:
    """A full build of one language in a fresh process (what a maintainer waits for without live
    reload)."""
    cfg = dict(LANG_CONFIGS)[lang]
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from generator.site.build import "
                    "build_language; from generator.site.context import BuildContext; "
                    f"build_language(BuildContext.load(Path.cwd(), lang={lang!r}), {cfg!r}, Path(sys.argv[1]))",
                    str(proj / "one")],
                   cwd=proj, check=True, capture_output=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)))
    return time.perf_counter() - t


def edit(proj: Path, old: str, new: str) -> None:
    card = proj / "standards" / "scorecards" / "village.yaml"
    text = card.read_text(encoding="utf-8")
    assert old in text
    card.write_text(text.replace(old, new), encoding="utf-8")


def live_reload(proj: Path, repeat: int, lang: str = "zh") -> dict[str, float]:
    """``pingan serve``, then one criterion's text edited in standards/scorecards/village.yaml: seconds
    until the served page shows it. Against it: a full build of that language after the same kind of
    edit (the card's scorecard files rendered again), and one with nothing changed. Best of
    ``repeat`` of each."""
    texts = [f"党建工作规范、氛围浓厚{'！' * (i + 1)}" for i in range(2 * repeat)]
    out = {"full, nothing changed": min(build_one(proj, lang) for _ in range(repeat))}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--lang", lang, "-a", "127.0.0.1:0"], cwd=proj,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)))
    lines: list[str] = []
    old = "党建工作规范、氛围浓厚"
    try:
        base = next(m.group(1) for line in proc.stdout if (m := re.search(r"Serving on (http://\S+/)", line)))
        threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
        url = base + "scorecards/village/village-t1.html"
        while old not in fetch(url):
            time.sleep(0.05)
        for new in texts[:repeat]:
            seen = len(lines)
            edit(proj, old + '"', new + '"')
            t = time.perf_counter()
            while new not in fetch(url):
                time.sleep(0.05)
            out["reload"] = min(time.perf_counter() - t, out.get("reload", 1e9))
            # the card's new files render in the background; one more rebuild copies them in
            while sum("Reloading browsers" in ln for ln in lines[seen:]) < 2:
                time.sleep(0.1)
            old = new
    finally:
        proc.terminate()
        proc.wait(30)
    for new in texts[repeat:]:  # texts never built: the card's files render again
        edit(proj, old + '"', new + '"')
        old = new
        out["full, after the edit"] = min(build_one(proj, lang), out.get("full, after the edit", 1e9))
    return out


def report(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        proj.mkdir()
        synthetic(proj, 1, scorecard_files=True)
        print(f"seed site, both languages, every page and scorecard file; {os.cpu_count()} cores", flush=True)
        print(f"best of {repeat} runs each; sequential: pingan build -j 1, one process for everything "
              f"(scorecard files included); parallel: -j 2, at most two processes", flush=True)
        b = full_builds(proj, repeat)
        for k, v in b.items():
            print(f"  {k:<26} {v:7.1f} s", flush=True)
        for what in ("cold", "nothing changed"):
            ratio = b[f"parallel {what}"] / b[f"sequential {what}"]
            print(f"  parallel / sequential, {what}: {ratio:.2f}", flush=True)
        r = live_reload(proj, repeat)
        print(f"  live reload after a one-criterion edit (zh) {r['reload']:6.1f} s", flush=True)
        for what in ("full, after the edit", "full, nothing changed"):
            print(f"  zh build in a fresh process, {what:<22} {r[what]:6.1f} s   reload / it: "
                  f"{r['reload'] / r[what]:.2f}", flush=True)


def sizes(spec: str) -> None:
    print(f"{'size':>5} {'tasks':>6} {'units':>6} {'pages':>6} {'build s':>8} {'ms/page':>8} "
          f"{'gen s':>6} {'gen %':>6}")
    for factor in (int(x) for x in spec.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            proj = Path(tmp) / "proj"
            proj.mkdir()
            synthetic(proj, factor)
            t = time.perf_counter()
            loaded = load(proj)
            for lang in LANGS:
                render_site(loaded.standards, lang, proj / "content")
            gen = time.perf_counter() - t
            t = time.perf_counter()
            site = build_site(BuildContext(loaded, processes=2))
            total = time.perf_counter() - t
            n = sum(1 for _ in site.rglob("*.html"))
            assert not list(site.rglob("*.pdf")), "the size table measures pages only"
            s = loaded.standards
            print(f"{'x' + str(factor):>5} {sum(len(c.tasks) for c in s.scorecards):>6} {len(s.units):>6} "
                  f"{n:>6} {total:>8.1f} {1000 * total / n:>8.1f} {gen:>6.2f} {100 * gen / total:>5.1f}%",
                  flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="instead: pages-only builds of multiples of the seed, e.g. 1,10,50")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts (default 3)")
    args = ap.parse_args()
    if args.sizes:
        sizes(args.sizes)
    else:
        report(args.repeat)


if __name__ == "__main__":
    main()
