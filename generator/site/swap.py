"""Publishing the site folder atomically: a failed build leaves the published site untouched.

mkdocs cleans its ``site_dir`` first and reports strict-mode failures only after writing, so the
build writes into a temporary sibling folder, and ``site/`` is replaced by it only when every step
succeeded (two renames; the old folder is removed afterwards).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A new empty folder beside ``out`` to build into; it replaces ``out`` when the block ends
    without an exception, and is removed (``out`` untouched) when it raises."""
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    publish(tmp, out)


def publish(new: Path, out: Path) -> None:
    """Put the folder ``new`` where ``out`` is, then remove the old one."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
