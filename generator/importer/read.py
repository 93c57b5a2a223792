"""Any supported file → :class:`.doc.Document`: .docx, .xlsx, .html, .txt and .md read directly; .doc and
.wps converted to .docx, .xls and .et to .xlsx by LibreOffice headless (its own profile in a private
temporary folder, a time limit). LibreOffice opens a .wps as a .doc and drops WPS's own extensions:
the reader says so in the document's notes."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .doc import CONVERTED, DIRECT_SUFFIXES, MAX_BYTES, SUFFIXES, Document, Unusable
from .read_docx import read_docx
from .read_sheets import read_xlsx
from .read_text import read_html, read_text

DIRECT = {".docx": read_docx, ".xlsx": read_xlsx, ".html": read_html, ".htm": read_html,
          ".txt": read_text, ".md": lambda d: read_text(d, markdown=True)}
assert tuple(DIRECT) == DIRECT_SUFFIXES  # the list the command's help names (.doc) is this one
TIMEOUT = 180  # seconds LibreOffice may take for one file


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise Unusable("reading this format needs LibreOffice (soffice), which is not installed")
    return path


def convert(data: bytes, suffix: str, to: str) -> bytes:
    """``data`` (a file of ``suffix``) converted by LibreOffice to the format ``to`` (docx, xlsx)."""
    with tempfile.TemporaryDirectory(prefix="pingan-import-") as tmp:
        d = Path(tmp)
        src = d / f"original{suffix}"
        src.write_bytes(data)
        cmd = [soffice(), f"-env:UserInstallation={(d / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", to, "--outdir", str(d / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Unusable(f"LibreOffice took more than {TIMEOUT} s to convert it: damaged, or not a "
                           f"{suffix[1:]} file") from None
        out = d / "out" / f"original.{to}"
        if not out.is_file() or out.stat().st_size == 0:
            raise Unusable(f"LibreOffice could not convert it to {to}: password-protected, damaged, or not a "
                           f"{suffix[1:]} file")
        return out.read_bytes()


def read_document(path: Path) -> tuple[Document, bytes]:
    """The document and the original's bytes (copied byte for byte into the sources)."""
    suffix = path.suffix.lower()
    if suffix not in CONVERTED and suffix not in DIRECT:
        raise Unusable(f"cannot read {suffix or 'a file without a suffix'} files (known: {', '.join(SUFFIXES)})")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Unusable(f"the file is {size / 2**20:.1f} MB: over the {MAX_BYTES // 2**20} MB a standard may have")
    data = path.read_bytes()
    if not data.strip():
        raise Unusable("the file is empty")
    if suffix in DIRECT:
        return DIRECT[suffix](data), data
    to, as_suffix = CONVERTED[suffix]
    doc = (read_docx if to == "docx" else read_xlsx)(convert(data, as_suffix, to))
    note = f"converted from {suffix[1:]} by LibreOffice"
    if suffix in (".wps", ".et", ".wpt", ".ett"):
        note += " (opened as .doc/.xls: WPS's own extensions, if any, are lost)"
    return Document(suffix[1:], doc.blocks, (note, *doc.notes)), data
