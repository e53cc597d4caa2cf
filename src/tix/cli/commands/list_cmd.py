"""``tix list``: every ticket of the workspace, one per line."""

from __future__ import annotations

from typing import Annotated

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import load_catalog, state


def list_tickets(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON array of ticket objects.")
    ] = False,
) -> None:
    """List tickets: id, status, priority, title, assignee and where each one lives."""
    from tix.render.tickets import LIST_HEADERS, list_rows, list_table

    workspace, catalog = load_catalog(ctx)
    tickets = catalog.tickets
    if as_json:
        print_json([ticket.summary() for ticket in tickets])
        return
    statuses = workspace.knowledge.statuses
    cli = state(ctx)
    if cli.rich:
        console = cli.console()
        console.print(list_table(tickets, statuses, console.width))
        console.print(f"[dim]{len(tickets)} tickets[/dim]", highlight=False)
        return
    from tix.render.plain import table

    for line in table(LIST_HEADERS, list_rows(tickets, statuses)):
        echo(line)
