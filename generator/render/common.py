"""Shared by the renderers: where the templates are, interface words, number format."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

LANGS = ("zh", "en")


def _package_templates() -> Path:
    """The templates shipped with the tool: ``generator/site_templates`` in an installed wheel,
    the checkout's top-level ``site_templates/`` in a source tree (an editable install)."""
    here = Path(__file__).resolve().parents[1]
    packaged = here / "site_templates"
    return packaged if packaged.is_dir() else here.parent / "site_templates"


TEMPLATES = _package_templates()


def template_dirs(root: Path | None) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: the project's own ``site_templates/``
    (a file there overrides the shipped one of the same name, as mkdocs' ``custom_dir``), then ours."""
    own = (root / "site_templates").resolve() if root else None
    return (own, TEMPLATES) if own and own.is_dir() and own != TEMPLATES else (TEMPLATES,)


def find_template(dirs: tuple[Path, ...], rel: str) -> Path:
    """The first ``rel`` (e.g. ``labels.yaml``) found in ``dirs``."""
    return next((d / rel for d in dirs if (d / rel).is_file()), dirs[-1] / rel)


def fmt_points(x: float) -> str:
    return f"{x:g}"


def load_labels(templates: Path | tuple[Path, ...] = TEMPLATES) -> dict[str, dict[str, Any]]:
    dirs = templates if isinstance(templates, tuple) else (templates,)
    path = find_template(dirs, "labels.yaml")
    st = path.stat()
    return _labels(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)  # memoises one version of a file (an edit under pingan serve is a new key); bounded
def _labels(path: Path, mtime_ns: int, size: int) -> dict[str, dict[str, Any]]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def user_cache(name: str) -> Path:
    """A per-user cache folder (``$XDG_CACHE_HOME/pingan-standards/<name>``), created owner-only: for
    what does not depend on a project, e.g. font subsets."""
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pingan-standards"
    d = base / name
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    base.chmod(0o700)
    return d
