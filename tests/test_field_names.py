"""One filled-card contract (generator/cardfile/contract.py): the field-name scheme ``<id>--<column>`` is
spelled in one Python place, the form names exactly the fields a card file may carry, and the
contract's inputs are the plan's."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, ROOT
from generator.cardfile import contract
from generator.checks.project import load
from generator.scoring.plan import plan_of

# The separator next to an interpolation (f"{id}--{col}", {{ id }}--, ${id}--, --{col}), as a string of its
# own ("--" + col, rpartition("--")) or ending a prefix ("total--" + id): composing or splitting a field name.
COMPOSED = re.compile(r"""\}--(?!-)|(?<!-)--\$?\{|["'`]--["'`]|\w--["'`]""")
# the scheme's module (at the bottom: scoring names the graph's inputs with it); cardfile/contract.py
# re-exports it to every layer above
PLACE = "generator/model/fieldnames.py"
PENDING: set[str] = set()  # files still spelling the scheme themselves: none


def _spelled() -> dict[str, list[str]]:
    files = [*ROOT.glob("generator/**/*.py"), *ROOT.glob("site_templates/**/*.js"),
             *ROOT.glob("site_templates/**/*.j2"),
             *ROOT.glob("scripts/*")]
    out: dict[str, list[str]] = {}
    for p in files:
        rel = p.relative_to(ROOT).as_posix()
        if "/vendor/" in rel or not p.is_file():
            continue
        lines = [f"{rel}:{n}: {line.strip()}" for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if COMPOSED.search(line)]
        if lines:
            out[rel] = lines
    return out


def test_the_pattern_finds_every_spelling_and_nothing_else():
    composed = ['f"{item_id}--{column}"', "id + \"--\" + col", "'total--' + id", 'f"header--{h}"',
                'name="{{ c.id }}--notes"', "`${id}--${col}`", 'field.rpartition("--")', "k.endswith(f\"--{c}\")",
                'name="grade--{{ card.id }}--{{ col.id }}"', 'startswith(("total--", "grade--"))']
    other = ['["--jobs", "2"]', "|---|{% for col in cols %}---:|{% endfor %}---:|", "color: var(--md-primary-fg-color)",
             "i--;", "<!-- a comment -->", "x -- y"]
    assert [s for s in composed if not COMPOSED.search(s)] == []
    assert [s for s in other if COMPOSED.search(s)] == []


def test_the_field_name_scheme_is_spelled_in_one_place():
    spelled = _spelled()
    assert PLACE in spelled
    assert {f: lines for f, lines in spelled.items() if f != PLACE and f not in PENDING} == {}, \
        "compose field names with generator/cardfile/contract.py (the form's scripts: its pingan-fields data)"
    assert len([f for f in spelled if f.endswith(".js")]) <= 1


def _cards():
    out = []
    for root in (FIXTURES / "scoring", ROOT):
        out += load(root).standards.scorecards
    return out


CARDS = _cards()


@pytest.mark.parametrize("card", CARDS, ids=[c.id for c in CARDS])
def test_the_contracts_inputs_are_the_plans(card):
    from generator.scoring.plan import inputs

    assert [(i.item, i.kind) for i in contract.inputs(plan_of(card))] == inputs(plan_of(card))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_names_exactly_the_fields_a_file_may_carry(lang):
    """Every field of the form (inputs, notes, header) is one a filled card may carry, and the form has every
    input of the contract in every column; its scripts get the same names from its data block."""
    import json

    from generator.cardfile.cycle import cycle_fields
    from generator.render.forms import FormRenderer

    for root in (FIXTURES / "scoring", ROOT):
        standards = load(root).standards
        fr = FormRenderer(standards, lang)
        for card in standards.scorecards:
            html = fr.fragment(card)
            names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
            fields = contract.CardFields.of(card)
            cycle = cycle_fields(plan_of(card))  # reasons and evidence (the review cycle)
            assert names - fields.known() - cycle == set(), card.id
            assert {contract.evidence_field(c) for c in fields.criteria} <= names, card.id
            reviewed = [c for c, role in card.roles.items() if role in contract.REVIEW_ROLES]
            assert {contract.reason_field(c, col) for c in fields.criteria for col in reviewed} <= names, card.id
            assert set(fields.input_fields()) <= names, card.id
            assert {f"{h.name}" for h in contract.HEADER} == {n for n in map(contract.header_name, names) if n}
            data = json.loads(re.search(r'class="pingan-fields">(.*?)</script>', html).group(1))
            assert set(data["inputs"]) == set(fields.input_fields())
            assert {n for by_col in data["reasons"].values() for n in by_col.values()} | set(data["evidence"].values()) \
                == names & cycle - {contract.header_field("revision")}
            assert data["roles"] == {col: str(role) for col, role in card.roles.items()}


def test_the_pdf_subject_and_field_names_read_back():
    subject = contract.pdf_subject("town", "2026", "zh")
    assert subject.startswith(contract.FORMAT_ID + " ")
    assert contract.parse_pdf_subject(subject) == ("town", "2026", "zh")
    assert contract.parse_pdf_subject("pingan-scorecard/2 town 2026 zh") is None
    assert contract.parse_pdf_subject("town 2026 zh") is None
    assert contract.parse(contract.field("a-b", "self")) == ("a-b", "self")
    assert contract.parse(contract.total_field("t1", "self")) == (contract.total_row("t1"), "self")
    assert contract.computed(contract.grade_field("town", "self"))
    assert not contract.computed(contract.field("t", "self"))
    assert contract.header_name(contract.header_field("unit")) == "unit"
    assert contract.header_name(contract.header_field("nonsense")) is None
