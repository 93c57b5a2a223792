"""The QR code printed on every card (PDF, DOCX, HTML print): the card's page on the public site.

The address needs the site's public URL (``PINGAN_SITE_URL``, as for the sitemap); without it there
is no QR code at all (and no empty box). An edition built under ``editions/<name>/`` (the build sets
``PINGAN_EDITION`` while it builds one) points to that edition's permanent page.
"""
from __future__ import annotations

import io
import os
from urllib.parse import quote

from markupsafe import Markup


def card_url(card_id: str, lang: str) -> str:
    """The card's overview page for its edition, or "" when the site's address is not known."""
    base = os.environ.get("PINGAN_SITE_URL", "").strip()
    if not base:
        return ""
    edition = os.environ.get("PINGAN_EDITION", "").strip()
    prefix = f"editions/{quote(edition)}/" if edition else ""
    return f"{base.rstrip('/')}/{prefix}{lang}/scorecards/{quote(card_id)}/"


def qr_png(url: str, scale: int = 8) -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def qr_svg(url: str) -> Markup:
    """Inline SVG (no XML declaration), sized by CSS; segno escapes nothing it does not emit itself."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="svg", xmldecl=False, svgns=True, border=2,
                                                  omitsize=True, title=None, svgclass="pingan-qr-code")
    return Markup(buf.getvalue().decode("ascii"))
