"""Compiled jinja templates kept in memory for the whole process.

jinja compiles a template once per environment; a renderer made anew for every build (mkdocs'
theme under ``pingan serve``, the scorecard forms of every site build) would compile its
templates again each time, which costs more than rendering them. A cache holds one kind of
environment's templates (their compiled code depends on the environment's options); jinja
checks each entry against the template's source, so an edited template compiles again.
"""
from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


FORMS_BYTECODE = MemoryBytecodeCache()  # the scorecard forms' environment (render/forms.py)
THEME_BYTECODE = MemoryBytecodeCache()  # the mkdocs theme's (the plugin sets it on every build)
