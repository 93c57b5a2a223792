"""Many Word/WPS documents of one shape, fast: one feedback sheet per unit for hundreds of units.

python-docx spends most of a small document's time opening its template (≈75 ms: every part parsed)
and saving (≈60 ms: every part serialised and compressed), not on the content. A :class:`DocxBatch`
opens and sets up one document, saves it once, and then for each document of the batch only renews
the body (the section properties — page size, margins, page numbers — stay) and the core properties;
the other parts are written as the first save wrote them. Each document is the same as one made alone
(``tests/test_feedback.py`` compares them part by part).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from .docx_common import to_bytes


class DocxBatch:
    """Documents made by ``setup`` (a fresh document with its page set up), one after the other:
    :meth:`start` hands out the document emptied, :meth:`finish` returns it as .docx bytes."""

    def __init__(self, setup: Callable[[], DocxDocument]) -> None:
        self.doc = setup()
        data = to_bytes(self.doc)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = [_Part(i.filename, _raw(data, i), i.CRC, i.file_size, i.compress_type)
                          for i in z.infolist()]

    def start(self) -> DocxDocument:
        """The document with an empty body (its section properties kept)."""
        body = self.doc.element.body
        for el in list(body):
            if el.tag != qn("w:sectPr"):
                body.remove(el)
        return self.doc

    def finish(self) -> bytes:
        renewed = {"word/document.xml": self.doc.part.blob,
                   "docProps/core.xml": self.doc.part.package._core_properties_part.blob}
        return _zip([_Part.of(p.name, renewed[p.name]) if p.name in renewed else p for p in self.parts])


@dataclass(frozen=True)
class _Part:
    """A zip entry as stored: the compressed bytes (written again as they are: recompressing the
    template's 800 KB of styles for every document is what would cost)."""
    name: str
    stored: bytes
    crc: int
    size: int
    method: int

    @staticmethod
    def of(name: str, data: bytes) -> _Part:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return _Part(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED)


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes, after its local header (30 bytes, the name, the extra field)."""
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    return data[start:start + info.compress_size]


_TIME, _DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00, the DOS epoch: no build time inside


def _zip(parts: list[_Part]) -> bytes:
    """The entries as a zip file (local headers, data, central directory, end record)."""
    out, central = bytearray(), bytearray()
    for p in parts:
        name = p.name.encode("utf-8")
        fields = (20, 0, p.method, _TIME, _DATE, p.crc, len(p.stored), p.size, len(name))
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, len(out)) + name
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + p.stored
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + end)
