"""``tix doctor``: find (and with ``--fix`` repair) text damaged by a wrong decode."""

from __future__ import annotations

from typing import Annotated

import typer

from tix.cli.output import echo
from tix.cli.session import open_workspace


def doctor(
    ctx: typer.Context,
    fix: Annotated[bool, typer.Option("--fix", help="Repair the damaged text in place.")] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --fix: print the repairs as a diff; write nothing."),
    ] = False,
) -> None:
    """Find emoji and accents damaged by a wrong decode (UTF-8 read as Windows-1252 or Mac
    Roman and saved again: ðŸŸ¡ for 🟡, ‚¨ú for ⬜) in every Markdown file of the workspace;
    --fix repairs them, changing only the damaged characters. Exit 1 when damage is found
    and not repaired."""
    import difflib

    from tix.cli.output import warning
    from tix.document import Document
    from tix.errors import TixError
    from tix.mojibake import repair
    from tix.workspace.discovery import discover
    from tix.workspace.files import FileChangedError, file_lock, replace_if_unchanged, writable

    workspace = open_workspace(ctx)
    found = discover(workspace.root, workspace.config.tickets, workspace.config.exclude)
    unrepaired = 0
    for relpath in found.files:
        try:
            doc = workspace.read_document(relpath)
        except TixError as exc:
            warning(str(exc))
            continue
        repaired, damage = repair(doc)
        if not damage:
            continue
        if not fix:
            for run in damage:
                line, col = doc.position(run.start)
                should = f"{run.damaged!r} should read {run.repaired!r} ({run.codec})"
                echo(f"{relpath}:{line}:{col}: TIX601 {should}")
            unrepaired += len(damage)
            continue
        if dry_run:
            diff = difflib.unified_diff(
                doc.text.splitlines(keepends=True),
                repaired.text.splitlines(keepends=True),
                fromfile=f"a/{relpath}",
                tofile=f"b/{relpath}",
            )
            typer.echo("".join(diff), nl=False)
            continue
        path = workspace.root / relpath
        if not writable(path):
            warning(f"{relpath}: the file is read-only; {len(damage)} damaged runs not repaired")
            unrepaired += len(damage)
            continue
        with file_lock(workspace.root, relpath):
            try:
                replace_if_unchanged(path, doc.to_bytes(), repaired.to_bytes())
            except FileChangedError:
                raise TixError(
                    "the file changed while tix was repairing it", path=relpath, hint="try again"
                ) from None
        Document.from_bytes(path.read_bytes())  # it still reads as UTF-8
        echo(f"{relpath}: repaired {len(damage)} damaged run{'s' * (len(damage) != 1)}")
    if unrepaired:
        raise typer.Exit(1)
