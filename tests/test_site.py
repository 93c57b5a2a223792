"""The built site: both languages, every internal link and anchor resolves, atomic builds, escaping."""
from __future__ import annotations

import html.parser
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, ROOT, make_site_project, run_pingan


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "script", "img"):
                self.hrefs.append(a[key])


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_both_languages_and_root_page(built_site):
    for lang in ("zh", "en"):
        index = built_site / lang / "index.html"
        assert index.is_file()
        assert f'<html lang="{lang}"' in index.read_text(encoding="utf-8")
        assert (built_site / lang / "scorecards" / "county" / "county-t24.html").is_file()
        assert (built_site / lang / "units" / "county-public-security-bureau.html").is_file()
        assert (built_site / lang / "search" / "index.js").is_file()  # the site's own search index
        assert not (built_site / lang / "search" / "search_index.json").exists()  # not Material's
    root = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'url=zh/index.html' in root and 'href="en/index.html"' in root


def test_every_internal_link_and_anchor_resolves(built_site):
    pages = sorted(built_site.rglob("*.html"))  # 404 pages included
    assert (built_site / "404.html").is_file()
    assert len(pages) > 200
    parsed = {p: parse(p) for p in pages}
    broken = []
    for page, links in parsed.items():
        for href in links.hrefs:
            u = urlsplit(href)
            if href.startswith("/"):
                broken.append(f"{page.relative_to(built_site)}: {href} (root-absolute or protocol-relative)")
                continue
            if u.scheme or u.netloc or href.startswith(("mailto:", "data:")):
                continue
            target = (page.parent / unquote(u.path)).resolve() if u.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href} (no file)")
                continue
            if u.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if u.fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)}: {href} (no anchor)")
    assert not broken, f"{len(broken)} broken links, e.g.\n" + "\n".join(broken[:20])


def test_stable_anchors_identical_in_both_languages(built_site):
    for rel in ("scorecards/county/county-t24.html", "units/county-plac.html", "matrix.html",
                "sources/s004.html", "glossary.html"):
        zh, en = parse(built_site / "zh" / rel).ids, parse(built_site / "en" / rel).ids
        ours = {i for i in zh if re.match(r"^(county|town|village|s00\d|g|matrix)-", i)}
        assert ours and ours <= en, rel
    t24 = parse(built_site / "zh" / "scorecards/county/county-t24.html").ids
    assert {"county-t24", "county-t24-c1", "county-t24-c4"} <= t24


def test_h1_names_the_subject(built_site):
    def h1(rel, lang="zh"):
        text = (built_site / lang / rel).read_text(encoding="utf-8")
        return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)).strip()

    assert h1("scorecards/county/county-t24.html") == "24 矛盾纠纷多元化解"
    assert h1("units/county-plac.html") == "县委政法委"
    assert h1("units/county-plac.html", "en") == "County Political and Legal Affairs Commission"


def test_unit_page_lists_everything_it_answers_for(built_site, standards):
    text = (built_site / "zh" / "units" / "county-court.html").read_text(encoding="utf-8")
    for card in standards.scorecards:
        for t in card.tasks:
            for c in t.criteria:
                if "county-court" in c.units:
                    assert f"#{c.id}" in text, c.id


def test_offline_zip_holds_the_whole_site(built_site):
    with zipfile.ZipFile(built_site / "pingan-standards-offline.zip") as z:
        names = set(z.namelist())
    assert "pingan-standards/index.html" in names
    assert "pingan-standards/zh/scorecards/county/county-t24.html" in names
    assert "pingan-standards/en/search/index.js" in names  # offline search index
    assert "pingan-standards/en/search/t/0.js" in names


def test_pages_load_only_what_they_use(built_site):
    """Material's search worker, lunr and the source maps are not in the site or its zip (the site
    has its own search); the form's scripts load on form pages only, in their order."""
    from generator.render.forms import FORM_SCRIPTS

    unused = re.compile(r"assets/javascripts/(lunr/|workers/search\.)|\.map$")
    assert not [p for p in built_site.rglob("*") if unused.search(p.as_posix())]
    with zipfile.ZipFile(built_site / "pingan-standards-offline.zip") as z:
        assert not [n for n in z.namelist() if unused.search(n)]
    def scripts(lang: str, rel: str) -> list[str]:
        return [s.rsplit("/", 1)[-1] for s in parse(built_site / lang / rel).hrefs if s.endswith(".js")]

    for lang in ("zh", "en"):
        for rel in ("index.html", "scorecards/county/county-t24.html", "units/county-plac.html"):
            assert not set(scripts(lang, rel)) & set(FORM_SCRIPTS), rel
            assert "search.js" in scripts(lang, rel)
        form = scripts(lang, "scorecards/county/form.html")
        assert [s for s in form if s in FORM_SCRIPTS] == list(FORM_SCRIPTS)
        assert "search.js" in form


def test_downloads_page_links_exports(built_site):
    for lang in ("zh", "en"):
        d = built_site / lang
        assert (d / "pingan-standards.json").stat().st_size > 100_000
        assert (d / "pingan-standards.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + 106 + 57 + 16
        assert "pingan-standards.json" in (d / "downloads.html").read_text(encoding="utf-8")


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    run_pingan("build", cwd=proj, check=True)
    site = proj / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # break the YAML: the check fails before mkdocs starts
    card = proj / "standards" / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("points: 10\n", "points: 11\n", 1), encoding="utf-8")
    proc = run_pingan("build", cwd=proj)
    assert proc.returncode == 1 and "task card-t1: criteria add up to 10, task says 11" in proc.stderr
    # and a failure inside mkdocs (a broken link in a hand-written page) fails after the check passed
    card.write_text(card.read_text(encoding="utf-8").replace("points: 11\n", "points: 10\n", 1), encoding="utf-8")
    (proj / "content" / "zh" / "extra.md").write_text("# x\n\n[broken](nowhere.md)\n", encoding="utf-8")
    proc = run_pingan("build", cwd=proj)
    assert proc.returncode == 1 and "previous site is untouched" in proc.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(proj.glob(".site.*")), "temporary build folders are cleaned up"


HOSTILE = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**not bold** _not em_ `not code`",
    "# not a heading",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    proj = tmp_path_factory.mktemp("hostile") / "proj"
    make_site_project(proj, FIXTURES / "mini" / "standards")
    card = proj / "standards" / "card.yaml"
    text = card.read_text(encoding="utf-8")
    import json as _json

    def q(s):
        return _json.dumps(s, ensure_ascii=False)

    text = text.replace('{zh: "每季度召开例会", en: "Hold a meeting every quarter"}',
                        "{zh: " + q("每季度召开例会" + HOSTILE[0] + HOSTILE[1]) + ", en: " + q(" ".join(HOSTILE)) + "}")
    text = text.replace('{zh: "例会", en: "Meetings"}',
                        "{zh: " + q("例会" + HOSTILE[2]) + ", en: " + q("Meetings " + HOSTILE[2]) + "}")
    card.write_text(text, encoding="utf-8")
    run_pingan("build", cwd=proj, check=True)
    return proj / "site"


def test_no_escaped_entities_shown_literally(built_site):
    """Escaped text must never land in a code span, where &#95; would be shown as typed."""
    for p in (built_site / "zh").rglob("*.html"):
        text = p.read_text(encoding="utf-8")
        assert "&amp;#" not in text, p


def test_hostile_text_is_inert_in_html(hostile_site):
    page = (hostile_site / "en" / "scorecards" / "card" / "card-t1.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "<strong>not bold</strong>" not in page and "<code>not code</code>" not in page


def test_hostile_text_shows_literally_in_browser(hostile_site, page):
    from webserver import serve

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(hostile_site) as base:
        for lang in ("zh", "en"):
            page.goto(base + f"{lang}/scorecards/card/card-t1.html")
            body = page.inner_text("article")
            assert HOSTILE[0] in body and HOSTILE[1] in body and "<img src=x onerror=alert(1)>" in body
            page.goto(base + f"{lang}/units/u-plac.html")
            page.goto(base + f"{lang}/matrix.html")
    assert dialogs == []
    assert page.locator("a[href^='javascript:']").count() == 0


def test_gen_writes_markdown(tmp_path):
    run_pingan("gen", "-o", str(tmp_path / "pages"), check=True)
    p = tmp_path / "pages" / "zh" / "scorecards" / "county" / "county-t24.md"
    assert p.read_text(encoding="utf-8").startswith("---\ntitle:")
    assert (tmp_path / "pages" / "en" / "matrix.md").is_file()


def test_mkdocs_yml_is_strict_with_anchor_validation():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "strict: true" in text and "anchors: warn" in text and "navigation.prune" in text
