"""What a printed page shows, read back from a PDF as a person checks a print-out: the words with their
boxes (``pdftotext -bbox``: poppler's own layout of the text) and the lines drawn on the page (cell
borders, the lines to write on), from LibreOffice's content streams (``x y m x y l S``). A word that a
line runs through was cut off or spilled out of its cell: a label wider than its column, a wrapped text
taller than its row."""
from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TOL = 1.0  # pt: a line this close inside a word's box counts as touching, not crossing


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page, as pdftotext reports it
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def vertical(self) -> bool:
        return abs(self.x0 - self.x1) < 0.1


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def flat(self) -> str:
        """The page's text without any white space (wrapped lines joined)."""
        return re.sub(r"\s+", "", "".join(w.text for w in self.words))

    def first_word(self) -> Word:
        """The word a reader sees first: the top line's leftmost word."""
        top = min(w.y0 for w in self.words)
        return min((w for w in self.words if w.y0 < top + 2), key=lambda w: w.x0)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_SEG = re.compile(rb"(-?[\d.]+) (-?[\d.]+) m\s+(-?[\d.]+) (-?[\d.]+) l S")


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words and drawn lines (in pdftotext's top-down coordinates)."""
    from pypdf import PdfReader

    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    reader = PdfReader(str(pdf))
    out = []
    for i, (m, page) in enumerate(zip(_PAGE.finditer(bbox), reader.pages, strict=False), 1):
        width, height = float(m[1]), float(m[2])
        words = [Word(html.unescape(w[5]), *map(float, w.groups()[:4])) for w in _WORD.finditer(m[3])]
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        lines = [Line(float(a), height - float(b), float(c), height - float(d)) for a, b, c, d in _SEG.findall(data)]
        out.append(Page(i, width, height, words, lines))
    return out


def _crosses(w: Word, ln: Line) -> bool:
    if ln.vertical:
        lo, hi = sorted((ln.y0, ln.y1))
        return w.x0 + TOL < ln.x0 < w.x1 - TOL and min(hi, w.y1) - max(lo, w.y0) > TOL
    lo, hi = sorted((ln.x0, ln.x1))
    blank = 0.2 * (w.y1 - w.y0)  # the box's top and bottom fifth: above capitals and ideographs, descent
    return w.y0 + blank < ln.y0 < w.y1 - blank and min(hi, w.x1) - max(lo, w.x0) > TOL


def _runs_onto(w: Word, ln: Line) -> bool:
    """A line to write on just under the word, which the word starts before and runs onto."""
    if ln.vertical or not (w.y1 - TOL <= ln.y0 <= w.y1 + 4):
        return False
    lo, hi = sorted((ln.x0, ln.x1))
    return (w.x0 < lo - TOL and w.x1 > lo + TOL) or (w.x0 < hi - TOL and w.x1 > hi + TOL)


def cut_words(page: Page) -> list[str]:
    """Words a drawn line runs through or that run onto a line to write on: ``'word' (page N)``."""
    bad = [w for w in page.words if any(_crosses(w, ln) or _runs_onto(w, ln) for ln in page.lines)]
    return [f"{w.text!r} (page {page.number}, x {w.x0:.0f}–{w.x1:.0f}, y {w.y0:.0f}–{w.y1:.0f})" for w in bad]


def whole(page: Page, piece: str) -> bool:
    """``piece`` (a header's word, or its Chinese label) is printed on one line, not broken inside."""
    return any(piece in w.text for w in page.words)
