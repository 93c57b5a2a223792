"""The field-name scheme of a filled card, defined once: every input of a score column is
``<item id>--<column id>`` (:func:`field`), a criterion's notes ``<criterion id>--notes``, a reviewer's
reason ``<criterion id>--<column>--reason``, its evidence ``<criterion id>--evidence``, a header field
``header--<name>``; computed cells are ``total--<task|domain|card id>--<column>`` and
``grade--<card id>--<column>``.

It names model objects (item, criterion, task, card and column ids) and imports nothing, so it sits at
the bottom: ``scoring`` names each input of the calculation graph by its field, and the filled-card
contract (:mod:`generator.cardfile.contract`, which re-exports these functions) builds the files' fields
on it. No other Python code composes or splits a field name (``tests/test_field_names.py`` greps for it).
"""
from __future__ import annotations

SEP = "--"
NOTES = "notes"
REASON = "reason"
EVIDENCE = "evidence"
_HEADER, _TOTAL, _GRADE = "header", "total", "grade"


def field(item: str, column: str) -> str:
    """The field of an item's input in a score column (or of a criterion's notes, or a header line)."""
    return f"{item}{SEP}{column}"


def parse(name: str) -> tuple[str, str]:
    """(item id, column id) of a field name; ("", "") when it has no separator."""
    item, sep, column = name.rpartition(SEP)
    return (item, column) if sep else ("", "")


def notes_field(criterion: str) -> str:
    return field(criterion, NOTES)


def reason_field(criterion: str, column: str) -> str:
    """Why a reviewer took points off a criterion in a column (the review cycle: :mod:`generator.cardfile.cycle`)."""
    return field(field(criterion, column), REASON)


def evidence_field(criterion: str) -> str:
    """The names of a criterion's evidence (台账), separated by ``；`` or ``;``."""
    return field(criterion, EVIDENCE)


def header_field(name: str) -> str:
    return field(_HEADER, name)


def is_header(name: str) -> bool:
    """A header field's name (known or not)."""
    return name.startswith(header_field(""))


def header_of(name: str) -> str | None:
    """The name part of a header field (``unit`` of ``header--unit``, known or not), or None."""
    item, column = parse(name)
    return column if item == _HEADER else None


def total_row(node: str) -> str:
    """The row id of a task's, domain's or the card's total (the XLSX's ID column)."""
    return field(_TOTAL, node)


def total_field(node: str, column: str) -> str:
    return field(total_row(node), column)


def grade_row(card: str) -> str:
    return field(_GRADE, card)


def grade_field(card: str, column: str) -> str:
    return field(grade_row(card), column)


def computed(name: str) -> bool:
    """A total's or a grade's field or row id: computed, never read as typed."""
    return name.startswith((field(_TOTAL, ""), field(_GRADE, "")))
