"""How much room a text takes when printed, for the office files that cannot measure it themselves
(an XLSX row keeps the height it is given, a DOCX column the width): widths in em, the pieces a label
must not be broken into, and the number of lines a text wraps to.

Chinese characters (and full-width punctuation) are one em wide. Latin text set in Times New Roman
(``font="times"``, the English files) is measured with that font's advance widths (those of its
metric-compatible twin Liberation Serif); in a Chinese font (仿宋, 黑体) Latin letters, digits and
spaces are counted at 0.55 em, a little over what those fonts take, so that an estimate errs towards
room to spare. Chinese wraps between any two characters; Latin text wraps at spaces and after a hyphen.
"""
from __future__ import annotations

import re
import unicodedata

LATIN_EM = 0.55
# Times New Roman's advance widths of ASCII 32–126, in hundredths of an em
TIMES = bytes([25, 33, 41, 50, 50, 83, 78, 18, 33, 33, 50, 56, 25, 33, 25, 28, 50, 50, 50, 50, 50, 50, 50, 50, 50,
               50, 28, 28, 56, 56, 56, 44, 92, 72, 67, 67, 72, 61, 56, 72, 72, 33, 39, 72, 61, 89, 72, 72, 56, 72,
               67, 56, 61, 72, 72, 94, 72, 72, 61, 33, 28, 33, 47, 50, 33, 44, 50, 44, 50, 44, 33, 50, 50, 28, 28,
               50, 28, 78, 50, 50, 50, 50, 33, 39, 28, 50, 50, 72, 50, 50, 44, 48, 20, 48, 54])
BOLD = 1.06  # Times New Roman Bold is about 6 % wider
_TOKEN = re.compile(r"[^\s-]*-|[^\s-]+|\s+|-")


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _em_of(ch: str, font: str) -> float:
    if wide(ch):
        return 1.0
    if font == "times" and " " <= ch <= "~":
        return TIMES[ord(ch) - 32] / 100
    return LATIN_EM


_WIDTHS: dict[str, dict[str, float]] = {}  # font → character → em, as measured (the characters of the texts seen)


def em(text: str, font: str = "cjk") -> float:
    """The printed width of a line of text, in em of its font size (``font``: "cjk" or "times")."""
    if font == "cjk" and text.isascii():
        return len(text) * LATIN_EM  # no wide character: the common case of ids, numbers, English
    known = _WIDTHS.get(font) or _WIDTHS.setdefault(font, {})
    total = 0.0
    for ch in text:  # each character's width measured once
        w = known.get(ch)
        if w is None:
            w = known[ch] = _em_of(ch, font)
        total += w
    return total


def _tokens(text: str) -> list[str]:
    """What a line may be broken between: each Chinese character; a Latin word (with the hyphen ending it)."""
    out: list[str] = []
    for part in _TOKEN.findall(text):
        if any(wide(ch) for ch in part):
            out.extend(part)  # hanzi next to Latin letters: every character breaks on its own
        else:
            out.append(part)
    return out


def pieces(label: str) -> list[str]:
    """The parts of a column header that may go on separate lines without breaking a word: Latin words
    (a hyphen may end a line); a Chinese label stays whole except after a closing bracket or a slash
    (村（社区）| 自评得分, 备注／| 佐证材料)."""
    if not any(wide(ch) for ch in label):
        return [p for p in _TOKEN.findall(label) if p.strip()] or [label]
    return [p for p in re.split(r"(?<=[）)／/])", label) if p.strip()] or [label]


def widest_piece(label: str, font: str = "cjk") -> float:
    """The widest part of ``label`` (:func:`pieces`), in em: a column narrower than this breaks a word."""
    return max(em(p.strip(), font) for p in pieces(label))


def lines(text: str, width_em: float, font: str = "cjk") -> int:
    """Lines ``text`` takes in a column ``width_em`` wide (every paragraph at least one line)."""
    n = 0
    for para in text.split("\n"):
        count, used = 1, 0.0
        for tok in _tokens(para):
            w = em(tok, font)
            if used and used + em(tok.rstrip(), font) > width_em and not tok.isspace():
                count, used = count + 1, 0.0
            if used == 0.0 and tok.isspace():
                continue
            used += w
            while used > width_em + 1e-9 and w > width_em:  # a word wider than the column is cut
                count, used, w = count + 1, used - width_em, w - width_em
        n += count
    return n


def break_label(label: str, width_em: float, font: str = "cjk") -> str:
    """A Chinese header too wide for its column, with its line breaks put between its pieces
    (村（社区）⏎自评得分) rather than wherever the office suite would cut it; other labels as they are
    (Latin text wraps at its spaces and hyphens by itself)."""
    if em(label, font) <= width_em or not any(wide(ch) for ch in label):
        return label
    out = [""]
    for p in pieces(label):
        if out[-1] and em(out[-1] + p, font) > width_em:
            out.append("")
        out[-1] += p
    return "\n".join(out)
