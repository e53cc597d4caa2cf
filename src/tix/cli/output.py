"""The terminal side of every command: which output mode, and writing to stdout and stderr.

Three modes: a rich view for people at a terminal, plain text when stdout is not a terminal
or ``NO_COLOR`` is set (or ``--color never``), and JSON when a command is given ``--json``.
Errors and warnings always go to stderr as one plain line, ``tix: error: ...``. The rich
``Console`` is created only by the commands that draw with it, so that commands which do not
need rich do not import it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from tix.errors import Problem
    from tix.model import Ticket


class ColorMode(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass
class CliState:
    """Global options, shared by every command through ``ctx.obj``."""

    directory: Path = field(default_factory=Path.cwd)
    color: ColorMode = ColorMode.AUTO
    debug: bool = False
    use_cache: bool = True

    @property
    def rich(self) -> bool:
        """Whether to draw the rich view (else plain text)."""
        if self.color is ColorMode.ALWAYS:
            return True
        if self.color is ColorMode.NEVER or os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("TERM") == "dumb":
            return False
        return sys.stdout.isatty()

    def width(self) -> int:
        """How many cells wide to draw plain text: ``COLUMNS`` when set, else the terminal's,
        else 80 (as the rich console measures)."""
        columns = _columns()
        if columns is not None:
            return columns
        if sys.stdout.isatty():
            try:
                return os.get_terminal_size(sys.stdout.fileno()).columns
            except (OSError, ValueError):
                pass
        return 80

    def console(self, *, plain: bool = False) -> Console:
        """A rich console on stdout, sized from ``COLUMNS`` when set; without colour or any
        escape sequence in plain mode."""
        from rich.console import Console

        rich = self.rich and not plain
        return Console(
            file=sys.stdout,
            force_terminal=True
            if rich and self.color is ColorMode.ALWAYS
            else (None if rich else False),
            color_system="auto" if rich else None,
            no_color=not rich,
            highlight=False,
            emoji=False,
            soft_wrap=False,
            width=_columns(),
        )


def _columns() -> int | None:
    """The width to draw for: ``COLUMNS`` when set, else the terminal's (80 when piped)."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def print_json(data: Any) -> None:
    """JSON on stdout: indented for a person at a terminal, compact (and faster) for a pipe."""
    indent = 2 if sys.stdout.isatty() else None
    separators = None if indent else (",", ":")
    text = json.dumps(  # data made for this, without cycles: no need to look for them
        data, ensure_ascii=False, indent=indent, separators=separators, check_circular=False
    )
    sys.stdout.write(text + "\n")


def print_summaries(tickets: Sequence[Ticket]) -> None:
    """``print_json`` of every ticket's ``summary()``; into a pipe written straight from the
    tickets (``tix.render.summaries``), the same text in half the time."""
    if sys.stdout.isatty():
        print_json([ticket.summary() for ticket in tickets])
        return
    from tix.render.summaries import summaries_json

    sys.stdout.write(summaries_json(tickets) + "\n")


def error(message: str) -> None:
    sys.stderr.write(f"tix: error: {message}\n")


def warning(message: str) -> None:
    sys.stderr.write(f"tix: warning: {message}\n")


def report_problems(problems: list[Problem]) -> None:
    """One stderr line per file that could not be read: the command still ran without it."""
    for problem in problems:
        warning(f"{problem.path}:{problem.line}:{problem.col}: {problem.message} [{problem.code}]")
