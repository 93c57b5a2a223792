"""The fillable HTML scorecard in real Chromium, what it keeps: saving in the browser (an unreadable
save kept aside, two tabs), import with a preview and undo, carry-over from an earlier edition."""
from __future__ import annotations

import json

VILLAGE = "en/scorecards/village/form.html"


def total(page, item, col):
    return page.locator(f'[id="total--{item}--{col}"]').inner_text()


def _saved_key(page):
    return page.evaluate("() => Object.keys(localStorage).filter(k => !k.includes(':unreadable:'))")


def test_unreadable_storage_is_kept_aside_and_said(page, site_url):
    page.goto(site_url + VILLAGE)
    page.evaluate("() => localStorage.setItem('pingan:scorecard:v1:village:1', '{broken json')")
    page.reload()
    msg = page.locator(".pingan-message")
    assert msg.is_visible() and "could not be read" in msg.inner_text()
    page.fill('[name="village-t1-c1--self"]', "1")            # the next keystroke saves anew …
    kept = page.evaluate("""() => Object.keys(localStorage).filter(k => k.includes(':unreadable:'))
                            .map(k => localStorage.getItem(k))""")
    assert kept == ["{broken json"]                            # … and the unreadable data is still there
    assert json.loads(page.evaluate("() => localStorage.getItem('pingan:scorecard:v1:village:1')"))["values"] == \
        {"village-t1-c1--self": "1"}


def test_two_tabs_do_not_overwrite_each_other(browser, site_url):
    ctx = browser.new_context()
    a, b = ctx.new_page(), ctx.new_page()
    a.goto(site_url + VILLAGE)
    b.goto(site_url + VILLAGE)
    a.fill('[name="village-t1-c1--self"]', "1")
    b.locator('[data-action="other-tab-load"]').wait_for()    # b is told, and stops saving
    b.fill('[name="village-t1-c2--self"]', "0.5")
    assert a.evaluate("() => JSON.parse(localStorage.getItem('pingan:scorecard:v1:village:1')).values") == \
        {"village-t1-c1--self": "1"}                          # b's keystroke did not overwrite a's values
    b.click('[data-action="other-tab-load"]')
    assert b.input_value('[name="village-t1-c1--self"]') == "1" and b.input_value('[name="village-t1-c2--self"]') == ""
    b.fill('[name="village-t1-c2--self"]', "0.5")             # saving again, now with both values
    a.locator('[data-action="other-tab-keep"]').wait_for()
    assert b.evaluate("() => JSON.parse(localStorage.getItem('pingan:scorecard:v1:village:1')).values") == \
        {"village-t1-c1--self": "1", "village-t1-c2--self": "0.5"}
    ctx.close()


def test_import_shows_changes_and_can_be_undone(page, site_url):
    page.goto(site_url + VILLAGE)
    page.fill('[name="village-t1-c1--self"]', "1")
    page.fill('[name="header--unit"]', "East Village")
    data = {"format": "pingan-scorecard/1", "card": "village", "edition": "1",
            "values": {"village-t1-c1--self": "0.5", "village-t2-c1--self": "1", "header--unit": "East Village"}}
    assert page.evaluate("([t]) => document.getElementById('pingan-scorecard').pinganImport(t, 'x.json')",
                         [json.dumps(data)])
    items = page.locator(".pingan-message-list li").all_inner_texts()
    assert items == ["village-t1-c1--self: 1 → 0.5", "village-t2-c1--self: (empty) → 1"]
    assert page.input_value('[name="village-t1-c1--self"]') == "1"   # nothing changed before "apply"
    page.click('[data-action="import-apply"]')
    assert page.input_value('[name="village-t1-c1--self"]') == "0.5" and total(page, "village", "self") == "1.5"
    page.click('[data-action="import-undo"]')
    assert page.input_value('[name="village-t1-c1--self"]') == "1"
    assert page.input_value('[name="village-t2-c1--self"]') == ""
    assert page.locator('[data-action="import-undo"]').count() == 0    # once
    page.reload()
    assert page.input_value('[name="village-t1-c1--self"]') == "1"


def test_new_edition_offers_to_carry_over_values(page, site_url):
    page.goto(site_url + VILLAGE)
    old = {"format": "pingan-scorecard/1", "card": "village", "edition": "0", "saved": "2025-12-01T00:00:00Z",
           "values": {"village-t1-c1--self": "1", "village-t6-c1--self": "met", "village-t9-c9--self": "2"}}
    page.evaluate("([v]) => { localStorage.clear(); localStorage.setItem('pingan:scorecard:v1:village:0', v); }",
                  [json.dumps(old)])
    page.reload()
    assert "edition 0" in page.locator(".pingan-message").inner_text()
    assert page.input_value('[name="village-t1-c1--self"]') == ""     # offered, not done
    page.click('[data-action="carry-apply"]')
    assert page.input_value('[name="village-t1-c1--self"]') == "1"
    assert page.input_value('[name="village-t6-c1--self"]') == "met"
    assert page.locator(".pingan-message-list li").all_inner_texts() == ["village-t9-c9--self"]
    assert total(page, "village", "self") == "11"
    assert sorted(_saved_key(page)) == ["pingan:scorecard:v1:village:0", "pingan:scorecard:v1:village:1"]
