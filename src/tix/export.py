"""Tickets out of the repository: JSON, CSV, a CSV JIRA's importer maps, a Markdown table.

``jira-csv`` uses the columns JIRA's CSV import maps by default (Summary, Issue Type, Epic
Link, Description, Story Points, Labels, Sprint, Priority, Assignee), the ticket's id as an
external key (``Issue id``, which JIRA uses to link issues of the same import), and each
dependency as a ``Blocked by`` link column, repeated as often as needed. CSV is written with
Python's csv module (every field quoted where needed), UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from tix.model import Ticket
from tix.vocabulary import StatusVocabulary

FORMATS = ("json", "csv", "jira-csv", "markdown")
CSV_COLUMNS = (
    "id", "title", "status", "status_text", "priority", "assignee", "type", "epic", "sprint",
    "milestone", "labels", "depends_on", "estimate", "points", "path", "line",
)  # fmt: skip
JIRA_COLUMNS = (
    "Issue id", "Summary", "Issue Type", "Status", "Epic Link", "Description", "Story Points",
    "Labels", "Sprint", "Priority", "Assignee", "Original Estimate",
)  # fmt: skip


def export(tickets: Sequence[Ticket], fmt: str, statuses: StatusVocabulary) -> str:
    """``tickets`` as text in ``fmt`` (one of ``FORMATS``); tickets need their bodies."""
    if fmt == "json":
        return json.dumps([_full(t) for t in tickets], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(
            CSV_COLUMNS,
            (
                [_cell(t.summary().get(c, getattr(t, c, None))) for c in CSV_COLUMNS]
                for t in tickets
            ),
        )
    if fmt == "jira-csv":
        links = max((len(t.depends_on) for t in tickets), default=0)
        header = (*JIRA_COLUMNS, *(["Blocked by"] * links))
        rows = []
        for t in tickets:
            status = statuses.get(t.status)
            labels = " ".join(label.replace(" ", "_") for label in t.labels)
            rows.append(
                [
                    t.id,
                    t.title,
                    t.type or "Task",
                    status.label if status else t.status,
                    t.epic or "",
                    _description(t),
                    _cell(t.points),
                    labels,
                    t.sprint or "",
                    t.priority or "",
                    t.assignee or "",
                    t.estimate or "",
                    *t.depends_on,
                    *([""] * (links - len(t.depends_on))),
                ]
            )
        return _csv(header, rows)
    if fmt == "markdown":
        lines = ["| ID | Status | Priority | Title | Assignee |", "|---|---|---|---|---|"]
        for t in tickets:
            cells = [
                t.id,
                statuses.display(t.status, t.status_text),
                t.priority or "",
                t.title,
                t.assignee or "",
            ]
            lines.append("| " + " | ".join(_table_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _table_cell(text: str) -> str:
    """``text`` as one cell of a GitHub Markdown table: on one line, its pipes escaped (``\\|``,
    which GitHub reads as ``|``, in code spans too)."""
    return " ".join(text.split()).replace("|", "\\|")


def _description(ticket: Ticket) -> str:
    """A ``Description`` field when the ticket has one, else its body."""
    for key, value in ticket.extra.items():
        if key.casefold() == "description" and value:
            return str(value)
    return ticket.body.strip()


def _full(ticket: Ticket) -> dict[str, object]:
    data = ticket.summary()
    data.update(
        {
            "type": ticket.type,
            "parent": ticket.parent,
            "blocked_reason": ticket.blocked_reason,
            "depends_on_unresolved": ticket.depends_on_unresolved,
            "criteria": [{"text": c.text, "checked": c.checked} for c in ticket.criteria],
            "fields": ticket.extra,
            "body": ticket.body,
        }
    )
    return data


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(header: Sequence[str], rows: object) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)  # type: ignore[arg-type]
    return out.getvalue()
