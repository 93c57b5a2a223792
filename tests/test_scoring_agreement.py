"""Every output computes what the one engine computes: random fills typed into the HTML form (Chromium)
and into the PDF's fields (its calculation scripts run as a viewer runs them), and ``pingan score`` on a
JSON exported by the form and on a PDF filled with pypdf."""
from __future__ import annotations

import io
import json
import random
import shutil
import subprocess

import pytest

from conftest import FIXTURES, ROOT, run_pingan
from fills import random_fill, with_reasons
from generator.checks.project import load
from generator.render.forms import FormRenderer
from generator.render.pdf import render_pdf
from generator.scoring.engine import evaluate, token
from generator.scoring.plan import plan_of

FILLS = 200
SCORING = FIXTURES / "scoring"


def _cards():
    out = []
    for root in (SCORING, ROOT):
        s = load(root).standards
        out += [(root, s, c) for c in s.scorecards]
    return out


CARDS = _cards()
IDS = [c.id for _, _, c in CARDS]


def _fills(card, n=FILLS):
    rng = random.Random("agree-" + card.id)
    return [random_fill(plan_of(card), rng, blank=rng.choice([0, 0.1, 0.6]), localised=rng.choice([None, "zh", "en"]))
            for _ in range(n)]


def _shown(card, result, lang, typed: list[str] | None = None):
    """What the form (or the PDF's scripts) shows in its total and grade outputs for an engine result;
    the form leaves blank a column where nothing is typed (``typed``: the fields holding something)."""
    titles = {g["id"]: g["title"][lang] for g in plan_of(card)["grades"]}
    out = {}
    for col, r in result["columns"].items():
        if typed is not None and not any(name.endswith(f"--{col}") for name in typed):
            out.update({f"total--{n['id']}--{col}": "" for n in plan_of(card)["nodes"]})
            out.update({f"grade--{card.id}--{col}": ""} if titles else {})
            continue
        for n in plan_of(card)["nodes"]:
            v = f"{round(r['items'][n['id']] * 1000) / 1000:g}"
            vetoed = n["level"] == "card" and r["vetoed"]
            veto = " (" + ("一票否决" if lang == "zh" else "One-vote veto") + ")" if vetoed else ""
            out[f"total--{n['id']}--{col}"] = v + veto
        if titles:
            out[f"grade--{card.id}--{col}"] = titles[r["grade"]]
    return out


# in the page: each value goes into its own input as a person would put it there, then the outputs are read
TYPE_IN = """([values, tokens]) => {
  const form = document.getElementById('pingan-scorecard');
  for (const el of form.querySelectorAll('.pingan-in')) {
    const v = values[el.name] || '';
    if (el.type === 'checkbox') el.checked = tokens[el.name] === el.value;
    else if (el.tagName === 'SELECT') el.value = tokens[el.name] || '';
    else el.value = v;
  }
  form.dispatchEvent(new Event('input', {bubbles: true}));
  const out = {};
  for (const o of form.querySelectorAll('output.pingan-total, output.pingan-grade')) out[o.id] = o.textContent;
  const typed = [...form.querySelectorAll('.pingan-in')].filter(el =>
    el.type === 'checkbox' ? el.checked : el.value !== '').map(el => el.name);
  return [out, typed];
}"""


def _tokens(card, values):
    plan_inputs = __import__("generator.scoring.plan", fromlist=["inputs"]).inputs
    kinds = {f"{i}--{col}": k for i, k in plan_inputs(plan_of(card))
             for col in plan_of(card)["columns"]}
    return {f: token(plan_of(card), v, kinds.get(f, "")) for f, v in values.items()}


@pytest.mark.parametrize("card_id", IDS)
def test_html_form_equals_engine(browser, tmp_path, card_id):
    root, s, card = next(x for x in CARDS if x[2].id == card_id)
    lang = "zh" if card_id != "village" else "en"
    path = tmp_path / f"{card_id}.html"
    path.write_text(FormRenderer(s, lang).document(card, mode="offline"), encoding="utf-8")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    for values in _fills(card):
        shown, typed = page.evaluate(TYPE_IN, [values, _tokens(card, values)])
        expected = _shown(card, evaluate(plan_of(card), values), lang, typed)
        assert shown == expected, json.dumps(values, ensure_ascii=False)
    assert not errors
    page.close()


def _pdf_fields(pdf) -> dict[str, dict]:
    """Field name → {type, export (checkbox on-value) or options (choice export values)}."""
    out = {}
    for f in pdf.Root.AcroForm.Fields:
        name, ft = str(f.get("/T", "")), str(f.get("/FT", ""))
        if ft == "/Btn":
            on = [str(k)[1:] for k in f.AP.N.keys() if str(k) != "/Off"]
            out[name] = {"type": "checkbox", "export": on[0]}
        elif ft == "/Ch":
            out[name] = {"type": "combobox", "options": [str(o[0]) if isinstance(o, __import__("pikepdf").Array)
                                                         else str(o) for o in f.Opt]}
        else:
            out[name] = {"type": "text"}
    return out


def _pdf_job(card, data: bytes, fills):
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        docjs = pdf.Root.Names.JavaScript.Names[1].JS.read_bytes().decode("utf-8")
        calcs = [[str(f.T), str(f.AA.C.JS)] for f in pdf.Root.AcroForm.CO]
        fields = _pdf_fields(pdf)
    filled = []
    for values in fills:
        toks, one = _tokens(card, values), {}
        for name, spec in fields.items():
            if name.startswith(("total--", "grade--")):
                continue
            v = values.get(name, "")
            if spec["type"] == "checkbox":
                one[name] = {"type": "checkbox", "value": spec["export"] if toks.get(name) in ("yes", "na") else "Off"}
            elif spec["type"] == "combobox":
                assert toks.get(name, "") in spec["options"] + [""], (name, v)
                one[name] = {"type": "combobox", "value": toks.get(name, "")}
            else:
                one[name] = {"type": "text", "value": v}
        assert set(values) <= set(one), set(values) - set(one)  # every input of the fill is a field of the PDF
        filled.append(one)
    return {"docjs": docjs, "calcs": calcs, "fills": filled}


def _node_run(node: str, job: dict, folder) -> tuple[subprocess.Popen, object]:
    """``tests/js/pdfcalc.js`` started on one job (its input and output in files: it runs while the
    caller goes on)."""
    folder.mkdir(parents=True, exist_ok=True)
    src, out = folder / "in.json", folder / "out.json"
    src.write_text(json.dumps([job]), encoding="utf-8")
    with open(src, "rb") as fin, open(out, "wb") as fout:
        proc = subprocess.Popen([node, str(ROOT / "tests" / "js" / "pdfcalc.js")], stdin=fin, stdout=fout,
                                stderr=subprocess.PIPE)
    return proc, out


def test_pdf_scripts_equal_engine(tmp_path):
    """Every card's PDF scripts, run as a viewer runs them on 200 fills, show the engine's totals and
    grades, scoring the card once per fill however many total fields it has. Each card's fills go to node
    in two halves (two processes), started as soon as the card's PDF is rendered, so that node runs while
    the next PDF renders."""
    node = shutil.which("node")
    assert node, "scripts/system-deps installs nodejs"
    runs, expected = [], []
    for _root, s, card in CARDS:
        fills = _fills(card)
        job = _pdf_job(card, render_pdf(s, card, "zh"), fills)
        half = len(fills) // 2
        runs.append([_node_run(node, {**job, "fills": part}, tmp_path / f"{card.id}-{i}")
                     for i, part in enumerate((job["fills"][:half], job["fills"][half:]))])
        expected.append([_shown(card, evaluate(plan_of(card), v), "zh") for v in fills])
    for (_, _, card), halves, want in zip(CARDS, runs, expected, strict=True):
        got, evaluations = [], []
        for proc, out in halves:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err.decode("utf-8", "replace")
            [done] = json.loads(out.read_text(encoding="utf-8"))
            got += done["results"]
            evaluations += done["evaluations"]
        assert len(got) == len(want) == FILLS, card.id
        assert set(evaluations) <= {0, 1} and sum(evaluations) > FILLS // 2, (card.id, evaluations)
        for g, w in zip(got, want, strict=True):
            assert {k: str(v) if isinstance(v, str) else f"{v:g}" for k, v in g.items()} == \
                   {k: v.split(" (")[0] for k, v in w.items()}, card.id


def test_pingan_score_reads_form_json_and_pypdf_filled_pdf(browser, tmp_path):
    from pypdf import PdfReader, PdfWriter

    root, s, card = next(x for x in CARDS if x[2].id == "rules")
    values = with_reasons(plan_of(card), _fills(card, 1)[0])  # the form exports no review deduction without one
    values.update({"header--unit": "东关镇", "header--period": "2025"})
    html = tmp_path / "rules.html"
    html.write_text(FormRenderer(s, "zh").document(card, mode="offline"), encoding="utf-8")
    page = browser.new_page(accept_downloads=True)
    page.goto(html.as_uri())
    page.evaluate(TYPE_IN, [values, _tokens(card, values)])
    for h in ("unit", "period"):
        page.fill(f'[name="header--{h}"]', values[f"header--{h}"])
    for name in (k for k in values if k.endswith("--notes")):  # the reasons, in the criteria's notes
        page.fill(f'[name="{name}"]', values[name])
    with page.expect_download() as dl:
        page.click('[data-action="export-json"]')
    exported = tmp_path / "export.json"
    dl.value.save_as(exported)
    page.close()
    want = evaluate(plan_of(card), values)["columns"]
    got = json.loads(run_pingan("-p", str(root), "score", "--format", "json", str(exported), check=True).stdout)
    assert got["columns"] == json.loads(json.dumps(want)) and got["header"]["unit"] == "东关镇"

    reader = PdfReader(io.BytesIO(render_pdf(s, card, "zh")))
    writer = PdfWriter(clone_from=reader)  # as a viewer saves a filled form: the document info stays
    toks = _tokens(card, values)
    fields = reader.get_fields()
    text = {k: v for k, v in values.items() if fields[k].get("/FT") == "/Tx"}
    choice = {k: toks[k] for k in values if fields.get(k, {}).get("/FT") == "/Ch"}
    checks = {k: "/on" for k in values if fields.get(k, {}).get("/FT") == "/Btn"
              and toks[k] in ("yes", "na")}
    for p in writer.pages:
        writer.update_page_form_field_values(p, {**text, **choice, **checks}, auto_regenerate=False)
    pdf = tmp_path / "filled.pdf"
    with open(pdf, "wb") as fh:
        writer.write(fh)
    got = json.loads(run_pingan("-p", str(root), "score", "--format", "json", str(pdf), check=True).stdout)
    assert got["columns"] == json.loads(json.dumps(want)) and got["header"]["period"] == "2025"


def test_pingan_score_reads_an_xlsx_saved_by_libreoffice(tmp_path):
    from generator.render.xlsx import workbook
    from office import recalculate
    from resultset import fill_xlsx

    root, s, card = next(x for x in CARDS if x[2].id == "rules")
    values = _fills(card, 3)[2]
    typed = fill_xlsx(workbook(s, card, "zh"), {**values, "header--unit": "西关镇"}, tmp_path / "typed.xlsx")
    saved = recalculate(typed, tmp_path / "saved")          # as an office saves it
    got = json.loads(run_pingan("-p", str(root), "score", "--format", "json", str(saved), check=True).stdout)
    assert got["format"] == "xlsx" and got["header"]["unit"] == "西关镇"
    assert got["columns"] == json.loads(json.dumps(evaluate(plan_of(card), values)["columns"]))
