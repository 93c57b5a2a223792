"""The parts of a filled XLSX that a card is read from, straight from the zip with the standard library.

An XLSX is a zip of XML parts. :class:`Book` reads only what a card needs: the content types (where the
workbook and its shared strings are), the workbook (its sheets in order and its date system), the
workbook's relationships (which part each sheet is), the cell styles' number formats (which numbers
are dates) and the shared strings; :meth:`Book.cells` then reads one sheet (a part up to 2 MB parsed
whole with ElementTree, the fastest way; a bigger one streamed with ``XMLPullParser``, one row in memory
at a time) and keeps the cells that hold something. Every part is counted against the limits chunk by
chunk before it is parsed (:class:`~.xlsx_limits.Budget`). Theme, drawings, print settings, validations
and defined names are never opened. The zip's sizes were checked before (:mod:`.xlsx_limits`). Cell
values are read as openpyxl (3.1) reads them, which the project used before: numbers as int or float,
booleans, dates (a number whose style has a date format, or ``t="d"``) as datetime, date or time, a
formula as ``"=…"`` (a shared formula translated to its cell), texts as they are; a damaged part raises
(the caller reports it in one line).
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

from .xlsx_limits import MAX_COLS, MAX_ROWS, Budget, far

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_BOOK = "application/vnd.{}.main+xml"
WORKBOOK_TYPES = tuple(_BOOK.format(t) for t in (  # as openpyxl looks for them: xltm, xltx, xlsm, xlsx
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN, DIMENSION, STRING, SHEET_DATA = (
    MAIN + t for t in ("row", "c", "v", "f", "is", "t", "r", "dimension", "si", "sheetData"))
COORD = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
CHUNK = 1 << 16
WHOLE_PART = 2 << 20  # a sheet part up to this size (unpacked) is parsed whole, a bigger one streamed

# Which number formats are dates (openpyxl.styles.numbers, the same rules): built-in ids and format codes.
BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
                 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0"}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_REFS: dict[str, tuple[int, int]] = {}  # the references seen, the same in every file of a card


def coordinate(ref: str) -> tuple[int, int]:
    """``"B12"`` → (12, 2); ValueError for anything else."""
    got = _REFS.get(ref)
    if got is None:
        m = COORD.fullmatch(ref) if isinstance(ref, str) else None
        if not m:
            raise ValueError(f"{ref!r} is not a cell reference")
        got = int(m.group(2)), column_number(m.group(1))
        if len(_REFS) < 100_000:
            _REFS[ref] = got
    return got


def text_content(el) -> str:
    """A string item's text (``<si>`` or ``<is>``): its ``t`` and its runs' ``t``, phonetic runs left out."""
    if len(el) == 1 and el[0].tag == TEXT:
        return el[0].text or ""
    plain, runs = None, []
    for child in el:
        name = local(child.tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            t = None
            for sub in child:
                if local(sub.tag) == "t":
                    t = sub.text
            if t is not None:
                runs.append(t)
    return (plain or "") + "".join(runs)


class Book:
    """A workbook's sheets (name → part, in order), date styles and shared strings, read within a
    :class:`~.xlsx_limits.Budget`."""

    def __init__(self, z: zipfile.ZipFile):
        self.z, self.budget = z, Budget()
        self.names = set(z.namelist())
        types = self._tree("[Content_Types].xml")
        overrides = [(e.get("PartName") or "", e.get("ContentType")) for e in types if local(e.tag) == "Override"]
        part = next((p for t in WORKBOOK_TYPES for p, ct in overrides if ct == t), None)
        if part is None:
            if not {e.get("ContentType") for e in types if local(e.tag) == "Default"} & set(WORKBOOK_TYPES):
                raise OSError("File contains no valid workbook part")
            part = "/xl/workbook.xml"
        self.sheets, self.epoch1904 = self._workbook(part[1:])
        self.dates, self.durations = self._styles()
        strings = next((p for p, ct in overrides if ct == STRINGS_TYPE), None)
        self.strings = self._strings(strings[1:]) if strings else []

    def _tree(self, part: str):
        """A part's XML tree, decompressed and parsed in chunks, each counted against the budget before it
        is parsed (so a tree never grows past the limits)."""
        parser = ET.XMLParser()
        with self.z.open(part) as fh:
            while chunk := fh.read(CHUNK):
                self.budget.chunk(chunk)
                parser.feed(chunk)
        return parser.close()

    def description(self) -> str:
        """The document's description (``docProps/core.xml``), where a card without ``_pingan`` names itself."""
        if "docProps/core.xml" not in self.names:
            return ""
        found = [e.text for e in self._tree("docProps/core.xml") if local(e.tag) == "description"]
        return (found[-1] if found else None) or ""

    def _workbook(self, part: str) -> tuple[list[tuple[str, str]], bool]:
        root = self._tree(part)
        pr = root.find(MAIN + "workbookPr")
        date1904 = pr is not None and pr.get("date1904") not in (None, "", "false", "f", "0")
        folder, name = posixpath.split(part)
        rels = {}
        for r in self._tree(posixpath.join(folder, "_rels", name + ".rels")):
            target = r.get("Target") or ""
            if r.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            rels[r.get("Id")] = (r.get("Type") or "", target)
        sheets = []
        for s in root.iterfind(f"{MAIN}sheets/{MAIN}sheet"):
            rid = s.get(DOC_REL + "id")
            if not rid:
                continue
            kind, target = rels[rid]
            if target in self.names and "chartsheet" not in kind:
                sheets.append((s.get("name") or "", target))
        return sheets, date1904

    def _styles(self) -> tuple[set[int], set[int]]:
        """The cell styles (indexes) whose number format is a date, and those that are a duration."""
        if "xl/styles.xml" not in self.names:
            return set(), set()
        root = self._tree("xl/styles.xml")
        custom = {int(f.get("numFmtId")): f.get("formatCode") or ""
                  for f in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")}
        dates, durations = set(), set()
        for i, xf in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
            num = int(xf.get("numFmtId", 0))
            code = (custom[num] if num in custom else BUILTIN_DATES.get(num, "")).split(";")[0]
            if _DATE.search(_STRIP.sub("", code)):
                dates.add(i)
            if _DURATION.search(code):
                durations.add(i)
        return dates, durations

    def _strings(self, part: str) -> list[str]:
        out = []
        for si in self._tree(part).iter(STRING):
            self.budget.string()
            out.append(text_content(si).replace("x005F_", ""))
        return out

    def cells(self, part: str) -> dict[tuple[int, int], Any]:
        """Every cell of a sheet that holds something, by (row, column). A used range (``<dimension>``)
        beyond the limits is refused after the cells, so a cell beyond them is named first."""
        cells: dict[tuple[int, int], Any] = {}
        shared: dict[str, Any] = {}
        whole = self.z.getinfo(part).file_size <= WHOLE_PART
        row_no, too_far = 0, None
        for el in (self._rows_whole if whole else self._rows_streamed)(part):
            if el.tag == ROW:
                row_no = self._row(el, row_no, cells, shared)
            elif too_far is None and self.budget.too_far(el.get("ref")):
                too_far = (el.get("ref") or "")[:40]
        if too_far:
            far(f"used range {too_far}")
        return cells

    def _rows_whole(self, part: str):
        """A sheet's ``<dimension>`` and ``<row>`` elements, the part parsed whole (the fastest way)."""
        root = self._tree(part)
        yield from root.iter(DIMENSION)
        yield from root.iter(ROW)

    def _rows_streamed(self, part: str):
        """The same, streamed: each row dropped once read, so a big sheet is held one row at a time."""
        parser: Any = ET.XMLPullParser(("start", "end"))  # its events are (str, Element); typeshed says less
        data: Any = None
        with self.z.open(part) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if chunk:
                    self.budget.chunk(chunk)
                    parser.feed(chunk)
                else:
                    parser.close()
                for event, el in parser.read_events():
                    if event == "start":
                        data = el if el.tag == SHEET_DATA else data
                    elif el.tag in (ROW, DIMENSION):
                        yield el
                        if data is not None and len(data) and data[0] is el:
                            del data[0]
                if not chunk:
                    return

    def _row(self, el, row_no: int, cells: dict, shared: dict) -> int:
        """One ``<row>``'s cells into ``cells``; its number."""
        row_no = _row_number(el.get("r"), row_no)
        col_no = 0
        self.budget.cells += len(el)
        self.budget.cell_count()
        value, known = self._value, _REFS
        for c in el:  # every child is taken for a cell, as openpyxl does
            ref = c.get("r")
            row, col_no = (known.get(ref) or coordinate(ref)) if ref else (row_no, col_no + 1)
            if row > MAX_ROWS or col_no > MAX_COLS:
                far(f"cell {ref.rstrip('0123456789') if ref else column_letter(col_no)}{row}")
            v = value(c, ref, shared)
            if v is not None:
                cells[(row, col_no)] = v
        return row_no

    def _value(self, c, ref: str | None, shared: dict):
        """A cell's value: its formula, inline string, or ``<v>`` read by its type ``t``."""
        kind = c.get("t", "n")
        if len(c) == 1:  # the usual cell: one child, looked at once
            child = c[0]
            if child.tag == FORMULA:
                return _formula(child, ref, shared)
            if kind == "inlineStr":
                return text_content(child) if child.tag == INLINE else None
            v = (child.text or None) if child.tag == VALUE else None
        else:
            f = c.find(FORMULA)
            if f is not None:
                return _formula(f, ref, shared)
            if kind == "inlineStr":
                s = c.find(INLINE)
                return None if s is None else text_content(s)
            v = c.findtext(VALUE) or None
        return None if v is None else self._typed(v, kind, c)

    def _typed(self, v: str, kind: str, c):
        if kind == "n":
            s = c.get("s", 0)
            return self._number(v, int(s) if s else s)
        if kind == "s":
            return self.strings[int(v)]
        if kind == "b":
            return bool(int(v))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(v)
        return v  # "str" (a formula's text result), "e" (an error such as #N/A)

    def _number(self, v: str, style):
        n = float(v) if "." in v or "E" in v or "e" in v else int(v)
        if style not in self.dates:
            return n
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel

        try:
            return from_excel(n, CALENDAR_MAC_1904 if self.epoch1904 else WINDOWS_EPOCH,
                              timedelta=style in self.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"


def _row_number(r: str | None, previous: int) -> int:
    if r is None:
        return previous + 1
    try:
        return int(r)
    except ValueError:
        x = float(r)
        if not x.is_integer():
            raise ValueError(f"{r} is not a valid row number") from None
        return int(x)


def _formula(f, ref: str | None, shared: dict) -> str:
    """A cell's formula as ``"=…"``; a shared formula's other cells get it translated to their place."""
    text = "=" + (f.text or "")
    if f.get("t") == "shared":
        key = f.get("si")
        if key in shared:
            return shared[key].translate_formula(ref)
        if text != "=":
            from openpyxl.formula.translate import Translator

            shared[key] = Translator(text, ref)
    return text
