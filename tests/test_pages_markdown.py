"""Every page as a reader sees it, without mkdocs or a browser: each page the site renders (every
template, both languages) on the two fixture projects and on the repository's own standards is
converted to HTML with the site's own Markdown extensions (mkdocs.yml / mkdocs.en.yml) and parsed.
No Markdown syntax may show as text, every Markdown link must become a link, and every card's
overview must hold, per domain (or for the card's tasks), a table with one row per task linking the
task and its responsible units."""
from __future__ import annotations

import posixpath
import re
import shutil
from collections import Counter
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import meta, yaml_load

from conftest import FIXTURES, ROOT
from generator.checks.project import load
from generator.render import urls
from generator.render.common import TEMPLATES, template_dirs
from generator.render.outputs import jobs
from generator.render.site import SiteRenderer
from generator.site.diff import diff
from generator.site.editions import Edition, EditionDiff

PROJECTS = {"mini": FIXTURES / "mini", "scoring": FIXTURES / "scoring", "standards": ROOT}
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}

# Markdown that a reader must never see as text
SYNTAX = {
    "table row": re.compile(r"\|[^|\n]*\|"),
    "table rule": re.compile(r":?-{3,}:?\s*\|"),
    "link": re.compile(r"\]\("),
    "strong/emphasis": re.compile(r"\*\*|__|(^|\s)\*\S"),
    "attribute list": re.compile(r"\{\s*[#.:][^}]*\}"),
    "template": re.compile(r"\{\{|\{%|%\}|\}\}"),
    "character reference": re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"),
    "list item": re.compile(r"\n\s*([-*+]|\d+\.)\s"),
}
# … and what would only be syntax at the start of a paragraph's line (a table cell may begin with
# the comparator of a benchmark, "> the provincial average")
LINE_SYNTAX = {
    "heading": re.compile(r"(^|\n)\s*#{1,6}\s"),
    "quote": re.compile(r"(^|\n)\s*>\s"),
}
MD_LINK = re.compile(r"(?<!!)\]\(([^()\s]+)\)")


def site_markdown(lang: str) -> markdown.Markdown:
    """A converter with the extensions of the language's mkdocs config (mkdocs adds its built-ins)."""
    with open(ROOT / CONFIGS[lang], encoding="utf-8") as f:
        conf = yaml_load(f)
    names, configs = list(MkDocsConfig.markdown_extensions.builtins), {}
    for ext in conf["markdown_extensions"]:
        name, cfg = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = cfg or {}
    return markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=configs)


class Recording(SiteRenderer):
    """The site renderer, noting which templates it rendered."""
    used: set[str] = set()

    def render(self, template: str, uri: str, **ctx) -> str:
        Recording.used.add(template)
        return super().render(template, uri, **ctx)


def mini_history(tmp: Path, current) -> list[EditionDiff]:
    """An earlier edition of the mini project (a criterion re-worded, one removed, points and units
    changed), so that the changes page shows every kind of change cell."""
    old = tmp / "mini-old"
    shutil.copytree(FIXTURES / "mini", old)
    card = old / "standards" / "card.yaml"
    text = card.read_text(encoding="utf-8")
    text = text.replace('"每季度召开例会"', '"每半年召开例会"')
    text = text.replace('units: ["u-plac", "u-police"]', 'units: ["u-plac"]')
    text = text.replace("""                points: 10
                kind: requirement
                units: ["u-police"]""", """                points: 6
                kind: requirement
                units: ["u-police"]
              - id: "card-t2-c2"
                text: {zh: "建立台账", en: "Keep a ledger"}
                points: 4
                kind: requirement""")
    card.write_text(text, encoding="utf-8")
    return [EditionDiff("2024", "", tuple(diff(load(old).standards, current)))]


def downloads(standards, lang: str) -> dict:
    """Every file the downloads page can list, with a made-up size and checksum."""
    uris = ["pingan-standards.json", "pingan-standards.csv", "schema.json"] + [j.uri for j in jobs(standards, lang)]
    return {u: {"size": 2048, "sha256": "0" * 64} for u in uris}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[dict]:
    """Every page of every project in both languages: its Markdown, its HTML tree, and what it shows."""
    out = []
    for name, root in PROJECTS.items():
        s = load(root).standards
        history = mini_history(tmp_path_factory.mktemp("history"), s) if name == "mini" else []
        for lang in CONFIGS:
            content = root / "content"
            r = Recording(s, lang, template_dirs(root), content=content if content.is_dir() else None,
                          downloads=downloads(s, lang), editions=[Edition("2024", "edition-2024")], history=history)
            conv = site_markdown(lang)
            for uri, text in r.pages().items():
                body, _ = meta.get_data(text)
                tree = lxml_html.fragment_fromstring(conv.reset().convert(body), create_parent="div")
                out.append({"where": f"{name}/{lang}/{uri}", "project": name, "lang": lang, "uri": uri, "md": body,
                            "tree": tree, "standards": s})
    return out


def visible_text(tree) -> list[tuple[str, str]]:
    """(element tag, text) of every text node a reader sees."""
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if el.text and el.tag not in ("script", "style"):
            out.append((el.tag, el.text))
        if el.tail and parent is not None and parent.tag not in ("script", "style"):
            out.append((parent.tag, el.tail))
    return out


def test_every_page_template_is_rendered(pages):
    templates = {p.name for p in (TEMPLATES / "pages").glob("*.md.j2")}
    assert templates and templates <= Recording.used, sorted(templates - Recording.used)


def test_no_markdown_syntax_shows_as_text(pages):
    found = []
    for page in pages:
        for tag, text in visible_text(page["tree"]):
            for what, pattern in (SYNTAX | LINE_SYNTAX if tag == "p" else SYNTAX).items():
                m = pattern.search(text)
                if m:
                    found.append(f"{page['where']}: {what} in <{tag}>: {text[max(0, m.start() - 30):m.end() + 50]!r}")
    assert not found, f"{len(found)} pieces of Markdown shown as text, e.g.\n" + "\n".join(found[:20])


def test_no_two_lines_run_into_one_paragraph(pages):
    """A template's lines are paragraphs of their own: a line break inside a <p> means a blank line
    was lost and two of them run together."""
    found = [f"{page['where']}: {p.text_content()[:120]!r}" for page in pages for p in page["tree"].iter("p")
             if "\n" in p.text_content().strip()]
    assert not found, f"{len(found)} paragraphs run together, e.g.\n" + "\n".join(found[:20])


def test_every_markdown_link_is_a_link(pages):
    missing = []
    for page in pages:
        wanted = Counter(MD_LINK.findall(page["md"]))
        have = Counter(page["tree"].xpath("//a/@href"))
        missing += [f"{page['where']}: {href} ({n - have[href]} of {n} not a link)"
                    for href, n in wanted.items() if have[href] < n]
    assert not missing, f"{len(missing)} links shown as text, e.g.\n" + "\n".join(missing[:20])


def _rel(frm: str, to: str) -> str:
    return posixpath.relpath(to, posixpath.dirname(frm))


def test_card_overview_has_a_task_table_per_domain(pages):
    cards = [p for p in pages if p["uri"].endswith("/index.md") and p["uri"].startswith("scorecards/")
             and p["uri"] != urls.SCORECARDS]
    assert len(cards) == 2 * (1 + 2 + 3)  # mini: 1 card, scoring: 2, the repository: 3; both languages
    problems = []
    for page in cards:
        s, lang, tree = page["standards"], page["lang"], page["tree"]
        card = s.get(page["uri"].split("/")[1])
        for group_id, tasks in [(d.id, d.tasks) for d in card.domains] or [(card.id, card.tasks)]:
            heading = tree.xpath(f'//*[@id="{group_id}"]')
            after = heading[0].xpath("following-sibling::*[self::table or self::h2 or .//table][1]") if heading else []
            table = (after[0] if after and after[0].tag == "table" else
                     next(iter(after[0].xpath(".//table")), None) if after and after[0].tag != "h2" else None)
            if table is None:
                problems.append(f"{page['where']}: no table under #{group_id}")
                continue
            rows = table.xpath("./tbody/tr")
            if len(rows) != len(tasks):
                problems.append(f"{page['where']}: #{group_id} has {len(rows)} rows for {len(tasks)} tasks")
            for row, t in zip(rows, tasks, strict=False):
                links = {a.get("href"): a.text_content() for a in row.iter("a")}
                want = {_rel(page["uri"], urls.task(t)) + "#" + t.id: t.title[lang]}
                want.update({_rel(page["uri"], urls.unit(u)): s.unit(u).name[lang] for u in t.units})
                problems += [f"{page['where']}: row of {t.id} lacks a link to {href} ({text})"
                             for href, text in want.items() if links.get(href) != text]
    assert not problems, f"{len(problems)} problems, e.g.\n" + "\n".join(problems[:20])
