"""The editing commands: ``tix update``, ``tix set``, ``tix check`` and ``tix uncheck``.

Each loads the workspace, asks ``tix.edit.operations.Editor`` for the change, and reports it:
one line saying what changed (or the unified diff with ``--dry-run``, writing nothing), and
warnings on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tix.cli.completion import status_names
from tix.cli.output import echo, warning
from tix.cli.session import load_around, load_catalog, state, ticket_argument

if TYPE_CHECKING:
    from tix.edit import Change
    from tix.edit.operations import Editor

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]


def _editor(ctx: typer.Context, around: str | None = None) -> Editor:
    """An editor of the workspace; for an edit of one ticket that no other ticket's state
    bears on but its dependencies' (``around`` it), one that reads only those from the
    index."""
    from tix.edit.operations import Editor

    workspace, catalog = load_catalog(ctx) if around is None else load_around(ctx, around)
    return Editor(workspace, catalog, use_cache=state(ctx).use_cache)


def _report(change: Change, dry_run: bool) -> None:
    for message in change.warnings:
        warning(message)
    if dry_run:
        diff = change.diff()
        if diff:
            typer.echo(diff, nl=False)
        else:
            echo(change.summary)
        return
    echo(change.summary)


def update_ticket(
    ctx: typer.Context,
    ticket_ref: Annotated[
        str,
        ticket_argument("The ticket to update."),
    ],
    status: Annotated[
        str,
        typer.Argument(
            help="The new status: a key, label, alias or emoji.",
            show_default=False,
            autocompletion=status_names,
        ),
    ],
    reason: Annotated[
        str | None,
        typer.Argument(help="Why it is blocked (with a blocked status).", show_default=False),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Update even when dependencies are not done."),
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Change a ticket's status in place, in the file's own style. Starting work on a ticket
    whose dependencies are not done is refused unless --force is given."""
    editor = _editor(ctx, around=ticket_ref)
    _report(editor.update_status(ticket_ref, status, reason, force=force, dry_run=dry_run), dry_run)


def set_fields(
    ctx: typer.Context,
    ticket_ref: Annotated[
        str,
        ticket_argument("The ticket to change."),
    ],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="priority=P1, assignee=ana, labels=api,ui, depends_on+=X-2, depends_on-=X-1; "
            "an empty value removes the field.",
            show_default=False,
        ),
    ],
    dry_run: DryRun = False,
) -> None:
    """Set fields of a ticket in place: priority, assignee, sprint, milestone, estimate,
    points, labels, epic, depends_on, and fields of your own."""
    editor = _editor(ctx)
    _report(editor.set_fields(ticket_ref, assignments, dry_run=dry_run), dry_run)


Criterion = Annotated[
    str,
    typer.Argument(
        metavar="N|TEXT",
        help="The criterion's number (1 is the first) or words of its text.",
        show_default=False,
    ),
]
TicketRef = Annotated[
    str,
    ticket_argument("The ticket."),
]


def check_criterion(
    ctx: typer.Context, ticket_ref: TicketRef, which: Criterion, dry_run: DryRun = False
) -> None:
    """Tick an acceptance criterion: - [ ] becomes - [x]."""
    editor = _editor(ctx, around=ticket_ref)
    _report(editor.check(ticket_ref, which, checked=True, dry_run=dry_run), dry_run)


def uncheck_criterion(
    ctx: typer.Context, ticket_ref: TicketRef, which: Criterion, dry_run: DryRun = False
) -> None:
    """Untick an acceptance criterion: - [x] becomes - [ ]."""
    editor = _editor(ctx, around=ticket_ref)
    _report(editor.check(ticket_ref, which, checked=False, dry_run=dry_run), dry_run)


def new_ticket(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The new ticket's title.", show_default=False)],
    in_file: Annotated[
        str | None,
        typer.Option("--in", metavar="FILE", help="Add it to this file of many tickets."),
    ] = None,
    epic: Annotated[
        str | None,
        typer.Option("--epic", help="Add it to this epic (key or name), in the epic's file."),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Its status (default: the first).")
    ] = None,
    priority: Annotated[str | None, typer.Option("--priority", help="Its priority.")] = None,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", metavar="FIELD=VALUE", help="Any other field; repeatable."),
    ] = None,
    ticket_id: Annotated[
        str | None, typer.Option("--id", help="Its id (default: the next one in the workspace).")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a ticket with the next id: appended to an epic file in the layout of the tickets
    already there, or as a new front-matter file. Prints the new id."""
    if in_file and epic:
        from tix.errors import Code, TixError

        raise TixError("give --in or --epic, not both", code=Code.USAGE)
    editor = _editor(ctx)
    change = editor.new_ticket(
        title,
        in_file=in_file,
        epic=epic,
        status=status,
        priority=priority,
        fields=field or (),
        ticket_id=ticket_id,
        dry_run=dry_run,
    )
    if dry_run:
        _report(change, dry_run)
        return
    echo(change.ticket_id)
