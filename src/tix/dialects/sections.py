"""Many tickets in one file, each under a heading: epic files and JIRA-style lists.

```
# Epic 1: Foundation                      <- the epic of every ticket below
**Total Estimate**: 24 hours              <- epic-level fields

## DANUBE-001: Project Setup              <- a ticket: a heading that starts with an id
**Status:** 🔴 Todo␠␠
**Dependencies:** None
### Acceptance Criteria
- [ ] ...
```

or, JIRA-style, ``### Sprint 2`` (the sprint of the tickets below it) and ``#### TICKET-006``
with ``**Summary:**`` as the title and ``**Epic Link:** EPIC-02`` naming an epic listed under
``## Epics`` (``* EPIC-02: Observability & Testing``).

A ticket runs from its heading to the next heading of the same or a higher level. Its fields
are the field lines before its first sub-heading, plus sections like ``### Status``. A heading
with an id but no fields and no criteria is not a ticket (a changelog entry, say).
"""

from __future__ import annotations

import re
from functools import lru_cache

from tix.dialects.base import FileResult, Frame, ParseContext
from tix.dialects.blocks import TextFields, build_ticket, heading_fields, heading_words
from tix.document import Document, Line
from tix.markdown import Heading, headings, scan
from tix.model import Epic
from tix.vocabulary import split_leading_emoji

_EPIC_H1 = re.compile(r"^(?P<key>epic\b[^:–—]*?)\s*[:–—]\s*(?P<name>.+)$", re.IGNORECASE)
_SPRINT = re.compile(r"^(?P<sprint>(?:sprint|iteration)\s+[\w.-]+)", re.IGNORECASE)
_MILESTONE = re.compile(r"^(?P<milestone>milestone\s+[\w.-]+)", re.IGNORECASE)
_EPICS_TITLE = re.compile(r"^epics?$", re.IGNORECASE)
_EPIC_ITEM = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\*\*)?(?P<key>[^\s:*]+?)(?:\*\*)?[ \t]*[:–—][ \t]*(?P<name>.+?)[ \t]*$"
)
_FILE_LINK_NAMES = frozenset({"file", "ticket file", "path", "link", "ticket"})


@lru_cache(maxsize=32)
def ticket_heading_pattern(id_pattern: str) -> re.Pattern[str]:
    """``ID``, ``ID: Title``, ``ID - Title`` (the id possibly in bold) at a heading's start."""
    separator = r"[ \t]*(?:[:.]|[-–—](?=\s))[ \t]*"
    return re.compile(
        rf"^(?:\*\*)?(?P<id>{id_pattern})(?:\*\*)?(?:{separator}(?P<title>.*)|[ \t]*$)"
    )


def split_ticket_heading(heading: Heading, context: ParseContext) -> tuple[str, str] | None:
    """``(id, title)`` when ``heading`` starts with a ticket id."""
    title = split_leading_emoji(heading.title)[1] or heading.title  # "## ✅ EM-001: Done"
    match = ticket_heading_pattern(context.knowledge.id_pattern.pattern).match(title)
    if match is None:
        return None
    return match.group("id"), (match.group("title") or "").strip()


def title_span(line: Line, title: str, fields: TextFields) -> dict[str, tuple[int, int]]:
    """``{"title": span}`` for a title read from a heading (none when a field gives it)."""
    position = line.content.rfind(title) if title else -1
    if position < 0 or "title" in fields.spans:
        return {}
    return {"title": (line.start + position, line.start + position + len(title))}


def section_end(all_headings: list[Heading], index: int, last_line: int) -> int:
    """The last line of the section opened by ``all_headings[index]``."""
    level = all_headings[index].level
    for later in all_headings[index + 1 :]:
        if later.level <= level:
            return later.line.number - 1
    return last_line


class SectionsDialect:
    """Tickets as sections of a larger file."""

    name = "sections"

    def detect(self, doc: Document, context: ParseContext, frame: Frame) -> bool:
        return any(
            heading.level >= 2 and split_ticket_heading(heading, context)
            for heading in headings(doc, frame.first_line)
        )

    def parse(self, doc: Document, context: ParseContext, frame: Frame) -> FileResult:
        found = headings(doc, frame.first_line)
        last_line = doc.line_count
        result = FileResult(dialect=self.name)
        file_epic = self._file_epic(doc, context, frame, found, result)
        epic_names = {epic.key: epic.name for epic in result.epics if epic.name}
        enclosing: dict[int, Heading] = {}
        for index, heading in enumerate(found):
            for level in [lv for lv in enclosing if lv >= heading.level]:
                del enclosing[level]
            enclosing[heading.level] = heading
            split = split_ticket_heading(heading, context) if heading.level >= 2 else None
            if split is None:
                continue
            end = section_end(found, index, last_line)
            # A ticket heading further down (a task under a story) ends this ticket's text.
            for later in found[index + 1 :]:
                if later.line.number > end:
                    break
                if split_ticket_heading(later, context) is not None:
                    end = later.line.number - 1
                    break
            stop = index + 1
            while stop < len(found) and found[stop].line.number <= end:
                stop += 1
            inner = [(i, found[i]) for i in range(index + 1, stop)]
            zone_end = inner[0][1].line.number - 1 if inner else end
            fields = TextFields()
            fields.read_lines(doc, context, heading.line.number + 1, zone_end)
            heading_fields(
                doc, context, ((h, section_end(found, i, end)) for i, h in inner), fields
            )
            ticket_id, title = split
            ticket = build_ticket(
                doc,
                context,
                dialect=self.name,
                ticket_id=ticket_id,
                title=title,
                line=heading.line.number,
                fields=fields,
                body=(heading.line.next_start, _end_offset(doc, end)),
                criteria_lines=(heading.line.number + 1, end),
                inherited={
                    **frame.inherited,
                    **_context_fields(enclosing, heading.level),
                },
                epic=file_epic,
                epic_names=epic_names,
                extra_spans={
                    "heading": (heading.line.start, heading.line.end),
                    "ticket": (heading.line.start, _end_offset(doc, end)),
                    **title_span(heading.line, title, fields),
                },
            )
            if not fields.values and not fields.extra and not ticket.criteria:
                continue  # an id in a heading, but nothing that makes it a ticket
            if any(
                name.casefold() in _FILE_LINK_NAMES and ".md" in value
                for name, value in fields.extra.items()
            ):
                result.links_to_ticket_files = True
            result.tickets.append(ticket)
        return result

    def _file_epic(
        self,
        doc: Document,
        context: ParseContext,
        frame: Frame,
        found: list[Heading],
        result: FileResult,
    ) -> tuple[str, str | None] | None:
        """The epic the file itself stands for (its H1, or its front-matter), and the
        epics it lists under an ``Epics`` heading (added to ``result.epics``)."""
        for index, heading in enumerate(found):
            if heading.level == 2 and _EPICS_TITLE.match(heading_words(heading)):
                last = section_end(found, index, doc.line_count)
                for scanned in scan(doc, heading.line.number + 1, last):
                    item = None if scanned.in_code else _EPIC_ITEM.match(scanned.line.content)
                    if item:
                        result.epics.append(
                            Epic(
                                key=item.group("key"),
                                name=item.group("name"),
                                path=context.path,
                                line=scanned.line.number,
                            )
                        )
        h1 = found[0] if found and found[0].level == 1 else None
        inherited_epic = frame.inherited.get("epic")
        if h1 is None:
            return (inherited_epic, None) if inherited_epic else None
        words = heading_words(h1)
        match = _EPIC_H1.match(words)
        if match:
            key, name = match.group("key").strip(), match.group("name").strip()
        elif inherited_epic or context.stem.casefold().startswith("epic"):
            key, name = inherited_epic or words, (words if inherited_epic else None)
        else:
            return None
        fields = TextFields()
        next_line = found[1].line.number - 1 if len(found) > 1 else doc.line_count
        fields.read_lines(doc, context, h1.line.number + 1, next_line)
        estimate = fields.values.get("estimate") or next(
            (v for k, v in fields.extra.items() if "estimate" in k.casefold()), None
        )
        written = next(
            (
                hit.value_span[0]
                for hit in fields.field_lines
                if hit.value == estimate
                and (hit.name == "estimate" or "estimate" in hit.written.casefold())
            ),
            None,
        )
        result.epics.append(
            Epic(
                key=key,
                name=name,
                path=context.path,
                line=h1.line.number,
                estimate=estimate,
                estimate_at=doc.position(written) if written is not None else None,
                fields=dict(fields.extra),
            )
        )
        return key, name


def _context_fields(enclosing: dict[int, Heading], level: int) -> dict[str, str]:
    """Sprint and milestone from the headings a ticket sits under (``### Sprint 2``)."""
    found: dict[str, str] = {}
    for heading_level in sorted(enclosing, reverse=True):
        if heading_level >= level:
            continue
        words = heading_words(enclosing[heading_level])
        sprint = _SPRINT.match(words)
        if sprint and "sprint" not in found:
            found["sprint"] = sprint.group("sprint")
        milestone = _MILESTONE.match(words)
        if milestone and "milestone" not in found:
            found["milestone"] = milestone.group("milestone")
    return found


def _end_offset(doc: Document, last_line: int) -> int:
    """The offset just past line ``last_line`` (its ending included)."""
    if last_line >= doc.line_count:
        return len(doc.text)
    return doc.line_starts[last_line]
