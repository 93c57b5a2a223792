"""Every check of ``pingan check``, each problem located ``file:line:col``.

- :mod:`.schema` (with :mod:`.schema_structure`, :mod:`.schema_scoring`, :mod:`.schema_ranking`) — the
  JSON Schema of a standards file;
- :mod:`.validate` — each file against the schema, then the checks on the typed model:
  :mod:`.crossrefs` (ids, references, point sums), :mod:`.places`, :mod:`.texts`, :mod:`.scoring`,
  :mod:`.drafts` (what a draft may lack: warnings);
- :mod:`.project` — the project in a folder: loaded, validated, ready to render.
"""
