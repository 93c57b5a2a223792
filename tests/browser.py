"""Debian's Chromium driven by Playwright (Playwright cannot download its own browsers here)."""
from __future__ import annotations

import shutil

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run scripts/system-deps test")
    return path


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=ARGS, headless=True)
