"""Read a filled scorecard in any format the project emits: the form's JSON and CSV exports, a PDF
filled in any viewer (AcroForm values) and an XLSX (:mod:`.read_xlsx`).

Every reader returns a :class:`Filled`: which card and edition the file says it is, the header
(unit, period, …) and every other field's text exactly as typed. Nothing is scored here and nothing
is trusted: :mod:`.score` checks the fields against the card's plan.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "pingan-scorecard/1"
MAX_BYTES = 20 * 1024 * 1024
HEADER = ("unit", "period", "filled-by", "date")


@dataclass
class Filled:
    file: str
    format: str  # json | csv | pdf | xlsx
    card: str = ""
    edition: str = ""
    lang: str = ""
    values: dict[str, str] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field or "", message)


def _split(filled: Filled, values: dict) -> Filled:
    for k, v in values.items():
        if not isinstance(k, str) or isinstance(v, (dict, list)):
            filled.problems.append((str(k), "is not a field name with a text value"))
            continue
        text = "" if v is None else str(v) if not isinstance(v, float) else f"{v:g}"
        if k.startswith("header--") and k[8:] in HEADER:
            filled.header[k[8:]] = text
        elif text.strip() != "":
            filled.values[k] = text
    return filled


def read_json(name: str, data: bytes) -> Filled:
    f = Filled(name, "json")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        f.problems.append(("", f"not a JSON export of a scorecard ({e.__class__.__name__}: {e})"))
        return f
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("values"), dict):
        f.problems.append(("", f"not a scorecard export (expected \"format\": \"{FORMAT}\" and \"values\")"))
        return f
    f.card, f.edition, f.lang = str(doc.get("card", "")), str(doc.get("edition", "")), str(doc.get("lang", ""))
    return _split(f, doc["values"])


def read_csv(name: str, data: bytes) -> Filled:
    f = Filled(name, "csv")
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as e:
        f.problems.append(("", f"not a CSV export of a scorecard ({e})"))
        return f
    if not rows or rows[0][:2] != ["field", "value"]:
        f.problems.append(("", "not a CSV export of a scorecard (the first line must be: field,value)"))
        return f
    meta, values = {}, {}
    for i, r in enumerate(rows[1:], 2):
        if len(r) != 2:
            if any(c.strip() for c in r):
                f.problems.append((f"line {i}", f"expected 2 cells (field,value), found {len(r)}"))
            continue
        (meta if r[0] in ("format", "card", "edition", "lang") else values)[r[0]] = r[1]
    if meta.get("format") != FORMAT:
        f.problems.append(("format", f"not a scorecard export (format must be {FORMAT})"))
        return f
    f.card, f.edition, f.lang = meta.get("card", ""), meta.get("edition", ""), meta.get("lang", "")
    return _split(f, values)


def _pdf_fields(pdf) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(node, prefix: str) -> None:
        name = str(node.get("/T", "")) if "/T" in node else ""
        full = f"{prefix}.{name}" if prefix and name else name or prefix
        for kid in node.get("/Kids", []):
            walk(kid, full)
        if "/V" in node and full:
            v = node["/V"]
            text = str(v)
            out[full] = text[1:] if text.startswith("/") else text  # a checkbox's value is a name
    for f in pdf.Root.AcroForm.get("/Fields", []):
        walk(f, "")
    return out


def read_pdf(name: str, data: bytes) -> Filled:
    import pikepdf

    f = Filled(name, "pdf")
    if b"%%EOF" not in data[-2048:]:
        f.problems.append(("", "a truncated PDF (it does not end with %%EOF): ask for the whole file"))
        return f
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            subject = str(pdf.docinfo.get("/Subject", ""))
            fields = _pdf_fields(pdf) if "/AcroForm" in pdf.Root else {}
    except (pikepdf.PdfError, ValueError) as e:
        f.problems.append(("", f"not a readable PDF ({e})"))
        return f
    parts = subject.split()
    if len(parts) != 4 or parts[0] != FORMAT:
        f.problems.append(("", "not a scorecard PDF of this project (its Subject does not name a card)"))
        return f
    f.card, f.edition, f.lang = parts[1], parts[2], parts[3]
    values = {k: v for k, v in fields.items() if not k.startswith(("total--", "grade--"))}
    return _split(f, values)


def read_xlsx_file(name: str, data: bytes) -> Filled:
    from .read_xlsx import read_xlsx

    got = read_xlsx(data)
    f = Filled(name, "xlsx", str(got.get("card", "")), str(got.get("edition", "")), str(got.get("lang", "")))
    f.problems.extend(got.get("problems", []))
    _split(f, got.get("values", {}))
    f.header.update({k: str(v) for k, v in (got.get("header") or {}).items() if v not in (None, "")})
    return f


def read_bytes(name: str, data: bytes) -> Filled:
    """The filled card in ``data`` (``name`` is only reported), its format told by its content."""
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"%PDF"):
        return read_pdf(name, data)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx_file(name, data)
    if head.startswith(b"{"):
        return read_json(name, data)
    return read_csv(name, data)


def read_limited(path: Path) -> tuple[bytes | None, Filled | None]:
    """A file's bytes, or (None, why it is not read): too big for a filled card, or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Filled(str(path), "?", problems=[("", f"refused unread: {size / 2**20:,.0f} MB is over "
                                                                f"the {MAX_BYTES // 2**20} MB limit of a filled card")])
        return path.read_bytes(), None
    except OSError as e:
        return None, Filled(str(path), "?", problems=[("", f"cannot read the file: {e.strerror or e}")])


def read_file(path: Path) -> Filled:
    """Read one file; a file that cannot be read at all is a :class:`Filled` with a problem."""
    data, refused = read_limited(path)
    return refused or read_bytes(str(path), data)
