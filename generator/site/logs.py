"""What a build prints: mkdocs' own messages on standard error (warnings and errors, or also its
progress with ``-v``), and our progress lines.

``pingan build`` hands its progress callback down in the build context. The plugin without one
(``pingan serve``, a plain ``mkdocs build``) reports to the :data:`PROGRESS` logger, which
``pingan serve`` prints through a :class:`ProgressHandler`.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

PROGRESS = "pingan.progress"  # the plugin's progress lines when no build context receives them


def setup_logging(verbose: bool) -> None:
    """mkdocs' messages on standard error: warnings and errors, or also its progress (verbose)."""
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_pingan", False) for h in log.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        h._pingan = True  # type: ignore[attr-defined]
        log.addHandler(h)
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs' own switch, for its banner about 2.0


class ProgressHandler(logging.Handler):
    """Passes each progress line to ``report``."""

    def __init__(self, report: Callable[[str], None]):
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(record.getMessage())


def show_progress(report: Callable[[str], None]) -> None:
    """Send the :data:`PROGRESS` logger's lines to ``report`` (``pingan serve``)."""
    log = logging.getLogger(PROGRESS)
    log.addHandler(ProgressHandler(report))
    log.setLevel(logging.INFO)
