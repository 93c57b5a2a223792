"""The filled-card contract: what a filled scorecard file is, in every format the project writes,
and how each is read back (untrusted: sized before loading, every text cleaned).

- :mod:`.contract` — field names, header fields, format id, PDF metadata, each card's inputs: what
  every reader below and every writer in :mod:`generator.render` (form, PDF, XLSX, DOCX) agree on;
- :mod:`.inputs` — a filled card from the form's JSON or CSV, an XLSX (:mod:`.read_xlsx`, sized first
  by :mod:`.xlsx_limits`) or a PDF (:mod:`.read_pdf`);
- :mod:`.score` — a file scored against the project's cards (``pingan score`` and ``collect``);
- :mod:`.untrusted` — a submission's text on its way to a terminal line or a store key.
"""
