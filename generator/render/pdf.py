"""Fillable PDF scorecards (WeasyPrint, AcroForm fields named by the stable ids).

- The Chinese font (Noto Sans SC, shipped by a PyPI package) is first cut down with fontTools to
  the characters the document uses: the file stays small and the PDF's text layer maps every
  glyph back to the right character (a full CJK font maps some to Kangxi radicals, ⽭ for 矛).
  Form fields use a second copy of it: when text and fields share one font, WeasyPrint's text
  layer loses characters (“7x24” extracts as “7x”).
- WeasyPrint turns the form's inputs into AcroForm fields (``pdf_forms=True``).
- pikepdf then adds the scoring engine (``scoring.js``, the same file the HTML form runs) with the
  card's plan as document-level JavaScript, and a calculation script to every total and grade field
  that asks it: viewers that run form scripts (Acrobat, Chrome's viewer) compute what every other
  output computes.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from ..model import Scorecard, Standards
from .common import TEMPLATES, user_cache
from .forms import FormRenderer, total_name

ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
EXTRA = "（）、，。；：·—–−≤≥×／％“”‘’《》【】…0123456789"


def font_file() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"


def subset_font(text: str, cache_dir: Path | None = None) -> Path:
    """Noto Sans SC reduced to the characters of ``text`` (cached by content)."""
    from fontTools import subset

    chars = "".join(sorted(set(text + ASCII + EXTRA) - {"\n", "\r", "\t"}))
    cache_dir = cache_dir or user_cache("fonts")
    out = cache_dir / f"cjk-{hashlib.sha256(chars.encode()).hexdigest()[:16]}.otf"
    if not out.exists():
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        font = subset.load_font(str(font_file()), opts)
        sub = subset.Subsetter(opts)
        sub.populate(text=chars)
        sub.subset(font)
        tmp = out.with_suffix(f".tmp{os.getpid()}")
        subset.save_font(font, str(tmp), opts)
        tmp.replace(out)
    return out


PDF_GLUE = """
function pinganValues(doc) {
  var v = {}, i, f, x;
  for (i = 0; i < PINGAN_FIELDS.length; i++) {
    f = doc.getField(PINGAN_FIELDS[i]);
    if (!f) continue;
    x = f.value;
    if (f.type === "checkbox") x = (x === "Off" || x === undefined || x === null) ? "" : String(x);
    v[PINGAN_FIELDS[i]] = (x === undefined || x === null) ? "" : String(x);
  }
  return v;
}
function pinganTotal(doc, item, col) {
  var r = PinganScoring.evaluate(PINGAN_PLAN, pinganValues(doc)).columns[col];
  return r ? r.items[item] : "";
}
function pinganGrade(doc, col) {
  var r = PinganScoring.evaluate(PINGAN_PLAN, pinganValues(doc)).columns[col];
  return r && r.grade ? PINGAN_GRADES[r.grade] : "";
}
"""


def document_script(card: Scorecard, lang: str, scoring_js: str) -> str:
    """The PDF's document-level JavaScript: scoring.js, the card's plan and the glue to read fields."""
    from ..scoring.plan import inputs

    plan = card.plan
    fields = [f"{i}--{col}" for i, _ in inputs(plan) for col in plan["columns"]]
    grades = {g["id"]: g["title"][lang] for g in plan["grades"]}
    dump = lambda x: json.dumps(x, ensure_ascii=True, separators=(",", ":"))  # noqa: E731
    return (f"{scoring_js}\nvar PINGAN_PLAN = {dump(plan)};\nvar PINGAN_FIELDS = {dump(fields)};\n"
            f"var PINGAN_GRADES = {dump(grades)};\n{PDF_GLUE}")


def calc_scripts(card: Scorecard) -> dict[str, str]:
    """Total and grade field name → its calculation script (it asks the engine)."""
    plan = card.plan
    out = {}
    for col in plan["columns"]:
        for n in plan["nodes"]:
            out[total_name(n["id"], col)] = f'event.value = pinganTotal(this, "{n["id"]}", "{col}");'
        if plan["grades"]:
            out[f"grade--{plan['card']}--{col}"] = f'event.value = pinganGrade(this, "{col}");'
    return out


def _add_scripts(pdf, card: Scorecard, lang: str, scoring_js: str) -> None:
    """Document-level engine plus one calculation script per total field, in /CO order: tasks, domains,
    then the card (the order of the plan's nodes), grades last."""
    import pikepdf

    js = pdf.make_stream(document_script(card, lang, scoring_js).encode("utf-8"))
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=js))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("pingan-scoring"), action])))
    acro = pdf.Root.get("/AcroForm")
    if acro is None:
        return
    scripts = calc_scripts(card)
    rank = {name: i for i, name in enumerate(scripts)}
    order = []
    for f in acro.get("/Fields", []):
        name = str(f.get("/T", ""))
        if name in scripts:
            f.AA = pikepdf.Dictionary(C=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(scripts[name])))
            order.append(f)
    order.sort(key=lambda f: rank[str(f.get("/T", ""))])
    acro.CO = pikepdf.Array(order)


def render_pdf(standards: Standards, card: Scorecard, lang: str, *, criteria_filter=None, subtitle: str = "",
               templates: tuple[Path, ...] = (TEMPLATES,)) -> bytes:
    import pikepdf
    from weasyprint import HTML

    fr = FormRenderer(standards, lang, templates)
    probe = fr.document(card, mode="pdf", criteria_filter=criteria_filter, subtitle=subtitle)
    font = subset_font(probe)
    form_font = font.with_name("form-" + font.name)
    if not form_font.exists():
        shutil.copyfile(font, form_font)
    html = fr.document(card, mode="pdf", criteria_filter=criteria_filter, subtitle=subtitle,
                       font_url=font.as_uri(), form_font_url=form_font.as_uri())
    raw = HTML(string=html, base_url=str(font.parent)).write_pdf(pdf_forms=True)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        _add_scripts(pdf, card, lang, str(fr.asset("scoring.js")))
        pdf.docinfo["/Title"] = card.title[lang] + (f" · {subtitle}" if subtitle else "")
        pdf.docinfo["/Subject"] = f"pingan-scorecard/1 {card.id} {card.edition} {lang}"
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
