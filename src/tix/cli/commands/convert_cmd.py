"""``tix convert``: a workspace kept in another style moved to one front-matter file per
ticket (the planning and writing live in ``tix.convert``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import load_catalog


class Target(StrEnum):
    FRONTMATTER = "frontmatter"


def convert_workspace(
    ctx: typer.Context,
    to: Annotated[
        Target, typer.Option("--to", help="The style to move to: frontmatter (tix's native).")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The changes as JSON.")] = False,
) -> None:
    """Move every ticket kept in another style (epic sections, bold-field files, table rows)
    to a front-matter file of its own, keeping its fields and body; what else those files
    hold stays. Each new file is read back and checked before anything is written."""
    from tix.convert import apply_conversion, plan_conversion

    workspace, catalog = load_catalog(ctx, keep_documents=True)
    documents = catalog.documents or {}
    plan = plan_conversion(workspace, catalog.tickets, documents)
    if not dry_run:
        apply_conversion(workspace, plan, documents)
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "changes": [
                    {
                        "path": change.relpath,
                        "action": _action(change.created, change.content is None),
                        "tickets": change.tickets,
                    }
                    for change in plan.changes
                ],
            }
        )
        return
    for change in plan.changes:
        action = _action(change.created, change.content is None)
        verb = f"would {action}" if dry_run else _PAST[action]
        tickets = f" ({', '.join(change.tickets)})" if change.tickets else ""
        echo(f"{verb} {change.relpath}{tickets}")
    if not plan.changes:
        echo("every ticket is already in front-matter")
        return
    echo(
        f"{'would convert' if dry_run else 'converted'} {plan.ticket_count} "
        f"ticket{'' if plan.ticket_count == 1 else 's'}"
        + ("" if dry_run else "; run tix validate to check the result")
    )


_PAST = {"create": "created", "remove": "removed", "rewrite": "rewrote"}


def _action(created: bool, removed: bool) -> str:
    return "create" if created else "remove" if removed else "rewrite"
