#!/usr/bin/env python3
"""Scorecard files benchmark: seconds per PDF, XLSX and DOCX, the time for every DOCX of the seed
(cards, unit packs and source documents, both languages, one process), the total for all files
(both languages, rendered in parallel as the build does), and a no-change rebuild.
Usage: .venv/bin/python bench/scorecards.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.checks.project import load  # noqa: E402
from generator.render.common import LANGS  # noqa: E402
from generator.render.outputs import Job, build_outputs, jobs, render_job  # noqa: E402


def main() -> None:
    s = load(ROOT).standards
    print("one file at a time (one process):")
    for card in s.scorecards:
        for kind in ("pdf", "xlsx", "docx"):
            t = time.perf_counter()
            data = render_job(s, Job("", kind, card.id, "zh"))
            print(f"  {card.id:8} {kind:4} {time.perf_counter() - t:6.2f} s  {len(data) / 1024:8.0f} KiB")
    docx = [j for lang in LANGS for j in jobs(s, lang) if j.kind == "docx"]
    t = time.perf_counter()
    for j in docx:
        render_job(s, j)
    took = time.perf_counter() - t
    print(f"every DOCX of the seed (cards, unit packs, sources; both languages): {len(docx)} files in {took:.1f} s "
          f"({took / len(docx) * 1000:.0f} ms per file, one process)")
    n = sum(len(jobs(s, lang)) for lang in LANGS)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        t = time.perf_counter()
        for lang in LANGS:
            build_outputs(ROOT, s, lang, cache=cache)
        full = time.perf_counter() - t
        t = time.perf_counter()
        for lang in LANGS:
            build_outputs(ROOT, s, lang, cache=cache)
        again = time.perf_counter() - t
    pdfs = sum(1 for lang in LANGS for j in jobs(s, lang) if j.kind == "pdf")
    xlsx = sum(1 for lang in LANGS for j in jobs(s, lang) if j.kind == "xlsx")
    print(f"all scorecard files, both languages: {n} files ({pdfs} PDF, {xlsx} XLSX, {len(docx)} DOCX, "
          f"{n - pdfs - xlsx - len(docx)} HTML) "
          f"in {full:.1f} s")
    print(f"no-change rebuild of the same files: {again:.2f} s")


if __name__ == "__main__":
    main()
