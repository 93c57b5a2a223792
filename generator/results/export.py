"""A ranking as text, JSON and CSV, and every output of ``pingan results -o DIR``.

Units, periods and notes come from the submitted files: untrusted. In CSV a text starting with
``= + - @`` (or a tab / carriage return) is prefixed with ``'`` so that no spreadsheet runs it.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from ..cardfile.untrusted import shown

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet shows as typed: numbers as numbers, formula-like text quoted."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def public(r: dict) -> dict:
    """The JSON of one report: ``{"card", "period", "ranking": [{"unit", "rank", "final", "final_column",
    "status", "columns", …}], "awaiting_review": [{"unit", "status", "columns"}], "missing", "conflicts",
    "signed_off"}`` with the vetoes' reasons, the evidence, the review gap and year on year."""
    return {"card": r["card"], "period": r["period"], "edition": r["edition"], "ties": r["ties"],
            "final_column": r["final_column"], "provisional": r["provisional"],
            "columns": [{"id": c["id"], "role": c["role"]} for c in r["columns"]],
            "ranking": [{"unit": x["unit"], "rank": x["rank"], "final": x["final"], "final_column": x["final_column"],
                         "status": x["status"], "columns": x["columns"], "provisional": x["provisional"],
                         "reviewed_by": x["reviewed_by"], "grade": x["grade"], "vetoed": x["vetoed"],
                         "reviewed": x["reviewed"], "vetoes": x["vetoes"], "files": x["files"],
                         "evidence": x["evidence"]} for x in r["ranking"]],
            "awaiting_review": r["awaiting_review"], "conflicts": r["conflicts"], "altered": r["altered"],
            **({"missing": r["missing"], "not_on_roster": r["not_on_roster"]} if r["missing"] is not None else {}),
            "signed_off": r["signed_off"], "audit": r["audit"],
            "review_gap": r["gap"], "year_on_year": r["yoy"]}


def to_json(reports: list[dict]) -> str:
    docs = [public(r) for r in reports]
    return json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2) + "\n"


def to_csv(r: dict) -> str:
    """The ranked units, then those awaiting review (no rank, their status says why); a provisional row
    (ranked on an earlier stage than the final column) says so in its own column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    cols = [c["id"] for c in r["columns"]]
    w.writerow(["card", "period", "rank", "unit", "status", "provisional", "final", "final_column", "grade", "vetoed",
                "vetoes", *cols])
    for x in r["ranking"]:
        w.writerow([safe_cell(v) for v in (r["card"], r["period"], x["rank"], x["unit"], x["status"],
                                           "provisional" if x["provisional"] else "", x["final"], x["final_column"],
                                           x["grade"] or "", "yes" if x["vetoed"] else "",
                                           "; ".join(v["text"]["zh"] for v in x["vetoes"]),
                                           *[x["columns"].get(c, "") for c in cols])])
    for x in r["awaiting_review"]:
        w.writerow([safe_cell(v) for v in (r["card"], r["period"], "", x["unit"], x["status"], "", "", "", "", "", "",
                                           *[x["columns"].get(c, "") for c in cols])])
    return "\ufeff" + buf.getvalue()  # a BOM: Excel then reads the Chinese as UTF-8


def to_text(r: dict) -> str:
    """The ranking for a terminal: units and periods were typed by people, so each is :func:`shown`."""
    cols = [c["id"] for c in r["columns"]]
    lines = [f"{r['card']} “{shown(r['title']['zh'])}” — period {shown(r['period'])} (edition {shown(r['edition'])}), "
             f"{len(r['ranking'])} units, ties: {r['ties'].get('ties')}"
             + (f" by {r['ties']['domain']}" if r["ties"].get("domain") else ""),
             f"{'rank':>4}  {'final':>7}  {'grade':10} " + " ".join(f"{c:>14}" for c in cols) + "  unit"]
    for x in r["ranking"]:
        vals = " ".join(f"{x['columns'][c]:>14g}" if c in x["columns"] else f"{'—':>14}" for c in cols)
        veto = f"  veto: {', '.join(v['id'] for v in x['vetoes'])}" if x["vetoed"] else ""
        mark = f"  PROVISIONAL ({x['final_column']}, not {r['final_column']})" if x["provisional"] else ""
        lines.append(f"{x['rank']:>4}  {x['final']:>7g}  {x['grade'] or '—':10} {vals}  {shown(x['unit'])} "
                     f"[{x['status']}]{veto}{mark}")
    lines += cycle_lines(r)
    lost = r["gap"]["lost"][:5]
    if lost:
        lines.append("criteria lost most often: " + ", ".join(f"{c['id']} ({c['units']} units, {c['lost']:g} pts)"
                                                              for c in lost))
    y = r["yoy"]
    if y:
        lines.append(f"since {shown(y['previous'])}: " + ", ".join(f"{shown(u['unit'])} {u['change']:+g}"
                                                                   for u in y["units"]))
        lines += [f"  {c['change']} {c['id']}" + (f" {c.get('old', '')}→{c.get('new', '')}" if c["change"] in
                                                   ("re-pointed", "moved") else "") for c in y["changes"]]
    return "\n".join(lines) + "\n"


def cycle_lines(r: dict) -> list[str]:
    """Below the ranking: who awaits review (with the self score), the conflicts, who is missing, the sign-off."""
    out = []
    if r["awaiting_review"]:
        out.append(f"awaiting review ({r['final_column']} not counted yet; not ranked):")
        out += [f"      self {x['self'] if x['self'] is not None else '—':>7}  {shown(x['unit'])} [{x['status']}"
                + (f" by {x['reviewed_by']}" if x["reviewed_by"] else "") + "]" for x in r["awaiting_review"]]
    for c in r["conflicts"]:
        vs = "; ".join(f"#{v['submission']} {shown(v['file'])} {v['total']:g} (revision {v['revision']}, "
                       f"{shown(v['filler']) or 'no filler'}, {v['date'] or 'undated'})" for v in c["versions"])
        out.append(f"conflict: {shown(c['unit'])} {c['column']}: {vs} — settle: pingan collect --accept FILE")
    for a in r["altered"]:
        vs = "; ".join(f"#{v['submission']} {shown(v['file'])} {v['total']:g} ({shown(v['filler']) or 'no filler'})"
                       for v in a["copies"])
        out.append(f"altered copy, not counted: {shown(a['unit'])} {a['column']}: {vs}")
    if r["missing"] is not None:
        out.append(f"missing (on the roster, nothing received): {', '.join(map(shown, r['missing'])) or 'none'}")
    so = r["signed_off"]
    out.append(f"signed off {so['at']} checksum {so['checksum']}" if so else "not signed off")
    return out


def print_results(reports: list[dict], fmt: str) -> str:
    if fmt == "json":
        return to_json(reports)
    return "\n".join(to_text(r) for r in reports)


def stem(r: dict) -> str:
    """A file name for one card and period, collision-free: the period is typed by people, so only its
    safe characters are kept, and a short hash of the exact card and period tells apart periods that
    differ only in what was dropped (``2026/1``, ``2026 1`` and ``2026:1`` get three files)."""
    period = r["period"]
    safe = re.sub(r"[^\w.-]+", "_", period, flags=re.UNICODE).strip("._-")[:40] or "period"
    tag = hashlib.sha256(f"{r['card']}\0{period}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{r['card']}-{safe}-{tag}"


def write_report(r: dict, out: Path, which: str, progress: Callable[..., None] = lambda *_: None) -> list[Path]:
    """One card and period: the report in both languages, XLSX, CSV, JSON, and its feedback sheets."""
    from .report_html import to_html
    from .report_xlsx import to_xlsx

    progress(f"{r['card']} {r['period']} ({which}): reports, {len(r['ranking'])} units ranked", True)
    base = out / stem(r)
    written = []
    html = [(f".{lang}.html", to_html(r, lang).encode("utf-8")) for lang in ("zh", "en")]  # one per language
    for suffix, data in (*html, (".xlsx", to_xlsx(r)), (".csv", to_csv(r).encode("utf-8")),
                         (".json", to_json([r]).encode("utf-8"))):
        p = base.with_name(base.name + suffix)
        p.write_bytes(data)
        written.append(p)
    return written + write_feedback(r, out / "feedback", progress)


def write_feedback(r: dict, out: Path, progress: Callable[..., None] = lambda *_: None) -> list[Path]:
    """Every ranked unit's feedback sheet (:mod:`.feedback`): ``<card>-<unit>-<period>-feedback.zh.html``,
    ``.en.html``, ``.zh.docx`` and ``.en.docx``."""
    from .feedback import file_names, sheets
    from .feedback_docx import batch, to_docx
    from .feedback_html import to_html

    names = file_names(r)
    written = []
    docx = {lang: batch(lang) for lang in ("zh", "en")} if r["ranking"] else {}
    units = sheets(r)
    for i, s in enumerate(units, 1):
        progress(f"{r['card']} {r['period']}: feedback sheet {i}/{len(units)}")
        out.mkdir(parents=True, exist_ok=True)
        for lang in ("zh", "en"):
            for suffix, data in ((f".{lang}.html", to_html(s, lang).encode("utf-8")),
                                 (f".{lang}.docx", to_docx(s, lang, docx[lang]))):
                p = out / (names[s["unit"]] + suffix)
                p.write_bytes(data)
                written.append(p)
    return written
