"""Typed readers of the mappings of a standards file, for :mod:`.assemble` and :mod:`.places`.

Assembly takes what the JSON Schema left of a file with problems (:mod:`generator.checks.validate`): a
value that broke the schema arrives as None and a missing key reads as None; every other value has the
type the schema gives it. The reader of a required value (:func:`string`, :func:`number`, :func:`enum`, …)
returns the schema's type: the None of a file with problems goes into the model as it is, the checks
report the problem, and nothing but the checks reads a model with problems.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any, TypeVar, cast

from .kinds import Comparator
from .origin import Origin
from .values import Figure, Text

Data = Mapping[str, Any]  # one mapping of a standards file, as the YAML loader made it
E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def required(value: T | None) -> T:
    """A value the schema requires, typed as it requires it (None only in a file with problems)."""
    return cast(T, value)


def string(d: Data, key: str) -> str:
    return required(d.get(key))


def number(d: Data, key: str) -> float:
    return required(d.get(key))


def integer(d: Data, key: str) -> int:
    return required(d.get(key))


def enum(kind: type[E], value: Any) -> E:
    """``value`` as a member of ``kind`` (the schema allows only its values)."""
    return required(None if value is None else kind(value))


def ids(d: Data, key: str) -> tuple[str, ...]:
    """The ids listed under ``key`` (none when there is no list)."""
    v = d.get(key)
    return tuple(v) if isinstance(v, list) else ()


def each(d: Any, key: str, at: Origin) -> Iterator[tuple[Data, Origin]]:
    """The mappings listed under ``key``, each with its origin."""
    items = d.get(key) if isinstance(d, dict) else None
    for i, x in enumerate(items if isinstance(items, list) else ()):
        if isinstance(x, dict):
            yield x, at.at(key, i)


def text(d: Any, at: Origin | None = None) -> Text | None:
    """A bilingual text ``{zh: …, en: …}`` (None for anything else)."""
    if isinstance(d, dict) and isinstance(d.get("zh"), str) and isinstance(d.get("en"), str):
        return Text(d["zh"], d["en"], origin=at)
    return None


def figure(d: Any, at: Origin) -> Figure | None:
    """A figure ``{value:, unit:, comparator:, of:}`` (None for anything but a mapping)."""
    return Figure(number(d, "value"), d.get("unit", ""), Comparator(d.get("comparator") or "="),
                  text(d.get("of"), at.at("of"))) if isinstance(d, dict) else None
