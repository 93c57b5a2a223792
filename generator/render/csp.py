"""The Content-Security-Policy of every HTML page the project writes, defined once.

Every page of both languages (through the plugin), the root pages ``pingan build`` writes, the
offline forms and unit packs get ``<meta http-equiv="Content-Security-Policy">`` right after their
``<meta charset>``, before any script or stylesheet, with :func:`with_policy`:

- scripts only from the site itself (``'self'``) or inline with the SHA-256 of their exact text
  (Material's few inline scripts, the offline form's inlined engine); no inline event handlers, no
  ``javascript:`` URLs (neither has a hash). ``<script type="application/json">`` data blocks are
  never run and need none. Workers only from ``'self'`` (the site's search uses none: its index
  files are scripts from the site, which also load from the local disk; no WebAssembly either);
- styles only from the site or inline ``<style>`` elements by hash; no ``style`` attributes (the
  Markdown tables say ``align``, see ``mkdocs.yml``);
- images from the site or ``data:`` URLs (Material's CSS icons are ``data:image/svg+xml``);
- nothing else from anywhere: no plugins (``object-src 'none'``), no ``<base>`` elsewhere, forms
  submit only to the site.

Under ``pingan serve`` mkdocs injects a live-reload script whose text changes with every request,
so there (and only there) inline scripts are allowed without hashes (``live_reload``).
"""
from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_OLD = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}  # what a browser runs


def sha256(text: str) -> str:
    """A CSP hash source for an inline element's text as the browser reads it (line ends as \\n)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(scripts=(), styles=(), *, live_reload: bool = False) -> str:
    """The policy of a page whose inline scripts and ``<style>`` elements have these texts."""
    def hashes(texts) -> list[str]:
        return [sha256(t) for t in dict.fromkeys(texts)]

    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"] if live_reload else ["'self'", *hashes(scripts)],
        "style-src": ["'self'", *hashes(styles)],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def inline_code(html: str) -> tuple[list[str], list[str]]:
    """The texts of a page's inline scripts that a browser runs, and of its ``<style>`` elements."""
    scripts = [body for attrs, body in _SCRIPT.findall(html)
               if not _SRC.search(attrs) and _script_type(attrs) in JS_TYPES]
    return scripts, _STYLE.findall(html)


def _script_type(attrs: str) -> str:
    m = _TYPE.search(attrs)
    return m.group(1).lower() if m else ""


def with_policy(html: str, *, live_reload: bool = False) -> str:
    """``html`` with its policy as the first thing after ``<meta charset>`` (or ``<head>``); a policy
    already there is computed again."""
    html = _OLD.sub("", html)
    csp = policy(*inline_code(html), live_reload=live_reload)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    at = _CHARSET.search(html) or _HEAD.search(html)
    if at is None:
        raise ValueError("a page without <head>: nowhere to put its Content-Security-Policy")
    return html[:at.end()] + "\n" + meta + html[at.end():]
