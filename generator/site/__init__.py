"""The site: both languages built with mkdocs-material, editions, the offline files.

- :mod:`.context` — the build context every part of a build is handed (loaded project, address,
  edition, language, processes, progress);
- :mod:`.build` — whole-site builds (orchestration), with :mod:`.swap` (atomic publish),
  :mod:`.pool` (language builds in processes), :mod:`.logs`, :mod:`.rootpages` (root index, 404,
  sitemap) and :mod:`.offline` (the zip);
- :mod:`.files` — everything one language of the site is made of (pages, data, scorecard files);
- :mod:`.plugin` — the thin mkdocs plugin; :mod:`.serve` — ``pingan serve``'s server;
- :mod:`.editions`, :mod:`.diff`, :mod:`.gitref` — earlier versions from git tags and what changed.
"""
