#!/usr/bin/env python3
"""Scoring benchmark: the HTML form's recalculation per keystroke on the county card (Chromium, CPU
throttled 4× through DevTools, and unthrottled), and ``pingan score`` on 1,000 filled JSON files.
Usage: .venv/bin/python bench/scoring.py
"""
from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.checks.project import load  # noqa: E402
from generator.render.forms import FormRenderer  # noqa: E402
from generator.scoring.plan import plan_of  # noqa: E402

KEYSTROKES = """([name, n]) => {
  const el = document.querySelector(`[name="${name}"]`), times = [];
  for (let i = 0; i < n; i++) {
    el.value = String((i % 20) / 2);
    const t = performance.now();
    el.dispatchEvent(new Event('input', {bubbles: true}));
    times.push(performance.now() - t);
  }
  return times;
}"""


def keystrokes(card, tmp: Path) -> None:
    from playwright.sync_api import sync_playwright

    from browser import launch

    page_file = tmp / "county.html"
    page_file.write_text(FormRenderer(load(ROOT).standards, "zh").document(card, mode="offline"), encoding="utf-8")
    with sync_playwright() as p:
        b = launch(p)
        page = b.new_page()
        page.goto(page_file.as_uri())
        cdp = page.context.new_cdp_session(page)
        for rate in (1, 4):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            times = page.evaluate(KEYSTROKES, ["county-t24-c2--self", 200])
            print(f"  form recalculation per keystroke, county card ({len(card.criteria)} criteria × "
                  f"{len(card.columns)} columns), CPU ×{rate}: median {statistics.median(times):.1f} ms, "
                  f"p95 {sorted(times)[int(len(times) * .95)]:.1f} ms")
        b.close()


def score_files(s, tmp: Path, n: int = 1000) -> None:
    from fills import random_fill

    rng = random.Random(1)
    files = []
    for i in range(n):
        card = s.scorecards[i % len(s.scorecards)]
        f = tmp / f"filled-{i:04}.json"
        f.write_text(json.dumps({"format": "pingan-scorecard/1", "card": card.id, "edition": card.edition,
                                 "values": random_fill(plan_of(card), rng)}, ensure_ascii=False), encoding="utf-8")
        files.append(str(f))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "-p", str(ROOT), "score", "--format", "json", *files],
                          capture_output=True, text=True)
    dt = time.perf_counter() - t
    assert proc.returncode == 0, proc.stderr[:500]
    print(f"  pingan score on {n} filled JSON files (one process, start-up included): {dt:.2f} s, "
          f"{dt / n * 1000:.2f} ms per file")


def main() -> None:
    s = load(ROOT).standards
    with tempfile.TemporaryDirectory() as tmp:
        keystrokes(next(c for c in s.scorecards if c.id == "county"), Path(tmp))
        score_files(s, Path(tmp))


if __name__ == "__main__":
    main()
