"""The rows of a scorecard's XLSX sheet (:mod:`.xlsx`): the HTML form's rows (:func:`.forms.rows`) with
one row more per further input of the card's plan — deduction rules, penalties, bonus items, vetoes."""
from __future__ import annotations

from dataclasses import dataclass

from ..cardfile.contract import CardFields, Input, Role, field, grade_row, total_row
from ..model.objects import Scorecard
from ..scoring.plan import PlanCriterion, PlanNode, plan_of
from .common import fmt_points, load_labels
from .forms import RowKind, rows
from .xlsx_inputs import WORDS, hint, penalty_text, rule_text


@dataclass
class Line:
    """One row of the sheet."""
    kind: str  # domain task criterion rule bonus penalty veto task-total domain-total grand-total grade
    id: str
    text: str
    number: str = ""
    points: float | None = None
    input: str = ""  # the input kind of this row's cells (score outcome count figure bonus veto na), or ""
    top: float = 0
    na: bool = False
    shows: str = ""  # plan item whose computed points the score cells show (totals, criteria without input)

    def input_field(self, column: str) -> str:
        """The field of this row's input in a score column (the row's id is the input's item)."""
        return field(self.id, column)


def _criterion_lines(c: PlanCriterion, own: list[Input], bonus: list[Input], row, lang: str, L: dict) -> list[Line]:
    W, cr = WORDS[lang], row.criterion
    text = row.text
    if cr.conditions:
        text += "\n" + "\n".join(f"{i}. {x.text[lang]}" for i, x in enumerate(cr.conditions, 1))
    if c["kind"] == "outcome":
        text += (f"\n（{L['met']} = {fmt_points(c['points'])}，{L['not_met']} = 0）" if lang == "zh"
                 else f"\n({L['met']} = {fmt_points(c['points'])}, {L['not_met']} = 0)")
    if hint(lang, c):
        text += "\n" + hint(lang, c)
    # the criterion's row holds the input named by its id (its score, outcome, figure, first rule or N/A box)
    kind = next((i.kind for i in own if i.item == c["id"]), "")
    out = [Line("criterion", c["id"], text, row.number, c["points"], kind, c["points"], c["na"],
                "" if kind else c["id"])]
    for r in own:
        if r.role is Role.RULE:
            out.append(Line("rule", r.item, "· " + rule_text(lang, r.spec), input="count"))
    for b in bonus:
        out.append(Line("bonus", b.item, W["bonus_row"].format(text=b.words(lang), top=fmt_points(b.spec["points"])),
                        input="bonus", top=b.spec["points"]))
    return out


def _node_lines(node: PlanNode, fields: CardFields, lang: str) -> list[Line]:
    W = WORDS[lang]
    out = [Line("penalty", p.item, penalty_text(lang, p.spec), input="count")
           for p in fields.extras(node["id"], Role.PENALTY)]
    for i in fields.extras(node["id"], Role.BONUS):
        assert node["bonus"] is not None  # a bonus item is an item of its owner's bonus
        text = W["bonus_row"].format(text=i.words(lang), top=fmt_points(i.spec["points"])) + W["bonus_cap"].format(
            cap=fmt_points(node["bonus"]["cap"]))
        out.append(Line("bonus", i.item, text, input="bonus", top=i.spec["points"]))
    return out


def _in_brackets(points: float, lang: str, L: dict) -> str:
    return f"（{fmt_points(points)}{L['pts']}）" if lang == "zh" else f" ({fmt_points(points)} {L['pts']})"


def lines(card: Scorecard, lang: str, criteria_filter=None) -> list[Line]:
    """Every row of the table, in order: the form's rows with the plan's further inputs."""
    plan, L, W, fields = plan_of(card), load_labels()[lang], WORDS[lang], CardFields.of(card)
    crit = {c["id"]: c for c in plan["criteria"]}
    nodes = {nd["id"]: nd for nd in plan["nodes"]}
    out: list[Line] = []
    for row in rows(card, lang, criteria_filter):
        if row.kind is RowKind.DOMAIN:
            out.append(Line("domain", row.id, f"{row.number}. {row.text}{_in_brackets(row.points, lang, L)}"))
        elif row.kind is RowKind.TASK:
            out.append(Line("task", row.id, f"{row.text}{_in_brackets(row.points, lang, L)}", row.number))
        elif row.kind is RowKind.CRITERION:
            out.extend(_criterion_lines(crit[row.id], fields.own(row.id), fields.extras(row.id, Role.BONUS),
                                        row, lang, L))
        else:
            out.extend(_node_lines(nodes[row.id], fields, lang))
            if row.kind is RowKind.GRAND_TOTAL:
                out.extend(Line("veto", v.item, W["veto_row"].format(text=v.words(lang)),
                                input="veto") for v in fields.inputs if v.role is Role.VETO)
            label = L["grand_total"] if row.kind is RowKind.GRAND_TOTAL else (
                f"{L['subtotal']} {row.number}" + (f". {row.text}" if row.kind is RowKind.DOMAIN_TOTAL else ""))
            out.append(Line(row.kind, total_row(row.id), label, points=row.points, shows=row.id))
    if plan["grades"]:
        out.append(Line("grade", grade_row(card.id), W["grade"], shows="grade"))
    return out
