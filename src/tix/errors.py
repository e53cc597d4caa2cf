"""The one error type of tix, and the problems it reports about files.

``TixError`` is raised by the library for everything a user or a file can cause: it carries a
message and, where known, the path, line and column it is about, plus an optional hint and a
stable code. The command layer turns it into ``tix: error: path:line:col: message``; nothing
in the library prints or exits.

``Problem`` is the non-raising form of the same information: loading a workspace collects one
per broken file and carries on with the rest.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Stable problem codes. ``docs/validate.md`` documents each one."""

    UNREADABLE = "TIX101"
    ENCODING = "TIX102"
    FRONT_MATTER_SYNTAX = "TIX103"
    FRONT_MATTER_SHAPE = "TIX104"
    FRONT_MATTER_UNCLOSED = "TIX105"
    FRONT_MATTER_UNSAFE = "TIX106"
    FILE_TOO_LARGE = "TIX107"
    CONFIG = "TIX110"
    NO_TICKET = "TIX201"
    AMBIGUOUS_ID = "TIX202"
    DUPLICATE_ID = "TIX210"
    DANGLING_DEPENDENCY = "TIX301"
    SELF_DEPENDENCY = "TIX302"
    DEPENDENCY_CYCLE = "TIX303"
    UNRESOLVED_DEPENDENCY = "TIX304"
    STARTED_TOO_EARLY = "TIX305"
    UNKNOWN_STATUS = "TIX401"
    UNKNOWN_PRIORITY = "TIX402"
    EPIC_ESTIMATE = "TIX501"
    MOJIBAKE = "TIX601"
    INTERNAL = "TIX199"
    USAGE = "TIX900"


class TixError(Exception):
    """Something a user or a file got wrong, located as precisely as tix knows."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
        code: Code | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.hint = hint
        self.code = code

    @property
    def location(self) -> str:
        """``path:line:col`` with the parts that are known, or an empty string."""
        return format_location(self.path, self.line, self.col)

    def __str__(self) -> str:
        where = self.location
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        return text

    def located(self, path: str) -> TixError:
        """The same error, now naming the file it is about (when it did not yet)."""
        if self.path is None:
            self.path = path
        return self

    def to_problem(self, default_code: Code, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(
            path=self.path or "",
            line=self.line or 1,
            col=self.col or 1,
            code=self.code or default_code,
            severity=severity,
            message=self.message,
        )


class Problem(NamedTuple):
    """One thing wrong in one place of one file. (A named tuple: quicker to define at start,
    and to make and hash by the thousand in ``tix validate``, than a frozen dataclass.)"""

    path: str
    line: int
    col: int
    code: Code
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{format_location(self.path, self.line, self.col)}: {self.code} {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    def to_json(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
        }


def format_location(path: str | None, line: int | None, col: int | None) -> str:
    """``path:line:col``, stopping at the first part that is not known."""
    if path is None:
        return ""
    if line is None:
        return path
    if col is None:
        return f"{path}:{line}"
    return f"{path}:{line}:{col}"
