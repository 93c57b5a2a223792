"""The XLSX report of one card and period (XlsxWriter): a ranking sheet and one sheet per unit.

Every text from a submission goes through ``write_string`` (a unit named ``=HYPERLINK(…)`` stays text)
and the workbook is opened with ``strings_to_formulas`` off. The only formulas are ours, over numbers:
the difference between each unit's final score and its self-assessment on the ranking sheet.
"""
from __future__ import annotations

import io
import re
import unicodedata

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..scoring.untrusted import HIDDEN


def sheet_name(i: int, unit: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) for a unit."""
    unit = "".join(c for c in unit if unicodedata.category(c) not in HIDDEN)  # no control or invisible characters
    base = re.sub(r"[\[\]:*?/\\']", "_", f"{i:02d} {unit}").strip()[:31] or f"{i:02d}"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:27]} ({n})"
    used.add(name.lower())
    return name


def _ranking(wb, ws, r: dict, f: dict) -> None:
    cols = r["columns"]
    ws.write_string(0, 0, f'{r["title"]["zh"]} {r["title"]["en"]}', f["title"])
    ws.write_string(1, 0, "考核期 Period")
    ws.write_string(1, 1, r["period"])
    heads = ["名次 Rank", "单位 Unit"] + [f'{c["title"]["zh"]} {c["title"]["en"]}' for c in cols] + \
        ["最终得分 Final", "最终−自评 Final−self", "等次 Grade", "一票否决 Vetoes"]
    for j, h in enumerate(heads):
        ws.write_string(3, j, h, f["head"])
    grades = {g["id"]: f'{g["title"]["zh"]} {g["title"]["en"]}' for g in r["grades"]}
    n = len(cols)
    for i, x in enumerate(r["ranking"], 4):
        ws.write_number(i, 0, x["rank"])
        ws.write_string(i, 1, x["unit"])
        for j, c in enumerate(cols, 2):
            if c["id"] in x["columns"]:
                ws.write_number(i, j, x["columns"][c["id"]], f["num"])
        ws.write_number(i, n + 2, x["final"], f["num"])
        if cols[0]["id"] in x["columns"]:
            ws.write_formula(i, n + 3, f"={xl_rowcol_to_cell(i, n + 2)}-{xl_rowcol_to_cell(i, 2)}", f["num"],
                             x["final"] - x["columns"][cols[0]["id"]])
        ws.write_string(i, n + 4, grades.get(x["grade"], x["grade"] or ""))
        ws.write_string(i, n + 5, "; ".join(f'{v["text"]["zh"]} {v["text"]["en"]}' for v in x["vetoes"]))
    ws.set_column(1, 1, 24)
    ws.set_column(2, n + 3, 14)
    ws.set_column(n + 4, n + 5, 30)
    ws.freeze_panes(4, 2)


def _unit(ws, r: dict, x: dict, f: dict) -> None:
    cols = [c for c in r["columns"] if c["id"] in x["items"]]
    ws.write_string(0, 0, "单位 Unit", f["head"])
    ws.write_string(0, 1, x["unit"])
    ws.write_string(1, 0, "考核期 Period", f["head"])
    ws.write_string(1, 1, r["period"])
    ws.write_string(2, 0, "名次 Rank", f["head"])
    ws.write_number(2, 1, x["rank"])
    heads = ["编号 Id", "内容 Text"] + [f'{c["title"]["zh"]} {c["title"]["en"]}' for c in cols] + ["备注 Notes"]
    if len(cols) > 1:
        heads.insert(-1, "审核−自评 Review−self")
    for j, h in enumerate(heads):
        ws.write_string(4, j, h, f["head"])
    ids = [k for k in x["items"][cols[0]["id"]]]
    for i, id_ in enumerate(ids, 5):
        ws.write_string(i, 0, id_)
        ws.write_string(i, 1, r["names"].get(id_, {"zh": ""})["zh"])
        for j, c in enumerate(cols, 2):
            ws.write_number(i, j, x["items"][c["id"]].get(id_, 0.0), f["num"])
        last = len(cols) + 1
        if len(cols) > 1:
            a, b = x["items"][cols[0]["id"]].get(id_, 0.0), x["items"][x["final_column"]].get(id_, 0.0)
            ws.write_number(i, last + 1, b - a, f["num"])
            last += 1
        ws.write_string(i, last + 1, x["notes"].get(f"{id_}--notes", ""))
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)
    ws.freeze_panes(5, 2)


def to_xlsx(r: dict) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    f = {"title": wb.add_format({"bold": True, "font_size": 14}), "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7",
                                                                                        "text_wrap": True}),
         "num": wb.add_format({"num_format": "0.0##"})}
    _ranking(wb, wb.add_worksheet("排名 Ranking"), r, f)
    used = {"排名 ranking"}
    for i, x in enumerate(r["ranking"], 1):
        _unit(wb.add_worksheet(sheet_name(i, x["unit"], used)), r, x, f)
    wb.close()
    return buf.getvalue()
