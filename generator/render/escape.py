"""Escaping of YAML text on its way into Markdown and HTML.

Every character that Markdown or HTML could read as syntax becomes a numeric character
reference, so text from YAML always appears literally: ``<script>`` stays text, ``[x](javascript:…)``
is no link, ``*a*`` is no emphasis. Han characters and letters are left alone (search indexes them).
"""
from __future__ import annotations

import re

from markupsafe import Markup

_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^:=\"'$%@]")


def md(text: object) -> Markup:
    """Escape text for Markdown (inline or table cell); newlines become spaces."""
    if isinstance(text, Markup):
        return text
    s = " ".join(str(text).split())
    return Markup(_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", s))

