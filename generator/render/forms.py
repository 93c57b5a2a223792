"""Fillable scorecards: the HTML form (site page and offline file) and the print/PDF layout.

Field names, header fields and the format id come from the card-file contract
(:mod:`generator.cardfile.contract`): the templates get every name from a :class:`CardFields`, the
form's scripts from a JSON data block beside the plan's (``pingan-fields``). The same names are the PDF's
AcroForm fields, the XLSX's cells and the keys of the JSON/CSV export.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..cardfile.contract import FORMAT_ID, HEADER, CardFields, Role
from ..model.objects import Criterion, Domain, Scorecard, Standards, Task
from ..scoring.plan import plan_of
from .bytecode import FORMS_BYTECODE
from .common import TEMPLATES, find_template, fmt_points, load_labels
from .csp import with_policy
from .qr import NOWHERE, SiteAddress, qr_svg

# the form's scripts, in the order they run: the engine, the form's modules, the one that starts them
FORM_SCRIPTS = ("scoring.js", "scorecard-csv.js", "scorecard-state.js", "scorecard-totals.js", "scorecard-tabs.js",
                "scorecard-reasons.js", "scorecard-transfer.js", "scorecard.js")


class RowKind(StrEnum):
    """The rows of a card's table, in every output (form, PDF, XLSX, DOCX)."""
    DOMAIN = "domain"
    TASK = "task"
    CRITERION = "criterion"
    TASK_TOTAL = "task-total"
    DOMAIN_TOTAL = "domain-total"
    GRAND_TOTAL = "grand-total"


TOTALS = (RowKind.TASK_TOTAL, RowKind.DOMAIN_TOTAL, RowKind.GRAND_TOTAL)


@dataclass
class Row:
    kind: RowKind
    id: str
    number: str = ""
    text: str = ""
    points: float = 0
    criterion: Criterion | None = None
    task: Task | None = None
    parents: tuple[str, ...] = ()  # ids whose totals this row adds to
    criterion_units: tuple[str, ...] = ()
    zh: bool = False  # the text is the Chinese standing in for an English not yet written (a draft): lang="zh"


def rows(card: Scorecard, lang: str, criteria_filter=None) -> list[Row]:
    """The table rows of a card (optionally only the criteria ``criteria_filter`` keeps)."""
    out: list[Row] = []
    # (domain, its tasks) — or (None, every task) for a card whose tasks have no domain
    parts: list[tuple[Domain | None, tuple[Task, ...]]] = [(d, d.tasks) for d in card.domains]
    for d, all_tasks in parts or [(None, card.tasks)]:
        tasks = [(t, [c for c in t.criteria if criteria_filter is None or criteria_filter(c)]) for t in all_tasks]
        tasks = [(t, cs) for t, cs in tasks if cs]
        if not tasks:
            continue
        dom_points = sum(c.points for _, cs in tasks for c in cs)
        if d:
            out.append(Row(RowKind.DOMAIN, d.id, str(d.number), d.title[lang], dom_points))
        for t, cs in tasks:
            t_points = sum(c.points for c in cs)
            units = tuple(dict.fromkeys(u for c in cs for u in c.units))
            out.append(Row(RowKind.TASK, t.id, t.number, t.title[lang], t_points, task=t, criterion_units=units))
            for c in cs:
                parents = (t.id, *((d.id,) if d else ()), card.id)
                out.append(Row(RowKind.CRITERION, c.id, c.number, c.text[lang], c.points,
                               criterion=c, task=t, parents=parents))
            out.append(Row(RowKind.TASK_TOTAL, t.id, t.number, t.title[lang], t_points, task=t))
        if d:
            out.append(Row(RowKind.DOMAIN_TOTAL, d.id, str(d.number), d.title[lang], dom_points))
    total = sum(r.points for r in out if r.kind is RowKind.CRITERION)
    out.append(Row(RowKind.GRAND_TOTAL, card.id, "", card.title[lang], total))
    for r in out:
        item = r.criterion if r.kind is RowKind.CRITERION else r.task if r.kind is RowKind.TASK else None
        text = item.text if isinstance(item, Criterion) else item.title if item else None
        r.zh = bool(text and text.untranslated(lang))
    return out


def _json_script(data) -> Markup:
    """JSON for a ``<script type="application/json">``: '<' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


MESSAGE_KEYS = ("invalid_range", "invalid_step", "invalid_number", "invalid_count", "invalid_bound",
                "invalid_outcome", "invalid_veto", "invalid_na", "invalid_figure", "reset_confirm", "saved",
                "save_failed",
                "import_wrong_card", "import_wrong_edition", "import_bad_values", "import_bad_file", "import_ok",
                "veto_applied", "diff", "storage_unreadable", "other_tab", "other_tab_load", "other_tab_keep",
                "import_preview", "import_apply", "import_cancel", "import_undo", "import_undone", "import_same",
                "import_cancelled", "carry_offer", "carry_apply", "carry_dismiss", "carry_done", "carry_missing",
                "empty_value", "reasons_missing", "exported_revision")


class FormRenderer:
    def __init__(self, standards: Standards, lang: str, templates: tuple[Path, ...] | Path = (TEMPLATES,),
                 address: SiteAddress = NOWHERE):
        self.lang = lang
        self.dirs = templates if isinstance(templates, tuple) else (templates,)
        self.L = load_labels(self.dirs)[lang]
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader([d / "forms" for d in self.dirs]),
                                      autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                      lstrip_blocks=True, bytecode_cache=FORMS_BYTECODE)
        self.env.globals.update(L=self.L, lang=lang, pts=fmt_points, HEADER=HEADER, FORMAT=FORMAT_ID, Role=Role,
                                unit_names={u.id: u.name[lang] for u in standards.units},
                                card_url=address.card_url, qr_svg=qr_svg)

    def asset(self, name: str) -> Markup:
        return Markup(find_template(self.dirs, "assets/" + name).read_text(encoding="utf-8"))

    def plan_context(self, card: Scorecard) -> dict:
        """What the form needs of the card's plan: its items by id, and the plan itself as JSON."""
        plan, fields = plan_of(card), CardFields.of(card)
        grades = plan["grades"]
        return {"fields": fields, "plan_items": {c["id"]: c for c in plan["criteria"]},
                "plan_nodes": {n["id"]: n for n in plan["nodes"]},
                "plan_vetoes": {v["id"]: v for v in plan["vetoes"]}, "grades": grades,
                "grade_titles": {g["id"]: g["title"][self.lang] for g in grades},
                "plan_grades_low": grades[0]["id"] if grades else "",
                "plan_json": _json_script(plan), "fields_json": _json_script(fields.form_json()),
                "messages_json": _json_script({k: self.L[k] for k in MESSAGE_KEYS})}

    def fragment(self, card: Scorecard, *, mode: str = "web", criteria_filter=None, subtitle: str = "",
                 links: dict | None = None, scope: str = "", title_tag: str = "p") -> str:
        """The form itself. mode: web (site page / offline file, with buttons) or pdf (no buttons);
        ``title_tag``: h1 where the form is the whole page (the offline file)."""
        return self.env.get_template("form.html.j2").render(
            card=card, rows=rows(card, self.lang, criteria_filter), mode=mode, subtitle=subtitle, title_tag=title_tag,
            links=links or {}, scope=scope, lang_attr="zh-CN" if self.lang == "zh" else "en",
            **self.plan_context(card))

    def document(self, card: Scorecard, *, mode: str = "offline", criteria_filter=None, subtitle: str = "",
                 font_url: str = "", form_font_url: str = "", scope: str = "") -> str:
        """A complete HTML document: the offline form (CSS and scripts inlined) or the PDF source."""
        body = self.fragment(card, mode="pdf" if mode == "pdf" else "web", criteria_filter=criteria_filter,
                             subtitle=subtitle, scope=scope, title_tag="p" if mode == "pdf" else "h1")
        js = Markup("\n".join(self.asset(name) for name in FORM_SCRIPTS)) if mode == "offline" else ""
        html = self.env.get_template("document.html.j2").render(
            card=card, body=Markup(body), mode=mode, subtitle=subtitle, font_url=font_url, form_font_url=form_font_url,
            css=self.asset("scorecard.css") + ("" if mode == "pdf" else self.asset("scorecard-phone.css")), js=js,
            lang_attr="zh-CN" if self.lang == "zh" else "en")
        return html if mode == "pdf" else with_policy(html)  # WeasyPrint, which makes the PDF, runs no script
