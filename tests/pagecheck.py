"""What a visitor would notice on a page opened in Chromium: a script or style the page's
Content-Security-Policy blocked, an error in the console, an uncaught exception, Markdown syntax shown
as text, a heading that is not the page's title, a link that leads nowhere."""
from __future__ import annotations

import re
from urllib.parse import urldefrag

# Chromium fires securitypolicyviolation on the document whose policy blocked something (every frame
# gets this script, the offline search's iframe included)
WATCH_CSP = """document.addEventListener('securitypolicyviolation', e => {
    (window.__pinganCsp = window.__pinganCsp || []).push(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ` +
        `${e.sample || ''} at ${e.sourceFile}:${e.lineNumber}`);
});"""

# Markdown that was not turned into HTML: a table's separator row, a link, bold, an attribute list
MARKDOWN = re.compile(r"\|\s*:?-{3,}:?\s*\||\]\(|\*\*|\{[#:]")


class Watch:
    """Collects, from the moment it is made, what goes wrong on ``page``: console errors (a blocked
    script is one), uncaught exceptions and CSP violations."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(WATCH_CSP)
        page.on("console", lambda m: m.type == "error" and not _favicon(m) and self.errors.append(
            f"console: {m.text} ({m.location})"))
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))

    def violations(self) -> list[str]:
        """What the policy blocked: reported to the open documents, and logged to the console (which
        keeps what pages left since then reported)."""
        return [v for f in self.page.frames for v in f.evaluate("window.__pinganCsp || []")] + [
            e for e in self.errors if "Content Security Policy" in e]

    def problems(self) -> list[str]:
        return self.violations() + self.errors


def _favicon(message) -> bool:
    """The browser's own request for /favicon.ico of a file without an icon (the offline form)."""
    return message.location.get("url", "").endswith("/favicon.ico")


def markdown_shown(page) -> list[str]:
    """Markdown syntax in the page's visible text, with what surrounds it."""
    text = page.locator("body").inner_text()
    return [text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ") for m in MARKDOWN.finditer(text)]


def main_heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def title_of(page, site_name: str) -> str:
    """The page's title without the site's name ("任务 - 平安建设标准" → "任务")."""
    title = page.title()
    return title[:-len(f" - {site_name}")] if title.endswith(f" - {site_name}") else title


def broken_links(page, base: str, content: str = "article, main") -> list[str]:
    """Same-site links in the page's content (``base``: where the site starts) whose address does
    not answer 200."""
    hrefs = page.locator(content).first.evaluate("c => [...c.querySelectorAll('a[href]')].map(a => a.href)")
    targets = sorted({urldefrag(h).url for h in hrefs if h.startswith(base)})
    return [f"{t}: {status}" for t in targets if (status := page.request.head(t).status) != 200]
