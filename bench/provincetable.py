"""The printed table of bench/province.py: ×1 and ×N side by side with the ratio, then each timed
query and the query set's ranking."""
from __future__ import annotations


def _ratio(a, b) -> str:
    return f"{b / a:.1f}" if a and b is not None else ""


def _num(v, scale: float = 1, fmt: str = "{:.0f}") -> str:
    return "" if v is None else fmt.format(v / scale)


def _figures(r: dict) -> list[tuple[str, float | None]]:
    rows: list[tuple[str, float | None]] = [("build s (both languages, pages only)", r["build_s"])]
    for lang in ("zh", "en"):
        x = r["search"][lang]["summary"]
        rows += [(f"{lang} pages", r[lang]["pages"]),
                 (f"{lang} HTML MB", r[lang]["html_bytes"] / 1e6),
                 (f"{lang} search index MB", r[lang]["index_bytes"] / 1e6),
                 (f"{lang} search index files", r[lang].get("index_files")),
                 (f"{lang} load event ms from navigation start, median", x.get("median_load_ms")),
                 (f"{lang} first result ms from nav. start, median (CPU ×4)", x["median_first_ms"]),
                 (f"{lang} first result ms from nav. start, max", x["max_first_ms"]),
                 (f"{lang} ms from the query typed to its first result", x.get("median_after_typing_ms")),
                 (f"{lang} ms from the query typed to its first result, max", x.get("max_after_typing_ms")),
                 (f"{lang} timed queries without a result (in 300 s)", x.get("no_result", 0)),
                 (f"{lang} KB fetched for search per query (max)", x["search_bytes"] / 1e3)]
    return rows


def _rows(runs: list[dict]) -> list[tuple[str, list]]:
    """Each figure for: ours at ×1 … ×N, then Material's at ×1 … ×N (where measured)."""
    columns = [_figures(r) for r in runs] + [_figures(r["material"]) for r in runs if r.get("material")]
    return [(name, [c[i][1] for c in columns]) for i, (name, _) in enumerate(columns[0])]


def _ranking_line(lang: str, runs: list[dict]) -> str:
    parts = []
    for r in runs:
        rk = r["search"][lang]["ranking"]
        if not rk:
            parts.append(f"×{r['factor']}: not ranked (the search was never ready)")
            continue
        ok, copy, forms = (sum(q[k] for q in rk) for k in ("ok", "copy", "form_in_top3"))
        parts.append(f"×{r['factor']}: {ok}/{len(rk)} first (another county's copy first: {copy}; "
                     f"a form in the top three: {forms})")
    return f"  {lang} query set, the expected page first — " + "; ".join(parts)


def _per_query(lang: str, runs: list[dict]) -> list[str]:
    out = []
    first = {t["query"]: t for t in runs[0]["search"][lang]["times"]}
    last = {t["query"]: t for t in runs[-1]["search"][lang]["times"]}
    rank = [{q["query"]: q for q in r["search"][lang]["ranking"]} for r in runs]
    for q, a in first.items():
        b = last.get(q, {})
        marks = " ".join(("ok" if rk[q]["ok"] else "copy" if rk[q]["copy"] else "MISS") if q in rk else "?"
                         for rk in rank)
        out.append(f"  {lang} {q[:34]:<34} {_num(a['first_ms']) or '-':>8} {_num(b.get('first_ms')) or '-':>8} "
                   f"{_ratio(a['first_ms'], b.get('first_ms')):>6} {a['search_bytes'] / 1e3:9.0f} "
                   f"{_num(b.get('search_bytes'), 1e3):>9}  {marks}")
    return out


def _misses(runs: list[dict]) -> list[str]:
    out = []
    for r in runs:
        for lang in ("zh", "en"):
            for q in r["search"][lang]["ranking"]:
                if not q["ok"]:
                    out.append(f"  ×{r['factor']} {lang} {q['query']!r}: first {q['first'] or '(nothing)'}"
                               + (" (another county's copy of the page)" if q["copy"] else ""))
    return out


def table(result: dict) -> str:
    runs = result["runs"]
    heads = [f"×{r['factor']}" for r in runs]
    material = [r for r in runs if r.get("material")]
    cols = heads + [f"M {h}" for r, h in zip(runs, heads, strict=True) if r.get("material")]
    jieba = result.get("material_jieba")
    segmented = ", Chinese segmented by jieba" if jieba else ", jieba not installed: Chinese unsegmented"
    lines = [f"Province benchmark, {result['date']}, {result['cores']} cores, load average before "
             f"{' '.join(map(str, result['load_before']))}, after {' '.join(map(str, result['load_after']))}; "
             f"whole run {result['seconds'] / 60:.1f} min",
             "Search: the site's own (×…), and Material's on the same content (M ×…" + (segmented if material else "")
             + "); CPU throttled 4× on the page's main thread (Chromium does not throttle Material's search worker)",
             "",
             f"  {'':<50}" + "".join(f"{h:>10}" for h in cols)
             + (f"{heads[-1] + '÷' + heads[0]:>10}" if len(runs) > 1 else "")
             + (f"{'M÷ours ' + heads[-1]:>12}" if material else "")]
    for name, values in _rows(runs):
        fmt = "{:.1f}" if name.startswith("build") or "MB" in name else "{:.0f}"
        cells = "".join(f"{_num(v, fmt=fmt):>10}" for v in values)
        ratio = f"{_ratio(values[0], values[len(runs) - 1]):>10}" if len(runs) > 1 else ""
        versus = f"{_ratio(values[len(runs) - 1], values[-1]):>12}" if material else ""
        lines.append(f"  {name:<50}{cells}{ratio}{versus}")
    lines += ["", _ranking_line("zh", runs), _ranking_line("en", runs), "",
              f"  timed queries (ms to the first result, KB for search)  {heads[0]:>8} {heads[-1]:>8}  ratio "
              f"{'KB ' + heads[0]:>9} {'KB ' + heads[-1]:>9}  ranking " + " ".join(heads)]
    for lang in ("zh", "en"):
        lines += _per_query(lang, runs)
    misses = _misses(runs)
    if misses:
        lines += ["", "  queries whose expected page is not first:"] + misses
    return "\n".join(lines)
