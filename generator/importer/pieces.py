"""A table cell's text cut into the criteria it holds: numbered sub-items ("1.…得2分。2.…得6分。"),
or one criterion per point annotation ("…问题（7分），逐级签订…（3分）"); and a title's own points
("平安建设协调机制（14分）")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NUM, fold, number

ANNOTATION = re.compile(rf"[（(]\s*(?:计|共|满分)?(?P<n>{NUM})\s*分\s*[）)]")
_MARK = re.compile(r"(?:^|(?<=[。；;\n\s:：]))[ \t]*(?P<m>(?P<d>\d{1,2})\s*[.、．)）](?!\d)|[（(](?P<p>\d{1,2})[）)]"
                   r"|(?P<c>[①-⑳]))")
_TRIM = " \t\r\n，,；;。、"


@dataclass(frozen=True)
class Piece:
    """One criterion's words in a cell (numbering and point annotation taken off), where they are."""
    text: str
    points: float | None
    start: int
    end: int
    label: str = ""  # the sub-item's number as the cell writes it ("1", "（2）", "③")


def clean(text: str) -> str:
    """A cell's text on one line: line breaks inside a sentence (Word's wrapped cells) removed."""
    lines = [x.strip() for x in text.replace("\r", "\n").split("\n")]
    return "".join(x for x in lines if x)


def titled(text: str) -> tuple[str, float | None]:
    """平安建设协调机制（14分） → ('平安建设协调机制', 14)."""
    t = clean(text)
    ann = list(ANNOTATION.finditer(fold(t)))
    if not ann:
        return t, None
    last = ann[-1]
    return (t[:last.start()] + t[last.end():]).strip(_TRIM), number(last.group("n"))


def _numbered(t: str) -> list[re.Match]:
    """The markers of sub-items 1, 2, 3 … in order (at least two), or []."""
    f = fold(t)
    marks: list[re.Match[str]] = []
    for m in _MARK.finditer(f):
        n = m.group("d") or m.group("p")
        value = int(n) if n else ord(m.group("c")) - ord("①") + 1
        if value == len(marks) + 1:
            marks.append(m)
    return marks if len(marks) >= 2 else []


def _annotated(t: str, start: int, end: int, label: str = "") -> list[Piece]:
    """One piece per point annotation in t[start:end] (the text after the last one joins it)."""
    f = fold(t)
    out, pos = [], start
    for m in ANNOTATION.finditer(f, start, end):
        words = t[pos:m.start()]
        lead = len(words) - len(words.lstrip(_TRIM))
        out.append(Piece(words.strip(_TRIM), number(m.group("n")), pos + lead, m.end(), label))
        pos = m.end()
    rest = t[pos:end]
    if rest.strip(_TRIM):
        lead = len(rest) - len(rest.lstrip(_TRIM))
        out.append(Piece(rest.strip(_TRIM), None, pos + lead, end, label))
    return out


def pieces(text: str) -> list[Piece]:
    """The criteria one cell holds, in order; a cell with neither numbering nor several annotations is
    one piece. Positions are in :func:`clean`'s text of the cell."""
    t = clean(text)
    marks = _numbered(t)
    if not marks:
        return [p for p in _annotated(t, 0, len(t)) if p.text] or ([Piece(t, None, 0, len(t))] if t else [])
    out = []
    head = t[:marks[0].start()].strip(_TRIM)
    if head:  # words before item 1 (an introduction): kept as a piece without points
        out.append(Piece(head, None, 0, marks[0].start()))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(t)
        label = m.group("m").strip()
        inner = _annotated(t, m.end(), end, label)
        if len(inner) == 1 or not inner:
            words = t[m.end():end].strip(_TRIM)
            p = inner[0].points if inner else None
            out.append(Piece(inner[0].text if inner and p is not None else words, p, m.end(), end, label))
        else:
            out.extend(inner)
    return [p for p in out if p.text]
