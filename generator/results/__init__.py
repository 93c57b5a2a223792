"""The assessment cycle: collect filled scorecards into a store, rank and report.

- :mod:`.store` — the SQLite submissions store (append-only, versioned schema, one transaction per run);
- :mod:`.collect` — ``pingan collect``: read, check and score every file, keep the good, list the bad;
- :mod:`.ranking` — the ranking per card and period, the review gap and year on year, from the store;
- :mod:`.export` — text, JSON and CSV of a ranking (spreadsheet formulas neutralised);
- :mod:`.charts` and :mod:`.report_html` — the static HTML report, one per language, with inline SVG charts;
- :mod:`.report_xlsx` — the XLSX report (every untrusted text written as a string);
- :mod:`.publish` — the ranking (通报) as site pages, only with ``pingan results --publish``;
- :mod:`.cli` — the two commands' arguments.
"""
