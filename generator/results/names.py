"""The name a filled card goes by: ``<card>-<unit>-<period>-<stage>`` (the stage is the last score column
filled: ``self``, ``county-review`` …). The form's Export JSON / CSV names its files so
(``site_templates/assets/scorecard.js``, the same rule) and ``pingan collect`` shows it for every file, so a
county that receives thirty ``village`` files can tell them apart and find each in the output."""
from __future__ import annotations

import unicodedata

from ..cardfile.untrusted import clean

KEEP = "_.-"


def safe_part(text: str) -> str:
    """A part of a file name: the text as collect keys it (NFKC, invisible characters removed, spaces
    collapsed), every run of characters other than letters (Chinese included), digits, marks and
    ``_ . -`` made one ``_``, no ``.`` or ``_`` at either end, at most 40 characters."""
    text = clean(text)
    out, gap = [], False
    for ch in text:
        if unicodedata.category(ch)[0] in "LNM" or ch in KEEP:
            out.append(ch)
            gap = False
        elif not gap:
            out.append("_")
            gap = True
    return "".join(out).strip("._")[:40]


def submission_name(card: str, unit: str, period: str, columns: list[str]) -> str:
    """``village-城关镇-2026-self``: the parts that are known, joined by ``-``."""
    parts = [card, unit, period, columns[-1] if columns else ""]
    return "-".join(p for p in map(safe_part, parts) if p)
