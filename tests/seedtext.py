"""Readers for the original documents in standards/sources/originals, used by the fidelity tests.

They recover the source text independently of the YAML so that a test can prove the YAML
carries every sentence of the originals.
"""
from __future__ import annotations

import re
from pathlib import Path

ORIGINALS = Path(__file__).resolve().parents[1] / "standards" / "sources" / "originals"
POINTS_RE = re.compile(r"[（(](\d+(?:\.\d+)?)分[）)]")
SECTION_RE = re.compile(r"^([一二三])、(.+?)\s*$", re.M)


def seed_path(prefix: str) -> Path:
    return next(ORIGINALS.glob(prefix + "_*.txt"))


def _clean(cell: str) -> str:
    return "".join(line.strip() for line in cell.splitlines())


def table_rows(prefix: str = "000") -> dict[str, list[list[str]]]:
    """Rows (lists of cleaned cells) of each table of the 000 dump, keyed by section number."""
    text = seed_path(prefix).read_text(encoding="utf-8")
    heads = list(SECTION_RE.finditer(text))
    tables: dict[str, list[list[str]]] = {}
    for i, head in enumerate(heads):
        body = text[head.end(): heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        cells = [_clean(c) for c in re.split(r"^\t", body, flags=re.M)[1:]]
        # the table's width: the header row runs from 序号 up to the next row's first cell (序号 or a number)
        width = next(j for j in range(1, len(cells)) if cells[j] == "序号" or cells[j].isdigit())
        rows = [cells[k:k + width] for k in range(0, len(cells), width)]
        tables[head.group(1)] = [r for r in rows if r[0] != "序号"]
    return tables


def split_points(cell: str) -> list[tuple[str, float | None]]:
    """Split a guideline cell at its point annotations: [(text, points), ...].

    Separators (，；。) after an annotation are dropped; text after the last annotation is
    returned with points None."""
    out: list[tuple[str, float | None]] = []
    pos = 0
    for m in POINTS_RE.finditer(cell):
        out.append((cell[pos:m.start()], float(m.group(1))))
        pos = m.end()
        while pos < len(cell) and cell[pos] in "，；。,;":
            pos += 1
    if pos < len(cell):
        out.append((cell[pos:], None))
    return out
