"""The XLSX computes what the engine computes: random fills typed into the input cells, recalculated by
LibreOffice, give the engine's every criterion, task, domain and card total and grade; the reader
gives back what was typed; tampering, oversize files and out-of-range input are caught."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES, ROOT
from fills import random_fill
from generator.cardfile.read_xlsx import _meta, read_xlsx
from generator.checks.project import load
from generator.render.xlsx import workbook
from generator.scoring.engine import evaluate
from generator.scoring.plan import plan_of
from widebooks import recalculated_all

FILLS = 200  # per card: half in the Chinese workbook, half in the English one
CARDS = [("scoring", "rules"), ("scoring", "flat"), ("repo", "county"), ("repo", "town"), ("repo", "village")]


@pytest.fixture(scope="module")
def projects():
    return {"scoring": load(FIXTURES / "scoring").standards, "repo": load(ROOT).standards}


def card_of(projects, where, card_id):
    return next(c for c in projects[where].scorecards if c.id == card_id)


def places(ws) -> tuple[dict[str, int], dict[str, int]]:
    """Row of every item id (last column) and column of every score column id (hidden row of ids)."""
    idcol = ws.max_column
    ids = {ws.cell(r, idcol).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, idcol).value}
    hidden = next(r for r in range(1, 10) if ws.cell(r, idcol).value == "id")
    cols = {ws.cell(hidden, c).value: c for c in range(1, idcol + 1) if ws.cell(hidden, c).value}
    return ids, cols


def typed(v: str, as_text: bool):
    """What a person's typing leaves in the cell: a number, or the text."""
    try:
        x = float(v)
    except ValueError:
        return v
    return v if as_text else (int(x) if x == int(x) else x)


def put(ws, fill: dict, ids, cols, as_text: bool = False) -> None:
    for name, v in fill.items():
        item, col = name.split("--")
        ws.cell(ids[item], cols[col]).value = typed(v, as_text)


def grid_places(grid: list[tuple]) -> tuple[dict[str, int], dict[str, int]]:
    """``places`` on a sheet read as rows of values (0-based indexes)."""
    last = max(len(r) for r in grid) - 1
    ids = {r[last]: i for i, r in enumerate(grid) if len(r) > last and r[last]}
    hidden = grid[ids["id"]]
    return ids, {v: c for c, v in enumerate(hidden) if v}


def shown(plan: dict) -> list[str]:
    """Criteria whose row shows their computed points (no input of their own)."""
    return [c["id"] for c in plan["criteria"] if c["kind"] == "deduction" and c["rules"][0]["id"] != c["id"]
            and not c["na"]]


def check_fill(card, lang, grid, ids, cols, k: int, fill: dict, calc: list[tuple]) -> list[str]:
    """The visible totals and grade, and every criterion's points in ``_calc``, against the engine."""
    plan = plan_of(card)
    res = evaluate(plan, fill)
    assert not res["problems"], res["problems"]
    rows = {f"total--{nd['id']}": nd["id"] for nd in plan["nodes"]}
    rows.update({i: i for i in shown(plan)})
    titles = {g["id"]: g["title"][lang] for g in plan["grades"]}
    crow = {r[0]: r for r in calc}
    bad = []
    for col in plan["columns"]:
        got, at = res["columns"][col], cols[f"{col}-x{k}"]
        j = calc[0].index(f"{col}-x{k}")
        bad += [f"{c['id']} {col}: xlsx {crow['pts:' + c['id']][j]!r} engine {got['items'][c['id']]}"
                for c in plan["criteria"] if abs(crow["pts:" + c["id"]][j] - got["items"][c["id"]]) > 1e-9]
        for row_id, item in rows.items():
            x = grid[ids[row_id]][at]
            if not isinstance(x, (int, float)) or abs(x - got["items"][item]) > 1e-9:
                bad.append(f"{row_id} {col}: xlsx {x!r} engine {got['items'][item]}")
        if plan["grades"] and grid[ids[f"grade--{card.id}"]][at] != titles[got["grade"]]:
            bad.append(f"grade {col}: xlsx {grid[ids[f'grade--{card.id}']][at]} engine {got['grade']}")
    return [f"{card.id}.{lang} fill {k} {fill}: {b}" for b in bad]


@pytest.mark.slow  # LibreOffice
def test_randomized_agreement_with_the_engine(projects, tmp_path):
    """≥ 200 random fills per card (blanks, N/A, vetoes, every input kind; tokens and localised words)
    give the engine's criterion, task, domain and card totals and grade. The fills are written into
    the input cells by the writer (``values=``: numbers as numbers, words as text) — the same cells a
    person finds by row id and column id (checked here on the real workbook; the round-trip test
    below fills cells by id with openpyxl, numbers also as text)."""
    rng = random.Random(20250901)
    jobs, weights = [], []
    for where, card_id in CARDS:
        card = card_of(projects, where, card_id)
        real = openpyxl.load_workbook(io.BytesIO(workbook(projects[where], card, "zh")))
        ids, cols = places(real[card.id])
        for name, (addr, _kind) in map_of(real).items():
            item, col = name.split("--")
            if not item == "header":
                assert real[card.id][addr].row == ids[item] and real[card.id][addr].column == cols[col], name
        for lang in ("zh", "en"):
            fills = [random_fill(plan_of(card), rng, blank=rng.choice([0.05, 0.1, 0.4]),
                                 localised=lang if k % 2 else None) for k in range(FILLS // 2)]
            jobs.append((where, card_id, lang, fills))
            weights.append(len(plan_of(card)["criteria"]) * len(card.columns) * len(fills))
    bad, checked = [], 0
    for (where, card_id, lang, fills), (grid, calc) in zip(jobs, recalculated_all(jobs, weights, tmp_path), strict=True):
        card = card_of(projects, where, card_id)
        ids, cols = grid_places(grid)
        for k, fill in enumerate(fills):
            bad += check_fill(card, lang, grid, ids, cols, k, fill, calc)
            checked += 1
    assert checked >= 200 * len(CARDS)
    assert not bad, "\n".join(bad[:20]) + f"\n… {len(bad)} disagreements"


ROUND_TRIP = [("scoring", "rules", "zh"), ("scoring", "rules", "en"), ("scoring", "flat", "zh"),
              ("repo", "village", "en"), ("repo", "town", "zh"), ("repo", "county", "en")]
# a value typed into a validated input cell → whether the cell's validation must accept it
PROBES = {"score": [("top", True), ("step", True), ("over", False), ("half-step", False), (-1, False)],
          "bonus": [("top", True), ("over", False), (-1, False)],
          "count": [(0, True), (3, True), (10_000, True), (10_001, False), (-1, False), (1.5, False)],
          "figure": [(93.4, True), (-2, True), ("abc", False)]}


def map_of(wb) -> dict[str, tuple[str, str]]:
    return _meta(wb)["fields"]


def validation_at(ws, addr: str):
    return next(dv for dv in ws.data_validations.dataValidation if addr in dv.sqref)


def probe_value(v, top: float, step: float):
    return {"top": top, "step": step, "over": top + step, "half-step": step / 2}.get(v, v) if isinstance(v, str) else v


def probes(wb, card, tmp_path: Path) -> tuple[Path, list]:
    """A workbook evaluating every custom validation formula of ``wb`` on values it must accept or refuse."""
    out = openpyxl.Workbook()
    ws, expect, r = out.active, [], 1
    main = wb[card.id]
    for name, (addr, kind) in map_of(wb).items():
        if kind not in PROBES:
            continue
        dv = validation_at(main, addr)
        item = next(i for i in items_of(plan_of(card)) if i["id"] == name.split("--")[0])
        top = item.get("points", 0)
        for v, ok in [*PROBES[kind], ("不适用", bool(item.get("na"))), (" NA ", bool(item.get("na")))]:
            value = probe_value(v, top or 0, plan_of(card)["step"])
            if dv.type == "custom":
                first = str(dv.sqref).split()[0].split(":")[0]
                ws.cell(r, 1).value = value
                ws.cell(r, 2).value = dv.formula1.replace(first, f"A{r}") if dv.formula1.startswith("=") \
                    else "=" + dv.formula1.replace(first, f"A{r}")
                expect.append((r, name, value, ok))
                r += 1
            else:  # whole number 0..max_count
                assert (dv.type, dv.operator or "between", dv.formula1, dv.formula2) == \
                    ("whole", "between", "0", str(plan_of(card)["max_count"])), name
                accepted = isinstance(value, (int, float)) and 0 <= value <= plan_of(card)["max_count"] \
                    and float(value).is_integer()
                assert accepted == ok, (name, value)
    path = tmp_path / f"probes.{card.id}.xlsx"
    out.save(path)
    return path, expect


def items_of(plan: dict) -> list[dict]:
    from fills import _items

    return list(_items(plan).values())


@pytest.mark.slow  # LibreOffice
def test_reader_round_trip_validation_and_tamper(projects, tmp_path):
    """Filled with openpyxl, saved by LibreOffice, read back: the same values, no problems, and the
    engine's total on those values is the recalculated cell; validation formulas accept and refuse."""
    from office import recalculate_many

    rng = random.Random(7)
    jobs, probe_jobs = [], []
    for where, card_id, lang in ROUND_TRIP:
        card = card_of(projects, where, card_id)
        data = workbook(projects[where], card, lang)
        for k in range(3):
            fill = random_fill(plan_of(card), rng, localised=lang if k else None)
            wb = openpyxl.load_workbook(io.BytesIO(data))
            put(wb[card.id], fill, *places(wb[card.id]), as_text=k == 2)
            path = tmp_path / f"{card_id}.{lang}.{k}.xlsx"
            wb.save(path)
            jobs.append((card, lang, fill, path))
        if lang == "zh" or card_id == "village":
            probe_jobs.append(probes(openpyxl.load_workbook(io.BytesIO(data)), card, tmp_path))
    outs = recalculate_many([p for *_, p in jobs] + [p for p, _ in probe_jobs], tmp_path)
    for (card, lang, fill, _), out in zip(jobs, outs, strict=False):
        got = read_xlsx(out.read_bytes())
        assert got["problems"] == [], got["problems"]
        assert (got["card"], got["edition"], got["lang"]) == (card.id, str(card.edition), lang)
        assert got["values"] == fill
        res = evaluate(plan_of(card), got["values"])
        ws = openpyxl.load_workbook(out, data_only=True)[card.id]
        ids, cols = places(ws)
        for col in plan_of(card)["columns"]:
            assert ws.cell(ids[f"total--{card.id}"], cols[col]).value == pytest.approx(res["columns"][col]["total"])
    for (_, expect), out in zip(probe_jobs, outs[len(jobs):], strict=False):
        ws = openpyxl.load_workbook(out, data_only=True).active
        wrong = [(name, value, ok) for r, name, value, ok in expect if (ws.cell(r, 2).value is True) != ok]
        assert not wrong and expect, wrong


def one_cell_each(wb) -> None:
    """The hidden map as workbooks made before 2026-12 hold it: a row per field, row id and formula."""
    meta, size = wb["_pingan"], {"fields": 3, "rows": 1, "formulas": 2}
    rows = [[c.value for c in row] for row in meta.iter_rows()]
    out = [r for r in rows if r[0] not in size] + [
        [r[0][:-1], *([r[1]] if r[0] == "formulas" else []), *item] for r in rows if r[0] in size
        for item in zip(*[iter(r[2].split())] * size[r[0]], strict=True)]
    assert len(out) > len(rows) and {r[0] for r in out} >= {"field", "row", "formula"}
    meta.delete_rows(1, meta.max_row)
    for row in out:
        meta.append(row)


@pytest.mark.parametrize("kept", ["packed", "one cell each"])
def test_reader_reports_tampering(projects, tmp_path, kept):
    """A total overwritten, a rule formula changed, an unknown row: each is named, whether the hidden map
    packs the formulas' digests (as workbooks are made now) or holds one each (as older ones do)."""
    card = card_of(projects, "scoring", "rules")
    wb = openpyxl.load_workbook(io.BytesIO(workbook(projects["scoring"], card, "zh")))
    if kept == "one cell each":
        one_cell_each(wb)
    ws = wb[card.id]
    ids, cols = places(ws)
    ws.cell(ids["total--rules-t1"], cols["self"]).value = 20
    calc = wb["_calc"]
    calc["B2"].value = calc["B2"].value.replace("=", "=1+", 1)
    ws.cell(ids["rules-t1-c1"], cols["self"]).value = 6
    ws.cell(ids["rules-t4-c2"], ws.max_column).value = "rules-t4-c9"
    buf = io.BytesIO()
    wb.save(buf)
    got = read_xlsx(buf.getvalue())
    where = {w: m for w, m in got["problems"]}
    assert "overwritten with the constant '20'" in where["total--rules-t1--self"]
    assert "formula changed" in where["_calc!B2"]
    assert any("unknown row id 'rules-t4-c9'" in m for m in where.values())
    assert got["values"]["rules-t1-c1--self"] == "6"
    del wb["_pingan"]
    buf = io.BytesIO()
    wb.save(buf)
    got = read_xlsx(buf.getvalue())
    assert got["problems"][0][0] == "_pingan" and got["card"] == "rules"
    assert got["values"]["rules-t1-c1--self"] == "6"


def test_reader_refuses_oversize_files_and_zip_bombs():
    big = read_xlsx(b"PK" + b"\0" * (20 * 1024 * 1024))
    assert big["problems"] and "over the 20 MB" in big["problems"][0][1] and big["values"] == {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(101):
                f.write(chunk)
    assert len(buf.getvalue()) < 20 * 1024 * 1024
    bomb = read_xlsx(buf.getvalue())
    assert bomb["problems"] and "zip bomb" in bomb["problems"][0][1]
    assert "not an XLSX" in read_xlsx(b"hello")["problems"][0][1]


def test_yaml_text_is_never_a_formula(tmp_path):
    """Text from YAML that starts with '=' (or holds quotes) is written as a string, never as a formula."""
    import shutil

    shutil.copytree(FIXTURES / "scoring", tmp_path / "p")
    f = tmp_path / "p" / "standards" / "rules.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace('text: {zh: "成立平安建设领导小组，制定年度工作方案"', 'text: {zh: "=HYPERLINK(\\"http://x\\")"')
    text = text.replace('{zh: "被市级通报批评的，每次扣2分，最高扣6分"', '{zh: "=1+1 被通报"')
    text = text.replace('title: {zh: "优秀", en: "Excellent"}', 'title: {zh: "优\\"秀", en: "=Excellent"}')
    f.write_text(text, encoding="utf-8")
    card = next(c for c in load(tmp_path / "p").standards.scorecards if c.id == "rules")
    for lang in ("zh", "en"):
        data = workbook(load(tmp_path / "p").standards, card, lang)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
            strings = z.read("xl/sharedStrings.xml").decode()
        assert "HYPERLINK" not in xml and "<f>1+1" not in xml
        if lang == "zh":
            assert "=HYPERLINK(&quot;http://x&quot;)" in strings or '=HYPERLINK("http://x")' in strings
            assert "=1+1 被通报" in strings
            assert '"优""秀"' in xml.replace("&quot;", '"')  # a grade title inside the grade formula, escaped
        else:
            assert '"=Excellent"' in xml.replace("&quot;", '"')
    got = read_xlsx(workbook(load(tmp_path / "p").standards, card, "zh"))
    assert got["problems"] == [] and got["values"] == {}


@pytest.mark.parametrize("where,card_id", CARDS)
def test_cached_values_are_the_engines(projects, where, card_id):
    """Viewers that do not recalculate show the engine's totals and grade: on the empty card, and on a
    card prefilled with ``values=``."""
    card = card_of(projects, where, card_id)
    fill = random_fill(plan_of(card), random.Random(card_id))
    for values in ({}, fill):
        wb = openpyxl.load_workbook(io.BytesIO(workbook(projects[where], card, "zh", values=values)), data_only=True)
        ws = wb[card.id]
        ids, cols = places(ws)
        res = evaluate(plan_of(card), values)["columns"]
        for col in plan_of(card)["columns"]:
            for nd in plan_of(card)["nodes"]:
                assert ws.cell(ids[f"total--{nd['id']}"], cols[col]).value == pytest.approx(res[col]["items"][nd["id"]])
            if plan_of(card)["grades"]:
                title = next(g["title"]["zh"] for g in plan_of(card)["grades"] if g["id"] == res[col]["grade"])
                assert ws.cell(ids[f"grade--{card.id}"], cols[col]).value == title
