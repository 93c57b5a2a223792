"""The rounds of filled cards the assessment-cycle tests share: good files, revisions, bad files (made once
per test run by :func:`fill_set`)."""
from __future__ import annotations

import pickle
from pathlib import Path

from fills import random_fill, with_reasons
from generator.scoring.plan import plan_of
from resultset import FORMATS, FillSet, export_json, fill_pdf, fill_xlsx, full_fill, only, rename_pdf_field, resave

UNITS = {"county": ["县政法委", "县公安局", "县法院"], "town": ["城关镇", "河口镇", "山前乡", "新桥镇"],
         "village": ["东村", "西村", "南社区", "北村"], "rules": ["甲镇", "乙镇", "丙镇", "丁镇", "戊镇"],
         "flat": ["一村", "二村"]}
PERIODS = ["2025", "2026"]


def make_good(fs: FillSet) -> None:
    """Random fills of every card, two periods, formats in turn; two equal finals per ranked card."""
    fmts = iter(FORMATS * 100)
    for project, s in fs.standards.items():
        for card in s.scorecards:
            for period in PERIODS if card.id != "flat" else PERIODS[:1]:
                for i, unit in enumerate(UNITS[card.id]):
                    values = with_reasons(plan_of(card), random_fill(plan_of(card), fs.rng))
                    fs.write(project, card.id, f"{card.id}-{period}-{i}", values, {"unit": unit, "period": period},
                             next(fmts))
    town, rules = fs.card("seed", "town"), fs.card("rules", "rules")
    same = full_fill(plan_of(town))
    same["town-t1-c1--county-review"] = "2"
    same = with_reasons(plan_of(town), same)
    for i, unit in enumerate(["平局甲镇", "平局乙镇"]):  # identical: equal rank
        fs.write("seed", "town", f"town-2026-tie{i}", same, {"unit": unit, "period": "2026"}, ["json", "pdf"][i])
    a, b = full_fill(plan_of(rules)), full_fill(plan_of(rules))
    a["rules-t3-c3--review"] = "5"  # 95, domain rules-d2 45
    b["rules-t1-c1--review"] = "1"  # 95, domain rules-d2 50: ranks first
    a, b = with_reasons(plan_of(rules), a), with_reasons(plan_of(rules), b)
    fs.write("rules", "rules", "rules-2026-tieA", a, {"unit": "并列A镇", "period": "2026"}, "csv")
    fs.write("rules", "rules", "rules-2026-tieB", b, {"unit": "并列B镇", "period": "2026"}, "json")
    v = full_fill(plan_of(rules))
    v["rules-veto-zero--review"] = "yes"
    v = with_reasons(plan_of(rules), v)
    fs.write("rules", "rules", "rules-2026-veto", v, {"unit": "否决镇", "period": "2026"}, "json")


def make_revised(fs: FillSet) -> None:
    """Second round: a revised review for one town, a review-only file from the town office, a revision of rules.
    The JSON and CSV carry revision 2; the PDF is revision 1 and gives the town review its own version, which
    supersedes the copy the first round's file (its own column: the county's re-check) carried (:data:`ACCEPT`)."""
    town, village, rules = fs.card("seed", "town"), fs.card("seed", "village"), fs.card("rules", "rules")
    t = full_fill(plan_of(town))
    fs.write("seed", "town", "town-2026-1-revised", t, {"unit": UNITS["town"][1], "period": "2026"}, "json", "revised",
             revision=2)
    review = only(full_fill(plan_of(village)), ["town-review"])
    fs.write("seed", "village", "village-2026-2-town-review", review, {"unit": UNITS["village"][2], "period": "2026"},
             "pdf", "revised")
    r = full_fill(plan_of(rules))
    r["rules-t4-c1--review"] = "10"
    fs.write("rules", "rules", "rules-2026-0-revised", with_reasons(plan_of(rules), r),
             {"unit": UNITS["rules"][0], "period": "2026"}, "csv", "revised", revision=2)


ACCEPT = "village-2026-2-town-review.pdf"  # the revised review-only file (collect --accept takes it as it is)


def zip_bomb(path: Path, mb: int = 300) -> Path:
    """A small zip that would expand to ``mb`` MB of zeros, named like a workbook."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            block = b"\0" * 2**20
            for _ in range(mb):
                f.write(block)
    return path


def make_bad(fs: FillSet) -> dict[Path, str]:
    """Bad files for the seed project, each with (a part of) the reason collect must give."""
    folder = fs.base / "seed" / "bad"
    folder.mkdir(parents=True, exist_ok=True)
    county, village = fs.card("seed", "county"), fs.card("seed", "village")
    head = {"unit": "县司法局", "period": "2026"}
    good = full_fill(plan_of(county))
    rules = fs.card("rules", "rules")
    files = {
        "other-card.json": (export_json(rules, full_fill(plan_of(rules)), head),
                            "'rules' is not a card of this project"),
        "old-edition.json": (export_json(county, good, head, edition="0"), "edition '0'"),
        "out-of-range.json": (export_json(county, {**good, "county-t1-c1--self": "99"}, head),
                              "county-t1-c1--self: 99 is out of range"),
        "unknown-field.json": (export_json(county, {**good, "county-t99-c9--self": "1"}, head),
                               "county-t99-c9--self: is not a field of this card"),
        "truncated.json": (export_json(county, good, head)[:300], "not a JSON export"),
        "no-unit.json": (export_json(county, good, {"unit": "  ", "period": "2026"}),
                         "header--unit: the unit assessed is missing"),
        "not-a-card.csv": ("会议纪要：本季度召开例会三次。\n".encode(), "not a CSV export of a scorecard"),
    }
    out = {}
    for name, (data, reason) in files.items():
        (folder / name).write_bytes(data)
        out[folder / name] = reason
    v = full_fill(plan_of(village))
    pdf = fill_pdf(fs.pdfs["village"], {**v, "header--unit": "某村", "header--period": "2026"})
    (folder / "renamed-field.pdf").write_bytes(rename_pdf_field(pdf, "village-t1-c1--self", "village-t1-c1--score"))
    out[folder / "renamed-field.pdf"] = "village-t1-c1--score: is not a field of this card"
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    out[folder / "truncated.pdf"] = "truncated PDF"
    (folder / "no-period.pdf").write_bytes(fill_pdf(fs.pdfs["village"], {**v, "header--unit": "某村"}))
    out[folder / "no-period.pdf"] = "header--period: the period assessed is missing"
    with open(folder / "huge.json", "wb") as f:  # 50 MB (sparse): refused before reading
        f.write(b'{"format": "pingan-scorecard/1"')
        f.truncate(50 * 2**20)
    out[folder / "huge.json"] = "50 MB is over the 20 MB limit"
    out[zip_bomb(folder / "bomb.xlsx")] = "zip bomb"
    out[edited_formula(fs, folder / "edited-formula.xlsx")] = "formula overwritten"
    return out


def edited_formula(fs: FillSet, dest: Path) -> Path:
    """A filled workbook whose first total formula was overwritten with a number."""
    import openpyxl

    from generator.cardfile.read_xlsx import _meta

    card = fs.card("seed", "town")
    fill_xlsx(fs.xlsx["town"], {**full_fill(plan_of(card)), "header--unit": "某镇", "header--period": "2026"}, dest)
    wb = openpyxl.load_workbook(dest)
    sheet, addr, _ = _meta(wb)["formulas"][0]
    wb[sheet][addr] = 150
    wb.save(dest)
    return dest


_CACHE: dict = {}


def fill_set(tmp_path_factory, browser) -> FillSet:
    """Made once per test run, also with workers (the first to ask makes it and keeps it in its folder,
    pickled; the others load that)."""
    from conftest import made_once

    if "set" not in _CACHE:
        folder = made_once(tmp_path_factory, "fillset", lambda base: _make(base, browser))
        _CACHE["set"] = pickle.loads((folder / "fillset.pickle").read_bytes())
    return _CACHE["set"]


def _make(base: Path, browser) -> None:
    fs = FillSet(base, browser)
    make_good(fs)
    make_revised(fs)
    fs.bad = make_bad(fs)
    resave(fs.pending, fs.base)
    fs.close()
    (base / "fillset.pickle").write_bytes(pickle.dumps(fs))
