"""Hostile and awkward submissions for tests/test_hostile_submissions.py: the files a batch holds and
what ``pingan collect`` must say of each."""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import resultset
from conftest import FIXTURES
from generator.checks.project import load
from generator.scoring.plan import plan_of

PROJECT = FIXTURES / "scoring"
STATUS = ("accepted", "unchanged", "rejected", "skipped")


def good(rules, unit: str, period: str = "2026", **change) -> dict:
    values = {**resultset.full_fill(plan_of(rules), ["self"]), "header--unit": unit, "header--period": period}
    values.update(change)
    return values


def export(rules, values: dict) -> bytes:
    return json.dumps({"format": resultset.FORMAT, "card": rules.id, "edition": str(rules.edition), "lang": "zh",
                       "values": values}, ensure_ascii=False, indent=1).encode("utf-8")


def csv_text(rules, values: dict) -> str:
    return resultset.export_csv(rules, values).decode("utf-8-sig")


def minimal_pdf(subject: str, self_reference: bool = False, password: str = "") -> bytes:
    """A small PDF with one form field, as a crafted file would be (its field tree may loop)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    field = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("rules-t1-c1--self"), V=pikepdf.String("5"),
                                                 FT=pikepdf.Name("/Tx")))
    if self_reference:
        field.Kids = pikepdf.Array([field])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    pdf.docinfo["/Subject"] = subject
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner=password, user=password) if password else False)
    return out.getvalue()


def far_cell(xlsx: bytes) -> bytes:
    """The workbook with one cell typed at XFD1048576 (the last cell of a sheet): the file stays small."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                                                     b'</is></c></row></sheetData>')
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            z.writestr(info, data)
    return out.getvalue()


def hostile_files(folder: Path, rules) -> dict[str, tuple[str, list[str]]]:
    """file name → (status, fragments its lines must hold): the good files and every hostile one."""
    folder.mkdir()
    std = load(PROJECT).standards
    w = lambda name, data: (folder / name).write_bytes(data)  # noqa: E731
    out = {}
    w("good-a.json", export(rules, good(rules, "甲镇")))
    out["good-a.json"] = ("accepted", ["unit “甲镇”", "(json, UTF-8)"])
    w("good-fullwidth.json", export(rules, good(rules, "乙镇", **{"rules-t1-c1--self": "５"})))
    out["good-fullwidth.json"] = ("accepted", ["unit “乙镇”"])
    w("wps-gbk.csv", csv_text(rules, good(rules, "丙镇")).encode("gbk"))
    out["wps-gbk.csv"] = ("accepted", ["unit “丙镇”", "(csv, GB18030)"])
    w("excel-utf16.csv", csv_text(rules, good(rules, "丁镇")).encode("utf-16"))
    out["excel-utf16.csv"] = ("accepted", ["unit “丁镇”", "(csv, UTF-16)"])
    w("good-escape-unit.json", export(rules, good(rules, "\x1b[2J\x1b[31m戊镇\u202e")))
    out["good-escape-unit.json"] = ("accepted", ["unit “[2J[31m戊镇”"])  # controls and bidi marks removed
    out.update(_bad_values(w, rules))
    out.update(_crafted(w, rules, std))
    out.update(_not_cards(folder, w))
    return out


def _bad_values(w, rules) -> dict[str, tuple[str, list[str]]]:
    out = {}
    w("count-400-digits.json", export(rules, good(rules, "己镇", **{"rules-t1-c3--self": "9" * 400})))
    out["count-400-digits.json"] = ("rejected", ["rules-t1-c3--self: 999", "more occurrences than this card allows "
                                                 "(0–10,000)"])
    w("figure-400-digits.json", export(rules, good(rules, "庚镇", **{"rules-t2-c1--self": "9" * 400})))
    out["figure-400-digits.json"] = ("rejected", ["rules-t2-c1--self:", "outside the figure's range"])
    w("escape-in-value.json", export(rules, good(rules, "辛镇", **{"rules-t1-c1--self": "\x1b]0;pwned\x07"})))
    out["escape-in-value.json"] = ("rejected", ["'\\x1b]0;pwned\\x07' is not a number"])
    w("duplicate-card.json", export(rules, good(rules, "壬镇")).replace(b'"card": "rules"', b'"card": "rules", '
                                                                                           b'"card": "flat"'))
    out["duplicate-card.json"] = ("rejected", ["card: is written more than once (twice on line 3)"])
    w("duplicate-unit.csv", csv_text(rules, good(rules, "癸镇")).replace("header--unit,癸镇", "header--unit,癸镇\r\n"
                                                                          "header--unit,子镇").encode("utf-8"))
    out["duplicate-unit.csv"] = ("rejected", ["header--unit: is written more than once (lines 21 and 22)"])
    w("deep.json", b'{"format": "pingan-scorecard/1", "values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    out["deep.json"] = ("rejected", ["nested too deeply"])
    w("lone-surrogate.json", export(rules, good(rules, "丑镇")).replace("丑镇".encode(), b"\\ud800"))
    out["lone-surrogate.json"] = ("rejected", ["header--unit: holds a character that is not text"])
    w("binary.csv", bytes(range(256)) * 4)
    out["binary.csv"] = ("rejected", ["not text in UTF-8, UTF-16 or GB18030"])
    return out


def _crafted(w, rules, std) -> dict[str, tuple[str, list[str]]]:
    from generator.render.xlsx import workbook

    out = {}
    subject = f"{resultset.FORMAT} rules {rules.edition} zh"
    w("self-reference.pdf", minimal_pdf(subject, self_reference=True))
    out["self-reference.pdf"] = ("rejected", ["form field 'rules-t1-c1--self", "refers to itself"])
    w("truncated.pdf", minimal_pdf(subject)[:300] + b"\n%%EOF\n")
    out["truncated.pdf"] = ("rejected", ["not a readable PDF ("])
    w("password.pdf", minimal_pdf(subject, password="secret"))
    out["password.pdf"] = ("rejected", ["protected by a password"])
    w("far-cell.xlsx", far_cell(workbook(std, rules, "zh")))
    out["far-cell.xlsx"] = ("rejected", ["refused unread: a sheet reaches", "XFD1048576"])
    name = "fake\naccepted   evil.json"
    w(name, export(rules, good(rules, "寅镇", **{"rules-t1-c1--self": "abc"})))
    out[name] = ("rejected", ["fake\\naccepted   evil.json': rules-t1-c1--self: 'abc' is not a number"])
    return out


def _not_cards(folder: Path, w) -> dict[str, tuple[str, list[str]]]:
    out = {}
    (folder / "broken-link.json").symlink_to(folder / "does-not-exist.json")
    out["broken-link.json"] = ("skipped", ["a broken symbolic link"])
    os.mkfifo(folder / "pipe.json")
    out["pipe.json"] = ("skipped", ["a named pipe (FIFO)"])
    (folder / "device.json").symlink_to("/dev/zero")
    out["device.json"] = ("skipped", ["a symbolic link to a device"])
    w("notes.txt", b"hello")
    out["notes.txt"] = ("skipped", ["not a filled card by its name"])
    w("~$good-a.xlsx", b"lock")
    out["~$good-a.xlsx"] = ("skipped", ["an office lock file"])
    (folder / "loop").symlink_to(folder)
    out["loop"] = ("skipped", ["a symbolic link to a folder (not followed)"])
    return out


def lines_by_file(stdout: str) -> dict[str, list[str]]:
    """Shown file name → its lines; every line of the listing starts with a status word."""
    out: dict[str, list[str]] = {}
    for line in stdout.splitlines()[:-1]:
        status, rest = line.split(None, 1)
        assert status in STATUS, line
        name = rest[1:].split("': ", 1)[0] if rest.startswith("'") else rest.split(": ", 1)[0]
        out.setdefault(name.rsplit("/", 1)[-1], []).append(line)
    return out
