"""``tix import``: native ticket files from a CSV or from GitHub issues."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tix.cli.output import echo
from tix.cli.session import load_catalog, state


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"


def import_tickets(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The CSV or JSON file."),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="csv (JIRA's or tix's columns) or json (gh issue list --json ...); "
            "default: by the file's extension.",
        ),
    ] = None,
    into: Annotated[
        str | None,
        typer.Option(
            "--into", metavar="FOLDER", help="The folder for the new files (in the workspace)."
        ),
    ] = None,
    prefix: Annotated[
        str, typer.Option("--prefix", help="Id prefix for GitHub issues (GH-12).")
    ] = "GH",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be created; write nothing.")
    ] = False,
) -> None:
    """Create native tickets, one front-matter file each, from a CSV (the columns of tix
    export --format csv or jira-csv, or JIRA's own) or from the JSON that
    gh issue list --json number,title,body,labels,state,assignees prints."""
    from tix.edit.create import NewTicket, frontmatter_text, slug
    from tix.edit.operations import inside_workspace, safe_id
    from tix.errors import Code, TixError
    from tix.importing import read_csv, read_github_json
    from tix.workspace.files import atomic_write

    workspace, catalog = load_catalog(ctx)
    kind = fmt or (Format.JSON if source.suffix.casefold() == ".json" else Format.CSV)
    try:
        text = (state(ctx).directory / source).read_text(encoding="utf-8-sig")  # from -C's folder
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise TixError(f"cannot read {source}: {reason}", code=Code.USAGE) from None
    items = (
        read_csv(text, workspace.knowledge.field_names)
        if kind is Format.CSV
        else read_github_json(text, prefix)
    )
    # A folder of the workspace, from its root (an absolute path must lead inside it).
    target = inside_workspace(workspace.root, into or workspace.config.new_tickets or ".")
    folder = "" if target == workspace.root.resolve() else workspace.relpath(target)
    planned: list[tuple[Path, str, str]] = []
    for item in items:
        safe_id(item.ticket_id)
        if catalog.with_id(item.ticket_id):
            raise TixError(
                f"ticket {item.ticket_id} already exists",
                hint="import into another workspace",
            )
        name = f"{item.ticket_id}-{slug(item.title)}" if slug(item.title) else item.ticket_id
        relpath = f"{folder}/{name}.md" if folder else f"{name}.md"
        path = inside_workspace(workspace.root, relpath)
        if path.exists():
            raise TixError(f"{relpath} already exists")
        status = item.values.get("status")
        if status:
            match = workspace.knowledge.statuses.resolve(status)
            item.values["status"] = (
                match.status.key if match is not None and not match.note else status
            )
        new = NewTicket(item.ticket_id, item.title, item.values, item.extra)
        planned.append(
            (path, relpath, frontmatter_text(new, None, None, "\n", body_text=item.body))
        )
    for path, relpath, content in planned:
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, content.encode("utf-8"))
        echo(f"{'would create' if dry_run else 'created'} {relpath}")
