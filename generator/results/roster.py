"""The roster: the units expected to submit for a card and period, so that the report lists who is missing.

``pingan results --roster FILE`` reads a text file (one unit per line; blank lines and lines starting
with ``#`` are skipped), a CSV or an XLSX with a column headed ``unit`` or ``单位`` (the first column
otherwise). Without ``--roster``, a roster kept in the project is used when there is one:
``standards/rosters/<card>-<period>.txt``, else ``standards/rosters/<card>.txt`` (every period).
Names are keyed as collect keys them (:func:`generator.cardfile.untrusted.clean`).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..cardfile.inputs import decode
from ..cardfile.untrusted import clean

FOLDER = Path("standards") / "rosters"
HEADERS = ("unit", "单位", "单位名称")
MAX_BYTES = 5 * 1024 * 1024


class RosterError(Exception):
    """The roster cannot be read: the message says why (one line)."""


def _column(rows: list[list]) -> list[str]:
    rows = [[clean("" if c is None else str(c)) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    head = [c.lower() for c in rows[0]]
    at = next((head.index(h) for h in HEADERS if h in head), None)
    body = rows[1:] if at is not None else rows
    return [r[at or 0] for r in body if len(r) > (at or 0)]


def read(path: Path) -> list[str]:
    """The unit names of a roster file, in order, each once."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RosterError(f"{path}: over {MAX_BYTES // 2**20} MB: not a roster")
        data = path.read_bytes()
    except OSError as e:
        raise RosterError(f"{path}: cannot read the roster: {e.strerror or e}") from None
    if data.startswith(b"PK\x03\x04"):
        try:
            import openpyxl

            ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            names = _column([list(r) for r in ws.iter_rows(values_only=True)])
        except Exception as e:  # a damaged workbook: a message, not a traceback
            raise RosterError(f"{path}: not a readable XLSX roster ({type(e).__name__})") from None
    else:
        try:
            text, _ = decode(data)
        except ValueError as e:
            raise RosterError(f"{path}: {e}") from None
        if path.suffix.lower() == ".csv":
            names = _column(list(csv.reader(io.StringIO(text))))
        else:
            names = [clean(x) for x in text.splitlines() if clean(x) and not clean(x).startswith("#")]
    return list(dict.fromkeys(n for n in names if n))


def kept(root: Path, card: str, period: str) -> Path | None:
    """The roster the project keeps for a card and period, if any."""
    for name in (f"{card}-{period}.txt", f"{card}.txt"):
        p = root / FOLDER / name
        if p.is_file() and "/" not in period and "\\" not in period:
            return p
    return None
