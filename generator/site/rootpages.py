"""The pages at the top of the whole site, above the language folders: the root page (it sends the
visitor to the Chinese site and links both), the 404 page every missing address gets, and the
sitemap index. The two HTML pages are ``site_templates/root/index.html`` and ``404.html`` (a
project's own ``site_templates/root/`` overrides them); each gets the site's Content-Security-Policy.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..render.common import find_template
from ..render.csp import with_policy

LANGS = ("zh", "en")


def root_page(dirs: tuple[Path, ...], name: str) -> str:
    """``index.html`` or ``404.html`` of ``site_templates/root/``, with its policy."""
    return with_policy(find_template(dirs, f"root/{name}").read_text(encoding="utf-8"))


def write_root_pages(dest: Path, dirs: tuple[Path, ...], site_url: str) -> None:
    """The root page, the 404 page and (when the site's address is known) the sitemap index."""
    for name in ("index.html", "404.html"):
        (dest / name).write_text(root_page(dirs, name), encoding="utf-8")
    if site_url:
        (dest / "sitemap.xml").write_text(sitemap_index(site_url), encoding="utf-8")


def sitemap_index(site_url: str) -> str:
    """A sitemap index at the site root pointing to each language's sitemap."""
    base = site_url.rstrip("/")
    items = "".join(f"  <sitemap><loc>{base}/{lang}/sitemap.xml</loc></sitemap>\n" for lang in LANGS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</sitemapindex>\n")


def relative_404(page: Path, site_url: str, lang: str) -> None:
    """mkdocs gives 404.html root-absolute links ("/pingan/zh/x" from the site_url, or "/x" and
    "//../en/" without one): make them relative to the language folder where the page lives."""
    prefix = urlsplit(site_url.rstrip("/") + f"/{lang}/").path if site_url else "/"
    attr = r'(\b(?:href|src|action)="|"search": ")'  # links, and where Material's config finds the search worker
    text = re.sub(attr + re.escape(prefix) + "/*", r"\1", page.read_text(encoding="utf-8"))
    # Material's base (where the search index is) and the scope of what it keeps in the browser
    text = re.sub(r'("base": "|__md_scope=new URL\(")' + re.escape(prefix) + '"', r'\1."', text)
    page.write_text(with_policy(text), encoding="utf-8")  # a changed inline script: its hash too
