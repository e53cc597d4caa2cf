"""Tickets into the repository: from a CSV (JIRA's columns or tix's own) or from the JSON of
``gh issue list --json number,title,body,labels,state,assignees``.

Each row or issue becomes a ``NewTicket`` (id, title, text values, extra fields, body); the
command writes each as a native front-matter file. Column names are matched like field names
in files (``Summary`` is the title, ``Story Points`` the points, ``Epic Link`` the epic), so a
CSV exported by ``tix export --format csv`` or ``--format jira-csv`` imports back as the same
tickets; repeated ``Blocked by`` columns are the dependencies; JIRA's ``Labels`` are separated
by spaces, tix's by commas.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from tix.errors import Code, TixError
from tix.fields import FieldNames

_JIRA_NAMES = {
    "issue id": "id", "issue key": "id", "key": "id", "external id": "id",
    "issue type": "type", "description": "body", "original estimate": "estimate",
    "blocked by": "depends_on", "link blocked by": "depends_on",
}  # fmt: skip


@dataclass
class Imported:
    """One ticket read from a file to import."""

    ticket_id: str
    title: str
    values: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    body: str = ""


def read_csv(text: str, names: FieldNames) -> list[Imported]:
    """Tickets from CSV rows; a ``TixError`` naming the line of a row without id or title."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    columns = [
        _JIRA_NAMES.get(h.casefold()) or names.canonical(h) or ("extra:" + h) for h in header
    ]
    if "id" not in columns or "title" not in columns:
        raise TixError(
            "the CSV needs an id column (Issue id, id, Key) and a title column (Summary, title)",
            code=Code.USAGE,
        )
    jira_labels = "Labels" in header and "Summary" in header
    found = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        item = Imported("", "")
        dependencies: list[str] = []
        for column, cell in zip(columns, row, strict=False):
            value = cell.strip()
            if not value:
                continue
            if column == "id":
                item.ticket_id = value
            elif column == "title":
                item.title = value
            elif column == "body":
                item.body = cell
            elif column == "depends_on":
                dependencies.extend(v.strip() for v in value.split(",") if v.strip())
            elif column == "labels" and jira_labels:
                item.values["labels"] = ", ".join(value.split())
            elif column.startswith("extra:"):
                item.extra[column.removeprefix("extra:")] = value
            else:
                item.values[column] = value
        if dependencies:
            item.values["depends_on"] = ", ".join(dependencies)
        if not item.ticket_id or not item.title:
            raise TixError(f"row {number} has no id or no title", line=number, code=Code.USAGE)
        found.append(item)
    return found


def read_github_json(text: str, prefix: str) -> list[Imported]:
    """Tickets from ``gh issue list --json number,title,body,labels,state,assignees``."""
    try:
        issues = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TixError(
            f"not JSON: {exc.msg}", line=exc.lineno, col=exc.colno, code=Code.USAGE
        ) from None
    if not isinstance(issues, list):
        raise TixError(
            "expected a JSON list of issues, as gh issue list --json prints", code=Code.USAGE
        )
    found = []
    for issue in issues:
        if not isinstance(issue, dict) or "number" not in issue or "title" not in issue:
            raise TixError("every issue needs a number and a title", code=Code.USAGE)
        item = Imported(f"{prefix}-{issue['number']}", str(issue["title"]))
        item.body = str(issue.get("body") or "")
        state = str(issue.get("state") or "OPEN").casefold()
        item.values["status"] = "done" if state in ("closed", "merged") else "todo"
        labels = [_name(label, "name") for label in issue.get("labels") or []]
        if labels:
            item.values["labels"] = ", ".join(labels)
        people = [_name(person, "login") for person in issue.get("assignees") or []]
        if people:
            item.values["assignee"] = ", ".join(people)
        found.append(item)
    return found


def _name(value: Any, key: str) -> str:
    return str(value.get(key, "")) if isinstance(value, dict) else str(value)
