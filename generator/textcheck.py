"""Checks of the bilingual texts: every Chinese text has its English, and glossary terms are used
consistently (run by ``pingan check`` through :class:`generator.validate.Checker`)."""
from __future__ import annotations

import re
from typing import Iterator

from .validate import Node, _fmt


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


def texts(checker) -> Iterator[Node]:
    for n in checker.nodes:
        if set(n.value) == {"zh", "en"}:
            yield n


def check_translations(checker) -> None:
    """Every Chinese text has its English."""
    for n in texts(checker):
        zh, en = n.value.get("zh"), n.value.get("en")
        if isinstance(zh, str) and zh.strip() and isinstance(en, str) and not en.strip():
            checker.add(n, f"English text missing for “{_fmt(zh)}”", "en")


def check_glossary(checker) -> None:
    """Where the Chinese uses a glossary term, the English uses its English (or a variant)."""
    terms = []
    for g in checker.items("glossary"):
        t = g.value.get("term")
        if not isinstance(t, dict) or not isinstance(t.get("zh"), str) or not isinstance(t.get("en"), str):
            continue
        wanted = [t["en"]] + [v for v in g.value.get("variants") or [] if isinstance(v, str)]
        terms.append((t["zh"], t["en"], [_norm(w) for w in wanted], g.value.get("id")))
    for n in texts(checker):
        zh, en = n.value.get("zh"), n.value.get("en")
        if not (isinstance(zh, str) and isinstance(en, str) and en.strip()):
            continue
        if n.path[0] == "glossary" and n.path[-1] == "term":
            continue
        ne = _norm(en)
        found = [(tzh, ten, wanted, gid) for tzh, ten, wanted, gid in terms if tzh in zh]
        for tzh, ten, wanted, gid in found:
            if any(w in ne for w in wanted) or _covered(zh, tzh, [f[0] for f in found]):
                continue
            checker.add(n, f"glossary: the Chinese has “{tzh}” but the English lacks “{ten}” ({gid})", "en")


def problems(checker) -> None:
    check_translations(checker)
    check_glossary(checker)
