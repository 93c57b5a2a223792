"""A worksheet whose cells are written as one piece of XML made by the caller, for sheets of many alike
rows (the results report's unit sheets): XlsxWriter stores a tuple per cell, then writes an element per
cell at ~10 µs each, which made a county report of 167 units take 2 CPU-s.

The sheet's columns, panes and page setup stay XlsxWriter's public API; only ``<sheetData>`` is ours,
written as XlsxWriter writes it: strings through the workbook's shared string table (so they are escaped
and truncated as any string cell, and a text is never a formula), numbers as ``%.16G``, a row's height
in points with ``customHeight``, the ``spans`` of each block of 16 rows.

This module is pingan's only use of XlsxWriter's private API, checked against XlsxWriter 3.3.1
(constraints.txt): ``Worksheet._write_sheet_data``, ``_check_dimensions``, ``fh``, ``original_row_height``
and ``default_row_height`` (as ``_write_row`` uses them), ``str_table._get_shared_string_index`` and
``.count``, ``Format._get_xf_index`` and the 32,767-unit string limit of ``_write_string``.
"""
from __future__ import annotations

import math

from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_len, _utf16_truncate
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

STRMAX = 32767  # UTF-16 units in a cell, as Worksheet.xls_strmax


class RowsSheet(Worksheet):
    """A worksheet whose rows are :meth:`set_rows`' XML (add it with ``worksheet_class=RowsSheet``)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows_xml: str | None = None

    def set_rows(self, xml: str, last_row: int, last_col: int) -> None:
        """The ``<row>`` elements of cells A1 to (``last_row``, ``last_col``) (zero-based), for ``<dimension>``."""
        self._check_dimensions(0, 0)
        self._check_dimensions(last_row, last_col)
        self.rows_xml = xml

    def row(self, r: int, span: str, height: float | None, cells: str) -> str:
        """A ``<row>`` as ``Worksheet._write_row`` writes it: ``height`` in points as ``set_row`` takes it."""
        px = self.default_row_height if height is None else int(height * 4.0 / 3.0 + 0.5)
        ht = "" if px == self.original_row_height == self.default_row_height else \
            f' ht="{px * 0.75:.16g}" customHeight="1"'
        return f'<row r="{r + 1}" spans="{span}"{ht}>{cells}</row>'

    def _write_sheet_data(self) -> None:
        if self.rows_xml is None:
            super()._write_sheet_data()
        else:
            self.fh.write(f"<sheetData>{self.rows_xml}</sheetData>")


class Cells:
    """Cell XML in one workbook: strings by their shared string index, formats by their XF index."""

    def __init__(self, wb: Workbook) -> None:
        self.strings = wb.str_table

    def index(self, text: str) -> int:
        """The shared string index of ``text`` (counted once more), cut at Excel's limit as XlsxWriter does."""
        if len(text) > STRMAX // 2 and _utf16_len(text) > STRMAX:
            text = _utf16_truncate(text, STRMAX)
        return self.strings._get_shared_string_index(text)

    def reused(self, n: int) -> None:
        """Count ``n`` more uses of strings whose index a caller kept (the table's total count)."""
        self.strings.count += n

    def string(self, ref: str, text: str, fmt: Format) -> str:
        return string_cell(ref, self.index(text), fmt)


def add_rows_sheet(wb: Workbook, name: str) -> RowsSheet:
    ws = wb.add_worksheet(name, worksheet_class=RowsSheet)
    assert isinstance(ws, RowsSheet)
    return ws


def xf(fmt: Format) -> int:
    return fmt._get_xf_index()


def string_cell(ref: str, index: int, fmt: Format) -> str:
    return f'<c r="{ref}" s="{xf(fmt)}" t="s"><v>{index}</v></c>'


def numbers_template(refs: list[str], fmt: Format) -> str:
    """Number cells at ``refs`` as one ``str.format`` template, after any text without braces: :func:`numbers`."""
    return "".join(f'<c r="{ref}" s="{xf(fmt)}"><v>{{:.16G}}</v></c>' for ref in refs)


def numbers(template: str, values: list[float]) -> str:
    """``template`` filled with ``values`` as XlsxWriter writes numbers (NaN and infinities refused)."""
    if not all(map(math.isfinite, values)):
        raise TypeError(f"NAN/INF not supported in a number cell: {values}")
    return template.format(*values)


def number(value: float) -> str:
    """A number as XlsxWriter writes it; NaN and infinities are refused as ``write_number`` refuses them."""
    if not math.isfinite(value):
        raise TypeError(f"NAN/INF not supported in a number cell: {value}")
    return f"{value:.16G}"
