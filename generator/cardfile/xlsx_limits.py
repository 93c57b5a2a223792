"""How big a filled XLSX is, found out before anything of it is loaded, in constant memory.

An XLSX is a zip of XML parts; a small file can unpack to a great deal (a zip bomb), or hold one cell
far away (``XFD1048576``) that makes a reader build a sheet of a million rows. :func:`refusal` looks at
the zip's directory (sizes, ratios, number of parts), then streams every part once through a few
regular expressions: the cells (``<c …>``), shared strings (``<si>``), the farthest cell reference and
each sheet's declared used range (``<dimension ref=…>``). A workbook over any limit is refused with the
reason; one within them is small enough to read whole. The project's biggest card (county) has about
5,400 cells, 960 rows and 7 columns on its largest sheet.
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
MAX_ROWS = 20_000
MAX_COLS = 200
CHUNK = 1 << 20
TAG_TAIL = 1 << 16  # a tag longer than this is not looked into (no real one comes near)

CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Za-z]{1,3})([0-9]{1,9})\"")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=\"([^\"]{1,40})\"")
RANGE_END = re.compile(r"([A-Za-z]{1,3})([0-9]{1,9})$")


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class Scan:
    """What the parts hold, streamed: cells, shared strings, the farthest row and column."""

    def __init__(self):
        self.cells = self.strings = self.rows = self.cols = 0
        self.far = ""  # the farthest cell reference or used range seen

    def extent(self, letters: bytes | str, digits: bytes | str, what: str) -> None:
        letters = letters.decode() if isinstance(letters, bytes) else letters
        row, col = int(digits), column_number(letters)
        if (row > MAX_ROWS or col > MAX_COLS) and not self.far:
            self.far = what
        self.rows, self.cols = max(self.rows, row), max(self.cols, col)

    def feed(self, text: bytes) -> None:
        self.cells += len(CELL.findall(text))
        self.strings += len(STRING.findall(text))
        for m in CELL_REF.finditer(text):
            self.extent(m.group(1), m.group(2), f"cell {m.group(1).decode()}{int(m.group(2))}")
        for m in DIMENSION.finditer(text):
            ref = m.group(1).decode(errors="replace")
            end = RANGE_END.search(ref)
            if end:
                self.extent(end.group(1), end.group(2), f"used range {ref}")

    def part(self, z: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
        tail = b""
        with z.open(info) as fh:
            while chunk := fh.read(CHUNK):
                buf = tail + chunk
                cut = buf.rfind(b">") + 1
                self.feed(buf[:cut])
                tail = buf[cut:] if len(buf) - cut <= TAG_TAIL else b""
                why = self.over()
                if why:
                    return why
        self.feed(tail)
        return self.over()

    def over(self) -> str | None:
        if self.cells > MAX_CELLS:
            return f"the workbook holds over {MAX_CELLS:,} cells (a scorecard has a few thousand)"
        if self.strings > MAX_STRINGS:
            return f"the workbook holds over {MAX_STRINGS:,} texts (a scorecard has a few thousand)"
        if self.rows > MAX_ROWS or self.cols > MAX_COLS:
            return (f"a sheet reaches {self.far} (a scorecard stays within {MAX_ROWS:,} rows and {MAX_COLS} "
                    f"columns): delete what was typed or formatted far away (Ctrl+End shows it) and save again")
        return None


def refusal(data: bytes) -> str | None:
    """Why this XLSX is not read at all, or None: it is small enough to load whole."""
    if len(data) > MAX_BYTES:
        return f"the file is {len(data) / 2**20:.1f} MB: over the 20 MB a scorecard may have"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if len(infos) > MAX_PARTS:
                return f"the workbook holds {len(infos)} parts (at most {MAX_PARTS}): refused unread"
            if unpacked > MAX_UNPACKED or any(i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
                return (f"the workbook would unpack to {unpacked / 2**20:.0f} MB (limits: 100 MB, {MAX_RATIO}× per "
                        f"part): refused as a zip bomb")
            scan = Scan()
            for info in infos:
                why = scan.part(z, info)
                if why:
                    return "refused unread: " + why
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return "not an XLSX workbook (not a zip file, or a damaged, truncated or encrypted one)"
    return None
