"""Problems as data: every check reports Issues; only the top level turns them into screens or exit codes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from kiosk.override import override


class Severity(enum.Enum):
    INFO = "info"  # a measurement for the author, not a problem
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a file, with where it is and how bad it is."""

    path: Path | str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    @override
    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_problem(self) -> bool:
        return self.severity is not Severity.INFO


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.is_error for issue in issues)
