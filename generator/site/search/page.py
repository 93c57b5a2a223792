"""What the search keeps of one rendered page: its title, the card or document it belongs to, its
headings and its text (the article only, as mkdocs hands it to plugins: no navigation, no header).

A page's front matter may say ``search: {exclude: true}`` (not indexed: the online forms) or
``search: {boost: 0.3}`` (its score multiplied: originals, the glossary, the downloads), as Material's
search read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self.skip = 0
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _HEADINGS:
            self.heading = []
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _HEADINGS and self.heading is not None:
            self.headings.append("".join(self.heading))
            self.heading = None
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.skip:
            return
        self.parts.append(data)
        if self.heading is not None:
            self.heading.append(data)


def squeeze(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_page(html: str, *, url: str, title: str, section: str, meta: dict) -> Doc | None:
    """The page as the search keeps it, or None when its front matter excludes it."""
    search = meta.get("search") or {}
    if search.get("exclude"):
        return None
    parser = _Text()
    parser.feed(html)
    parser.close()
    headings = " · ".join(squeeze(h) for h in parser.headings)
    return Doc(url=url, title=squeeze(title), section=squeeze(section), headings=headings,
               text=squeeze("".join(parser.parts)), boost=float(search.get("boost", 1.0)))


def section_of(page) -> str:
    """The card or document a page belongs to: the title of the nearest section of the navigation
    above it that is not the page itself (a task's card, a unit's “units”), else nothing."""
    for ancestor in getattr(page, "ancestors", ()) or ():
        title = getattr(ancestor, "title", None)
        if title and title != page.title:
            return str(title)
    return ""
