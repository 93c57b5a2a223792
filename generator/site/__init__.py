"""The site: both languages built with mkdocs-material, editions, the offline files.

- :mod:`.build` — whole-site builds, atomic;
- :mod:`.files` — everything one language of the site is made of (pages, data, scorecard files);
- :mod:`.plugin` — the thin mkdocs plugin;
- :mod:`.editions`, :mod:`.diff`, :mod:`.gitref` — earlier versions from git tags and what changed.
"""
