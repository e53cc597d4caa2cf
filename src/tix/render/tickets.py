"""How tickets look in ``tix list`` and ``tix show``: the rich view and the plain one.

Both views come from the same rows and field pairs, so they never disagree on content. The
rich functions return renderables (``Table``, ``Group``) and never print; the command layer
decides where they go.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tix.catalog import Catalog
from tix.graph import describe
from tix.model import StatusCategory, Ticket
from tix.vocabulary import StatusVocabulary

if TYPE_CHECKING:
    from rich.console import RenderableType

LIST_HEADERS = ("ID", "STATUS", "PRIORITY", "TITLE", "ASSIGNEE", "WHERE")
_CATEGORY_STYLE = {
    StatusCategory.TODO: "white",
    StatusCategory.ACTIVE: "yellow",
    StatusCategory.DONE: "green",
    StatusCategory.BLOCKED: "red",
}


def status_label(ticket: Ticket, statuses: StatusVocabulary) -> str:
    """The ticket's status as people should see it (see ``StatusVocabulary.display``)."""
    return statuses.display(ticket.status, ticket.status_text)


def status_style(ticket: Ticket, statuses: StatusVocabulary) -> str:
    category = statuses.category(ticket.status)
    return _CATEGORY_STYLE[category] if category else "magenta"


def list_rows(tickets: Sequence[Ticket], statuses: StatusVocabulary) -> list[list[str]]:
    return [
        [
            ticket.id,
            status_label(ticket, statuses),
            ticket.priority or "-",
            ticket.title,
            ticket.assignee or "-",
            ticket.location,
        ]
        for ticket in tickets
    ]


def list_table(tickets: Sequence[Ticket], statuses: StatusVocabulary, width: int) -> RenderableType:
    """The rich ``tix list`` for a terminal ``width`` cells wide: titles wrap, long paths are
    shortened with an ellipsis rather than pushing the titles out."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("ID", style="bold cyan", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Priority", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="fold")
    table.add_column("Assignee", no_wrap=True)
    table.add_column(
        "Where", style="dim", no_wrap=True, overflow="ellipsis", max_width=max(16, width // 4)
    )
    for ticket, row in zip(tickets, list_rows(tickets, statuses), strict=True):
        table.add_row(
            Text(row[0]),
            Text(row[1], style=status_style(ticket, statuses)),
            Text(row[2]),
            Text(row[3]),
            Text(row[4]),
            Text(row[5]),
        )
    return table


def detail_pairs(
    ticket: Ticket, catalog: Catalog, statuses: StatusVocabulary
) -> list[tuple[str, str]]:
    """The fields ``tix show`` prints, in order, skipping the ones a ticket does not set."""
    pairs: list[tuple[str, str]] = [("status", status_label(ticket, statuses))]
    if ticket.blocked_reason:
        pairs.append(("blocked", ticket.blocked_reason))
    optional: list[tuple[str, Any]] = [
        ("priority", ticket.priority),
        ("assignee", ticket.assignee),
        ("type", ticket.type),
        ("epic", ticket.epic_label),
        ("sprint", ticket.sprint),
        ("milestone", ticket.milestone),
        ("parent", ticket.parent),
        ("labels", ", ".join(ticket.labels)),
        ("estimate", ticket.estimate),
        ("points", ticket.points),
    ]
    pairs.extend((name, str(value)) for name, value in optional if value not in (None, ""))
    if ticket.depends_on or ticket.depends_on_unresolved:
        named = [describe(d, catalog, statuses) for d in ticket.depends_on]
        texts = [f"{text!r} (names no ticket)" for text in ticket.depends_on_unresolved]
        pairs.append(("depends on", ", ".join(named + texts)))
    if ticket.criteria:
        pairs.append(("criteria", f"{ticket.criteria_done}/{len(ticket.criteria)} done"))
    for key, value in ticket.extra.items():
        pairs.append((str(key), _extra_text(value)))
    if ticket.aliases:
        pairs.append(("also known as", ", ".join(ticket.aliases)))
    pairs.append(("where", f"{ticket.location} ({ticket.dialect})"))
    return pairs


def _extra_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_extra_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_extra_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def detail_lines(ticket: Ticket, catalog: Catalog, statuses: StatusVocabulary) -> list[str]:
    """The plain-text ``tix show``: title line, fields, then the body as written."""
    from tix.render.plain import fields

    lines = [f"{ticket.id}  {ticket.title}", ""]
    lines.extend(fields(detail_pairs(ticket, catalog, statuses)))
    body = ticket.body.strip("\r\n")
    if body.strip():
        lines.append("")
        lines.extend(body.splitlines())
    return lines


def detail_view(ticket: Ticket, catalog: Catalog, statuses: StatusVocabulary) -> RenderableType:
    """The rich ``tix show``."""
    from rich.console import Group
    from rich.markdown import Markdown
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in detail_pairs(ticket, catalog, statuses):
        style = status_style(ticket, statuses) if name == "status" else ""
        grid.add_row(name, Text(value, style=style))
    parts: list[RenderableType] = [
        Text.assemble((ticket.id, "bold cyan"), "  ", (ticket.title, "bold")),
        Text(""),
        grid,
    ]
    if ticket.body.strip():
        parts.extend([Rule(style="dim"), Markdown(ticket.body)])
    return Group(*parts)


def detail_json(ticket: Ticket, catalog: Catalog) -> dict[str, Any]:
    """``tix show --json``: the list object plus everything else tix knows of the ticket."""
    data = ticket.summary()
    data.update(
        {
            "blocked_reason": ticket.blocked_reason,
            "epic_name": ticket.epic_name,
            "depends_on_unresolved": list(ticket.depends_on_unresolved),
            "type": ticket.type,
            "parent": ticket.parent,
            "assignees": list(ticket.assignees),
            "aliases": list(ticket.aliases),
            "criteria": [
                {"text": c.text, "checked": c.checked, "line": c.line} for c in ticket.criteria
            ],
            "dependencies": [_dependency_json(d, catalog) for d in ticket.depends_on],
            "fields": ticket.extra,
            "body": ticket.body,
        }
    )
    return data


def _dependency_json(dependency: str, catalog: Catalog) -> dict[str, Any]:
    found = catalog.with_id(dependency)
    return {
        "id": dependency,
        "found": bool(found),
        "status": found[0].status if len(found) == 1 else None,
        "title": found[0].title if len(found) == 1 else None,
        "locations": [t.location for t in found],
    }
