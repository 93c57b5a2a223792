"""The printed card (PDF and the browser's print of the form) follows the conventions of an attachment
to an official notice: serif CJK font embedded, 附件 label, centred title, "— N —" page numbers, text
layer equal to the YAML; PDF fields carry tooltips in the card's language."""
from __future__ import annotations

import io
import re
import subprocess

import pytest

from generator.render.common import LANGS


def test_pdf_field_tooltips_are_in_the_cards_language(standards):
    from generator.render.pdf import tooltips

    tips = tooltips(standards.get("county"), "zh")
    assert tips["county-t24-c3--self"] == "24.3 单位自评得分"
    assert tips["county-t24-c3--notes"] == "24.3 备注／佐证材料"
    assert tips["total--county-t24--county-review"] == "小计 24 县审核得分"
    assert tips["header--unit"] == "被考评单位"
    en = tooltips(standards.get("county"), "en")
    tip = en["county-t24-c3--self"]
    assert tip.startswith("24.3 ") and not re.search(r"[\u4e00-\u9fff]", tip)


@pytest.fixture(scope="module")
def printed(standards) -> dict[str, bytes]:
    from generator.render.pdf import render_pdf

    return {lang: render_pdf(standards, standards.get("village"), lang) for lang in LANGS}


@pytest.mark.slow
def test_printed_pdf_embeds_a_serif_cjk_font_and_text_equals_yaml(standards, printed, tmp_path):
    import pikepdf
    from fontTools.ttLib import TTFont

    with pikepdf.open(io.BytesIO(printed["zh"])) as pdf:
        families = set()
        for font in (f for page in pdf.pages for f in page.Resources.Font.values()):
            desc = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
            program = desc.get("/FontFile3")
            if program is not None and program.get("/Subtype") == "/OpenType":
                families.add(TTFont(io.BytesIO(program.read_bytes()))["name"].getDebugName(1))
    assert "Noto Serif CJK SC" in families and not any("Sans" in f for f in families), families
    path = tmp_path / "village.zh.pdf"
    path.write_bytes(printed["zh"])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF], "Kangxi radical substitutes in the text layer"
    flat = re.sub(r"\s+", "", text)
    card = standards.get("village")
    for item in ["附件2", card.title.zh, *[t.title.zh for t in card.tasks]]:
        assert re.sub(r"\s+", "", item) in flat, item
    at = -1
    for c in card.criteria:
        pos = flat.find(re.sub(r"\s+", "", c.text.zh), at + 1)
        assert pos > at, f"{c.id} missing or out of order"
        at = pos
    assert re.search(r"—\s*1\s*—", text) and "第 1 页" not in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_printed_pdf_fields_carry_tooltips(standards, printed, lang):
    import pikepdf

    from generator.render.pdf import tooltips

    tips = tooltips(standards.get("village"), lang)
    with pikepdf.open(io.BytesIO(printed[lang])) as pdf:
        fields = {str(f.T): str(f.get("/TU", "")) for f in pdf.Root.AcroForm.Fields}
    assert set(fields) <= set(tips) and len(fields) > 50, "names stay the stable ids"
    assert all(fields[n] == tips[n] for n in fields)
    col = standards.get("village").columns[0].title[lang]
    assert fields["village-t1-c2--self"] == f"1.2 {col}"


def test_browser_print_follows_the_attachment_layout(standards, page, tmp_path):
    """The offline form on screen: sans-serif, no 附件 label; printed (Chromium): serif, 附件2 and the QR
    code, centred title, "— 1 —" page numbers."""
    from generator.render.forms import FormRenderer
    from generator.render.qr import SiteAddress

    html = tmp_path / "village.zh.html"
    html.write_text(FormRenderer(standards, "zh", address=SiteAddress("https://example.org/pingan/")).document(
        standards.get("village")), encoding="utf-8")
    page.goto(html.as_uri())
    family = "getComputedStyle(document.querySelector('.pingan-scorecard')).fontFamily"
    assert "Serif" not in page.evaluate(family) and not page.locator(".pingan-annex").is_visible()
    page.emulate_media(media="print")
    assert "Noto Serif CJK SC" in page.evaluate(family)
    assert page.locator(".pingan-annex").inner_text() == "附件2" and page.locator(".pingan-qr svg").is_visible()
    align = page.evaluate("getComputedStyle(document.querySelector('.pingan-form-title')).textAlign")
    assert align == "center"
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"—\s*1\s*—", text) and "第 1 页" not in text


def test_english_form_uses_english_punctuation(standards):
    """Task and domain headings of the English form: "Strong Party Building (3 pts)", units joined by
    "; " — not the Chinese full-width brackets and 、 of the Chinese form."""
    from generator.render.forms import FormRenderer

    card = standards.get("village")
    en, zh = (FormRenderer(standards, lang).fragment(card) for lang in ("en", "zh"))
    task = card.tasks[0]
    assert f"{task.title.en} (3 pts)" in en and "（" not in en and "、" not in en
    units = [standards.unit(u).name for u in dict.fromkeys(u for c in task.criteria for u in c.units)]
    assert "; ".join(u.en for u in units).replace("'", "&#39;") in en
    assert f"{task.title.zh}（3分）" in zh and "、".join(u.zh for u in units) in zh
