"""The problem type, re-exported for the layers above ``checks`` that still import it from here
(``site/``, ``cli.py``): it lives in :mod:`generator.model.problems`, at the bottom, because the
model's loader reports located problems too."""
from __future__ import annotations

from ..model.problems import Problem, StandardsError

__all__ = ["Problem", "StandardsError"]
