"""How text becomes search terms, the same in the index (here) and in the browser (``search.js``,
``terms``): Chinese is cut into overlapping two-character pieces (矛盾纠纷化解 → 矛盾 盾纠 纠纷 纷化 化解),
so no word list decides what is a word and no part of a query is ever dropped — any run of
characters a page holds is found, the glossary's terms and the units' names included; a run of one
character is kept as it is. Other scripts are words of letters and digits, lower-cased, with a
plural ``s`` taken off (``units`` → ``unit``) and a few English function words left out; a hyphen
separates words (``county-level`` → ``county level``).
"""
from __future__ import annotations

import re
import unicodedata

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(f"[{HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{HAN}]")
_ACCENTED = re.compile("[\u00c0-\u036f]")  # letters with accents, and the accents themselves
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents: what search.js takes off too
MAX_WORD = 32  # longer runs of letters and digits are checksums, not words
STOP = frozenset("a an and are as at be by for from in into is it of on or the to with".split())


def fold(text: str) -> str:
    """Lower case, full-width forms as ASCII, accents off (é → e): what both sides compare."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _ACCENTED.search(text):
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text


def word(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def terms(text: str) -> list[str]:
    """The terms of ``text`` in order (repeats kept: they are counted)."""
    out: list[str] = []
    for piece in _PIECES.findall(fold(text)):
        if piece[0] > "z":  # Chinese
            out += [piece] if len(piece) == 1 else [a + b for a, b in zip(piece, piece[1:], strict=False)]
        elif piece not in STOP and len(piece) <= MAX_WORD:
            out.append(word(piece))
    return out


def title_terms(text: str) -> list[str]:
    """A title's terms and, besides, each of its Chinese characters (a one-character query finds
    the pages with that character in their title)."""
    return terms(text) + [c for c in fold(text) if _HAN_RUN.match(c)]


def shard_of(term: str, shards: int) -> int:
    """Which index file holds ``term``: FNV-1a over its UTF-16 code units (as JavaScript sees a
    string), modulo ``shards``."""
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards
