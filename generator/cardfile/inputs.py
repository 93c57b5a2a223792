"""Read a filled scorecard in any format the project emits: the form's JSON and CSV exports, a PDF
filled in any viewer (AcroForm values, :mod:`.read_pdf`) and an XLSX (:mod:`.read_xlsx`).

Every reader returns a :class:`Filled`: which card and edition the file says it is, the header
(unit, period, …) and every other field's text exactly as typed. Nothing is scored here and nothing
is trusted: :mod:`.score` checks the fields against the card's plan. A text file is read in the
encoding an office saved it in (:func:`decode`); a key written twice is a problem, never a guess.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .contract import FORMAT_ID as FORMAT, IDENTITY, header_name
from .untrusted import clip

MAX_BYTES = 20 * 1024 * 1024


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
    encoding: str = ""  # a text file's: UTF-8, UTF-16 or GB18030


def split(filled: Filled, values: dict) -> Filled:
    """Header fields apart, blank values dropped, every value as text."""
    for k, v in values.items():
        if not isinstance(k, str) or isinstance(v, (dict, list)):
            filled.problems.append((clip(k), "is not a field name with a text value"))
            continue
        text = "" if v is None else str(v) if not isinstance(v, float) else f"{v:g}"
        header = header_name(k)
        if header:
            filled.header[header] = text
        elif text.strip() != "":
            filled.values[k] = text
    return filled


def decode(data: bytes) -> tuple[str, str]:
    """A text file's text and its encoding, as offices save it: UTF-8 (with or without BOM), UTF-16 (by its
    BOM: Excel's "Unicode text"), else GB18030 (WPS and Chinese Windows save CSV in GBK, which it includes).
    Raises ValueError with the problem's message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ValueError("starts like UTF-16 (a byte-order mark) but is not UTF-16 text") from None
    for codec, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\0" in text:
            raise ValueError("holds NUL characters (UTF-16 without a byte-order mark?): save it as UTF-8")
        return text, label
    raise ValueError("not text in UTF-8, UTF-16 or GB18030: save it as UTF-8 (CSV UTF-8 in Excel or WPS)")


def _lines(text: str, key: str) -> list[int]:
    """The lines on which a JSON key is written (as the export writes keys: plain, or \\u-escaped)."""
    spelled = {json.dumps(key, ensure_ascii=False), json.dumps(key)}
    return sorted({text.count("\n", 0, m.start()) + 1 for s in spelled
                   for m in re.finditer(re.escape(s) + r"\s*:", text)})


def _duplicates(found: list[str]):
    def hook(pairs):
        seen = set()
        for k, _ in pairs:
            if k in seen:
                found.append(k)
            seen.add(k)
        return dict(pairs)
    return hook


def _not_text(doc) -> str | None:
    """The first key or string in a JSON document that cannot be stored as text (JSON's \\ud800 escapes
    can make a lone surrogate), or None."""
    stack = [doc]
    while stack:
        x = stack.pop()
        items = list(x.items()) if isinstance(x, dict) else [(None, v) for v in x] if isinstance(x, list) else []
        for k, v in items:
            for s in (k, v):
                if isinstance(s, str) and not s.isascii():
                    try:
                        s.encode("utf-8")
                    except UnicodeEncodeError:
                        return k if isinstance(k, str) and s is v else s
            if isinstance(v, (dict, list)):
                stack.append(v)
    return None


def read_json(name: str, text: str, encoding: str = "UTF-8") -> Filled:
    f = Filled(name, "json", encoding=encoding)
    dups: list[str] = []
    try:
        doc = json.loads(text, object_pairs_hook=_duplicates(dups))
    except RecursionError:
        f.problems.append(("", "not a JSON export of a scorecard (nested too deeply)"))
        return f
    except ValueError as e:
        f.problems.append(("", f"not a JSON export of a scorecard ({e.__class__.__name__}: {clip(e, 120)})"))
        return f
    for k in dict.fromkeys(dups):
        at = _lines(text, k)
        where = f"lines {', '.join(map(str, at))}" if len(at) > 1 else f"twice on line {at[0]}" if at else "twice"
        f.problems.append((clip(k), f"is written more than once ({where}): which value is meant? keep one"))
    bad = _not_text(doc)
    if bad is not None:
        f.problems.append((clip(bad.encode("utf-8", "backslashreplace").decode()), "holds a character that is not "
                           "text (a lone UTF-16 surrogate written as \\ud8xx): a damaged or crafted file"))
    if f.problems:
        return f
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("values"), dict):
        f.problems.append(("", f"not a scorecard export (expected \"format\": \"{FORMAT}\" and \"values\")"))
        return f
    f.card, f.edition, f.lang = str(doc.get("card", "")), str(doc.get("edition", "")), str(doc.get("lang", ""))
    return split(f, doc["values"])


def read_csv(name: str, text: str, encoding: str = "UTF-8") -> Filled:
    f = Filled(name, "csv", encoding=encoding)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        f.problems.append(("", f"not a CSV export of a scorecard ({clip(e, 120)})"))
        return f
    if not rows or rows[0][:2] != ["field", "value"]:
        f.problems.append(("", "not a CSV export of a scorecard (the first line must be: field,value)"))
        return f
    meta: dict[str, str] = {}
    values: dict[str, str] = {}
    first: dict[str, int] = {}  # field → the line it is first written on
    for i, r in enumerate(rows[1:], 2):
        if len(r) != 2:
            if any(c.strip() for c in r):
                f.problems.append((f"line {i}", f"expected 2 cells (field,value), found {len(r)}"))
            continue
        if r[0] in first:
            f.problems.append((clip(r[0]), f"is written more than once (lines {first[r[0]]} and {i}): which value "
                                           f"is meant? keep one"))
        first.setdefault(r[0], i)
        (meta if r[0] in IDENTITY else values)[r[0]] = r[1]
    if meta.get("format") != FORMAT:
        f.problems.append(("format", f"not a scorecard export (format must be {FORMAT})"))
        return f
    f.card, f.edition, f.lang = meta.get("card", ""), meta.get("edition", ""), meta.get("lang", "")
    return split(f, values)


def read_xlsx_file(name: str, data: bytes) -> Filled:
    from .read_xlsx import read_xlsx

    got = read_xlsx(data)
    f = Filled(name, "xlsx", str(got.get("card") or ""), str(got.get("edition") or ""), str(got.get("lang") or ""))
    f.problems.extend(got.get("problems", []))
    split(f, got.get("values", {}))
    f.header.update({k: str(v) for k, v in (got.get("header") or {}).items() if v not in (None, "")})
    return f


def read_bytes(name: str, data: bytes) -> Filled:
    """The filled card in ``data`` (``name`` is only reported), its format told by its content."""
    from .read_pdf import read_pdf

    if data.startswith(b"%PDF"):
        return read_pdf(name, data)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx_file(name, data)
    try:
        text, encoding = decode(data)
    except ValueError as e:
        return Filled(name, "?", problems=[("", str(e))])
    if text.lstrip(" \t\r\n").startswith("{"):
        return read_json(name, text, encoding)
    return read_csv(name, text, encoding)


def read_limited(path: Path) -> tuple[bytes | None, Filled | None]:
    """A file's bytes, or (None, why it is not read): too big for a filled card, or unreadable. A file
    that is not a regular one (a pipe such as /dev/stdin named on the command line) is read up to the limit."""
    too_big = f"the {MAX_BYTES // 2**20} MB limit of a filled card"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Filled(str(path), "?", problems=[("", f"refused unread: {size / 2**20:,.0f} MB is over "
                                                                f"{too_big}")])
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None, Filled(str(path), "?", problems=[("", f"refused: it goes on past {too_big}")])
        return data, None
    except OSError as e:
        return None, Filled(str(path), "?", problems=[("", f"cannot read the file: {e.strerror or e}")])


def read_file(path: Path) -> Filled:
    """Read one file; a file that cannot be read at all is a :class:`Filled` with a problem."""
    data, refused = read_limited(path)
    if refused is not None:
        return refused
    assert data is not None  # read_limited gives the bytes whenever it does not refuse
    return read_bytes(str(path), data)
