"""The XLSX cards printed by LibreOffice, with the fonts an office has (tests/office-fonts.conf), as an office
prints them before sending them on: 附件 label first, then the title; every label and header whole, no
wrapped text spilling out of its row; the ID column not printed; "— 1 —" at the foot. Page 1 of each
is kept as a PNG under the test output folder."""
from __future__ import annotations

import re
import subprocess

import pytest

from generator.render.common import LANGS, load_labels
from generator.render.textfit import pieces
from pdflayout import cut_words, pages, whole

pytestmark = pytest.mark.slow  # LibreOffice
CASES = [(card, lang) for card in ("county", "town", "village") for lang in LANGS]


@pytest.fixture(scope="module")
def printed(standards, tmp_path_factory, test_output) -> dict:
    """(card, lang) → the printed pages of the card's workbook: every workbook in one LibreOffice run."""
    from generator.render.xlsx import workbook
    from office import to_pdf

    work = tmp_path_factory.mktemp("xlsx-print")
    files = {}
    for card, lang in CASES:
        files[card, lang] = work / f"{card}.{lang}.xlsx"
        files[card, lang].write_bytes(workbook(standards, standards.get(card), lang))
    pdfs = to_pdf(list(files.values()), work)
    for (card, lang), src in files.items():
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdfs[src]),
                        str(test_output / f"{card}.{lang}.xlsx.page1")], check=True)
    return {key: pages(pdfs[src]) for key, src in files.items()}


@pytest.mark.parametrize("card_id,lang", CASES)
def test_page_one_starts_with_the_annex_label_then_the_title(standards, printed, card_id, lang):
    card, L = standards.get(card_id), load_labels()[lang]
    first = printed[card_id, lang][0]
    assert first.width > first.height, "the card's columns need A4 landscape"
    assert first.first_word().text.startswith(L["annex"])
    assert re.sub(r"\s+", "", f"{L['annex']}{card.annex}") in first.flat[:12]
    head = card.title[lang].split()[0]
    y = min(w.y0 for w in first.words if w.text == head)
    title = [w for w in first.words if abs(w.y0 - y) < 2]
    assert " ".join(w.text for w in title) == card.title[lang]
    centre = (min(w.x0 for w in title) + max(w.x1 for w in title)) / 2
    assert abs(centre - first.width / 2) < first.width * 0.03, "the title is centred on the page"
    for n, page in enumerate(printed[card_id, lang], 1):
        assert f"— {n} —" in page.text and not re.search(r"第\s*\d+\s*页|Page \d+ of", page.text)


@pytest.mark.parametrize("card_id,lang", CASES)
def test_no_label_is_cut_and_no_header_breaks_inside_a_word(standards, printed, card_id, lang):
    card, L = standards.get(card_id), load_labels()[lang]
    cut = [w for page in printed[card_id, lang] for w in cut_words(page)]
    assert not cut, f"{len(cut)} words run over a cell's border: {cut[:5]}"
    first = printed[card_id, lang][0]
    for key in ("header_unit", "header_period", "header_filled_by", "header_date"):
        assert all(whole(first, p.strip()) for p in pieces(L[key])), L[key]
    heads = [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in card.columns], L["notes_col"]]
    table_pages = [p for p in printed[card_id, lang] if whole(p, L["notes_col"].split()[0])]
    assert len(table_pages) >= len(printed[card_id, lang]) - 1, "the header row repeats on every page"
    for page in table_pages:
        broken = [p for h in heads for p in pieces(h) if not whole(page, p.strip())]
        assert not broken, f"page {page.number}: headers broken inside {broken}"


@pytest.mark.parametrize("card_id,lang", CASES)
def test_the_id_column_is_not_printed(standards, printed, card_id, lang):
    text = " ".join(p.text for p in printed[card_id, lang])
    assert not re.search(rf"\b(total--)?{card_id}-(d|t)\d+", text)
    flat = "".join(p.flat for p in printed[card_id, lang])
    for c in standards.get(card_id).criteria:
        assert re.sub(r"\s+", "", c.text[lang])[:20] in flat, c.id
