"""The ``pingan`` plugin's options, as Material declares its built-in plugins' options.

In ``mkdocs.yml``::

    plugins:
      pingan:
        enabled: true          # false: a plain mkdocs build of content/ without the standards
        lang: zh               # the language this build renders (mkdocs.en.yml says en)
        project: null          # the project folder (default: the nearest folder above with standards/)
        scorecard_files: true  # PDF/XLSX/offline forms; bench/site.py turns them off
        processes: null        # processes that render missing scorecard files (1: this one; null:
                               # one per core); ``pingan build -j N`` sets it for each build

The one environment variable, ``PINGAN_SITE_URL``, is the public address of the whole site (both
languages). It reaches mkdocs through ``site_url: !ENV [PINGAN_SITE_URL, ""]`` in ``mkdocs.yml``;
:func:`language_url` turns it into this build's address and :func:`site_root_url` is where the
whole-site build (root page, sitemap index, 404 page) reads it. Nothing else reads the environment.
"""
from __future__ import annotations

import os

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

SITE_URL_ENV = "PINGAN_SITE_URL"


class PinganConfig(Config):
    enabled = c.Type(bool, default=True)
    lang = c.Choice(("zh", "en"), default="zh")
    project = c.Optional(c.Type(str))
    scorecard_files = c.Type(bool, default=True)
    processes = c.Optional(c.Type(int))


def site_root_url() -> str:
    """The public address of the whole site, or "" when it is not known (a local build)."""
    return os.environ.get(SITE_URL_ENV, "").strip()


def language_url(site_url: str | None, lang: str) -> str | None:
    """One language's address under the site's: ``https://x/repo/`` → ``https://x/repo/zh/``.
    Idempotent (mkdocs serve may run ``on_config`` again on the same config)."""
    if not site_url or site_url.rstrip("/").endswith(f"/{lang}"):
        return site_url
    return site_url.rstrip("/") + f"/{lang}/"
