"""``pingan import``'s arguments, apart from the code that reads documents (which a ``pingan`` command that
does not import anything need not load)."""
from __future__ import annotations

from .doc import SUFFIXES


def _run(args) -> int:
    from .command import run

    return run(args)


def add_command(sub) -> None:
    """The ``import`` subcommand's arguments; the reading code is imported only when it runs."""
    p = sub.add_parser("import",
                       help="read a county's own standard (Word, WPS, Excel, web page, text) into a draft card",
                       description="Read FILE (" + ", ".join(SUFFIXES) + "), find its scoring tables and write a "
                                   "draft card (draft: true) with every domain, task, criterion, points, units and "
                                   "the rules read from the Chinese text, each with its source locator; copy the "
                                   "original into standards/sources/originals/ with its checksum; print the import "
                                   "report and write it beside the draft. Exit status: 0 clean, 1 something needs "
                                   "a person, 2 unusable input.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--id", help="the card's id (default: from the file name)")
    p.add_argument("--level", choices=["county", "town", "village"], help="the card's level (default: from its title)")
    p.add_argument("--place", metavar="P", help="the place id whose units to match (standards/places.yaml)")
    p.add_argument("--edition", metavar="E", help="the edition (default: 1; with --edition-of, the next number)")
    p.add_argument("--edition-of", metavar="ID", help="the file is a new edition of card ID: its items keep the old "
                                                      "ids where they are the same, and the report ends with "
                                                      "`pingan diff` between the editions")
    p.add_argument("-o", "--output", metavar="PATH", help="the draft to write (default: standards/scorecards/ID.yaml, "
                                                         "where it builds with a draft note; with --edition-of: "
                                                         "drafts/ID-EDITION.yaml)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="the report printed (default: text)")
    p.set_defaults(func=_run)
