"""``tix board`` and ``tix rollup``: the state of the work at a glance, and in numbers."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import QueryWords, load_catalog, matching, state

if TYPE_CHECKING:
    from tix.model import Ticket


class Lane(StrEnum):
    EPIC = "epic"
    SPRINT = "sprint"
    ASSIGNEE = "assignee"
    MILESTONE = "milestone"


class Grouping(StrEnum):
    SPRINT = "sprint"
    MILESTONE = "milestone"
    EPIC = "epic"
    ASSIGNEE = "assignee"
    PRIORITY = "priority"


Epic = Annotated[str | None, typer.Option("--epic", help="Only this epic (key or name).")]
Sprint = Annotated[str | None, typer.Option("--sprint", help="Only this sprint.")]
Assignee = Annotated[str | None, typer.Option("--assignee", help="Only tickets of this person.")]


def _words(
    query: list[str] | None, epic: str | None, sprint: str | None, assignee: str | None
) -> list[str]:
    """The query, with the --epic, --sprint and --assignee shortcuts as query words."""
    shortcuts = [
        f"{name}:{value}"
        for name, value in (("epic", epic), ("sprint", sprint), ("assignee", assignee))
        if value
    ]
    return [*(query or []), *shortcuts]


def show_board(
    ctx: typer.Context,
    query: QueryWords = None,
    by: Annotated[
        Lane | None, typer.Option("--by", help="Add swimlanes: one band per value.")
    ] = None,
    epic: Epic = None,
    sprint: Sprint = None,
    assignee: Assignee = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the columns and their cards as JSON.")
    ] = False,
    plain: Annotated[bool, typer.Option("--plain", help="Plain text without colour.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help="Draw at most N cards per column, most urgent first (config board.max_cards, "
            "50 unless set); the header still counts them all.",
        ),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Draw every card, however many.")] = False,
) -> None:
    """A Kanban board: one column per status in workflow order, a card per ticket with its
    priority, assignee, points and what it waits on."""
    from tix.graph import DependencyGraph
    from tix.render.board import board, build_columns, plain_board
    from tix.vocabulary import PriorityVocabulary

    workspace, catalog = load_catalog(ctx)
    priorities = PriorityVocabulary(workspace.config.priorities)
    graph = DependencyGraph(catalog, workspace.knowledge.statuses, priorities)
    tickets = matching(workspace, catalog, _words(query, epic, sprint, assignee))
    statuses = workspace.knowledge.statuses.statuses
    hide_empty = workspace.config.board.hide_empty

    lanes: list[tuple[str | None, list[Ticket]]] = [(None, tickets)]
    if by is not None:
        from tix.rollup import rollup

        groups = rollup(
            catalog, by.value, workspace.knowledge.statuses, priorities, workspace.config, tickets
        )
        lanes = [(group.label, group.tickets) for group in groups]

    if as_json:
        columns_json: list[dict[str, Any]] = []
        for lane, lane_tickets in lanes:
            for column in build_columns(lane_tickets, statuses, priorities, hide_empty=hide_empty):
                entry: dict[str, Any] = {
                    "status": column.status.key,
                    "label": column.status.label,
                    "emoji": column.status.emoji,
                    "wip_limit": column.status.wip_limit,
                    # A card is a ticket of tix list --json, with what its marker says.
                    "cards": [
                        {
                            **t.summary(),
                            "blocked_reason": t.blocked_reason,
                            "waiting_on": graph.waiting_on(t),
                        }
                        for t in column.cards
                    ],
                }
                if by is not None:
                    entry = {"lane": lane, **entry}
                columns_json.append(entry)
        print_json(
            {"columns": columns_json} if by is None else {"by": by.value, "columns": columns_json}
        )
        return

    cli = state(ctx)
    max_cards = 0 if show_all else limit or workspace.config.board.max_cards
    if cli.rich and not plain:
        console = cli.console()
        for lane, lane_tickets in lanes:
            columns = build_columns(lane_tickets, statuses, priorities, hide_empty=hide_empty)
            console.print(
                board(columns, graph, priorities, console.width, title=lane, max_cards=max_cards)
            )
        return
    width = cli.width()
    for lane, lane_tickets in lanes:
        columns = build_columns(lane_tickets, statuses, priorities, hide_empty=hide_empty)
        for line in plain_board(columns, graph, priorities, width, title=lane, max_cards=max_cards):
            echo(line)


def show_rollup(
    ctx: typer.Context,
    by: Annotated[
        Grouping,
        typer.Argument(
            metavar="sprint|milestone|epic|assignee|priority",
            help="What to group by.",
            show_default=False,
        ),
    ],
    query: QueryWords = None,
    epic: Epic = None,
    sprint: Sprint = None,
    assignee: Assignee = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the groups as JSON.")] = False,
) -> None:
    """Progress per sprint, milestone, epic, assignee or priority: tickets per status
    category, done %, estimated hours and story points done / total."""
    from tix.render.board import plain_rollup, rollup_table
    from tix.rollup import rollup
    from tix.vocabulary import PriorityVocabulary

    workspace, catalog = load_catalog(ctx)
    priorities = PriorityVocabulary(workspace.config.priorities)
    tickets = matching(workspace, catalog, _words(query, epic, sprint, assignee))
    groups = rollup(
        catalog, by.value, workspace.knowledge.statuses, priorities, workspace.config, tickets
    )
    if as_json:
        print_json({"by": by.value, "groups": [group.to_json() for group in groups]})
        return
    cli = state(ctx)
    if not cli.rich:
        for line in plain_rollup(groups, by.value):
            echo(line)
        return
    console = cli.console()
    console.print(rollup_table(groups, by.value))
