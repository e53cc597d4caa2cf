"""The native style: one ticket per file, YAML front-matter, then a Markdown body.

```
---
id: DEMO-004
title: Sign-in page
status: in-progress      # any status word or emoji the workspace knows
depends_on: [DEMO-001, DEMO-002]
---
## Acceptance Criteria
- [x] form posts to /login
```

A file is a ticket when its front-matter is a mapping with an ``id`` or a ``status`` (under
any of their names). The id is the front-matter ``id``, else the id the file name starts
with (by the workspace's id pattern), else the file name; the title is ``title``, else the
body's first H1, else the file name. Keys other tools use (``dependencies``, ``deps``,
``tags``, ``assignees``...) are read as tix's own; keys tix does not model are kept in
``Ticket.extra``. The span of every value is recorded for edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tix.dialects.base import FileResult, Frame, ParseContext, criteria_in
from tix.document import Document
from tix.errors import Code, TixError
from tix.fields import (
    as_list,
    as_number,
    as_people,
    as_text,
    leading_number,
    parse_dependencies,
    parse_dependency_list,
)
from tix.markdown import first_heading, heading_of
from tix.model import Ticket
from tix.yamlmap import YamlEntry, load_mapping

_OPEN = re.compile(r"---[ \t]*(\r\n|\n|\r)")
# A line holding only --- (or ...), after any kind of line break.
_CLOSE_LINE = re.compile(r"(?:(?<=\n)|(?<=\r))(?:---|\.\.\.)[ \t]*(?=\r|\n|\Z)")
_TICKET_MARKERS = frozenset({"id", "status"})


@dataclass(frozen=True, slots=True)
class FrontMatterBlock:
    """Where the front-matter is: ``text[content_start:content_end]`` is the YAML."""

    content_start: int
    content_end: int
    body_start: int
    body_line: int


def find_front_matter(doc: Document) -> FrontMatterBlock | None:
    """The front-matter block of ``doc``, ``None`` if it has none, ``TixError`` if unclosed."""
    opening = _OPEN.match(doc.text)
    if opening is None:
        return None
    closing = _CLOSE_LINE.search(doc.text, opening.end())
    if closing is not None:
        line = doc.line(doc.line_number(closing.start()))
        body_line = line.number + 1 if line.ending else line.number
        return FrontMatterBlock(opening.end(), line.start, line.next_start, body_line)
    raise TixError(
        "front-matter opened here is never closed",
        path=doc.path,
        line=1,
        col=1,
        code=Code.FRONT_MATTER_UNCLOSED,
        hint="end it with a line holding only ---",
    )


@dataclass
class FrontMatter:
    """A file's front-matter read once: its block, tix fields, and the other keys."""

    block: FrontMatterBlock
    fields: dict[str, YamlEntry]
    extra: dict[str, YamlEntry]

    @property
    def is_ticket(self) -> bool:
        return bool(_TICKET_MARKERS & self.fields.keys())

    def frame(self) -> Frame:
        """For a file that is not a ticket itself (an epic file): where its Markdown starts
        and the fields its tickets inherit."""
        inherited = {
            name: text
            for name, entry in self.fields.items()
            if (text := as_text(entry.value)) is not None
        }
        return Frame(first_line=self.block.body_line, inherited=inherited)


class FrontMatterDialect:
    """Tickets kept one per file with YAML front-matter."""

    name = "frontmatter"

    def detect(self, doc: Document, context: ParseContext, frame: Frame) -> bool:
        return _OPEN.match(doc.text) is not None

    def read(self, doc: Document, context: ParseContext) -> FrontMatter | None:
        """The front-matter of ``doc`` (``None`` without one); ``TixError`` when broken."""
        block = find_front_matter(doc)
        if block is None:
            return None
        mapping = load_mapping(
            doc.text[block.content_start : block.content_end],
            path=context.path,
            base_offset=block.content_start,
            base_line=2,
        )
        fields: dict[str, YamlEntry] = {}
        extra: dict[str, YamlEntry] = {}
        for entry in mapping.entries:
            name = context.field_names.canonical(entry.key)
            if name is not None and name not in fields:
                fields[name] = entry
            else:
                extra[entry.key] = entry
        return FrontMatter(block, fields, extra)

    def parse(self, doc: Document, context: ParseContext, frame: Frame) -> FileResult:
        front_matter = self.read(doc, context)
        if front_matter is None or not front_matter.is_ticket:
            return FileResult()
        return FileResult(tickets=[self.ticket(doc, context, front_matter)], dialect=self.name)

    def ticket(self, doc: Document, context: ParseContext, front_matter: FrontMatter) -> Ticket:
        block, fields = front_matter.block, front_matter.fields
        extra: dict[str, Any] = {key: entry.value for key, entry in front_matter.extra.items()}

        def value(name: str) -> Any:
            entry = fields.get(name)
            return entry.value if entry is not None else None

        def text(name: str) -> str | None:
            """A text field as written: ``title: no`` is the title "no", ``sprint: 1.10``
            the sprint "1.10", although YAML reads a boolean and a number."""
            entry = fields.get(name)
            if entry is not None and entry.written is not None:
                return entry.written
            return as_text(value(name))

        file_id = context.id_from_filename()
        ticket_id = text("id") or file_id or context.stem
        aliases = [file_id] if file_id and file_id != ticket_id else []
        aliases += [
            a for a in as_list(extra.pop("aliases", None)) if a not in (ticket_id, *aliases)
        ]

        title = text("title")
        if title is None:
            heading = first_heading(doc, 1, block.body_line)
            title = heading.title if heading and heading.title else context.stem

        status, status_text, reason = context.resolve_status(text("status"))
        reason = text("blocked_reason") or reason

        points_raw = value("points")
        points = as_number(points_raw)
        if points is None and isinstance(points_raw, str):
            points = leading_number(points_raw)  # "5 pts", as a field line reads it
        if points is None and as_text(points_raw) is not None:
            extra[fields["points"].key] = points_raw  # keep what could not be read as a number

        depends_raw = value("depends_on")
        unresolved: list[str] = []
        if isinstance(depends_raw, list):
            depends_on, unresolved = parse_dependency_list(
                as_list(depends_raw), context.knowledge.id_reference
            )
        else:
            depends_on, unresolved = parse_dependencies(
                as_text(depends_raw), context.knowledge.id_reference
            )

        spans: dict[str, tuple[int, int]] = {
            "ticket": (0, len(doc.text)),
            "front_matter": (block.content_start, block.content_end),
            "body": (block.body_start, len(doc.text)),
        }
        for name, entry in fields.items():
            spans[name] = entry.value_span
            spans[f"{name}.key"] = entry.key_span
        for key, entry in front_matter.extra.items():
            spans[f"extra:{key}"] = entry.value_span
            spans[f"extra:{key}.key"] = entry.key_span

        return Ticket(
            id=ticket_id,
            title=title,
            status=status,
            status_text=status_text,
            blocked_reason=reason,
            priority=text("priority"),
            assignees=as_people(text("assignee")),
            type=text("type"),
            epic=text("epic"),
            epic_name=as_text(extra.pop("epic_title", None)),
            sprint=text("sprint"),
            milestone=text("milestone"),
            parent=text("parent"),
            labels=as_list(value("labels")),
            depends_on=depends_on,
            depends_on_unresolved=unresolved,
            estimate=text("estimate"),
            points=points,
            path=context.path,
            line=1,
            dialect=self.name,
            aliases=aliases,
            criteria=criteria_in(doc, _after_title_heading(doc, block.body_line)),
            extra=extra,
            body=doc.text[block.body_start :],
            spans=spans,
        )


def _after_title_heading(doc: Document, first: int) -> int:
    """The line after the body's leading H1 (the ticket's title, which opens no criteria
    section even when it says "Checklist"), else ``first``."""
    for line in doc.lines(first):
        if not line.content.strip():
            continue
        heading = heading_of(line)
        return line.number + 1 if heading is not None and heading.level == 1 else first
    return first
