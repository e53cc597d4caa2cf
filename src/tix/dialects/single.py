"""One ticket per file, its fields as bold lines under the H1.

```
# TICKET-004: Phase 2 - Security Implementation
**Type:** Task
**Status:** In Progress
**Priority:** High
```

Also ``**Status**: Open``, ``- **Status**: ...`` list items, fields in a ``## Ticket
Information`` section, field names in Chinese (``**状态**: Draft``), and sections such as
``## Status`` / ``- [x] In Progress`` where the last checked item is the value.

The id is the one the file name starts with (by the workspace's id pattern), else the one the
H1 starts with; when both name an id and they differ, the other one is kept as an alias that
``tix show`` also accepts. A file is a ticket only if it has at least one field tix knows.

A file with no id in its name or H1 is read by the fallback instance (``stem_ids=True``),
tried after every other style, and only when the config says where tickets live: its id is
then the file name.
"""

from __future__ import annotations

from tix.dialects.base import FileResult, Frame, ParseContext
from tix.dialects.blocks import TextFields, build_ticket, heading_fields, is_info_section
from tix.dialects.sections import section_end, split_ticket_heading, title_span
from tix.document import Document
from tix.markdown import headings


class SingleTicketDialect:
    """A whole file is one ticket with field lines."""

    name = "fields"

    def __init__(self, *, stem_ids: bool = False) -> None:
        self.stem_ids = stem_ids

    def detect(self, doc: Document, context: ParseContext, frame: Frame) -> bool:
        if self.stem_ids:
            return context.knowledge.tickets_declared
        found = headings(doc, frame.first_line)
        return (bool(found) and found[0].level == 1) or context.id_from_filename() is not None

    def parse(self, doc: Document, context: ParseContext, frame: Frame) -> FileResult:
        found = headings(doc, frame.first_line)
        h1 = found[0] if found and found[0].level == 1 else None
        heading_id, title = (None, None)
        if h1 is not None:
            split = split_ticket_heading(h1, context)
            heading_id, title = split if split else (None, h1.title)
        file_id = context.id_from_filename()
        ticket_id = file_id or heading_id
        if ticket_id is None:
            if not (self.stem_ids and context.knowledge.tickets_declared):
                return FileResult()
            ticket_id = context.stem

        fields = TextFields()
        start = h1.line.number + 1 if h1 else frame.first_line
        rest = [(i, h) for i, h in enumerate(found) if h is not h1]
        first_section = rest[0][1].line.number - 1 if rest else doc.line_count
        fields.read_lines(doc, context, start, first_section)
        for index, heading in rest:
            if is_info_section(heading):
                end = section_end(found, index, doc.line_count)
                fields.read_lines(doc, context, heading.line.number + 1, end)
        heading_fields(
            doc,
            context,
            ((h, section_end(found, i, doc.line_count)) for i, h in rest if h.level == 2),
            fields,
        )
        if not fields.values:
            return FileResult()

        body_start = h1.line.next_start if h1 else doc.offset(frame.first_line)
        ticket = build_ticket(
            doc,
            context,
            dialect=self.name,
            ticket_id=ticket_id,
            title=title or None,
            line=h1.line.number if h1 else frame.first_line,
            fields=fields,
            body=(body_start, len(doc.text)),
            criteria_lines=(start, doc.line_count),
            inherited=frame.inherited,
            aliases=[alias for alias in (heading_id, file_id) if alias],
            extra_spans={"ticket": (0, len(doc.text))}
            | ({"heading": (h1.line.start, h1.line.end)} if h1 else {})
            | (title_span(h1.line, title or "", fields) if h1 else {}),
        )
        return FileResult(tickets=[ticket], dialect=self.name)
