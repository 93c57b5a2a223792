"""What ``pingan collect`` reads: every file named, and every entry of every folder named — each either
read or listed as skipped with the reason (a folder holds whatever people saved into it).

A file named on the command line is read whatever it is (a pipe such as ``/dev/stdin`` too, up to the
size limit). In a folder, only regular files with a filled card's extension are read; subfolders are
walked (a symbolic link to a folder is not followed: no loops; a hidden one, such as ``.git``, is not
walked; a folder holding an ``evidence`` or ``台账`` folder, and a ``.zip``, is one submission with its
evidence, :mod:`.bundle`); anything else is listed as skipped:
a broken symbolic link, a named pipe, a device, a socket, an office lock file (``~$…``), an unknown
extension.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .bundle import is_bundle_folder

EXTENSIONS = (".json", ".csv", ".pdf", ".xlsx", ".zip")  # .zip: a card with its evidence (.bundle)


@dataclass(frozen=True)
class Entry:
    path: Path
    skip: str = ""  # why it is not read ("" to read it)
    bundle: str = ""  # "zip" or "folder": a card with its evidence files (.bundle)


def _kind(mode: int) -> str:
    return ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")


def skip_reason(path: Path) -> str:
    """Why a folder entry is not read ("" when it is a file to read, "folder" to walk it)."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            try:
                target = path.stat().st_mode
            except OSError:
                return "a broken symbolic link (its target does not exist)"
            if stat.S_ISDIR(target):
                return "a symbolic link to a folder (not followed)"
            if not stat.S_ISREG(target):
                return f"a symbolic link to {_kind(target)}"
            mode = target
    except OSError as e:
        return f"cannot be examined: {e.strerror or e}"
    if stat.S_ISDIR(mode):
        return "a hidden folder (not walked)" if path.name.startswith(".") else "folder"
    if not stat.S_ISREG(mode):
        return _kind(mode)
    if path.name.startswith("~$"):
        return "an office lock file (the office that has the card open writes it)"
    if path.suffix.lower() not in EXTENSIONS:
        return f"not a filled card by its name (read are {', '.join(EXTENSIONS)})"
    return ""


def _walk(folder: Path, out: list[Entry]) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as e:
        out.append(Entry(folder, f"the folder cannot be listed: {e.strerror or e}"))
        return
    for name in names:
        p = folder / name
        why = skip_reason(p)
        if why == "folder" and is_bundle_folder(p):
            out.append(Entry(p, bundle="folder"))
        elif why == "folder":
            _walk(p, out)
        elif not why and p.suffix.lower() == ".zip":
            out.append(Entry(p, bundle="zip"))
        else:
            out.append(Entry(p, why))


def expand(paths: list[str]) -> list[Entry]:
    """Every file named, and every entry found (recursively, sorted) in the folders named."""
    out: list[Entry] = []
    for p in map(Path, paths):
        if p.is_dir() and is_bundle_folder(p):
            out.append(Entry(p, bundle="folder"))
        elif p.is_dir():
            _walk(p, out)
        elif p.suffix.lower() == ".zip":
            out.append(Entry(p, bundle="zip"))
        else:
            out.append(Entry(p))
    return out
