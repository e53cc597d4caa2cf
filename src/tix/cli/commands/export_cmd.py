"""``tix export``: tickets as JSON, CSV, JIRA-importable CSV, or a Markdown status table."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tix.cli.session import QueryWords, load_catalog, matching, state


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    JIRA_CSV = "jira-csv"
    MARKDOWN = "markdown"


def export_tickets(
    ctx: typer.Context,
    query: QueryWords = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="json, csv, jira-csv (JIRA's CSV import), markdown.")
    ] = Format.JSON,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export the tickets a QUERY selects (all without one): JSON with every field and the
    body, CSV, a CSV for JIRA's importer, or a Markdown status table for a README."""
    from tix.errors import TixError
    from tix.export import export
    from tix.workspace.files import atomic_write

    workspace, catalog = load_catalog(ctx)
    tickets = catalog.with_bodies(matching(workspace, catalog, query))
    text = export(tickets, fmt.value, workspace.knowledge.statuses)
    if output is None:
        typer.echo(text, nl=False)
        return
    target = state(ctx).directory / output  # from -C's folder, like every path tix is given
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise TixError(f"cannot write {output}: {exc.strerror or exc}") from None
