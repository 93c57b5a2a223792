"""Fillable PDF scorecards (WeasyPrint, AcroForm fields named by the stable ids).

- The Chinese font (Noto Serif CJK SC from Debian's fonts-noto-cjk, the serif of a printed notice)
  is first cut down with fontTools to the characters the document uses: the file stays small and the PDF's
  text layer maps every glyph back to the right character (a full CJK font maps some to Kangxi radicals, ⽭ for 矛).
  Form fields use a second copy of it: when text and fields share one font, WeasyPrint's text
  layer loses characters (“7x24” extracts as “7x”).
- WeasyPrint turns the form's inputs into AcroForm fields (``pdf_forms=True``).
- pikepdf then adds the scoring engine (``scoring.js``, the same file the HTML form runs) with the
  card's plan as document-level JavaScript, and a calculation script to every total and grade field
  that asks it: viewers that run form scripts (Acrobat, Chrome's viewer) compute what every other
  output computes. The card is scored once per set of values, not once per total field (a county card
  has over a hundred): the last result is kept with the values it was computed from. It also gives every
  field a tooltip (``/TU``) in the card's language ("24.3 单位自评得分") for screen readers and hover
  text; field names stay the stable ids.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

from ..cardfile.contract import HEADER, CardFields, grade_field, notes_field, pdf_subject, total_field
from ..model.objects import Scorecard, Standards
from ..scoring.plan import plan_of
from .common import TEMPLATES, load_labels, user_cache
from .forms import TOTALS, FormRenderer, RowKind, rows
from .qr import NOWHERE, SiteAddress

ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
EXTRA = "（）、，。；：·—–−≤≥×／％“”‘’《》【】…0123456789"


SERIF_FAMILY = "Noto Serif CJK SC"


def font_file() -> tuple[Path, int]:
    """Debian's Noto Serif CJK SC (package fonts-noto-cjk), found through fontconfig: the embedded
    stand-in for 宋体/仿宋 on printed cards. Returns the font file and its index in the collection."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", f"{SERIF_FAMILY}:style=Regular"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError(f"fontconfig (fc-match) is needed to find {SERIF_FAMILY}: {e}") from None
    path, index, family = (out.split("|") + ["", "", ""])[:3]
    if SERIF_FAMILY not in family:
        raise RuntimeError(f"{SERIF_FAMILY} is not installed (Debian: fonts-noto-cjk; run scripts/system-deps site)")
    return Path(path), int(index or 0)


def subset_font(text: str, cache_dir: Path | None = None) -> Path:
    """Noto Serif CJK SC reduced to the characters of ``text`` (cached by content and font)."""
    from fontTools import subset

    chars = "".join(sorted(set(text + ASCII + EXTRA) - {"\n", "\r", "\t"}))
    src, index = font_file()
    cache_dir = cache_dir or user_cache("fonts")
    key = hashlib.sha256(f"{src.name}:{index}:{src.stat().st_size}:{chars}".encode()).hexdigest()[:16]
    out = cache_dir / f"cjk-serif-{key}.otf"
    if not out.exists():
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.font_number = index
        font = subset.load_font(str(src), opts)
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
var PINGAN_LAST = {key: null, result: null};
function pinganResult(doc) {
  var v = pinganValues(doc), key = "", i, x;
  for (i = 0; i < PINGAN_FIELDS.length; i++) {
    x = v[PINGAN_FIELDS[i]] || "";
    key += x.length + ":" + x;  // lengths first: no two sets of values make the same key
  }
  if (key !== PINGAN_LAST.key) {
    PINGAN_LAST.result = PinganScoring.evaluate(PINGAN_PLAN, v);
    PINGAN_LAST.key = key;
  }
  return PINGAN_LAST.result;
}
function pinganTotal(doc, item, col) {
  var r = pinganResult(doc).columns[col];
  return r ? r.items[item] : "";
}
function pinganGrade(doc, col) {
  var r = pinganResult(doc).columns[col];
  return r && r.grade ? PINGAN_GRADES[r.grade] : "";
}
"""


def document_script(card: Scorecard, lang: str, scoring_js: str) -> str:
    """The PDF's document-level JavaScript: scoring.js, the card's plan and the glue to read fields."""
    plan = plan_of(card)
    fields = CardFields.of(card).input_fields()
    grades = {g["id"]: g["title"][lang] for g in plan["grades"]}
    dump = lambda x: json.dumps(x, ensure_ascii=True, separators=(",", ":"))  # noqa: E731
    return (f"{scoring_js}\nvar PINGAN_PLAN = {dump(plan)};\nvar PINGAN_FIELDS = {dump(fields)};\n"
            f"var PINGAN_GRADES = {dump(grades)};\n{PDF_GLUE}")


def calc_scripts(card: Scorecard) -> dict[str, str]:
    """Total and grade field name → its calculation script (it asks the engine)."""
    plan = plan_of(card)
    out = {}
    for col in plan["columns"]:
        for n in plan["nodes"]:
            out[total_field(n["id"], col)] = f'event.value = pinganTotal(this, "{n["id"]}", "{col}");'
        if plan["grades"]:
            out[grade_field(plan["card"], col)] = f'event.value = pinganGrade(this, "{col}");'
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


def tooltips(card: Scorecard, lang: str, criteria_filter=None) -> dict[str, str]:
    """Field name → what a screen reader or a viewer's hover text says (``/TU``), in the card's
    language: "24.3 单位自评得分", "24.3 备注／佐证材料", "小计 24 县审核得分", "被考评单位"."""
    L = load_labels()[lang]
    cols = [(c.id, c.title[lang]) for c in card.columns]
    tips = {h.field: L[h.label_key] for h in HEADER}
    own = {}
    for r in rows(card, lang, criteria_filter):
        if r.kind is RowKind.CRITERION:
            own[r.id] = r.number
            tips[notes_field(r.id)] = f"{r.number} {L['notes_col']}"
        elif r.kind in TOTALS:
            total = L["grand_total"] if r.kind is RowKind.GRAND_TOTAL else f"{L['subtotal']} {r.number}"
            tips.update({total_field(r.id, cid): f"{total} {title}" for cid, title in cols})
    for i in CardFields.of(card).inputs:
        what = i.label(lang, L)
        if what is None and i.owner in own:
            what = own[i.owner]  # the criterion's own input: its number says what it is
        if what is not None:
            tips.update({i.field(cid): f"{what} {title}" for cid, title in cols})
    if plan_of(card)["grades"]:
        tips.update({grade_field(card.id, cid): f"{L['grade']} {title}" for cid, title in cols})
    return tips


def _set_tooltips(acro, tips: dict[str, str]) -> None:
    """/TU on every field (and on its widgets' parent when a field has kids); names stay the ids."""
    import pikepdf

    for f in acro.get("/Fields", []) if acro is not None else []:
        tip = tips.get(str(f.get("/T", "")))
        if tip:
            f.TU = pikepdf.String(tip)


def render_pdf(standards: Standards, card: Scorecard, lang: str, *, criteria_filter=None, subtitle: str = "",
               templates: tuple[Path, ...] = (TEMPLATES,), address: SiteAddress = NOWHERE) -> bytes:
    import pikepdf
    from weasyprint import HTML

    fr = FormRenderer(standards, lang, templates, address)
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
        _set_tooltips(pdf.Root.get("/AcroForm"), tooltips(card, lang, criteria_filter))
        pdf.docinfo["/Title"] = card.title[lang] + (f" · {subtitle}" if subtitle else "")
        pdf.docinfo["/Subject"] = pdf_subject(card.id, str(card.edition), lang)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
