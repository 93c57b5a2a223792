"""The report's charts as inline SVG (no script, no network): every text in them is escaped, and every
chart is as wide and as tall as its labels need (measured with :mod:`generator.render.textfit`), so no
unit name or domain title is cut off at the chart's edge."""
from __future__ import annotations

import math
from html import escape

from ..render.textfit import em

BAND_COLOURS = ["#f4d6d6", "#f6ebc8", "#dcebd0", "#cfe3f3", "#e3dcf3", "#d9f0ee"]
FONT = 'font-family="sans-serif"'
SIZE = 11  # px, the charts' text
LABEL_MAX = 220  # px: a longer unit name is shortened (its full name is the bar's tooltip)
SLANT = math.radians(35)  # the heat map's column labels


def _e(text) -> str:
    return escape(str(text), quote=True)


def px(text: str, size: float = SIZE) -> float:
    """The width of ``text`` in the charts' sans-serif font (CJK one em, Latin a little over half)."""
    return em(text) * size


def _short(text: str, limit: float = LABEL_MAX) -> str:
    """``text``, or its start and "…", no wider than ``limit`` px."""
    if px(text) <= limit:
        return text
    while text and px(text + "…") > limit:
        text = text[:-1]
    return text + "…"


def _svg(w: float, h: float, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" width="{w:.0f}" role="img" '
            f'aria-label="{_e(label)}" {FONT} font-size="{SIZE}">' + "".join(body) + "</svg>")


def _left(names: list[str]) -> float:
    """The room left of the plot for the longest (shortened) unit name."""
    return max([60.0, *(px(_short(n)) + 12 for n in names)])


def bars(rows: list[dict], total: float, grades: list[dict], label: str, lang: str = "zh") -> str:
    """Horizontal bars of final scores by unit (in rank order) over the card's grade bands."""
    left, width, bar, gap = _left([r["unit"] for r in rows]), 420, 16, 6
    h = 42 + len(rows) * (bar + gap)
    x = lambda v: left + width * max(0.0, min(v, total)) / total  # noqa: E731
    body = []
    for i, g in enumerate(grades):
        hi = grades[i + 1]["min"] if i + 1 < len(grades) else total
        body.append(f'<rect class="band" x="{x(g["min"]):.1f}" y="0" width="{x(hi) - x(g["min"]):.1f}" '
                    f'height="{h - 10}" fill="{BAND_COLOURS[i % len(BAND_COLOURS)]}"/>'
                    f'<text x="{x(g["min"]) + 3:.1f}" y="{11 + 12 * (i % 2)}" fill="#555">{_e(g["title"][lang])} '
                    f'≥{g["min"]:g}</text>')
    for i, r in enumerate(rows):
        y = 32 + i * (bar + gap)
        colour = "#b03a2e" if r["vetoed"] else "#2e6da4"
        body.append(f'<text x="{left - 6:.1f}" y="{y + bar - 4}" text-anchor="end">{_e(_short(r["unit"]))}</text>'
                    f'<rect class="bar" x="{left:.1f}" y="{y}" width="{x(r["final"]) - left:.1f}" height="{bar}" '
                    f'fill="{colour}"><title>{_e(r["unit"])}: {r["final"]:g}</title></rect>'
                    f'<text x="{x(r["final"]) + 4:.1f}" y="{y + bar - 4}">{r["final"]:g}</text>')
    body.append(f'<line x1="{left:.1f}" y1="28" x2="{left:.1f}" y2="{h - 10}" stroke="#333"/>')
    right = max([x(total), *(x(g["min"]) + 3 + px(f'{g["title"][lang]} ≥{g["min"]:g}') for g in grades)])
    return _svg(max(right, x(total) + 40) + 8, h, body, label)


def _heat(share: float) -> str:
    """White (0 %) to dark green (100 %)."""
    s = max(0.0, min(share, 1.0))
    r, g, b = (int(255 - (255 - c) * s) for c in (27, 120, 55))
    return f"rgb({r},{g},{b})"


def heatmap(rows: list[dict], groups: list[dict], label: str, lang: str = "zh") -> str:
    """Units × domains (or tasks): each cell the share of the domain's points the unit obtained. The column
    labels are slanted; the chart's top and right edge leave them room."""
    left, cw, ch = _left([r["unit"] for r in rows]), max(34, min(70, 560 // max(len(groups), 1))), 20
    titles = [_short(g["title"][lang], 160) for g in groups]
    rise = SIZE * 1.3  # the line box of a label: it turns with the label
    top = 8 + rise * math.cos(SLANT) + max([30.0, *(px(t) * math.sin(SLANT) for t in titles)])
    body = []
    for j, (g, t) in enumerate(zip(groups, titles, strict=True)):
        cx = left + j * cw + cw / 2
        body.append(f'<text x="{cx:.1f}" y="{top - 6:.1f}" transform="rotate(-35 {cx:.1f} {top - 6:.1f})">'
                    f'{_e(t)}<title>{_e(g["title"][lang])}</title></text>')
    for i, r in enumerate(rows):
        y = top + i * ch
        body.append(f'<text x="{left - 6:.1f}" y="{y + 14:.1f}" text-anchor="end">{_e(_short(r["unit"]))}</text>')
        for j, g in enumerate(groups):
            s = r["shares"].get(g["id"], 0.0)
            body.append(f'<rect class="cell" x="{left + j * cw:.1f}" y="{y:.1f}" width="{cw - 1}" height="{ch - 1}" '
                        f'fill="{_heat(s)}"><title>{_e(r["unit"])} · {_e(g["title"][lang])}: {s:.0%}</title></rect>'
                        f'<text x="{left + j * cw + cw / 2:.1f}" y="{y + 14:.1f}" text-anchor="middle" font-size="9" '
                        f'fill="{"#fff" if s > 0.6 else "#222"}">{s * 100:.0f}</text>')
    right = max([left + len(groups) * cw, *(left + j * cw + cw / 2 + px(t) * math.cos(SLANT) +
                                           rise * math.sin(SLANT) + 4 for j, t in enumerate(titles))])
    return _svg(right + 8, top + len(rows) * ch + 10, body, label)


def slope(units: list[dict], before: str, after: str, total: float, label: str) -> str:
    """Each unit's final score in the previous period and in this one, joined by a line."""
    top, h = 30, 260
    x1 = max([170.0, *(px(f'{_short(u["unit"], 160)} {u["before"]:g}') + 12 for u in units)])
    x2 = x1 + 260
    y = lambda v: top + h - h * max(0.0, min(v, total)) / total  # noqa: E731
    body = [f'<text x="{x1:.1f}" y="16" text-anchor="middle" font-weight="bold">{_e(before)}</text>',
            f'<text x="{x2:.1f}" y="16" text-anchor="middle" font-weight="bold">{_e(after)}</text>',
            f'<line x1="{x1:.1f}" y1="{top}" x2="{x1:.1f}" y2="{top + h}" stroke="#999"/>',
            f'<line x1="{x2:.1f}" y1="{top}" x2="{x2:.1f}" y2="{top + h}" stroke="#999"/>']
    for u in units:
        colour = "#1b7837" if u["change"] > 0 else "#b03a2e" if u["change"] < 0 else "#777"
        body.append(f'<line class="slope" x1="{x1:.1f}" y1="{y(u["before"]):.1f}" x2="{x2:.1f}" '
                    f'y2="{y(u["after"]):.1f}" stroke="{colour}" stroke-width="1.5"><title>{_e(u["unit"])}: '
                    f'{u["before"]:g} → {u["after"]:g}</title></line>'
                    f'<text x="{x1 - 6:.1f}" y="{y(u["before"]) + 4:.1f}" text-anchor="end">'
                    f'{_e(_short(u["unit"], 160))} {u["before"]:g}</text>'
                    f'<text x="{x2 + 6:.1f}" y="{y(u["after"]) + 4:.1f}">{u["after"]:g} ({u["change"]:+g})</text>')
    right = max([x2 + 6 + px(f'{u["after"]:g} ({u["change"]:+g})') for u in units] + [x2 + px(after) / 2])
    return _svg(right + 8, top + h + 20, body, label)
