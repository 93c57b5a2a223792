"""Folders of a git ref (tag, branch, commit), exported with ``git archive``: the one place that reads
an earlier version of the project from git."""
from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def export(repo: Path, ref: str, parts: tuple[str, ...], dest: Path) -> list[str]:
    """Write ``parts`` (folders) of ``ref`` into ``dest``; returns the parts the ref has.
    Raises FileNotFoundError when ``ref`` is not a git ref of ``repo``."""
    check = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise FileNotFoundError(f"'{ref}' is neither a folder nor a git ref of {repo}")
    dest.mkdir(parents=True, exist_ok=True)
    found = []
    for part in parts:
        proc = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref, part], capture_output=True)
        if proc.returncode == 0:
            with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
                tar.extractall(dest, filter="data")
            found.append(part)
    return found


@contextmanager
def exported(repo: Path, ref: str, parts: tuple[str, ...] = ("standards",)) -> Iterator[Path]:
    """A temporary folder holding ``parts`` of ``ref``, removed afterwards whatever happens."""
    tmp = Path(tempfile.mkdtemp(prefix="pingan-ref-"))
    try:
        if "standards" in parts and "standards" not in export(repo, ref, parts, tmp):
            raise FileNotFoundError(f"git ref '{ref}' has no standards/ folder")
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
