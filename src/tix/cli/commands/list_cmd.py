"""``tix list``: the tickets a query selects, one per line."""

from __future__ import annotations

from typing import Annotated

import typer

from tix.cli.output import echo, print_summaries
from tix.cli.session import QueryWords, load_catalog, matching, state


def list_tickets(
    ctx: typer.Context,
    query: QueryWords = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", metavar="FIELDS", help="Sort by fields, e.g. priority,-points."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="At most N tickets.")] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Print only how many tickets match.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON array of ticket objects.")
    ] = False,
    template: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="TEMPLATE",
            help="One line per ticket from a template: '{id} {status} {title}' "
            "(any key of the JSON objects).",
        ),
    ] = None,
) -> None:
    """List tickets: id, status, priority, title, assignee and where each one lives; a QUERY
    selects which."""
    from tix.render.tickets import LIST_HEADERS, list_rows, list_table

    if sum((count, as_json, template is not None)) > 1:
        from tix.errors import Code, TixError

        raise TixError("give one of --count, --json and --format", code=Code.USAGE)
    workspace, catalog = load_catalog(ctx)
    tickets = matching(workspace, catalog, query)
    if sort:
        from tix.query import sort_tickets
        from tix.vocabulary import PriorityVocabulary

        priorities = PriorityVocabulary(workspace.config.priorities)
        tickets = sort_tickets(tickets, sort, workspace.knowledge.statuses, priorities)
    if limit is not None:
        tickets = tickets[:limit]
    if count:
        echo(str(len(tickets)))
        return
    if as_json:
        print_summaries(tickets)
        return
    if template is not None:
        _print_template(template, [ticket.summary() for ticket in tickets])
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


def _print_template(template: str, rows: list[dict[str, object]]) -> None:
    from tix.errors import Code, TixError

    for row in rows:
        values = {
            key: ""
            if value is None
            else ", ".join(map(str, value))
            if isinstance(value, list)
            else value
            for key, value in row.items()
        }
        try:
            line = template.format(**values)
        except Exception as exc:  # any template mistake: KeyError, AttributeError, ...
            raise TixError(
                f"--format {template!r}: {exc}", code=Code.USAGE, hint="keys: " + ", ".join(row)
            ) from None
        echo(line.replace("\\t", "\t").replace("\\n", "\n"))
