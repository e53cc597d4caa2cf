"""Edits for tickets kept as table rows: one cell at a time.

The new text replaces the cell's content. When the table pads its columns to line them up,
the cell keeps its width (display width: emoji and wide characters count as two), so the
column stays aligned; otherwise the single space around the content stays as it was. A
blocked ticket's reason is written after the status in the same cell (``❌ Waiting for X``).
A field the table has no column for cannot be set on one row.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len

from tix.document import Document, Edit
from tix.edit.textfields import FieldValue, render_value
from tix.errors import TixError
from tix.model import Ticket


def table_edits(doc: Document, ticket: Ticket, changes: Mapping[str, FieldValue]) -> list[Edit]:
    values = dict(changes)
    reason_changed = "blocked_reason" in values
    reason = values.pop("blocked_reason", None)
    if reason_changed and "status" not in values:
        raise TixError(
            "a table keeps a blocked reason in the status cell; change it with tix update",
            path=ticket.path,
            line=ticket.line,
        )
    edits = []
    for name, value in values.items():
        span = ticket.spans.get(name)
        if span is None:
            raise TixError(
                f"{ticket.id} is a table row and its table has no {name} column",
                path=ticket.path,
                line=ticket.line,
            )
        text = render_value(value)
        if name == "status" and reason:
            text = f"{text} {reason}"
        edits.append(_cell_edit(doc, span, text))
    return edits


def _cell_edit(doc: Document, span: tuple[int, int], text: str) -> Edit:
    start, end = span
    line = doc.line(doc.line_number(start))
    pipe = _next_pipe(doc.text, end, line.end)
    old = doc.text[start:end]
    if not old:  # an empty cell: fill the space between its pipes
        opening = (
            doc.text.rfind("|", line.start, start) + 1
            if "|" in doc.text[line.start : start]
            else start
        )
        width = pipe - opening
        filled = f" {text} " if text else " "
        return Edit(opening, pipe, filled + " " * max(0, width - cell_len(filled)))
    padding = doc.text[end:pipe]
    if len(padding) > 1:  # a padded column: keep its width
        width = cell_len(old) + len(padding)
        padding = " " * max(1, width - cell_len(text))
        return Edit(start, pipe, text + padding)
    return Edit(start, end, text)


def _next_pipe(text: str, start: int, stop: int) -> int:
    position = start
    while position < stop:
        if text[position] == "|" and text[position - 1] != "\\":
            return position
        position += 1
    return stop
