"""What every reader makes of a document: paragraphs and tables of real cells (a merged cell once, with
its span), each with a locator a person can find in the original."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

# the files `pingan import` reads: converted by LibreOffice first (suffix → (to, as)), or read directly
CONVERTED = {".doc": ("docx", ".doc"), ".wps": ("docx", ".doc"), ".xls": ("xlsx", ".xls"), ".et": ("xlsx", ".xls"),
             ".wpt": ("docx", ".doc"), ".ett": ("xlsx", ".xls")}
DIRECT_SUFFIXES = (".docx", ".xlsx", ".html", ".htm", ".txt", ".md")
SUFFIXES = tuple(sorted({*CONVERTED, *DIRECT_SUFFIXES}))

MAX_BYTES = 50 * 2**20  # a standard's document is far smaller
MAX_UNPACKED = 200 * 2**20  # what a zip may unpack to (XLSX, DOCX)
MAX_RATIO = 200  # one part compressed more than this is a zip bomb
MAX_ROWS = 20_000  # a scorecard has hundreds of rows, not a million
MAX_CELLS = 400_000


class Unusable(Exception):
    """The input cannot be read at all (one line: what is wrong with it)."""


@dataclass(frozen=True)
class Cell:
    """One real cell: its text and the grid rows and columns it covers (0-based)."""
    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    nested: int = 0  # how many tables were nested in it (their text is part of ``text``)


@dataclass(frozen=True)
class Table:
    number: int  # 1-based, in document order (a sheet of a workbook is a table)
    cells: tuple[Cell, ...]
    name: str = ""  # a sheet's name
    header_rows: tuple[int, ...] = ()  # rows the file marks as repeated headers (w:tblHeader)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rows for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.cols for c in self.cells), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """Row by row, the cell covering each grid position (a merged cell at every position it covers)."""
        g: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rows):
                for k in range(c.col, c.col + c.cols):
                    g[r][k] = c
        return g

    def where(self, cell: Cell) -> str:
        """表1第3行第2列 (1-based, as a person counts in Word or Excel)."""
        sheet = f"（{self.name}）" if self.name else ""
        return f"表{self.number}{sheet}第{cell.row + 1}行第{cell.col + 1}列"


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, in document order
    text: str
    level: int = 0  # a heading's level (1 = title), 0 for body text

    def where(self) -> str:
        return f"第{self.number}段"


@dataclass(frozen=True)
class Document:
    kind: str  # docx, xlsx, html, txt …
    blocks: tuple[Paragraph | Table, ...] = ()  # in order
    notes: tuple[str, ...] = field(default=())  # what the reader did that a person should know

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


def check_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip of an Office file, refused when it is not one, is damaged, or would unpack too far."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Unusable(f"not a {what} but an OLE file: password-protected (encrypted), or an old "
                       f"binary file renamed; save it unprotected as {what}")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise Unusable(f"not a {what} (not a zip file, or a damaged or truncated one)") from None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or any(i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise Unusable(f"would unpack to {unpacked / 2**20:.0f} MB (limits: {MAX_UNPACKED // 2**20} MB, "
                       f"{MAX_RATIO}x per part): refused as a zip bomb")
    return z


def part(z: zipfile.ZipFile, name: str, what: str) -> bytes:
    try:
        return z.read(name)
    except KeyError:
        raise Unusable(f"not a {what}: it has no {name}") from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise Unusable(f"a damaged {what}: {name} cannot be unpacked") from None
