"""The dependency commands: ``tix deps``, ``tix ready``, ``tix blocked``, ``tix next`` and
``tix graph``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import QueryWords, load_catalog, matching, state, ticket_argument

if TYPE_CHECKING:
    from tix.catalog import Catalog
    from tix.graph import DependencyGraph
    from tix.model import Ticket
    from tix.workspace import Workspace

Json = Annotated[bool, typer.Option("--json", help="Print JSON ticket objects.")]


def _graph(ctx: typer.Context) -> tuple[Workspace, Catalog, DependencyGraph]:
    from tix.graph import DependencyGraph
    from tix.vocabulary import PriorityVocabulary

    workspace, catalog = load_catalog(ctx)
    graph = DependencyGraph(
        catalog, workspace.knowledge.statuses, PriorityVocabulary(workspace.config.priorities)
    )
    return workspace, catalog, graph


def _with_waiting(ticket: Ticket, waiting: list[str], **more: Any) -> dict[str, Any]:
    data = ticket.summary()
    data["waiting_on"] = waiting
    data.update(more)
    return data


def _print_tickets(
    ctx: typer.Context,
    workspace: Workspace,
    tickets: list[Ticket],
    extra: str | None = None,
    values: list[str] | None = None,
) -> None:
    from tix.render.plain import table
    from tix.render.tickets import LIST_HEADERS, list_rows, list_table

    statuses = workspace.knowledge.statuses
    cli = state(ctx)
    if cli.rich:
        console = cli.console()
        console.print(list_table(tickets, statuses, console.width))
        return
    headers = list(LIST_HEADERS)
    rows = list_rows(tickets, statuses)
    if extra is not None and values is not None:
        headers.insert(3, extra)
        for row, value in zip(rows, values, strict=True):
            row.insert(3, value)
    for line in table(headers, rows):
        echo(line)


def show_dependencies(
    ctx: typer.Context,
    ticket_ref: Annotated[
        str,
        ticket_argument("The ticket."),
    ],
    reverse: Annotated[
        bool, typer.Option("--reverse", "-r", help="Show what waits on it instead.")
    ] = False,
    as_json: Json = False,
) -> None:
    """The tree of what a ticket depends on, recursively, each with its status (--reverse:
    what it unblocks). A cycle is shown once, not followed."""
    from tix.render.graph import tree_lines, tree_tickets

    workspace, catalog, graph = _graph(ctx)
    ticket = catalog.find(ticket_ref)
    named = len(catalog.with_id(ticket.id)) > 1  # the one its file or line names
    root = graph.tree(ticket.id, reverse=reverse, ticket=ticket if named else None)
    if as_json:
        objects = []
        for depth, node in tree_tickets(root):
            for found in node.tickets or []:
                objects.append(
                    _with_waiting(
                        found, graph.waiting_on(found), depth=depth, cycle=node.cycle, found=True
                    )
                )
            if not node.tickets:  # the same keys, empty: "found" says why
                from tix.model import SUMMARY_KEYS

                missing: dict[str, Any] = dict.fromkeys(SUMMARY_KEYS)
                missing.update(id=node.ticket_id, labels=[], depends_on=[])
                objects.append(
                    {**missing, "waiting_on": [], "depth": depth, "cycle": False, "found": False}
                )
        print_json(objects)
        return
    for line in tree_lines(root, workspace.knowledge.statuses):
        echo(line)


def ready_tickets(ctx: typer.Context, query: QueryWords = None, as_json: Json = False) -> None:
    """Tickets not started yet whose dependencies are all done, most urgent first; a QUERY
    narrows them."""
    workspace, catalog, graph = _graph(ctx)
    tickets = graph.ready(matching(workspace, catalog, query))
    if as_json:
        print_json([_with_waiting(t, []) for t in tickets])
        return
    _print_tickets(ctx, workspace, tickets)


def blocked_tickets(ctx: typer.Context, as_json: Json = False) -> None:
    """Tickets whose status is blocked (with the reason), and open tickets waiting on
    dependencies that are not done (with which)."""
    workspace, _, graph = _graph(ctx)
    found = graph.blocked()
    if as_json:
        print_json([_with_waiting(t, waiting) for t, waiting in found])
        return
    reasons = []
    for ticket, waiting in found:
        parts = [ticket.blocked_reason] if ticket.blocked_reason else []
        if waiting:
            parts.append("waits on " + ", ".join(waiting))
        reasons.append("; ".join(parts) or "-")
    _print_tickets(ctx, workspace, [t for t, _ in found], "WHY", reasons)


def next_tickets(ctx: typer.Context, as_json: Json = False) -> None:
    """Ready tickets ranked by how many open tickets they unblock (transitively), then by
    priority."""
    from tix.catalog import natural_key

    workspace, _, graph = _graph(ctx)
    ready = graph.ready()
    counts = graph.unblocks(ready)
    ranked = sorted(
        ready,
        key=lambda t: (-counts.get(t.id, 0), graph.priorities.rank(t.priority), natural_key(t.id)),
    )
    if as_json:
        print_json([_with_waiting(t, [], unblocks=counts.get(t.id, 0)) for t in ranked])
        return
    _print_tickets(ctx, workspace, ranked, "UNBLOCKS", [str(counts.get(t.id, 0)) for t in ranked])


class GraphFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"


def draw_graph(
    ctx: typer.Context,
    query: QueryWords = None,
    graph_format: Annotated[
        GraphFormat, typer.Option("--format", help="mermaid (renders on GitHub) or dot (Graphviz).")
    ] = GraphFormat.MERMAID,
) -> None:
    """The dependency graph, each ticket coloured by its status: an arrow runs from a
    dependency to the ticket waiting on it."""
    from tix.render.graph import dot, mermaid

    workspace, catalog, graph = _graph(ctx)
    render = mermaid if graph_format is GraphFormat.MERMAID else dot
    typer.echo(render(matching(workspace, catalog, query), graph), nl=False)
