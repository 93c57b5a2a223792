"""The QR code printed on every card (PDF, DOCX, HTML print): the card's page on the public site.

The address needs the site's public URL (``PINGAN_SITE_URL``, read by the command line and by
``mkdocs.yml``, and handed down in a :class:`SiteAddress`); without it there is no QR code at all
(and no empty box). An edition built under ``editions/<name>/`` points to that edition's permanent page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published: its public URL ("" when not known: a local build) and the
    edition being built ("" for the current standards)."""
    base: str = ""
    edition: str = ""

    def card_url(self, card_id: str, lang: str) -> str:
        """The card's overview page for its edition, or "" when the site's address is not known."""
        if not self.base.strip():
            return ""
        prefix = f"editions/{quote(self.edition)}/" if self.edition else ""
        return f"{self.base.strip().rstrip('/')}/{prefix}{lang}/scorecards/{quote(card_id)}/"


NOWHERE = SiteAddress()  # a build that does not know where it will be published: no QR code


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
