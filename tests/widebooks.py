"""Wide workbooks for the XLSX agreement test: a card with its score columns repeated, so that one
workbook holds many fills side by side and one LibreOffice run recalculates them all.

Writing a wide workbook (XlsxWriter: ~140,000 formulas for 100 fills of the county card), LibreOffice's
recalculation and reading the saved file back (openpyxl) each take a core for tens of seconds; the
workbooks are therefore split into two groups of about equal size, each written, recalculated (its own
LibreOffice run and profile) and read back in its own process, side by side."""
from __future__ import annotations

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from conftest import FIXTURES, ROOT
from generator.model.objects import Column

Job = tuple[str, str, str, list[dict]]  # project ("repo" or a fixture project), card id, language, fills
Rows = list[tuple]

_STANDARDS: dict = {}


def wide(card, copies: int):
    """The card with its score columns repeated ``copies`` times (ids ``<column>-x<k>``)."""
    cols = [Column(f"{c.id}-x{k}", c.title) for k in range(copies) for c in card.columns]
    return dataclasses.replace(card, columns=tuple(cols))  # its plan follows: the card's columns


def spread(fills: list[dict]) -> dict:
    """The fills side by side: fill ``k`` in the columns ``<column>-x<k>``."""
    return {f"{name}-x{k}": v for k, fill in enumerate(fills) for name, v in fill.items()}


def _standards(where: str):
    from generator.checks.project import load

    if where not in _STANDARDS:
        _STANDARDS[where] = load(ROOT if where == "repo" else FIXTURES / where).standards
    return _STANDARDS[where]


def recalculated(group: list[Job], workdir: Path) -> list[tuple[Rows, Rows]]:
    """Each job's fills written into the input cells of its wide workbook by the writer (``values=``),
    the group recalculated in one LibreOffice run ('always recalculate') and read back: per job, the
    card's sheet and sheet ``_calc`` as rows of the values LibreOffice saved."""
    import openpyxl

    from generator.render.xlsx import workbook
    from office import recalculate_many

    workdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for where, card_id, lang, fills in group:
        card = next(c for c in _standards(where).scorecards if c.id == card_id)
        path = workdir / f"{card_id}.{lang}.xlsx"
        path.write_bytes(workbook(_standards(where), wide(card, len(fills)), lang, values=spread(fills)))
        paths.append(path)
    out = []
    for (_, card_id, _, _), saved in zip(group, recalculate_many(paths, workdir), strict=True):
        book = openpyxl.load_workbook(saved, data_only=True, read_only=True)
        out.append((list(book[card_id].iter_rows(values_only=True)), list(book["_calc"].iter_rows(values_only=True))))
        book.close()
    return out


def recalculated_all(jobs: list[Job], weights: list[int], workdir: Path) -> list[tuple[Rows, Rows]]:
    """:func:`recalculated` for every job, in two processes (spawned: the test process may hold a browser's
    threads) given groups of about equal weight (the heaviest job first to the lighter group); results
    in the order of ``jobs``."""
    groups: list[list[int]] = [[], []]
    load = [0, 0]
    for i in sorted(range(len(jobs)), key=lambda i: -weights[i]):
        g = load.index(min(load))
        groups[g].append(i)
        load[g] += weights[i]
    results: dict[int, tuple[Rows, Rows]] = {}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [(g, pool.submit(recalculated, [jobs[i] for i in g], workdir / f"group{n}"))
                   for n, g in enumerate(groups) if g]
        for g, future in futures:
            results.update(zip(g, future.result(), strict=True))
    return [results[i] for i in range(len(jobs))]
