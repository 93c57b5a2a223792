"""How the XLSX card looks on paper: fonts, column widths, row heights, page setup.

Office suites do not fit a row to its wrapped text when they open a file, nor a column to its label,
so both are computed here (:mod:`.textfit`): each column is as wide as its longest label, in the
card's language, and never so narrow that a header breaks inside a word; each row as tall as its
wrapped text. The page is A4, portrait when the printed columns fit its width and landscape
otherwise, one page wide, the header row repeated, "— N —" at the foot, the ID column hidden (it stays
in the file: :mod:`generator.cardfile.read_xlsx` finds each input's row by it).

Fonts follow GB/T 9704 as the DOCX does, with the names every Chinese Windows, WPS and Office for Mac
install has: 仿宋 for text, 黑体 for labels and headers, 方正小标宋简体 for the title. An XLSX cannot
name a second font; each font carries the GB2312 character set, so a machine without it substitutes
a Chinese font of its own. English workbooks use Times New Roman.
"""
from __future__ import annotations

import math

from .textfit import BOLD, break_label, em, lines, widest_piece

PX_PER_CHAR, PX_EXTRA, CELL_PAD = 7, 5, 8  # a column n wide is 7n + 5 px (Calibri 11); text is inset ~4 px a side
SIZE, TITLE_SIZE, ANNEX_SIZE = 10.5, 18, 16
TEXT_WIDTH = 60  # the criterion column
GB2312 = 134
FONTS = {"zh": {"text": "仿宋", "head": "黑体", "title": "方正小标宋简体"},
         "en": {"text": "Times New Roman", "head": "Times New Roman", "title": "Times New Roman"}}
LINE = {"zh": 1.45, "en": 1.15}  # line height in em: Noto CJK / 仿宋, Times New Roman
MARGIN_IN = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}
PRINTABLE_PX = {"portrait": (210 / 25.4 - 0.8) * 96, "landscape": (297 / 25.4 - 0.8) * 96}


def px(width: float) -> float:
    return width * PX_PER_CHAR + PX_EXTRA


def width_for(ems: float, size: float = SIZE) -> float:
    """The column width (in characters of the default font) that holds ``ems`` of text at ``size`` pt."""
    return math.ceil(2 * (ems * size * 4 / 3 + CELL_PAD - PX_EXTRA) / PX_PER_CHAR) / 2


def ems_in(width: float, size: float = SIZE) -> float:
    """How many em of text at ``size`` pt fit on one line of a column ``width`` wide."""
    return (px(width) - CELL_PAD) / (size * 4 / 3)


def metric(lang: str) -> str:
    """How :mod:`.textfit` measures the language's font."""
    return "cjk" if lang == "zh" else "times"


def height(n_lines: int, lang: str, size: float = SIZE) -> float:
    """A row's height (pt) for ``n_lines`` lines (and a little air)."""
    return round(n_lines * size * LINE[lang] + 5, 1)


def text_height(text: str, width: float, lang: str, size: float = SIZE, bold: bool = False) -> float:
    """The height of a row whose cell ``width`` wide holds ``text`` wrapped."""
    room = ems_in(width, size) / (BOLD if bold and lang != "zh" else 1)
    return height(lines(text, room, metric(lang)), lang, size)


def header_text(label: str, width: float, lang: str) -> str:
    """A column header as written into its cell: a Chinese one broken between its pieces when too wide."""
    return break_label(label, ems_in(width) / (BOLD if lang != "zh" else 1), metric(lang))


def _font(lang: str, role: str, **more) -> dict:
    out = {"font_name": FONTS[lang][role], "font_size": more.pop("font_size", SIZE), **more}
    if lang == "zh":
        out["font_charset"] = GB2312
    return out


def formats(wb, lang: str) -> dict:
    """The cell formats of the card's sheet, each with its font."""
    base = {**_font(lang, "text"), "valign": "top", "text_wrap": True, "border": 1}
    head = {**_font(lang, "head"), "bold": lang != "zh", "valign": "top", "text_wrap": True, "border": 1}
    spec = {
        "annex": _font(lang, "head", font_size=ANNEX_SIZE, bold=lang != "zh"),
        "title": _font(lang, "title", font_size=TITLE_SIZE, bold=lang != "zh", align="center", valign="vcenter",
                       text_wrap=True),
        "meta": {**_font(lang, "text"), "font_color": "#555555", "align": "center"},
        "label": _font(lang, "head", bold=lang != "zh", valign="bottom"),
        "signoff": _font(lang, "head", bold=lang != "zh"),
        "line": _font(lang, "text"),
        "input_line": {**_font(lang, "text"), "locked": False, "bottom": 1, "valign": "bottom"},
        "head": {**head, "bg_color": "#EEEEEE", "align": "center", "valign": "vcenter"},
        "domain": {**head, "bg_color": "#F3E5E5"},
        "task": {**head, "bg_color": "#FAFAFA"},
        "text": base, "sub": {**base, "font_color": "#333333", "indent": 1},
        "num": {**base, "align": "center", "num_format": "0.##"},
        "input": {**base, "align": "center", "num_format": "0.##", "locked": False, "bg_color": "#FFFDE7"},
        "notes": {**base, "locked": False, "bg_color": "#FFFDE7"},
        "total": {**head, "align": "center", "num_format": "0.##"},
        "total_label": head,
        "id": {**base, "font_size": 8, "font_color": "#777777"},
        "hidden": {"font_size": 8, "font_color": "#999999"},
    }
    return {k: wb.add_format(v) for k, v in spec.items()}


def widths(L: dict, titles: list[str], numbers: list[str], lang: str) -> dict[str, float]:
    """Each printed column's width: number, text, points, score (every score column alike), notes.
    The header fields' labels sit in the number column (被考评单位, 填表人) and across the points and
    first score column (考评期间, 填表日期)."""
    font, bold = metric(lang), BOLD if lang != "zh" else 1  # labels and headers are bold in English
    label = [L[k] for k in ("header_unit", "header_filled_by")]
    label2 = bold * max(em(L[k], font) for k in ("header_period", "header_date"))
    out = {"no": width_for(bold * max([em(x, font) for x in [*label, L["number"], *numbers]])),
           "text": TEXT_WIDTH,
           "pts": max(6, width_for(bold * widest_piece(L["points"], font))),
           "score": max(12, width_for(bold * max(widest_piece(t, font) for t in titles))),
           "notes": max(24, width_for(bold * widest_piece(L["notes_col"], font)))}
    short = label2 * SIZE * 4 / 3 + CELL_PAD - px(out["pts"]) - px(out["score"])
    if short > 0:
        out["score"] += math.ceil(short / PX_PER_CHAR)
    return out


def orientation(printed: list[float]) -> str:
    """Portrait when the printed columns fit an A4 portrait page at full size, else landscape."""
    return "portrait" if sum(px(w) for w in printed) <= PRINTABLE_PX["portrait"] else "landscape"


def page_setup(ws, printed: list[float], last_row: int, repeat: int, landscape: bool = False) -> None:
    """A4, orientation by width (or ``landscape``), one page wide, the header row on every page, "— N —"
    centred at the foot."""
    if landscape or orientation(printed) == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.set_margins(**MARGIN_IN)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat)
    ws.print_area(0, 0, last_row, len(printed) - 1)
    ws.set_footer("&C— &P —")
