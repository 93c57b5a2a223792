"""The parts of a whole-site build, without mkdocs: the atomic publish of the site folder, the root
pages (a project's own templates first) and the address a build hands down."""
from __future__ import annotations

import pytest

from conftest import ROOT


def test_a_failed_build_leaves_the_published_folder_untouched_and_no_temporary_folder(tmp_path):
    from generator.site.swap import staged

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with staged(out) as tmp:
            (tmp / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("mkdocs failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    with staged(out) as tmp:
        (tmp / "index.html").write_text("new", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_root_pages_come_from_the_projects_templates_first(tmp_path):
    from generator.render.common import template_dirs
    from generator.site.rootpages import write_root_pages

    proj = tmp_path / "proj"
    (proj / "site_templates" / "root").mkdir(parents=True)
    (proj / "site_templates" / "root" / "index.html").write_text(
        "<!doctype html><html><head><title>Our county</title></head><body></body></html>", encoding="utf-8")
    dest = tmp_path / "site"
    dest.mkdir()
    write_root_pages(dest, template_dirs(proj), "")
    index = (dest / "index.html").read_text(encoding="utf-8")
    assert "<title>Our county</title>" in index and 'http-equiv="Content-Security-Policy"' in index
    shipped = (ROOT / "site_templates" / "root" / "404.html").read_text(encoding="utf-8")
    assert "页面不存在 · Page not found" in shipped and "页面不存在" in (dest / "404.html").read_text(encoding="utf-8")
    assert not (dest / "sitemap.xml").exists()  # no address, no sitemap index
    write_root_pages(dest, template_dirs(proj), "https://example.org/pingan/")
    sitemap = (dest / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/pingan/zh/sitemap.xml</loc>" in sitemap
    assert "<loc>https://example.org/pingan/en/sitemap.xml</loc>" in sitemap


def test_an_editions_context_addresses_its_own_pages(loaded):
    from generator.site.context import BuildContext

    ctx = BuildContext(loaded, site_url="https://example.org/pingan/")
    assert ctx.address.card_url("county", "zh") == "https://example.org/pingan/zh/scorecards/county/"
    edition = ctx.with_(edition="2023", lang="en")
    assert edition.address.card_url("county", "en") == "https://example.org/pingan/editions/2023/en/scorecards/county/"
    assert BuildContext(loaded).address.card_url("county", "zh") == ""  # a local build: no QR code
