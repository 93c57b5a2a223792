"""Text from a submitted file on its way to a terminal line or a store key.

Everything in a filled card — unit, period, notes, values, even its file name — was typed by someone
else. In a terminal line no such text may act: control characters (an escape sequence, a newline that
fakes an ``accepted`` line), bidirectional overrides and invisible format characters are shown as
``\\x1b``-style escapes (:func:`shown`); a file name that is not plain is quoted (:func:`quoted`). A
unit or period is compared as :func:`clean` makes it: NFKC, invisible characters removed, spaces
collapsed, so that ``城关镇`` with a zero-width space is the same unit as ``城关镇``.
"""
from __future__ import annotations

import re
import unicodedata

from ..model.problems import clip

__all__ = ["HIDDEN", "clean", "clip", "quoted", "shown"]

HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Cs")  # controls, format characters (ZWSP, BOM, bidi), separators, surrogates
PLAIN = re.compile(r"[\w./+,=@%~\-]+")  # a file name shown as is (letters and digits of any script included)


def _escape(ch: str) -> str:
    o = ord(ch)
    if ch in "\n\r\t":
        return repr(ch)[1:-1]
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def shown(text: object) -> str:
    """``text`` safe for one terminal line: every control, format or line-separator character escaped."""
    s = "" if text is None else str(text)
    if s.isprintable() and s.isascii():
        return s
    return "".join(_escape(c) if unicodedata.category(c) in HIDDEN else c for c in s)


def quoted(name: object) -> str:
    """A file name for a terminal line: as is when plain, else in single quotes with escapes (as repr)."""
    s = str(name)
    if PLAIN.fullmatch(s):
        return s
    body = "".join("\\\\" if c == "\\" else "\\'" if c == "'" else
                   _escape(c) if unicodedata.category(c) in HIDDEN else c for c in s)
    return f"'{body}'"


def clean(text: str | None) -> str:
    """A unit or period as the store keys and compares it: NFKC (full-width letters and digits folded),
    invisible characters (zero-width space, BOM, soft hyphen, bidi marks, controls) removed, every run of
    white space one space, trimmed."""
    if not text:  # the usual case in a submission's many optional fields
        return ""
    s = unicodedata.normalize("NFKC", text)
    if not s.isprintable():  # printable: no character of the HIDDEN categories, no white space but " "
        s = "".join(" " if c.isspace() else "" if unicodedata.category(c) in HIDDEN else c for c in s)
    return " ".join(s.split())
