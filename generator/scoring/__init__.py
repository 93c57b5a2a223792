"""The scoring model: one engine (:mod:`.engine`) is the only definition of what a filled card scores.

- :mod:`.schema` — the YAML keys of the scoring rules (merged into the standards' JSON Schema);
- :mod:`.plan` — a card's rules as plain data (the *plan*), emitted as JSON for the HTML form and
  the PDF's calculation scripts, and read by the XLSX formula writer;
- :mod:`.engine` — evaluates a plan on filled values (field name → text);
- :mod:`.check` — located checks of every rule for ``pingan check``;
- :mod:`.inputs` — reads a filled card (JSON/CSV export, XLSX, PDF) for ``pingan score``.
"""
