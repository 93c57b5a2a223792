"""Problems found in the standards, reported as ``path:line:col: message``, and how a value is quoted
in a problem's message (:func:`clip`).

The bottom of the package: the model's loader reports located problems with these; ``checks`` finds
more of them; ``scoring`` and ``cardfile`` quote values with :func:`clip`. It imports nothing of the
package."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class StandardsError(Exception):
    """Raised when the standards cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


LONG = 60


def clip(text: object, n: int = LONG) -> str:
    """A value quoted in a message: at most ``n`` characters (a 400-digit number is not repeated whole)."""
    s = "" if text is None else str(text)
    return s if len(s) <= n else f"{s[:n]}… ({len(s):,} characters)"
