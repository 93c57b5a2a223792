"""How big a filled XLSX may be, checked before any part is parsed and while the parts are streamed.

An XLSX is a zip of XML parts; a small file can unpack to a great deal (a zip bomb), or hold one cell
far away (``XFD1048576``) that a naive reader would turn into a sheet of a million rows.
:func:`refusal` looks at the zip's directory only (file size, number of parts, unpacked sizes and
ratios): a file over any of these limits is refused before any part is opened. The reader
(:mod:`.xlsx_parts`) then counts as it streams the few parts it reads, with a :class:`Budget`: the
cells, the shared strings (``<si>``), the XML tags, the farthest cell and each sheet's declared used
range (``<dimension ref=…>``); the first limit passed stops the read with :class:`Refused`, so what is
held never grows past them. Parts the reader does not need (theme, drawings, printer settings) are
never opened. The project's biggest card (county) has about 5,400 cells, 960 rows and 7 columns on
its largest sheet, and about 100,000 XML tags in all.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200  # one part compressed more than this is a zip bomb too
MAX_PARTS = 5000
MAX_CELLS = 200_000  # in all sheets
MAX_STRINGS = 200_000  # shared strings
MAX_MARKUP = 3_000_000  # XML tags and attributes (``<``, ``=``) in the parts read: bounds the work and the trees held
MAX_ROWS = 20_000
MAX_COLS = 200

RANGE_END = re.compile(r"([A-Za-z]{1,3})([0-9]{1,9})$")


class Refused(Exception):
    """The workbook passes a limit: the reason, one line."""


class Budget:
    """What the parts read so far hold, against the limits."""

    def __init__(self):
        self.cells = self.strings = self.markup = 0

    def cell_count(self) -> None:
        """After ``cells`` was raised by a row's cells."""
        if self.cells > MAX_CELLS:
            raise Refused(f"the workbook holds over {MAX_CELLS:,} cells (a scorecard has a few thousand)")

    def string(self) -> None:
        self.strings += 1
        if self.strings > MAX_STRINGS:
            raise Refused(f"the workbook holds over {MAX_STRINGS:,} texts (a scorecard has a few thousand)")

    def chunk(self, data: bytes) -> None:
        self.markup += data.count(b"<") + data.count(b"=")
        if self.markup > MAX_MARKUP:
            raise Refused(f"the workbook holds over {MAX_MARKUP:,} XML tags and attributes (a scorecard has about "
                          f"100,000)")

    @staticmethod
    def too_far(ref: str | None) -> bool:
        """Whether a sheet's declared used range (``A1:G222``) ends beyond the limits."""
        end = RANGE_END.search(ref or "")
        return end is not None and (int(end.group(2)) > MAX_ROWS or column_number(end.group(1)) > MAX_COLS)


def far(what: str):
    raise Refused(f"a sheet reaches {what} (a scorecard stays within {MAX_ROWS:,} rows and {MAX_COLS} columns): "
                  f"delete what was typed or formatted far away (Ctrl+End shows it) and save again")


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def refusal(data: bytes) -> str | None:
    """Why this XLSX is not opened at all (its size, or its zip's directory), or None."""
    if len(data) > MAX_BYTES:
        return f"the file is {len(data) / 2**20:.1f} MB: over the 20 MB a scorecard may have"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return "not an XLSX workbook (not a zip file, or a damaged, truncated or encrypted one)"
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS:
        return f"the workbook holds {len(infos)} parts (at most {MAX_PARTS}): refused unread"
    if unpacked > MAX_UNPACKED or any(i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        return (f"the workbook would unpack to {unpacked / 2**20:.0f} MB (limits: 100 MB, {MAX_RATIO}× per "
                f"part): refused as a zip bomb")
    return None
