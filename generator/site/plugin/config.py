"""The ``pingan`` plugin's options, as Material declares its built-in plugins' options.

In ``mkdocs.yml``::

    plugins:
      pingan:
        enabled: true          # false: a plain mkdocs build of content/ without the standards
        lang: zh               # the language this build renders (mkdocs.en.yml says en)
        project: null          # the project folder (default: the nearest folder above with standards/)
        scorecard_files: true  # PDF/XLSX/offline forms; bench/site.py turns them off
        processes: null        # processes that render missing scorecard files (1: this one; null:
                               # one per core); ``pingan build -j N`` decides for its builds
        site_url: !ENV [PINGAN_SITE_URL, ""]  # the public address of the whole site: QR codes

``site_url`` is the public address of the whole site (both languages), from the one environment
variable ``PINGAN_SITE_URL``; mkdocs' own ``site_url`` (``!ENV [PINGAN_SITE_URL, ""]`` too) is
replaced by :func:`language_url` with this build's address, and by ``pingan serve`` with the local
one, so the plugin keeps its own. ``pingan build`` reads the variable itself (the root page, the
sitemap index, the 404 page) and hands the plugin a build context instead
(:mod:`generator.site.context`). Nothing in the package reads the environment.
"""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

SITE_URL_ENV = "PINGAN_SITE_URL"  # read by the command line and by mkdocs.yml, nowhere else


class PinganConfig(Config):
    enabled = c.Type(bool, default=True)
    lang = c.Choice(("zh", "en"), default="zh")
    project = c.Optional(c.Type(str))
    scorecard_files = c.Type(bool, default=True)
    processes = c.Optional(c.Type(int))
    site_url = c.Type(str, default="")


def language_url(site_url: str | None, lang: str) -> str | None:
    """One language's address under the site's: ``https://x/repo/`` → ``https://x/repo/zh/``.
    Idempotent (mkdocs serve may run ``on_config`` again on the same config)."""
    if not site_url or site_url.rstrip("/").endswith(f"/{lang}"):
        return site_url
    return site_url.rstrip("/") + f"/{lang}/"
