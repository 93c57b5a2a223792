#!/usr/bin/env python3
"""Assessment-cycle benchmark: collect 1,000 filled cards of mixed formats (form JSON and CSV exports,
PDFs filled with pypdf; XLSX typed with openpyxl) into a fresh store — a tenth of them as zips with
evidence files (台账), every review deduction with its reason — then build every ranking with its HTML,
XLSX, CSV and JSON. Prints the time per file and per format, the totals and the store's size; each time
as wall-clock and CPU seconds (this process and its workers), with the machine's load average, since on
a shared machine the wall-clock time says more about the others than about pingan.
Usage: .venv/bin/python bench/results.py [N [FILES_DIR]]  (FILES_DIR: keep the made files there, reuse them)
"""
from __future__ import annotations

import contextlib
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fills import random_fill, with_reasons  # noqa: E402
from generator.checks.project import load  # noqa: E402
from generator.cli import main as pingan  # noqa: E402
from generator.render.outputs import Job, render_job  # noqa: E402
from generator.scoring.plan import plan_of  # noqa: E402
from resultset import FORMATS, export_csv, export_json, fill_pdf, fill_xlsx  # noqa: E402


def make_files(folder: Path, n: int) -> dict[str, int]:
    s = load(ROOT).standards
    cards = list(s.scorecards)
    pdfs = {c.id: render_job(s, Job("", "pdf", c.id, "zh")) for c in cards}
    books = {c.id: render_job(s, Job("", "xlsx", c.id, "zh")) for c in cards}
    rng, kinds = random.Random(7), dict.fromkeys(FORMATS, 0)
    for i in range(n):
        card, fmt = cards[i % len(cards)], FORMATS[(i // len(cards)) % len(FORMATS)]
        head = {"header--unit": f"单位{i // 6:03d}", "header--period": ("2025", "2026")[(i // 3) % 2]}
        values = {**head, **with_reasons(plan_of(card), random_fill(plan_of(card), rng))}
        dest = folder / f"{i:04d}-{card.id}.{fmt}"
        kinds[fmt] += 1
        if fmt == "xlsx":  # typed with openpyxl (LibreOffice re-saving is what the tests do)
            fill_xlsx(books[card.id], values, dest)
        else:
            dest.write_bytes(export_json(card, values, {}) if fmt == "json" else export_csv(card, values)
                             if fmt == "csv" else fill_pdf(pdfs[card.id], values))
        if i % 10 == 5:  # a tenth: the card zipped with its evidence
            bundle(dest, rng)
            kinds["zip"] = kinds.get("zip", 0) + 1
    return kinds


def bundle(card: Path, rng: random.Random) -> None:
    """Replace ``card`` by ``<card>.zip``: the card and 3 evidence files of 20–200 KB under 台账/."""
    import zipfile

    with zipfile.ZipFile(card.with_suffix(".zip"), "w") as z:
        z.write(card, card.name)
        for k in range(3):
            z.writestr(f"台账/材料{k}.pdf", rng.randbytes(rng.randint(20, 200) * 1024))
    card.unlink()


def per_format(src: Path) -> None:
    """Reading alone, per format (one process): which reader dominates, wall-clock and CPU per file."""
    from generator.cardfile.inputs import read_bytes
    from generator.results.bundle import from_zip

    spent: dict[str, list[tuple[float, float]]] = {}
    for p in sorted(src.iterdir()):
        t, c = time.perf_counter(), time.process_time()
        if p.suffix == ".zip":
            from_zip(p)
        else:
            read_bytes(p.name, p.read_bytes())
        spent.setdefault(p.suffix[1:], []).append((time.perf_counter() - t, time.process_time() - c))
    print("reading alone:   " + ", ".join(
        f"{k} {sum(w for w, _ in v):.2f} s ({sum(w for w, _ in v) / len(v) * 1000:.0f} ms × {len(v)}; CPU "
        f"{sum(c for _, c in v) / len(v) * 1000:.0f} ms)" for k, v in sorted(spent.items())))


def cpu() -> float:
    """CPU seconds of this process and of its ended children (collect's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(args: list[str]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of one pingan command, and its exit code."""
    t, c = time.perf_counter(), cpu()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        rc = pingan(args)
    return time.perf_counter() - t, cpu() - c, rc


def machine_load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = Path(sys.argv[2]) if len(sys.argv) > 2 else tmp / "in"
        if not src.is_dir() or not any(src.iterdir()):
            src.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            kinds = make_files(src, n)
            print(f"made {n} filled cards ({', '.join(f'{v} {k}' for k, v in kinds.items())}) in "
                  f"{time.perf_counter() - t:.1f} s (not measured below)")
        size = sum(p.stat().st_size for p in src.iterdir())
        print(f"{n} files, {size / 2**20:.1f} MB; {machine_load()}")
        db = tmp / "results.sqlite"
        took, took_cpu, rc = timed(["-p", str(ROOT), "collect", "--db", str(db), str(src)])
        assert rc == 0, "a generated file was rejected"
        per_format(src)
        print(f"collect:         {took:6.2f} s total, {took / n * 1000:6.1f} ms per file (incl. loading the "
              f"standards); CPU {took_cpu:.2f} s")
        again, again_cpu, _ = timed(["-p", str(ROOT), "collect", "--db", str(db), str(src)])
        print(f"collect again:   {again:6.2f} s (every file unchanged); CPU {again_cpu:.2f} s")
        res, res_cpu, rc = timed(["-p", str(ROOT), "results", "--db", str(db), "-o", str(tmp / "out")])
        assert rc == 0
        outs = list((tmp / "out").iterdir())
        print(f"results -o:      {res:6.2f} s ({len(outs)} files and folders: HTML, XLSX, CSV, JSON per card and "
              f"period, feedback sheets); CPU {res_cpu:.2f} s")
        print(f"total:           {took + res:6.2f} s (aim: under 20 s); CPU {took_cpu + res_cpu:.2f} s; "
              f"{machine_load()}")
        print(f"store:           {db.stat().st_size / 2**20:6.2f} MB for {n} submissions")


if __name__ == "__main__":
    main()
