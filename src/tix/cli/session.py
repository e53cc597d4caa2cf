"""What every command does first: open the workspace and load its tickets.

Problems met while loading (a file with broken front-matter, an unreadable file) are
reported on stderr, one line each, and the command goes on with every other ticket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tix.cli.output import CliState, report_problems

if TYPE_CHECKING:
    from tix.catalog import Catalog
    from tix.workspace import Workspace


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()


def open_workspace(ctx: typer.Context) -> Workspace:
    from tix.workspace import Workspace

    return Workspace.open(state(ctx).directory)


def load_catalog(ctx: typer.Context) -> tuple[Workspace, Catalog]:
    workspace = open_workspace(ctx)
    catalog = workspace.load(strict=state(ctx).debug)
    report_problems(catalog.problems)
    return workspace, catalog
