"""Where each object of the model was written, so that a check on it can say ``file:line:col``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast


@dataclass(frozen=True)
class Origin:
    """A file and the keys and indexes that lead to an item from the file's root. Line and column
    are read off the file only when a problem is reported there (:class:`generator.checks.validate.Files`):
    a clean load never parses positions."""
    file: str
    path: tuple = ()

    def at(self, *rest) -> Origin:
        """The origin of something inside this item: ``origin.at("criteria", 2, "points")``."""
        return Origin(self.file, self.path + rest)


@dataclass(frozen=True)
class Written:
    """Something written in a standards file: ``origin`` says where (None for what code makes);
    ``note`` and ``notes`` are what the source adds to it (``note:``, a bilingual text, and ``notes:``,
    a list of them; a glossary entry's ``note`` is its explanation)."""
    origin: Origin | None = field(default=None, compare=False, repr=False, kw_only=True)
    note: Any = field(default=None, kw_only=True)  # Text | None
    notes: tuple[Any, ...] = field(default=(), kw_only=True)

    @property
    def file_origin(self) -> Origin:
        """``origin`` of an object read from a file (every object the checks see has one)."""
        return cast(Origin, self.origin)
