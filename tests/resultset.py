"""Filled scorecards for the assessment-cycle tests, made from the project's own outputs.

- JSON and CSV: a fill imported into the offline HTML form in Chromium (the form's own import), then
  exported with the form's buttons;
- PDF: the card's fillable PDF, its AcroForm fields filled with pypdf;
- plain JSON written here in the export's format (fast tests that need many files).

Two projects: the repository's (seed cards county, town, village; ties ``equal``) and a copy of the
scoring fixture project whose card ``rules`` (deductions, figures, vetoes, grades) ranks ties by a
domain.
"""
from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT

FORMAT = "pingan-scorecard/1"
FORMATS = ["json", "csv", "pdf", "xlsx"]
# cards whose every input the HTML form of this branch can take (the form of the fixture card's rule
# types — deductions, figures, bonus, penalties — is being rewritten): their JSON/CSV come from Chromium,
# the others' are written here in the export's format
FORM_CARDS = {"county", "town", "village", "rules", "flat"}
TIES = '    ranking: {ties: by-domain, domain: "rules-d2"}\n'


def rules_project(dest: Path) -> Path:
    """A copy of the scoring fixture project; card ``rules`` ranks equal finals by domain rules-d2."""
    shutil.copytree(FIXTURES / "scoring", dest)
    p = dest / "standards" / "rules.yaml"
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace('    edition: "2025"\n', '    edition: "2025"\n' + TIES, 1), encoding="utf-8")
    return dest


def export_json(card, values: dict, header: dict, edition: str | None = None) -> bytes:
    return json.dumps({"format": FORMAT, "card": card.id, "edition": edition or str(card.edition), "lang": "zh",
                       "values": {**{f"header--{k}": v for k, v in header.items()}, **values}},
                      ensure_ascii=False).encode("utf-8")


def export_csv(card, values: dict) -> bytes:
    """The form's CSV export: field,value lines after format, card and edition."""
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows([["field", "value"], ["format", FORMAT], ["card", card.id], ["edition", str(card.edition)],
                 *values.items()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def full_fill(plan: dict, columns=None) -> dict:
    """Every input at its best: full points, met, no occurrences, figures on the threshold."""
    from generator.scoring.plan import inputs

    crit = {c["id"]: c for c in plan["criteria"]}
    out = {}
    for col in columns or plan["columns"]:
        for id_, kind in inputs(plan):
            v = {"score": lambda id_=id_: f"{crit[id_]['points']:g}", "outcome": lambda: "met", "count": lambda: "0",
                 "figure": lambda id_=id_: f"{crit[id_]['figure']['threshold']:g}"}.get(kind, lambda: "")()
            if v:
                out[f"{id_}--{col}"] = v
    return out


def only(values: dict, columns: list[str]) -> dict:
    return {k: v for k, v in values.items() if k.rsplit("--", 1)[1] in columns}


def fill_pdf(template: bytes, values: dict, strict: bool = True) -> bytes:
    """The PDF with its fields set as a viewer would (values as text, choices as their option); with
    ``strict=False`` values of fields the PDF does not have are left out (a person could not type them)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
    left = dict(values)
    for page in writer.pages:
        for a in page.get("/Annots", []):
            a = a.get_object()
            name = a.get("/T") or (a.get("/Parent") or {}).get("/T")
            if name in left:
                target = a if "/T" in a else a["/Parent"].get_object()
                v = left.pop(name)
                if (target.get("/FT") or a.get("/FT")) == "/Btn":  # a veto's tick box: its "on" state
                    on = next(k for k in a["/AP"]["/N"] if k != "/Off") if v == "yes" else "/Off"
                    target[NameObject("/V")] = a[NameObject("/AS")] = NameObject(on)
                else:
                    target[NameObject("/V")] = TextStringObject(v)
    assert not left or not strict, f"fields not in the PDF: {sorted(left)[:5]}"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rename_pdf_field(data: bytes, old: str, new: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for f in writer._root_object["/AcroForm"]["/Fields"]:
        f = f.get_object()
        if f.get("/T") == old:
            f[NameObject("/T")] = TextStringObject(new)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_xlsx(template: bytes, values: dict, dest: Path) -> Path:
    """Type the values into the workbook's input cells with openpyxl (numbers as numbers), cells found by
    the workbook's own map (hidden sheet ``_pingan``); LibreOffice re-saves it later (:func:`resave`)."""
    import openpyxl

    from generator.cardfile.read_xlsx import _meta

    wb = openpyxl.load_workbook(io.BytesIO(template))
    meta = _meta(wb)
    ws = wb[meta["sheet"]] if meta.get("sheet") in wb.sheetnames else wb.worksheets[0]
    for name, v in values.items():
        try:
            x = float(v)
            v = int(x) if x == int(x) else x
        except ValueError:
            pass
        ws[meta["fields"][name][0]] = v
    wb.save(dest)
    return dest


def resave(pending: list[tuple[Path, Path]], workdir: Path) -> None:
    """Open every (typed, destination) workbook in LibreOffice (one run, always recalculate), save as XLSX."""
    from office import recalculate_many

    if not pending:
        return
    saved = recalculate_many([p for p, _ in pending], workdir, workdir / "resaved")
    for (_, dest), path in zip(pending, saved, strict=False):
        shutil.copy(path, dest)
    pending.clear()


def form_export(page, form_html: Path, card, values: dict, header: dict, fmt: str, dest: Path) -> Path:
    """Import a fill into the offline form in Chromium, type the header, export with the form's button.
    ``page`` may have been used before: what earlier fills left in the browser's storage is cleared and
    the form opened afresh, as in a new browser profile."""
    if page.url.startswith("file:"):
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    page.goto(form_html.as_uri())
    assert page.evaluate("() => localStorage.length") == 0
    doc = export_json(card, values, {}).decode("utf-8")
    ok = page.evaluate("t => document.querySelector('form.pingan-scorecard').pinganImport(t, 'in.json')", doc)
    assert ok, page.locator(".pingan-message").inner_text()
    page.click('[data-action="import-apply"]')  # the import previews its changes first
    for k, v in header.items():
        page.fill(f'[name="header--{k}"]', v)
    with page.expect_download() as dl:
        page.click(f'[data-action="export-{fmt}"]')
    dl.value.save_as(dest)
    return dest


class FillSet:
    """Fills per project and the files made from them; ``expected`` lists every good file in the order it
    is collected, ``bad`` maps each bad file to the reason collect must give."""

    def __init__(self, base: Path, browser):
        from generator.checks.project import load
        from generator.render.outputs import Job, render_job

        self.base, self.context = base, browser.new_context()
        self.page = self.context.new_page()  # the form's JSON/CSV exports, one after the other
        self.rng = random.Random(12)
        self.projects = {"seed": ROOT, "rules": rules_project(base / "rules-project")}
        self.standards = {k: load(p).standards for k, p in self.projects.items()}
        self.forms, self.pdfs, self.xlsx = {}, {}, {}
        self.pending: list[tuple[Path, Path]] = []  # typed XLSX waiting for LibreOffice
        for s in self.standards.values():
            for card in s.scorecards:
                self.forms[card.id] = base / "forms" / f"{card.id}.zh.html"
                self.forms[card.id].parent.mkdir(parents=True, exist_ok=True)
                self.forms[card.id].write_bytes(render_job(s, Job("x", "html", card.id, "zh")))
                self.pdfs[card.id] = render_job(s, Job("x", "pdf", card.id, "zh"))
                self.xlsx[card.id] = render_job(s, Job("x", "xlsx", card.id, "zh"))
        self.good: dict[str, list[Path]] = {"seed": [], "rules": []}
        self.revised: dict[str, list[Path]] = {"seed": [], "rules": []}

    def close(self) -> None:
        self.context.close()

    def __getstate__(self) -> dict:
        """Pickled without the browser it typed with (closed by then): the other workers load the rest."""
        return {k: v for k, v in self.__dict__.items() if k not in ("context", "page")}

    def card(self, project: str, card_id: str):
        return next(c for c in self.standards[project].scorecards if c.id == card_id)

    def write(self, project: str, card_id: str, name: str, values: dict, header: dict, fmt: str,
              into: str = "good", revision: int = 0) -> Path:
        card = self.card(project, card_id)
        folder = self.base / project / into
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{name}.{fmt}"
        if fmt in ("json", "csv") and card_id not in FORM_CARDS:
            header = {f"header--{k}": v for k, v in header.items()}
            filled = {**header, **values}
            dest.write_bytes(export_json(card, filled, {}) if fmt == "json" else export_csv(card, filled))
        elif fmt in ("json", "csv"):  # the revision typed into the form's Revision box
            form_export(self.page, self.forms[card_id], card, values,
                        {**header, **({"revision": str(revision)} if revision else {})}, fmt, dest)
        elif fmt == "xlsx":
            (self.base / "typed").mkdir(exist_ok=True)
            typed = fill_xlsx(self.xlsx[card_id], {**values, **{f"header--{k}": v for k, v in header.items()}},
                              self.base / "typed" / f"{project}-{into}-{name}.xlsx")
            self.pending.append((typed, dest))
        else:
            dest.write_bytes(fill_pdf(self.pdfs[card_id], {**values, **{f"header--{k}": v for k, v in header.items()}},
                                      strict=card_id in FORM_CARDS))
        getattr(self, into)[project].append(dest)
        return dest
