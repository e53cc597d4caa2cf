"""The ``tix`` command: global options, the command list, and how failures become exit codes.

Each command lives in its own module under ``tix.cli.commands`` and is listed here. A run
registers only the command it runs (Typer converts every registered command's parameters on
each run: a fifth of the start-up for twenty-two commands); help, completion and unknown
commands get them all, as does ``app``, the whole command line. Commands are thin: parse
arguments, call the library, render. Everything a user or a file can get
wrong arrives here as a ``TixError`` and leaves as one line on stderr,
``tix: error: ...``, with exit status 1; usage mistakes exit 2, as with every Unix tool.
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tix import __version__
from tix.cli.clickcompat import ClickException, UsageError
from tix.cli.output import CliState, ColorMode, error
from tix.querywords import NEGATION

EXIT_OK = 0
EXIT_DOMAIN = 1
EXIT_USAGE = 2
# The reader of the output went away (tix list | head): the status of a program the SIGPIPE
# signal ends, as grep's or git's would be, with nothing said.
EXIT_BROKEN_PIPE = 141


class TixGroup(TyperGroup):
    """The root group; owns the translation of exceptions into messages and exit codes."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        arguments = _protect_negations(list(sys.argv[1:] if args is None else args))
        debug = "--debug" in arguments
        try:
            result = super().main(
                args=arguments,
                prog_name=prog_name or "tix",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else EXIT_OK
        except UsageError as exc:
            code = _usage_error(exc)
        except ClickException as exc:
            error(exc.format_message())
            code = exc.exit_code
        except typer.Exit as exc:
            code = exc.exit_code
        except typer.Abort:
            error("aborted")
            code = EXIT_DOMAIN
        except KeyboardInterrupt:
            code = 130
        except BrokenPipeError:
            _silence_stdout()
            code = EXIT_BROKEN_PIPE
        except SystemExit as exc:
            # The command line framework and rich end the process with 1 when stdout's
            # reader went away, after making sure nothing more is said: tix says 141.
            if exc.code != 1 or not _reader_gone():
                raise
            code = EXIT_BROKEN_PIPE
        except Exception as exc:
            code = _unexpected(exc, debug)
        if standalone_mode:
            sys.exit(code)
        return code


_NEGATED_FIELD = re.compile(r"^-[^\W\d][\w-]*:")


# Commands whose arguments are query words, and global options that take a value.
_QUERY_COMMANDS = frozenset({"list", "board", "rollup", "ready", "graph", "grep", "export"})
_VALUE_OPTIONS = frozenset({"-C", "--directory", "--color"})


def _command_position(arguments: Sequence[str]) -> int:
    """Where the command's name is in ``arguments``: after the global options."""
    index = 0
    while index < len(arguments) and arguments[index].startswith("-"):
        index += 2 if arguments[index] in _VALUE_OPTIONS else 1
    return index


def _protect_negations(arguments: list[str]) -> list[str]:
    """``-status:done`` given to a query command is a negated query word, not an option
    (options never hold a colon): mark it so the option parser leaves it alone; the query
    parser reads the mark as "not". Nothing after ``--`` and no other command is touched."""
    index = _command_position(arguments)
    if index >= len(arguments) or arguments[index] not in _QUERY_COMMANDS:
        return arguments
    protected = arguments[: index + 1]
    for position, argument in enumerate(arguments[index + 1 :], index + 1):
        if argument == "--":
            return protected + arguments[position:]
        protected.append(NEGATION + argument[1:] if _NEGATED_FIELD.match(argument) else argument)
    return protected


def _usage_error(exc: UsageError) -> int:
    command = exc.ctx.command_path if exc.ctx is not None else "tix"
    message = exc.format_message().replace(NEGATION, "-")
    error(f"{message} (see '{command} --help')")
    return EXIT_USAGE


def _unexpected(exc: Exception, debug: bool) -> int:
    from tix.errors import Code, TixError

    if debug:
        traceback.print_exc()
    if isinstance(exc, TixError):
        error(str(exc))
        return EXIT_USAGE if exc.code is Code.USAGE else EXIT_DOMAIN
    error(
        f"internal error: {type(exc).__name__}: {exc} "
        "(this is a bug in tix; run again with --debug for the traceback and report it)"
    )
    return EXIT_DOMAIN


def _reader_gone() -> bool:
    """Whether stdout was silenced after its reader went away: wrapped by the command line
    framework, or pointed at the null device by rich."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":
        return True
    try:
        now, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)  # noqa: PTH116
    except (OSError, ValueError, AttributeError):
        return False
    return (now.st_dev, now.st_ino, now.st_rdev) == (null.st_dev, null.st_ino, null.st_rdev)


def _silence_stdout() -> None:
    """After the reader of a pipe went away (``tix list | head``), exit quietly."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"tix {__version__}\n")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "-C",
            "--directory",
            help="Run as if tix was started in this folder.",
            show_default=False,
            file_okay=False,
            exists=True,
        ),
    ] = None,
    color: Annotated[
        ColorMode,
        typer.Option(
            "--color",
            help="Draw the rich view even when piped (always) or never.",
            case_sensitive=False,
        ),
    ] = ColorMode.AUTO,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback when something fails.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read every file again; neither use nor update the index."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """A ticket tracker for the Markdown ticket folders you already keep in git."""
    ctx.obj = CliState(
        directory=directory or Path.cwd(), color=color, debug=debug, use_cache=not no_cache
    )


# Query words may start with "-" (``-status:done``): not options, but words of the query.
QUERY_COMMAND = {"ignore_unknown_options": True}

# Each command: its module under tix.cli.commands, its function, its context settings.
COMMANDS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "board": ("board_cmds", "show_board", QUERY_COMMAND),
    "rollup": ("board_cmds", "show_rollup", QUERY_COMMAND),
    "init": ("init_cmd", "init_workspace", None),
    "list": ("list_cmd", "list_tickets", QUERY_COMMAND),
    "show": ("show_cmd", "show_ticket", None),
    "update": ("edit_cmds", "update_ticket", None),
    "set": ("edit_cmds", "set_fields", None),
    "new": ("edit_cmds", "new_ticket", None),
    "check": ("edit_cmds", "check_criterion", None),
    "uncheck": ("edit_cmds", "uncheck_criterion", None),
    "deps": ("graph_cmds", "show_dependencies", None),
    "ready": ("graph_cmds", "ready_tickets", QUERY_COMMAND),
    "blocked": ("graph_cmds", "blocked_tickets", None),
    "next": ("graph_cmds", "next_tickets", None),
    "graph": ("graph_cmds", "draw_graph", QUERY_COMMAND),
    "grep": ("grep_cmd", "grep_tickets", None),  # its own short options: no unknown ones
    "validate": ("validate_cmd", "validate_workspace", None),
    "doctor": ("doctor_cmd", "doctor", None),
    "export": ("export_cmd", "export_tickets", QUERY_COMMAND),
    "import": ("import_cmd", "import_tickets", None),
    "schema": ("schema_cmd", "print_schema", None),
    "convert": ("convert_cmd", "convert_workspace", None),
}


def build_app(only: str | None = None) -> typer.Typer:
    """The ``tix`` command line: every command, or with ``only`` just that one."""
    built = typer.Typer(
        cls=TixGroup,
        name="tix",
        help="A ticket tracker for the Markdown ticket folders you already keep in git.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: --help must not load rich's tables
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name, (module, function, settings) in COMMANDS.items():
        if only is None or name == only:
            command = getattr(importlib.import_module(f"tix.cli.commands.{module}"), function)
            built.command(name, context_settings=settings)(command)
    return built


@functools.cache
def whole_app() -> typer.Typer:
    return build_app()


def run(argv: Sequence[str] | None = None) -> int:
    """Run ``tix`` with ``argv`` and return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    position = _command_position(arguments)
    name = arguments[position] if position < len(arguments) else None
    asks_help = any(argument in ("-h", "--help") for argument in arguments[:position])
    # tix's own help, completion, a mistyped command: every command is needed.
    command_line = build_app(name) if name in COMMANDS and not asks_help else whole_app()
    return int(command_line(args=arguments, prog_name="tix", standalone_mode=False))


def __getattr__(name: str) -> Any:
    """``app``, the whole command line, made on first use (a run needs only its command)."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
