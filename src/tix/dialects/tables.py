"""Tickets as rows of a Markdown table.

```
## Phase 1: Foundation & Configuration      <- the group (epic) of the rows below
| # | Task | Status | Priority |
|---|------|--------|----------|
| 1.1 | Create project scaffolding | ⬜ | P0 |
```

A table is a list of tickets when it has an id column (``#``, ``ID``, ``Ticket``, ``Key``,
``No``) and a status column. Other columns map by their header, with the same names as field
lines (``Task``, ``Title`` or ``Summary`` for the title; ``Owner``; ``Points``; ``Est``...).
A status cell may be an emoji alone. Every cell's span is recorded, so an edit changes one
cell and nothing else.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from tix.dialects.base import FileResult, Frame, ParseContext
from tix.dialects.blocks import TextFields, build_ticket, heading_words
from tix.document import Document, Line
from tix.markdown import heading_of, scan
from tix.model import Ticket, fold
from tix.vocabulary import strip_markup

_DELIMITER_CELL = re.compile(r"^[ \t]*:?-+:?[ \t]*$")
_ID_HEADERS = frozenset(
    {"", "id", "no", "nr", "number", "ticket", "ticketid", "key", "taskid", "issue"}
)
_TITLE_HEADERS = frozenset({"task", "title", "summary", "name", "item", "subject", "description"})


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


def split_row(line: Line) -> list[Cell] | None:
    """The cells of a table row (``| a | b |``), with document offsets; ``None`` if the line
    holds no ``|``. Escaped pipes (``\\|``) stay inside their cell; the outer pipes are
    optional, as in GitHub Markdown."""
    content = line.content
    pipes = [
        i for i, char in enumerate(content) if char == "|" and (i == 0 or content[i - 1] != "\\")
    ]
    if not pipes:
        return None
    text_start = len(content) - len(content.lstrip())
    text_end = len(content.rstrip())
    edges = list(pipes)
    if edges[0] != text_start:
        edges.insert(0, text_start - 1)
    if edges[-1] != text_end - 1:
        edges.append(text_end)
    cells = []
    for left, right in itertools.pairwise(edges):
        raw = content[left + 1 : right]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        start = line.start + left + 1 + lead
        cells.append(Cell(text, start, start + len(text)))
    return cells


def is_delimiter(cells: list[Cell]) -> bool:
    return bool(cells) and all(_DELIMITER_CELL.match(cell.text) for cell in cells)


class TableDialect:
    """Tickets as table rows."""

    name = "table"

    def detect(self, doc: Document, context: ParseContext, frame: Frame) -> bool:
        return "|" in doc.text and re.search(r"(?m)^[ \t]*\|?[ \t]*:?-{3,}", doc.text) is not None

    def parse(self, doc: Document, context: ParseContext, frame: Frame) -> FileResult:
        result = FileResult(dialect=self.name)
        group: str | None = None
        scanned = list(scan(doc, frame.first_line))
        index = 0
        while index < len(scanned):
            entry = scanned[index]
            index += 1
            if entry.in_code:
                continue
            heading = heading_of(entry.line)
            if heading is not None:
                group = heading_words(heading) or None
                continue
            header = split_row(entry.line)
            if header is None or index >= len(scanned) or scanned[index].in_code:
                continue
            delimiter = split_row(scanned[index].line)
            if delimiter is None or not is_delimiter(delimiter):
                continue
            index += 1
            columns = self._columns(header, context)
            rows: list[tuple[Line, list[Cell]]] = []
            while index < len(scanned) and not scanned[index].in_code:
                cells = split_row(scanned[index].line)
                if cells is None or not scanned[index].line.content.strip():
                    break
                rows.append((scanned[index].line, cells))
                index += 1
            if "id" not in columns.values() or "status" not in columns.values():
                continue
            for line, cells in rows:
                ticket = self._row(doc, context, frame, header, columns, line, cells, group)
                if ticket is not None:
                    result.tickets.append(ticket)
        return result

    def _columns(self, header: list[Cell], context: ParseContext) -> dict[int, str]:
        columns: dict[int, str] = {}
        for position, cell in enumerate(header):
            word = fold(strip_markup(cell.text))
            if word in _ID_HEADERS and "id" not in columns.values():
                name: str | None = "id"
            elif word in _TITLE_HEADERS and "title" not in columns.values():
                name = "title"
            else:
                name = context.field_names.canonical(strip_markup(cell.text))
            if name is not None and name not in columns.values():
                columns[position] = name
        return columns

    def _row(
        self,
        doc: Document,
        context: ParseContext,
        frame: Frame,
        header: list[Cell],
        columns: dict[int, str],
        line: Line,
        cells: list[Cell],
        group: str | None,
    ) -> Ticket | None:
        fields = TextFields()
        ticket_id = None
        id_span = (line.start, line.start)
        for position, cell in enumerate(cells):
            name = columns.get(position)
            if name == "id":
                ticket_id = strip_markup(cell.text)
                id_span = (cell.start, cell.end)
                continue
            written = header[position].text if position < len(header) else str(position)
            fields.add(name, written, cell.text.replace("\\|", "|"), (cell.start, cell.end))
        if not ticket_id:
            return None
        return build_ticket(
            doc,
            context,
            dialect=self.name,
            ticket_id=ticket_id,
            title=None,
            line=line.number,
            fields=fields,
            body=(line.start, line.end),
            criteria_lines=(line.number, line.number - 1),
            inherited=frame.inherited,
            epic=(group, None) if group else None,
            extra_spans={
                "row": (line.start, line.end),
                "id": id_span,
                "ticket": (line.start, line.end),
            },
        )
