"""The leaf value types of the model: a bilingual text, a pointer into a source document, a figure and a
condition. They import nothing else of the model but :mod:`.kinds` and :mod:`.origin`, so every other
module of it (:mod:`.objects`, :mod:`.rules`, :mod:`.indicators`, :mod:`.places`) imports them directly
and the model has no import cycle."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from .kinds import Comparator
from .origin import Origin, Written


@dataclass(frozen=True)
class Text:
    zh: str
    en: str
    origin: Origin | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __getitem__(self, lang: str) -> str:
        """The text in ``lang``; an English left empty (a draft's, never invented) reads as the Chinese."""
        return self.zh if lang == "zh" or not self.en.strip() else self.en

    def untranslated(self, lang: str) -> bool:
        """True when ``lang`` is English and this text has none yet (the Chinese stands in for it)."""
        return lang != "zh" and bool(self.zh.strip()) and not self.en.strip()

    @property
    def file_origin(self) -> Origin:
        """``origin`` of a text read from a file (every text the checks see has one)."""
        return cast(Origin, self.origin)


@dataclass(frozen=True)
class Locator(Written):
    doc: str
    at: str = ""
    block: str | None = None


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str = ""
    comparator: Comparator = Comparator.EQUAL
    of: Text | None = None


@dataclass(frozen=True)
class Condition(Written):
    id: str
    text: Text
