"""Shell completion of ticket ids and status names from the current workspace.

``tix --install-completion`` installs completion for bash, zsh or fish (Typer's); these
functions give it the workspace's own words. They read the index, so completing is about as
fast as ``tix list``, and never fail: a folder that is not a workspace completes nothing.
"""

from __future__ import annotations

from pathlib import Path

import typer


def _workspace_directory(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    directory = root.params.get("directory")
    return Path(directory) if directory else Path.cwd()


def ticket_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from tix.workspace import Workspace

        catalog = Workspace.open(_workspace_directory(ctx)).load()
    except Exception:  # completion must never print a traceback into a shell
        return []
    wanted = incomplete.casefold()
    return [ticket_id for ticket_id in catalog.ids() if ticket_id.casefold().startswith(wanted)]


def status_names(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from tix.workspace import Workspace

        workspace = Workspace.open(_workspace_directory(ctx))
    except Exception:
        return []
    wanted = incomplete.casefold()
    keys = workspace.knowledge.statuses.keys()  # the workflow, in order
    return [key for key in keys if key.casefold().startswith(wanted)]
