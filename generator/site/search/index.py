"""The search index of one language, written as small script files the browser loads only as a
query needs them (``search.js``); no file is read before the reader types.

``search/index.js``   how many pages and term files there are (the same figures are written at the top
                      of the language's ``assets/search.js``, so a query waits for no file before its
                      term files: ``stamp``);
``search/t/N.js``     the terms whose hash (``tokens.shard_of``) is N, each with its pages and their
                      scores: page, score, page - previous page, score, … as text (``_encoded``);
``search/d/N.js``     pages 64N…64N+63 (in the order of their titles, so that pages of one title, which
                      one query often finds together, share a file): address, title, card or document,
                      boost;
``search/x/N.js``     page N's text, for the excerpt under a result;
``search/w/L.js``     the English (Latin-letter) terms beginning with the letter L, the most frequent
                      first: a word being typed (``respons``) finds the terms it begins (``responsible``).

They are scripts calling ``pinganSearch.…`` rather than JSON so that the offline copy searches from
the local disk too, where a browser refuses ``fetch``. A page's score for a term is its BM25 score
over headings and text, plus a fixed amount when the term is in its title, times its boost.
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

from .page import Doc
from .tokens import shard_of, terms, title_terms

BLOCK = 64  # pages per d/ file: a query waits for fewer files (16 made a small site load ten a query)
SHARD_BYTES = 12_000  # what a term file holds on average
TITLE = 3.0  # a term in the title counts as much as a BM25 score of 3 (a body's best is 2.2)
K1, B = 1.2, 0.75
SCALE = 10  # scores are written as integers: score × SCALE, at least 1
TEXT_MAX = 6000  # characters of a page's text kept for excerpts
STAMP = "window.pinganSearchIndex="  # the first line of assets/search.js once the index is written
_LATIN = re.compile(r"[a-z][0-9a-z]*")


def _js(call: str, *args) -> str:
    return f"pinganSearch.{call}({','.join(json.dumps(a, ensure_ascii=False, separators=(',', ':')) for a in args)});\n"


def postings(docs: list[Doc]) -> dict[str, list[tuple[int, int]]]:
    """Every term with the pages that hold it and their integer scores, pages in order."""
    bodies = [_counted(d) for d in docs]
    lengths = [sum(c.values()) for c in bodies]
    avg = (sum(lengths) / len(lengths)) if docs else 1.0
    out: dict[str, list[tuple[int, int]]] = {}
    for i, (d, body) in enumerate(zip(docs, bodies, strict=True)):
        norm = K1 * (1 - B + B * lengths[i] / (avg or 1.0))
        titled = set(title_terms(d.title))
        for t in titled | set(body):
            tf = body.get(t, 0)
            score = (TITLE if t in titled else 0.0) + (tf * (K1 + 1) / (tf + norm) if tf else 0.0)
            out.setdefault(t, []).append((i, max(1, round(score * d.boost * SCALE))))
    return out


def _counted(d: Doc) -> Counter:
    """A page's terms with their counts, a heading's counting three times (it is in the text too)."""
    body = Counter(terms(d.text))
    for t in terms(d.headings):
        body[t] += 2
    return body


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def _encoded(pages: list[tuple[int, int]]) -> str:
    """A term's pages as text: for each page, the page number less the previous one's, then its
    score, each a variable-length number in DIGITS (five bits a character, the sixth bit saying
    another character follows). A term file is then a script of strings, which a browser reads
    far faster than the same numbers as arrays, and only the terms of a query are decoded."""
    out, last = [], 0
    for i, score in pages:
        for n in (i - last, score):
            while n >= 32:
                out.append(DIGITS[32 | (n & 31)])
                n >>= 5
            out.append(DIGITS[n])
        last = i
    return "".join(out)


def write_index(docs: list[Doc], out: Path) -> dict:
    """Write the index of ``docs`` into the folder ``out`` (replaced); returns its figures."""
    docs = sorted(docs, key=lambda d: (d.title, d.url))  # pages of one title (a county's copy) together
    found = postings(docs)
    by_term = {t: _encoded(p) for t, p in found.items()}
    size = sum(len(t) * 3 + 6 + len(p) for t, p in by_term.items())
    shards = max(1, round(size / SHARD_BYTES))
    if out.exists():
        shutil.rmtree(out)
    for sub in ("t", "d", "x", "w"):
        (out / sub).mkdir(parents=True)
    grouped: list[dict[str, str]] = [{} for _ in range(shards)]
    for t, p in sorted(by_term.items()):
        grouped[shard_of(t, shards)][t] = p
    for n, group in enumerate(grouped):
        (out / "t" / f"{n}.js").write_text(_js("terms", n, group), encoding="utf-8")
    for n in range(0, len(docs), BLOCK):
        rows = [[d.url, d.title, d.section, d.boost] for d in docs[n:n + BLOCK]]
        (out / "d" / f"{n // BLOCK}.js").write_text(_js("docs", n // BLOCK, rows), encoding="utf-8")
    for n, d in enumerate(docs):
        (out / "x" / f"{n}.js").write_text(_js("text", n, d.text[:TEXT_MAX]), encoding="utf-8")
    for letter, words in _words(found).items():
        (out / "w" / f"{letter}.js").write_text(_js("words", letter, words), encoding="utf-8")
    meta = {"pages": len(docs), "shards": shards, "block": BLOCK, "scale": SCALE}
    (out / "index.js").write_text(_js("index", meta), encoding="utf-8")
    stamp(out.parent / "assets" / "search.js", meta)
    return {**meta, "terms": len(by_term), "bytes": sum(p.stat().st_size for p in out.rglob("*.js"))}


def _words(found: dict[str, list[tuple[int, int]]]) -> dict[str, list[str]]:
    """The Latin-letter terms by their first letter, those on the most pages first."""
    out: dict[str, list[str]] = {}
    for t in sorted(found, key=lambda t: (-len(found[t]), t)):
        if _LATIN.fullmatch(t):
            out.setdefault(t[0], []).append(t)
    return out


def stamp(script: Path, meta: dict) -> None:
    """Write the index's figures as the first line of the language's search script (replacing the
    line a previous build wrote), so the browser knows them with the page. No script, no stamp
    (the search then loads ``index.js``)."""
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    if text.startswith(STAMP):
        text = text.split("\n", 1)[1]
    line = STAMP + json.dumps(meta, separators=(",", ":")) + ";\n"
    script.write_text(line + text, encoding="utf-8")
