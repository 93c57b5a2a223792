"""The model: typed, immutable objects read from the standards files, keyed by stable ids.

- :mod:`.load` — every YAML file under ``standards/``, positions read only for a problem;
- :mod:`.assemble` — the typed objects built from each file's data, each with its :mod:`.origin`;
- :mod:`.objects`, :mod:`.rules`, :mod:`.indicators`, :mod:`.places` — the objects themselves;
- :mod:`.kinds` — every closed set of values as an enum;
- :mod:`.indexes` — who answers for what, computed once per model.

Nothing here imports from the layers above (checks, scoring, render, site, results).
"""
