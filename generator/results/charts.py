"""The report's charts as inline SVG (no script, no network): every text in them is escaped."""
from __future__ import annotations

from html import escape

BAND_COLOURS = ["#f4d6d6", "#f6ebc8", "#dcebd0", "#cfe3f3", "#e3dcf3", "#d9f0ee"]
FONT = 'font-family="sans-serif"'


def _e(text) -> str:
    return escape(str(text), quote=True)


def _short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(w: float, h: float, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" width="{w:.0f}" role="img" '
            f'aria-label="{_e(label)}" {FONT} font-size="11">' + "".join(body) + "</svg>")


def bars(rows: list[dict], total: float, grades: list[dict], label: str, lang: str = "zh") -> str:
    """Horizontal bars of final scores by unit (in rank order) over the card's grade bands."""
    left, width, bar, gap = 150, 460, 16, 6
    h = 42 + len(rows) * (bar + gap)
    x = lambda v: left + width * max(0.0, min(v, total)) / total  # noqa: E731
    body = []
    for i, g in enumerate(grades):
        hi = grades[i + 1]["min"] if i + 1 < len(grades) else total
        body.append(f'<rect class="band" x="{x(g["min"]):.1f}" y="0" width="{x(hi) - x(g["min"]):.1f}" '
                    f'height="{h - 10}" fill="{BAND_COLOURS[i % len(BAND_COLOURS)]}"/>'
                    f'<text x="{x(g["min"]) + 3:.1f}" y="{11 + 12 * (i % 2)}" fill="#555">{_e(g["title"][lang])} ≥{g["min"]:g}</text>')
    for i, r in enumerate(rows):
        y = 32 + i * (bar + gap)
        colour = "#b03a2e" if r["vetoed"] else "#2e6da4"
        body.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end">{_e(_short(r["unit"], 18))}</text>'
                    f'<rect class="bar" x="{left}" y="{y}" width="{x(r["final"]) - left:.1f}" height="{bar}" '
                    f'fill="{colour}"><title>{_e(r["unit"])}: {r["final"]:g}</title></rect>'
                    f'<text x="{x(r["final"]) + 4:.1f}" y="{y + bar - 4}">{r["final"]:g}</text>')
    body.append(f'<line x1="{left}" y1="28" x2="{left}" y2="{h - 10}" stroke="#333"/>')
    return _svg(left + width + 60, h, body, label)


def _heat(share: float) -> str:
    """White (0 %) to dark green (100 %)."""
    s = max(0.0, min(share, 1.0))
    r, g, b = (int(255 - (255 - c) * s) for c in (27, 120, 55))
    return f"rgb({r},{g},{b})"


def heatmap(rows: list[dict], groups: list[dict], label: str, lang: str = "zh") -> str:
    """Units × domains (or tasks): each cell the share of the domain's points the unit obtained."""
    left, cw, ch, top = 150, max(34, min(70, 560 // max(len(groups), 1))), 20, 60
    body = []
    for j, g in enumerate(groups):
        cx = left + j * cw + cw / 2
        body.append(f'<text x="{cx:.1f}" y="{top - 6}" transform="rotate(-35 {cx:.1f} {top - 6})">'
                    f'{_e(_short(g["title"][lang], 10))}<title>{_e(g["title"][lang])}</title></text>')
    for i, r in enumerate(rows):
        y = top + i * ch
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_e(_short(r["unit"], 18))}</text>')
        for j, g in enumerate(groups):
            s = r["shares"].get(g["id"], 0.0)
            body.append(f'<rect class="cell" x="{left + j * cw}" y="{y}" width="{cw - 1}" height="{ch - 1}" '
                        f'fill="{_heat(s)}"><title>{_e(r["unit"])} · {_e(g["title"][lang])}: {s:.0%}</title></rect>'
                        f'<text x="{left + j * cw + cw / 2:.1f}" y="{y + 14}" text-anchor="middle" font-size="9" '
                        f'fill="{"#fff" if s > 0.6 else "#222"}">{s * 100:.0f}</text>')
    return _svg(left + len(groups) * cw + 20, top + len(rows) * ch + 10, body, label)


def slope(units: list[dict], before: str, after: str, total: float, label: str) -> str:
    """Each unit's final score in the previous period and in this one, joined by a line."""
    top, h, x1, x2 = 30, 260, 170, 430
    y = lambda v: top + h - h * max(0.0, min(v, total)) / total  # noqa: E731
    body = [f'<text x="{x1}" y="16" text-anchor="middle" font-weight="bold">{_e(before)}</text>',
            f'<text x="{x2}" y="16" text-anchor="middle" font-weight="bold">{_e(after)}</text>',
            f'<line x1="{x1}" y1="{top}" x2="{x1}" y2="{top + h}" stroke="#999"/>',
            f'<line x1="{x2}" y1="{top}" x2="{x2}" y2="{top + h}" stroke="#999"/>']
    for u in units:
        colour = "#1b7837" if u["change"] > 0 else "#b03a2e" if u["change"] < 0 else "#777"
        body.append(f'<line class="slope" x1="{x1}" y1="{y(u["before"]):.1f}" x2="{x2}" y2="{y(u["after"]):.1f}" '
                    f'stroke="{colour}" stroke-width="1.5"><title>{_e(u["unit"])}: {u["before"]:g} → '
                    f'{u["after"]:g}</title></line>'
                    f'<text x="{x1 - 6}" y="{y(u["before"]) + 4:.1f}" text-anchor="end">'
                    f'{_e(_short(u["unit"], 16))} {u["before"]:g}</text>'
                    f'<text x="{x2 + 6}" y="{y(u["after"]) + 4:.1f}">{u["after"]:g} ({u["change"]:+g})</text>')
    return _svg(600, top + h + 20, body, label)
