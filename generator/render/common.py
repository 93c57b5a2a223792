"""Shared by the renderers: where the templates are, interface words, number format."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

LANGS = ("zh", "en")
TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


def fmt_points(x: float) -> str:
    return f"{x:g}"


@lru_cache(maxsize=8)
def load_labels(templates: Path = TEMPLATES) -> dict[str, dict[str, str]]:
    return YAML(typ="safe").load((templates / "labels.yaml").read_text(encoding="utf-8"))
