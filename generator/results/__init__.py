"""The assessment cycle: collect filled scorecards into a store, rank and report.

- :mod:`.store` — the SQLite submissions store (append-only, versioned schema, one transaction per run);
- :mod:`.rows` — the store's typed rows of the review cycle (versions, evidence, sign-offs; migration 3);
- :mod:`.collect` — ``pingan collect``: read, check and score every file, keep the good, list the bad;
  :mod:`.intake` its cycle checks (reasons, stamp, signed-off periods) and what a stored file changed;
  :mod:`.bundle` a card with its evidence (folder or zip);
- :mod:`.stages` — which version counts (revision, date; conflicts until accepted) and each unit's status;
  :mod:`.standing` ranked / awaiting review / conflicts per card and period; :mod:`.history` ``--history``;
- :mod:`.roster` — the units expected (``--roster FILE`` or ``standards/rosters/``);
- :mod:`.signoff` — ``--finalize`` / ``--reopen``: the frozen snapshot and its checksum;
- :mod:`.ranking` — the ranking per card and period, the review gap and year on year, from the store;
- :mod:`.export` — text, JSON and CSV of a ranking (spreadsheet formulas neutralised);
- :mod:`.charts` and :mod:`.report_html` — the static HTML report, one per language, with inline SVG charts
  (:mod:`.report_cycle`: status, awaiting review, conflicts, missing, sign-off);
- :mod:`.report_xlsx` — the XLSX report (every untrusted text written as a string);
- :mod:`.publish` — the ranking (通报) as site pages, only with ``pingan results --publish``;
- :mod:`.cli` — the two commands' arguments.
"""
