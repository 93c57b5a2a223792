"""Read a filled scorecard XLSX (as :mod:`generator.render.xlsx` writes it, filled in any office suite).

``read_xlsx(data) -> {"card", "edition", "lang", "values", "header", "problems"}``: ``values`` maps
every filled input's field name (``<item id>--<column id>``, and ``<criterion id>--notes``) to the
text as typed (numbers without a trailing ``.0``, words as typed); ``header`` holds unit, period,
filled-by and date; ``problems`` is a list of (field or cell, message). Only cell VALUES are read:
formulas and cached results never count — the engine scores the values. Inputs are found by their
row's item id (last column) and the hidden row of column ids, so moved rows are still read; the
hidden sheet ``_pingan`` says which card it is and lists every formula cell with its digest, so a
formula overwritten or changed is reported. Files over 20 MB, or whose zip would unpack to more
than 100 MB (a zip bomb), are refused before anything is unpacked.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200  # one part compressed more than this is a zip bomb too
MAX_PARTS = 5000
FORMAT = "pingan-scorecard/1"
META = "_pingan"
HEADER = ("unit", "period", "filled-by", "date")
_DROP = str.maketrans("", "", " $'")


def digest(formula: str) -> str:
    """A formula's fingerprint, blind to what office suites rewrite on saving (quotes, $, spaces, case)."""
    parts = formula.lstrip("=").split('"')  # even parts are outside string literals
    text = '"'.join(p if i % 2 else p.upper().translate(_DROP) for i, p in enumerate(parts))
    return hashlib.sha256(text.removeprefix("_XLFN.").encode()).hexdigest()[:16]


def text_of(v) -> str:
    """A cell's value as the person typed it."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return "" if v is None else str(v)


def _too_big(data: bytes) -> str | None:
    if len(data) > MAX_BYTES:
        return f"the file is {len(data) / 2**20:.1f} MB: over the 20 MB a scorecard may have"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "not an XLSX workbook (not a zip file, or a damaged or truncated one)"
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS:
        return f"the workbook holds {len(infos)} parts (at most {MAX_PARTS}): refused unread"
    if unpacked > MAX_UNPACKED or any(i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        return (f"the workbook would unpack to {unpacked / 2**20:.0f} MB (limits: 100 MB, {MAX_RATIO}× per part): "
                f"refused as a zip bomb")
    return None


def _meta(wb) -> dict | None:
    if META not in wb.sheetnames:
        return None
    m = {"fields": {}, "rows": set(), "formulas": []}
    for row in wb[META].iter_rows(values_only=True):
        key, rest = row[0], [text_of(x) for x in row[1:]]
        if key == "field":
            m["fields"][rest[0]] = (rest[1], rest[2])
        elif key == "row":
            m["rows"].add(rest[0])
        elif key == "formula":
            m["formulas"].append((rest[0], rest[1], rest[2]))
        elif key:
            m[key] = rest[0]
    return m


def _from_properties(wb) -> dict:
    """card, edition and lang from the document's comments (when ``_pingan`` is missing)."""
    words = (wb.properties.description or "").split()
    return dict(w.split("=", 1) for w in words if "=" in w)


class Reader:
    def __init__(self, wb, meta: dict | None, problems: list):
        self.wb, self.meta, self.problems = wb, meta, problems
        name = (meta or {}).get("sheet") or wb.sheetnames[0]
        self.ws = wb[name] if name in wb.sheetnames else wb.worksheets[0]
        self.idcol = self.ws.max_column
        self.ids: dict[str, int] = {}
        for r in range(1, self.ws.max_row + 1):
            v = self.ws.cell(r, self.idcol).value
            if isinstance(v, str) and v.strip():
                self.ids.setdefault(v.strip(), r)
        hidden = self.ids.get("id")
        self.cols = {} if hidden is None else {
            text_of(self.ws.cell(hidden, c).value): c for c in range(1, self.idcol)
            if self.ws.cell(hidden, c).value is not None}

    def where(self, field: str) -> tuple[int, int] | None:
        item, _, col = field.rpartition("--")
        if item in self.ids and col in self.cols:
            return self.ids[item], self.cols[col]
        return None

    def cell_name(self, sheet: str, addr: str) -> str:
        if sheet != self.ws.title:
            return f"{sheet}!{addr}"
        c = self.ws[addr]
        rid = text_of(self.ws.cell(c.row, self.idcol).value)
        col = next((k for k, v in self.cols.items() if v == c.column), "")
        return f"{rid}--{col}" if rid and col else f"{sheet}!{addr}"

    def value(self, field: str, at: tuple[int, int]) -> str | None:
        v = self.ws.cell(*at).value
        if isinstance(v, str) and v.startswith("="):
            self.problems.append((field, f"a formula ({v[:40]}) in an input cell: type the value instead"))
            return None
        t = text_of(v)
        return t if t.strip() else None

    def fields(self) -> list[str]:
        if self.meta:
            return [f for f, (_, kind) in self.meta["fields"].items() if not f.startswith("header--")]
        out = []
        for rid, r in self.ids.items():
            if rid == "id" or rid.startswith(("total--", "grade--")):
                continue
            out += [f"{rid}--{col}" for col in self.cols if col != "id"]
        return out

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.fields():
            at = self.where(f)
            if at is None:
                self.problems.append((f, "its row or column is missing from the sheet"))
                continue
            v = self.value(f, at)
            if v is not None:
                out[f] = v
        return out

    def header(self) -> dict[str, str]:
        fields = (self.meta or {}).get("fields", {})
        out = {}
        for h in HEADER:
            addr = fields.get(f"header--{h}", ("",))[0]
            out[h] = text_of(self.ws[addr].value).strip() if addr else ""
        return out

    def check(self) -> None:
        if not self.meta:
            return
        head = self.ids.get("id", 0) + 1  # the hidden row of column ids, then the header row
        for rid, r in self.ids.items():
            if r > head and rid not in self.meta["rows"]:
                self.problems.append((f"{self.ws.title}!{self.ws.cell(r, self.idcol).coordinate}",
                                      f"unknown row id '{rid}'"))
        for sheet, addr, dig in self.meta["formulas"]:
            self.formula(sheet, addr, dig)

    def formula(self, sheet: str, addr: str, dig: str) -> None:
        if sheet not in self.wb.sheetnames:
            self.problems.append((sheet, "a sheet of the card's formulas is missing"))
            return
        v = self.wb[sheet][addr].value
        where = self.cell_name(sheet, addr)
        if not (isinstance(v, str) and v.startswith("=")):
            what = "deleted" if v is None else f"overwritten with the constant {text_of(v)!r}"
            self.problems.append((where, f"formula {what}: totals must be computed, not typed"))
        elif digest(v) != dig:
            self.problems.append((where, f"formula changed ({v[:60]})"))


def read_xlsx(data: bytes) -> dict:
    """What a filled scorecard XLSX holds (see the module's docstring)."""
    out = {"card": None, "edition": None, "lang": None, "values": {}, "header": {h: "" for h in HEADER},
           "problems": []}
    refused = _too_big(data)
    if refused:
        out["problems"].append(("file", refused))
        return out
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        out["problems"].append(("file", f"not a readable XLSX workbook ({type(e).__name__}: {e})"))
        return out
    meta = _meta(wb)
    if meta is None:
        out["problems"].append((META, "the hidden sheet _pingan (card, edition, map of the cells) is missing"))
    elif meta.get("format") != FORMAT:
        out["problems"].append((META, f"format {meta.get('format')!r} is not {FORMAT}"))
    ident = meta or _from_properties(wb)
    out.update(card=ident.get("card"), edition=ident.get("edition"), lang=ident.get("lang"))
    r = Reader(wb, meta, out["problems"])
    out["values"] = r.values()
    out["header"] = r.header()
    r.check()
    return out
