"""Fillable PDF scorecards (WeasyPrint, AcroForm fields named by the stable ids).

- The Chinese font (Noto Serif CJK SC from Debian's fonts-noto-cjk, the serif of a printed notice)
  is first cut down with fontTools to the characters the document uses: the file stays small and the PDF's text layer maps every
  glyph back to the right character (a full CJK font maps some to Kangxi radicals, ⽭ for 矛).
  Form fields use a second copy of it: when text and fields share one font, WeasyPrint's text
  layer loses characters (“7x24” extracts as “7x”).
- WeasyPrint turns the form's inputs into AcroForm fields (``pdf_forms=True``).
- pikepdf then adds a calculation script to every total field, so viewers that run form scripts
  (Acrobat, Chrome's viewer) keep task/domain/grand totals up to date. HTML and XLSX totals stay
  the authoritative ones. It also gives every field a tooltip (``/TU``) in the card's language
  ("24.3 单位自评得分") for screen readers and hover text; field names stay the stable ids.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

from ..model import Scorecard, Standards
from .common import fmt_points, load_labels, user_cache
from .forms import HEADER_FIELDS, FormRenderer, field_name, rows, total_name

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


def _calc_scripts(card: Scorecard, lang: str, criteria_filter=None) -> dict[str, str]:
    """Total field name → JavaScript that computes it from the score fields."""
    parts: dict[str, list[tuple[str, float]]] = {}
    for row in rows(card, lang, criteria_filter):
        if row.kind != "criterion":
            continue
        for col in card.columns:
            for p in row.parents:
                parts.setdefault(total_name(p, col.id), []).append((field_name(row.id, col.id), row.criterion.points))
    helper = ("function v(n,p){var f=this.getField(n);if(!f)return 0;var x=f.value;"
              "if(x==='met')return p;if(x===''||x==='not-met')return 0;x=Number(x);return isNaN(x)?0:x;}")
    return {name: helper + "var s=0;" + "".join(f"s+=v('{n}',{fmt_points(p)});" for n, p in fields) +
            "event.value=Math.round(s*1000)/1000;"
            for name, fields in parts.items()}


def tooltips(card: Scorecard, lang: str, criteria_filter=None) -> dict[str, str]:
    """Field name → what a screen reader or a viewer's hover text says (``/TU``), in the card's
    language: "24.3 单位自评得分", "24.3 备注／佐证材料", "小计 24 县审核得分", "被考评单位"."""
    L = load_labels()[lang]
    cols = [(c.id, c.title[lang]) for c in card.columns]
    tips = {f"header--{f}": L["header_" + f.replace("-", "_")] for f in HEADER_FIELDS}
    for r in rows(card, lang, criteria_filter):
        if r.kind == "criterion":
            tips.update({field_name(r.id, cid): f"{r.number} {title}" for cid, title in cols})
            tips[field_name(r.id, "notes")] = f"{r.number} {L['notes_col']}"
        elif r.kind in ("task-total", "domain-total", "grand-total"):
            what = L["grand_total"] if r.kind == "grand-total" else f"{L['subtotal']} {r.number}"
            tips.update({total_name(r.id, cid): f"{what} {title}" for cid, title in cols})
    for v in card.vetoes:
        tips.update({field_name(v.id, cid): f"{L['veto_applied']}: {v.text[lang]} {title}" for cid, title in cols})
    for b in card.bonus:
        tips.update({field_name(b.id, cid): f"{L['bonus']}: {b.text[lang]} {title}" for cid, title in cols})
    return tips


def _set_tooltips(acro, tips: dict[str, str]) -> None:
    """/TU on every field (and on its widgets' parent when a field has kids); names stay the ids."""
    import pikepdf

    for f in acro.get("/Fields", []) if acro is not None else []:
        tip = tips.get(str(f.get("/T", "")))
        if tip:
            f.TU = pikepdf.String(tip)


def render_pdf(standards: Standards, card: Scorecard, lang: str, *, criteria_filter=None, subtitle: str = "") -> bytes:
    import pikepdf
    from weasyprint import HTML

    fr = FormRenderer(standards, lang)
    probe = fr.document(card, mode="pdf", criteria_filter=criteria_filter, subtitle=subtitle)
    font = subset_font(probe)
    form_font = font.with_name("form-" + font.name)
    if not form_font.exists():
        shutil.copyfile(font, form_font)
    html = fr.document(card, mode="pdf", criteria_filter=criteria_filter, subtitle=subtitle,
                       font_url=font.as_uri(), form_font_url=form_font.as_uri())
    raw = HTML(string=html, base_url=str(font.parent)).write_pdf(pdf_forms=True)
    scripts = _calc_scripts(card, lang, criteria_filter)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        acro = pdf.Root.get("/AcroForm")
        order = []
        if acro is not None:
            for f in acro.get("/Fields", []):
                name = str(f.get("/T", ""))
                if name in scripts:
                    f.AA = pikepdf.Dictionary(C=pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                                   JS=pikepdf.String(scripts[name])))
                    order.append(f)
            # task totals first, then domains, then the card: /CO is the calculation order
            rank = {total_name(r.id, c.id): i for i, r in enumerate(rows(card, lang, criteria_filter))
                    if r.kind in ("task-total", "domain-total", "grand-total") for c in card.columns}
            order.sort(key=lambda f: rank.get(str(f.get("/T", "")), 0))
            acro.CO = pikepdf.Array(order)
        _set_tooltips(acro, tooltips(card, lang, criteria_filter))
        pdf.docinfo["/Title"] = card.title[lang] + (f" · {subtitle}" if subtitle else "")
        pdf.docinfo["/Subject"] = f"pingan-scorecard/1 {card.id} {card.edition} {lang}"
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
