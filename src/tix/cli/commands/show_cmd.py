"""``tix show``: one ticket with all its fields, dependencies, criteria and body."""

from __future__ import annotations

from typing import Annotated

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import load_around, state, ticket_argument


def show_ticket(
    ctx: typer.Context,
    ticket_ref: Annotated[
        str,
        ticket_argument("A ticket id (any case), another id it is known by, or PATH[:LINE]."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the ticket as one JSON object.")
    ] = False,
) -> None:
    """Show one ticket: fields, dependencies with their status, criteria progress, body."""
    from tix.render.tickets import detail_json, detail_lines, detail_view

    workspace, catalog = load_around(ctx, ticket_ref)
    [ticket] = catalog.with_bodies([catalog.find(ticket_ref)])
    if as_json:
        print_json(detail_json(ticket, catalog))
        return
    statuses = workspace.knowledge.statuses
    cli = state(ctx)
    if cli.rich:
        cli.console().print(detail_view(ticket, catalog, statuses))
        return
    for line in detail_lines(ticket, catalog, statuses):
        echo(line)
