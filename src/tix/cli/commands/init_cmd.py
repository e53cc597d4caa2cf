"""``tix init``: write a commented ``.tix.yaml`` describing the folder as tix finds it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from tix.cli.output import echo, warning
from tix.cli.session import state


def init_workspace(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the configuration instead of writing it.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing .tix.yaml.")
    ] = False,
) -> None:
    """Look at the folder and write a commented .tix.yaml: where tickets live and in which
    style, index documents and templates to exclude, the statuses and emoji of its legends."""
    from tix.errors import TixError
    from tix.workspace.init import existing_config, render_config, survey, write_config

    folder = state(ctx).directory.resolve()
    current = existing_config(folder)
    if current is not None and not dry_run and not force:
        raise TixError(f"{current.name} already exists here", hint="use --force to replace it")
    found = survey(folder)
    text = render_config(found, date.today().isoformat())
    if dry_run:
        echo(text.rstrip("\n"))
        return
    for problem in found.problems:
        warning(problem)
    path = write_config(folder, text)
    echo(f"wrote {path.name}: {found.tickets} ticket{'s' * (found.tickets != 1)} found")
