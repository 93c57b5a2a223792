"""pingan-standards: canonical bilingual YAML → site, scorecards and open data.

Pipeline: :mod:`load` → :mod:`validate` → :mod:`model` → :mod:`render` / :mod:`export`.
"""

__version__ = "0.1.0"
