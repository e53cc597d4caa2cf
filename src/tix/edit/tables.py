"""Edits for tickets kept as table rows: one cell at a time.

The new text replaces the cell's content. In an aligned table (most rows exactly as wide, cell
by cell, as the delimiter row: what editors that format tables leave) the cell is padded to
its column's width, measured in display cells (emoji and wide characters count as two), so
the columns stay lined up; otherwise the single spaces around the content stay as they were.
A blocked ticket's reason is written after the status in the same cell: ``❌ Waiting for X``
after an emoji, ``Blocked - Waiting for X`` after a word. A field the table has no column for
cannot be set on one row.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from rich.cells import cell_len

from tix.dialects.tables import is_delimiter, split_row
from tix.document import Document, Edit, Line
from tix.edit.textfields import FieldValue, render_value
from tix.errors import TixError
from tix.model import Ticket
from tix.vocabulary import is_emoji_char


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
    widths = column_widths(doc, doc.line(ticket.line))
    edits = []
    for name, value in values.items():
        span = ticket.spans.get(name)
        if span is None:
            raise TixError(
                f"{ticket.id} is a table row and its table has no {name} column",
                path=ticket.path,
                line=ticket.line,
            )
        text = escape_cell(render_value(value))
        if name == "status" and reason:
            reason = escape_cell(render_value(reason))
            text = f"{text} {reason}" if text and is_emoji_char(text[-1]) else f"{text} - {reason}"
        edits.append(cell_edit(doc, span, text, widths=widths))
    return edits


def escape_cell(text: str) -> str:
    """A value as a table cell holds it: ``|`` escaped, so it does not end the cell."""
    return text.replace("\\|", "|").replace("|", "\\|")


def column_widths(doc: Document, row: Line) -> list[int] | None:
    """The widths of an aligned table's columns (from its delimiter row), or ``None`` when
    the table is not aligned."""
    first = row.number
    while first > 1 and split_row(doc.line(first - 1)) is not None:
        first -= 1
    last = row.number
    while last < doc.line_count and split_row(doc.line(last + 1)) is not None:
        last += 1
    lines = [doc.line(number) for number in range(first, last + 1)]
    delimiter = next((line for line in lines if is_delimiter(split_row(line) or [])), None)
    if delimiter is None:
        return None
    widths = _widths(delimiter)
    rows = [line for line in lines if line.number > delimiter.number]
    aligned = sum(1 for line in rows if _widths(line) == widths)
    return widths if rows and 2 * aligned >= len(rows) else None


def _widths(line: Line) -> list[int]:
    bounds = _pipes(line.content)
    return [cell_len(line.content[a + 1 : b]) for a, b in itertools.pairwise(bounds)]


def _pipes(content: str) -> list[int]:
    return [
        i for i, char in enumerate(content) if char == "|" and (i == 0 or content[i - 1] != "\\")
    ]


def cell_edit(doc: Document, span: tuple[int, int], text: str, *, widths: list[int] | None) -> Edit:
    """Replace the content of the cell at ``span`` with ``text``."""
    start, end = span
    line = doc.line(doc.line_number(start))
    pipes = [line.start + i for i in _pipes(line.content)]
    opening = max((p for p in pipes if p < start), default=line.start - 1) + 1
    closing = min((p for p in pipes if p >= end), default=line.end)
    column = sum(1 for p in pipes if p < start) - 1
    if widths is not None and 0 <= column < len(widths):
        inner = f" {text} " if text else " "
        return Edit(opening, closing, inner + " " * max(0, widths[column] - cell_len(inner)))
    if start == end:  # an empty cell of a table that is not aligned
        return Edit(opening, closing, f" {text} " if text else doc.text[opening:closing])
    return Edit(start, end, text)
