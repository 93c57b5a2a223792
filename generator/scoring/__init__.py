"""Scoring: what a filled card scores, defined once.

- :mod:`.plan` — a card's rules as plain data (the *plan*), emitted as JSON for the HTML form and
  the PDF's calculation scripts, and read by the XLSX formula writer;
- :mod:`.engine` — evaluates a plan on filled values (field name → text).
"""
