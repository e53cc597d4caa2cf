"""``tix validate``: check a workspace, for people, scripts, pre-commit and CI."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import state

if TYPE_CHECKING:
    from collections.abc import Callable

    from tix.errors import Problem


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate_workspace(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report only problems in these files (the whole workspace is still checked).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Format, typer.Option("--format", help="text, json, or github (Actions annotations).")
    ] = Format.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check the workspace: unreadable files, duplicate ids, dangling, self and cyclic
    dependencies, unknown statuses and priorities (errors); text dependencies, work started
    before its dependencies, epic totals, damaged emoji (warnings). Exit 1 on errors."""
    from tix.errors import Code, Severity, TixError
    from tix.validate import Validator
    from tix.vocabulary import PriorityVocabulary
    from tix.workspace import Workspace
    from tix.workspace.config import find_root

    cli = state(ctx)
    explicit_dir = ctx.find_root().params.get("directory") is not None
    groups: dict[Path, list[Path]] = {}
    named = [(cli.directory / p).resolve() for p in paths or []]  # from -C's folder, or here
    for path, absolute in zip(paths or [], named, strict=True):
        if not absolute.exists():
            raise TixError(f"no such file or folder: {path}", code=Code.USAGE)
    if named and not explicit_dir:
        here = find_root(cli.directory)
        for (
            absolute
        ) in named:  # each file is judged in its own workspace (pre-commit runs at the top)
            source = find_root(absolute if absolute.is_dir() else absolute.parent)
            if source.path is None and absolute.is_relative_to(here.root):
                source = here  # no config above it: the current folder's workspace, as always
            groups.setdefault(source.root, []).append(absolute)
    else:
        groups[find_root(cli.directory).root] = named
    problems: list[Problem] = []
    checked = 0
    for root, files in groups.items():
        try:
            workspace = Workspace.open(root)
        except TixError as exc:
            if output is Format.TEXT or exc.code is not Code.CONFIG:
                raise
            # Scripts and CI read stdout: a broken config is a problem like any other there.
            problems.append(exc.to_problem(Code.CONFIG))
            continue
        catalog = workspace.load(strict=cli.debug, use_cache=cli.use_cache)
        checked += len(catalog.tickets)
        # Paths as the user named them: from the current folder when files were given (as
        # pre-commit and CI do), else from the workspace root, like every other command.
        from_cwd = bool(files) or output is Format.GITHUB
        found = Validator(
            catalog,
            workspace.knowledge.statuses,
            PriorityVocabulary(workspace.config.priorities),
            shown_path=_from_cwd(workspace.root) if from_cwd else None,
        ).run()
        if files:
            found = [p for p in found if _named(p.path, files, workspace.root)]
        problems.extend(_display_paths(found, workspace.root, from_cwd))
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    _print(problems, output)
    if output is Format.TEXT:
        sys.stderr.write(
            f"tix validate: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)} ({checked} ticket{'s' * (checked != 1)})\n"
        )
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _named(relpath: str, paths: list[Path], root: Path) -> bool:
    """Whether the problem's file is one of ``paths`` or inside one of them (a folder)."""
    for path in paths:
        wanted = _relative(path, root)
        if path.is_dir():
            if wanted == "." or relpath.startswith(wanted.rstrip("/") + "/"):
                return True
        elif relpath == wanted:
            return True
    return False


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _from_cwd(root: Path) -> Callable[[str], str]:
    """A path of the workspace at ``root`` as seen from the current folder."""
    here, top = Path.cwd().resolve(), root.resolve()
    return lambda path: Path(os.path.relpath(top / path, here)).as_posix()


def _display_paths(problems: list[Problem], root: Path, from_cwd: bool) -> list[Problem]:
    """Problems with paths from the current folder (GitHub annotations need paths from the
    repository top, which is the current folder in CI)."""
    if not from_cwd:
        return problems
    shown = _from_cwd(root)
    return [p._replace(path=shown(p.path)) for p in problems]


def _print(problems: list[Problem], output: Format) -> None:
    if output is Format.JSON:
        print_json([p.to_json() for p in problems])
        return
    for problem in problems:
        if output is Format.GITHUB:
            level = "error" if problem.severity == "error" else "warning"
            message = _escaped(problem.message)
            path = _escaped(problem.path).replace(",", "%2C").replace(":", "%3A")
            echo(
                f"::{level} file={path},line={problem.line},col={problem.col},"
                f"title={problem.code}::{message}"
            )
        else:
            where = f"{problem.path}:{problem.line}:{problem.col}"
            echo(f"{where}: {problem.code} {problem.severity}: {problem.message}")


def _escaped(text: str) -> str:
    """``text`` as a GitHub workflow command carries it (``%``, CR and LF escaped); a
    property (``file=``) also escapes ``,`` and ``:``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
