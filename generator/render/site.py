"""Markdown pages of the standards site, per language, rendered from the model with jinja2.

The result is a mapping ``src_uri → Markdown``; the mkdocs plugin feeds it to the build and
``pingan gen`` writes it to disk. Every YAML string passes through :func:`escape.md` (the
environment's ``finalize``), so templates cannot forget to escape.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..model.objects import Domain, Scorecard, Standards, Task, Text, Unit
from . import urls
from .common import TEMPLATES, fmt_points, load_labels
from .downloads import download_rows
from .escape import md
from .forms import FORM_SCRIPTS, FormRenderer
from .qr import NOWHERE, SiteAddress
from .structure import StructureHelpers
from .urls import card_file, pack_file, source_file


def bytecode_cache(cache: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the project's own ``.cache/jinja`` (owner-only), shared by both
    languages and by later builds; None (compile in memory) when there is no project cache."""
    if cache is None:
        return None
    d = cache / "jinja"
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    return jinja2.FileSystemBytecodeCache(str(d))
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SiteRenderer(StructureHelpers):
    """Renders every page of one language."""

    def __init__(self, standards: Standards, lang: str, templates: tuple[Path, ...] = (TEMPLATES,),
                 content: Path | None = None, with_files: bool = True, downloads: dict | None = None,
                 editions=(), history=(), cache: Path | None = None, address: SiteAddress = NOWHERE):
        self.address = address  # where the site is published: the forms' QR codes
        self.editions, self.history = list(editions), list(history)
        self.templates = templates
        self.content = content
        self.downloads = downloads or {}  # site uri → {"size", "sha256"}
        self.with_files = with_files  # link the PDF/XLSX/offline files (off when they are not built)
        self.s = standards
        self.lang = lang
        self.labels = load_labels(templates)[lang]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([d / "pages" for d in templates]), bytecode_cache=bytecode_cache(cache),
            autoescape=False, finalize=self._finalize, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            comment_start_string="{%#", comment_end_string="#%}")  # {#id} is Markdown attr_list syntax
        self.env.globals.update(L=self.labels, lang=self.lang, s=standards, pts=fmt_points, url=urls,
                                enum=self.enum, form_scripts=FORM_SCRIPTS)  # form.md.j2 loads them
        self.env.filters["t"] = self.t
        self.env.filters["plain"] = self.plain
        self.uri = ""

    def card_files(self, card_id: str) -> Markup:
        """Links to a card's PDF, XLSX and offline HTML form in this language."""
        names = (("pdf", "pdf_form"), ("xlsx", "xlsx_form"), ("docx", "docx_form"), ("html", "offline_form"))
        if not self.with_files:
            return Markup("—")
        return Markup(" · ").join(
            self.link(Markup(f"{md(self.labels[label])} ({md(card_file(card_id, self.lang, ext).rsplit('/', 1)[1])})"),
                      card_file(card_id, self.lang, ext)) for ext, label in names)

    def pack_files(self, unit_id: str, card_id: str) -> Markup:
        if not self.with_files:
            return Markup("—")
        return Markup(" · ").join(self.link(Markup(f"{ext.upper()}"), pack_file(unit_id, card_id, self.lang, ext))
                                  for ext in ("pdf", "html", "docx"))

    def source_docx(self, source_id: str) -> Markup:
        """The link to a source document's DOCX in this language (nothing when files are not built)."""
        if not self.with_files:
            return Markup("")
        uri = source_file(source_id, self.lang)
        return self.link(Markup(f"{md(self.labels['docx_source'])} ({md(uri.rsplit('/', 1)[1])})"), uri)

    def change_cell(self, c, lang: str) -> Markup:
        """One language's side of a change: old and new text, or what moved where."""
        if c.change in ("text", "renamed"):
            return Markup(f"− {md(c.old[lang])}<br>+ {md(c.new[lang])}")
        if c.change in ("added", "removed"):
            return md((c.new or c.old)[lang])
        if c.change == "moved":
            return Markup(f"{md(c.old)} → {md(c.new)}")
        if c.change == "points":
            return Markup(f"{fmt_points(c.old)} → {fmt_points(c.new)}")
        if c.change == "units":
            names = lambda ids: "、".join(self.s.unit(u).name[lang] if self.s.get(u) else u for u in ids)  # noqa: E731
            return Markup(f"{md(names(c.old))} → {md(names(c.new))}")
        return Markup("")

    def download_rows(self) -> list[dict]:
        """Every downloadable file with its description, edition, size and SHA-256."""
        return download_rows(self.s, self.lang, self.labels, self.downloads)

    def form_link(self, card_id: str) -> Markup:
        return self.link(self.labels["form"], urls.form(card_id))

    def intro(self) -> Markup:
        """The hand-written introduction (trusted Markdown) from content/home/<lang>.md, if any."""
        if self.content is None:
            return Markup("")
        p = self.content / "home" / f"{self.lang}.md"
        return Markup(p.read_text(encoding="utf-8")) if p.is_file() else Markup("")

    # -- helpers available to templates ----------------------------------------------------------
    def _finalize(self, value):
        if value is None:
            return ""
        if isinstance(value, Markup):
            return value
        if isinstance(value, Text):
            return self.t(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return fmt_points(value)
        if isinstance(value, str) and ID_RE.match(value):
            return Markup(value)  # ids (lowercase, digits, inner hyphens) mean nothing to Markdown
        return md(value)

    def t(self, value: Text | None) -> Markup:
        """A text in this language; a draft's English not yet written shows the Chinese, marked lang="zh"."""
        if not value:
            return Markup("")
        if value.untranslated(self.lang):
            return Markup(f'<span lang="zh">{md(value.zh)}</span>')
        return md(value[self.lang])

    def plain(self, value: Text | None) -> Markup:
        """A text without markup (a page's title in its front matter)."""
        return md(value[self.lang]) if value else Markup("")

    @staticmethod
    def heading(level: int) -> Markup:
        """Markdown heading marks for a source heading of ``level`` (1 = the title → ##)."""
        return Markup("#" * min(level + 1, 6))

    def href(self, target: str, anchor: str | None = None) -> str:
        rel = posixpath.relpath(target, posixpath.dirname(self.uri) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def link(self, text, target: str, anchor: str | None = None) -> Markup:
        label = text if isinstance(text, Markup) else self._finalize(text)
        return Markup(f"[{label}]({self.href(target, anchor)})")

    def ref(self, id_: str) -> Markup:
        """A link to any indicator by id (task, criterion, target, mechanism, standard, work point)."""
        obj = self.s.get(id_)
        if isinstance(obj, Task):
            return self.link(Markup(f"{md(obj.number)} {self.t(obj.title)}"), urls.task(obj), obj.id)
        task = self.s.indexes.task_of.get(id_)
        if task:
            return self.link(Markup(f"{md(obj.number)} {self.t(task.title)}"), urls.task(task), id_)
        card = self.s.indexes.card_of_domain.get(id_)
        if card:
            return self.link(obj.title, urls.card(card.id), id_)
        if isinstance(obj, Scorecard):
            return self.link(obj.title, urls.card(obj.id))
        page = urls.page_of(obj)
        if page:
            title = getattr(obj, "title", None) or getattr(obj, "name", None) or getattr(obj, "text", None)
            return self.link(title if title else id_, page, id_)
        return md(id_)

    def unit_link(self, unit_id: str) -> Markup:
        return self.link(self.s.unit(unit_id).name, urls.unit(unit_id))

    def units_links(self, ids, related: bool = False) -> Markup:
        sep = "、" if self.lang == "zh" else ", "
        out = Markup(sep).join(self.unit_link(u) for u in ids)
        if related:
            out += Markup("" if self.lang == "zh" else " ") + md(self.labels["related_units"])
        return out

    def source_link(self, loc, fallback_anchor: str | None = None) -> Markup:
        if loc is None:
            return Markup("")
        src = self.s.get(loc.doc)
        label = Markup(f"{self.t(src.title)} {md(loc.at)}") if src else md(loc.doc)
        return self.link(label, urls.source(loc.doc), loc.block or fallback_anchor)

    def terms_in(self, *texts: Text) -> list:
        zh = "".join(t.zh for t in texts)
        return [g for g in self.s.glossary if g.term.zh in zh]

    # -- pages ------------------------------------------------------------------------------------------
    def render(self, template: str, uri: str, **ctx) -> str:
        self.uri = uri
        return self.env.get_template(template).render(uri=uri, r=self, **ctx)

    def pages(self) -> dict[str, str]:
        """Every page: the one-of-a-kind pages of the registry, then a page per card, form, task, unit
        and source document."""
        extra = {urls.CHANGES: {"editions": self.editions, "history": self.history}}
        out = {uri: self.render(tpl, uri, **extra.get(uri, {})) for uri, tpl, _ in urls.PAGES}
        forms = FormRenderer(self.s, self.lang, self.templates, self.address)
        for card in self.s.scorecards:
            out[urls.card(card.id)] = self.render("scorecard.md.j2", urls.card(card.id), card=card)
            out[urls.form(card.id)] = self.render("form.md.j2", urls.form(card.id), card=card,
                                                  form=Markup(forms.fragment(card)))
            for t in card.tasks:
                out[urls.task(t)] = self.render("task.md.j2", urls.task(t), card=card, task=t,
                                                governors=self.s.governors(t.id),
                                                terms=self.terms_in(t.title, *(c.text for c in t.criteria)))
        ix = self.s.indexes
        for u in self.s.units:
            out[urls.unit(u.id)] = self.render("unit.md.j2", urls.unit(u.id), unit=u, resp=ix.responsibilities[u.id],
                                               duties=ix.duties_of[u.id], mechanisms=ix.named_in[u.id])
        for src in self.s.sources:
            out[urls.source(src.id)] = self.render("source.md.j2", urls.source(src.id), src=src)
        return out

    def matrix(self, card: Scorecard) -> tuple[list, list[tuple[Unit, list[float], float]]]:
        """Columns (domains, or tasks for cards without domains) and per-unit points per column."""
        cols: list[Domain | Task] = list(card.domains or card.tasks)
        points: dict[str, list[float]] = {}
        for j, col in enumerate(cols):
            for t in col.tasks if isinstance(col, Domain) else (col,):  # a domain's tasks, or the task itself
                for c in t.criteria:
                    for u in c.units:
                        points.setdefault(u, [0.0] * len(cols))[j] += c.points
        order = {u.id: i for i, u in enumerate(self.s.units)}
        return cols, [(self.s.unit(u), vals, sum(vals))
                      for u, vals in sorted(points.items(), key=lambda kv: order[kv[0]])]


def render_site(standards: Standards, lang: str, content: Path | None = None, with_files: bool = True,
                downloads: dict | None = None, editions=(), history=(), templates: tuple[Path, ...] = (TEMPLATES,),
                cache: Path | None = None, address: SiteAddress = NOWHERE) -> dict[str, str]:
    return SiteRenderer(standards, lang, templates, content=content, with_files=with_files, downloads=downloads,
                        editions=editions, history=history, cache=cache, address=address).pages()


NAV_MAX_CARDS = 12  # beyond this the nav lists no cards (each page would render them all: O(N²))
NAV_MAX_SOURCES = 12  # and no source documents: a province's hundred documents were 30 KB of every page


def nav(standards: Standards, lang: str, templates: tuple[Path, ...] = (TEMPLATES,)) -> list:
    """The navigation: sections, with task pages under their scorecard (prunable). Unit pages are
    reached from the unit index, the matrix and every task; with many cards, cards are reached from
    the scorecards index, and with many source documents, documents from their index.
    Either way each page renders a nav of bounded size.

    The theme prints nav titles as HTML, so titles taken from YAML are HTML-escaped here."""
    L = load_labels(templates)[lang]

    def e(text) -> str:
        """A nav title as HTML: escaped; the Chinese standing in for a draft's English marked lang="zh"."""
        if isinstance(text, Text) and text.untranslated(lang):
            return f'<span lang="zh">{html.escape(text.zh, quote=True)}</span>'
        return html.escape(text if isinstance(text, str) else text[lang], quote=True)

    # every entry has its title here, not only in its page: pingan serve renders a changed page
    # without reading the unchanged ones, whose titles the nav shows too
    cards: list = [{L["scorecards"]: urls.SCORECARDS}]
    if len(standards.scorecards) <= NAV_MAX_CARDS:
        for card in standards.scorecards:
            entries = [{e(card.title): urls.card(card.id)},
                       {f"{e(card.title)} · {e(L['form'])}": urls.form(card.id)}] + [
                {f"{e(t.number)} {e(t.title)}": urls.task(t)} for t in card.tasks]
            cards.append({e(card.title): entries})
    sources = [{L["sources"]: urls.SOURCES}]
    if len(standards.sources) <= NAV_MAX_SOURCES:
        sources += [{e(s.title): urls.source(s.id)} for s in standards.sources]
    sections = {urls.SCORECARDS: cards, urls.SOURCES: sources}
    return [{L[label]: sections.get(uri, uri)} for uri, _, label in urls.PAGES]
