"""What the search keeps of one rendered page: its title, the card or document it belongs to, its
headings and its text (the article only, as mkdocs hands it to plugins: no navigation, no header).

A page's front matter may say ``search: {exclude: true}`` (not indexed: the online forms) or
``search: {boost: 0.3}`` (its score multiplied: originals, the glossary, the downloads), as Material's
search read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

_SPACE = re.compile(r"\s+")
_SKIP = {"script", "style", "template", "svg"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "tr", "td", "th", "div", "h1", "br", "dt", "dd", "table", "blockquote"} | _HEADINGS


@dataclass(frozen=True)
class Doc:
    url: str
    title: str
    section: str  # the card or document (or part of the site) the page belongs to
    headings: str
    text: str
    boost: float


# a comment, a declaration or processing instruction, or a tag: (1) "/" if it closes, (2) its name,
# (3) its attributes (quoted values may hold ">")
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<(/?)([a-zA-Z][^\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.S)
_RAW = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def _text(src: str) -> tuple[list[str], list[str]]:
    """The page's text in parts (a space where a block starts or ends) and its headings' texts,
    without scripts, styles, templates and SVG: what html.parser gave, three times as fast (the
    search reads every page of the site; one tag at a time through a regular expression)."""
    parts: list[str] = []
    headings: list[str] = []
    heading: list[str] | None = None
    skip = pos = 0
    while True:
        m = _TOKEN.search(src, pos)
        end = m.start() if m else len(src)
        if end > pos and not skip:
            data = unescape(src[pos:end]) if "&" in src[pos:end] else src[pos:end]
            parts.append(data)
            if heading is not None:
                heading.append(data)
        if not m:
            return parts, headings
        pos = m.end()
        if m.group(2) is None:  # a comment or declaration
            continue
        tag, closing = m.group(2).lower(), m.group(1)
        self_closing = not closing and m.group(3).rstrip().endswith("/")
        if not closing:
            if tag in _SKIP:
                skip += 1
            elif tag in _HEADINGS:
                heading = []
            if tag in _BLOCKS:
                parts.append(" ")
            if tag in _RAW and not self_closing:  # raw text up to its end tag, never markup
                close = _RAW[tag].search(src, pos)
                pos = close.start() if close else len(src)
                continue
        if closing or self_closing:
            if tag in _SKIP:
                skip = max(0, skip - 1)
            elif tag in _HEADINGS and heading is not None:
                headings.append("".join(heading))
                heading = None
            if tag in _BLOCKS:
                parts.append(" ")


def squeeze(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_page(html: str, *, url: str, title: str, section: str, meta: dict) -> Doc | None:
    """The page as the search keeps it, or None when its front matter excludes it."""
    search = meta.get("search") or {}
    if search.get("exclude"):
        return None
    parts, headings = _text(html)
    return Doc(url=url, title=squeeze(title), section=squeeze(section),
               headings=" · ".join(squeeze(h) for h in headings), text=squeeze("".join(parts)),
               boost=float(search.get("boost", 1.0)))


def section_of(page) -> str:
    """The card or document a page belongs to: the title of the nearest section of the navigation
    above it that is not the page itself (a task's card, a unit's “units”), else nothing."""
    for ancestor in getattr(page, "ancestors", ()) or ():
        title = getattr(ancestor, "title", None)
        if title and title != page.title:
            return str(title)
    return ""
