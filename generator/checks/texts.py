"""Checks of the bilingual texts, on the typed model: every Chinese text has its English, and glossary
terms are used consistently (run by ``pingan check`` through :mod:`generator.checks.validate`)."""
from __future__ import annotations

import re

from ..model.objects import GlossaryEntry, Text


def fmt(value) -> str:
    s = str(value)
    return s if len(s) <= 40 else s[:37] + "…"


def _norm(s: str) -> str:
    s = s.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[-‐‑–—_/]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _covered(zh: str, term: str, others: list[str]) -> bool:
    """True when every occurrence of ``term`` lies inside an occurrence of a longer term
    (政法委 inside 政法委员): the longer term's own check then applies instead."""
    spans = [(m.start(), m.start() + len(o)) for o in others if len(o) > len(term) and term in o
             for m in re.finditer(re.escape(o), zh)]
    return all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in re.finditer(re.escape(term), zh))


def check_translations(ctx, texts: list[Text]) -> None:
    """Every Chinese text has its English."""
    for t in texts:
        if t.zh.strip() and not t.en.strip():
            ctx.lacking(t.file_origin.at("en"), f"English text missing for “{fmt(t.zh)}”")


def check_glossary(ctx, texts: list[Text], entries: list[GlossaryEntry]) -> None:
    """Where the Chinese uses a glossary term, the English uses its English (or a variant)."""
    terms = [(g.term.zh, g.term.en, [_norm(w) for w in (g.term.en, *g.variants)], g.id)
             for g in entries if g.term is not None]
    own_terms = {id(g.term) for g in entries}
    for t in texts:
        if not t.en.strip() or id(t) in own_terms:
            continue
        ne = _norm(t.en)
        found = [(tzh, ten, wanted, gid) for tzh, ten, wanted, gid in terms if tzh in t.zh]
        for tzh, ten, wanted, gid in found:
            if any(w in ne for w in wanted) or _covered(t.zh, tzh, [f[0] for f in found]):
                continue
            ctx.report(t.file_origin.at("en"), f"glossary: the Chinese has “{tzh}” but the English lacks “{ten}” "
                                               f"({gid})")


def run(ctx, items: list) -> None:
    texts = [x for x in items if isinstance(x, Text)]
    check_translations(ctx, texts)
    check_glossary(ctx, texts, [x for x in items if isinstance(x, GlossaryEntry)])
