"""Read a filled scorecard PDF: the AcroForm field values, whatever viewer filled them in.

The file is someone else's: a truncated or damaged PDF, one with a password, a field tree that refers
to itself or nests without end — each is one problem of the file, never an exception.
"""
from __future__ import annotations

import io
import os
import re
from contextlib import contextmanager

MAX_DEPTH = 32  # field tree levels (the project's PDFs have one)
MAX_FIELDS = 20_000


def _message(e: Exception) -> str:
    """pikepdf's message without the name of the in-memory stream it read."""
    return re.sub(r"^stream <[^>]*>:\s*", "", str(e)).strip() or type(e).__name__


class _Fields:
    """Every field's full name → its value, walking the tree without recursion; a loop or a tree deeper
    than :data:`MAX_DEPTH` is a problem (a crafted or damaged file)."""

    def __init__(self, pdf):
        self.out: dict[str, str] = {}
        self.problem = ""
        import pikepdf

        seen: set = set()
        stack = [(f, "", 0) for f in reversed(list(pdf.Root.AcroForm.get("/Fields", [])))]
        while stack and not self.problem:
            node, prefix, depth = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            key = node.objgen if node.objgen != (0, 0) else id(node)
            name = str(node.get("/T", "")) if "/T" in node else ""
            full = f"{prefix}.{name}" if prefix and name else name or prefix
            if key in seen or depth > MAX_DEPTH or len(seen) > MAX_FIELDS:
                why = ("refers to itself" if key in seen else "nests too deep" if depth > MAX_DEPTH
                       else "has too many parts")
                self.problem = f"the PDF's form field '{full[:60]}' {why}: a damaged or crafted file"
                break
            seen.add(key)
            stack.extend((kid, full, depth + 1) for kid in reversed(list(node.get("/Kids", []))))
            if "/V" in node and full:
                text = str(node["/V"])
                self.out[full] = text[1:] if text.startswith("/") else text  # a checkbox's value is a name


@contextmanager
def _opened(data: bytes):
    """The PDF as QPDF reads it fastest: from memory it maps (a memory file, where the system has them: about
    40% less CPU per card than a BytesIO, whose every read is a call into Python), else from a BytesIO. A file
    the mapped way cannot open is opened the other way, so it gets the same answer or the same error."""
    import pikepdf

    try:
        mem = open(os.memfd_create("pingan-card", os.MFD_CLOEXEC), "wb+", closefd=True)
    except (AttributeError, OSError):  # no memory files here (not Linux, or not allowed)
        mem = None
    if mem is not None:
        with mem:
            mem.write(data)
            mem.seek(0)
            try:
                pdf = pikepdf.open(mem, access_mode=pikepdf.AccessMode.mmap_only)
            except pikepdf.PasswordError:
                raise
            except Exception:
                pdf = None
            if pdf is not None:
                with pdf:
                    yield pdf
                return
    with pikepdf.open(io.BytesIO(data)) as pdf:
        yield pdf


def read_pdf(name: str, data: bytes):
    """The filled card in a PDF's bytes (a :class:`.inputs.Filled`)."""
    import pikepdf

    from .contract import computed, parse_pdf_subject
    from .inputs import Filled, split

    f = Filled(name, "pdf")
    if b"%%EOF" not in data[-2048:]:
        f.problems.append(("", "a truncated PDF (it does not end with %%EOF): ask for the whole file"))
        return f
    try:
        with _opened(data) as pdf:
            subject = str(pdf.docinfo.get("/Subject", ""))
            fields = _Fields(pdf) if "/AcroForm" in pdf.Root else None
    except pikepdf.PasswordError:
        f.problems.append(("", "the PDF is protected by a password: ask for it without one"))
        return f
    except Exception as e:  # pikepdf raises many kinds on a damaged file: the file is rejected, not the run
        f.problems.append(("", f"not a readable PDF ({_message(e)})"))
        return f
    if fields and fields.problem:
        f.problems.append(("", fields.problem))
        return f
    ident = parse_pdf_subject(subject)
    if ident is None:
        f.problems.append(("", "not a scorecard PDF of this project (its Subject does not name a card)"))
        return f
    f.card, f.edition, f.lang = ident
    values = {k: v for k, v in (fields.out if fields else {}).items() if not computed(k)}
    return split(f, values)
