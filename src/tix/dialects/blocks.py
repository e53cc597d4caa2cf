"""One ticket written as Markdown text: its field lines, field sections, and the Ticket.

Shared by the styles that keep fields in the text rather than in front-matter (sections of
an epic file, one-ticket files, table rows). A dialect finds where a ticket is; this module
reads what it says:

- ``TextFields`` collects ``**Name:** value`` lines (first occurrence wins), with a list
  under an empty ``**Dependencies:**`` read as its value;
- ``heading_fields`` reads sections such as ``## Status`` / ``- [x] In Progress`` (the last
  checked item is the value) or ``## Type`` / ``Feature``;
- ``build_ticket`` turns the text values into a ``Ticket`` the same way for every style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tix.dialects.base import ParseContext, criteria_in
from tix.dialects.fieldlines import FieldLine, fields_on_line
from tix.document import Document
from tix.fields import (
    FieldNames,
    as_list,
    as_people,
    is_none_word,
    leading_number,
    parse_dependencies,
)
from tix.markdown import Heading, checkbox_of, scan
from tix.model import Ticket
from tix.vocabulary import split_leading_emoji, strip_markup

# Fields whose value may be a list written under an empty field line.
LIST_FIELDS = frozenset({"depends_on", "labels", "assignee"})
# Fields a section heading can hold (``## Status`` then ``- [x] Done``).
HEADING_FIELDS = frozenset(
    {"status", "priority", "type", "assignee", "sprint", "milestone", "epic", "estimate", "points"}
)
# Sections whose field lines belong to the ticket ("## 📋 Ticket Information").
_INFO_SECTION = re.compile(
    r"^(?:ticket\s+)?(?:information|info|metadata|properties|fields|details|ticket\s+details)$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?P<text>.*?)[ \t]*$")
_SHORT_VALUE = 80


def heading_words(heading: Heading) -> str:
    """A heading's title without leading emoji and markup: ``📋 Ticket Information`` ->
    ``Ticket Information``."""
    return split_leading_emoji(strip_markup(heading.title))[1]


def is_info_section(heading: Heading) -> bool:
    return _INFO_SECTION.match(heading_words(heading)) is not None


@dataclass
class TextFields:
    """Field values found in a ticket's text; the first occurrence of a field wins."""

    values: dict[str, str] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    field_lines: list[FieldLine] = field(default_factory=list)

    def add(self, name: str | None, written: str, value: str, span: tuple[int, int]) -> None:
        if name is not None and name not in self.values:
            self.values[name] = value
            self.spans[name] = span
        elif name is None and written not in self.extra and value:
            self.extra[written] = value

    def add_line(self, hit: FieldLine, names: FieldNames) -> None:
        if hit.name is not None and hit.name not in self.values:
            self.spans[f"{hit.name}.key"] = hit.name_span
        written = hit.written if hit.name is not None else names.kept_name(hit.written)
        self.add(hit.name, written, hit.value, hit.value_span)
        self.field_lines.append(hit)

    def read_lines(self, doc: Document, context: ParseContext, first: int, last: int) -> None:
        """Read the field lines among lines ``first``..``last`` (outside fenced code)."""
        pending: FieldLine | None = None  # an empty list-valued field waiting for its items
        items: list[tuple[str, int, int]] = []
        for scanned in scan(doc, first, last) if last >= first else ():
            line = scanned.line
            if scanned.in_code:
                continue
            if pending is not None:
                item = _LIST_ITEM.match(line.content)
                if item and not fields_on_line(line, context.field_names):
                    start = line.start + item.start("text")
                    items.append((item.group("text"), start, line.start + item.end("text")))
                    continue
                if not line.content.strip() and not items:
                    continue  # a blank line between the label and its list
                self._finish_list(pending, items, context.field_names)
                pending, items = None, []
            for hit in fields_on_line(line, context.field_names):
                if not hit.value and hit.name in LIST_FIELDS and hit.name not in self.values:
                    pending = hit
                else:
                    self.add_line(hit, context.field_names)
        if pending is not None:
            self._finish_list(pending, items, context.field_names)

    def _finish_list(
        self, pending: FieldLine, items: list[tuple[str, int, int]], names: FieldNames
    ) -> None:
        if items:
            value = ", ".join(text for text, _, _ in items)
            span = (items[0][1], items[-1][2])
            hit = FieldLine(
                pending.written, pending.name, value, pending.name_span, span, pending.line
            )
            self.add_line(hit, names)

    @property
    def fields_end(self) -> int | None:
        """Where the last field line ends (new fields go after it)."""
        if not self.field_lines:
            return None
        return max(max(hit.line.end, hit.value_span[1]) for hit in self.field_lines)


def heading_fields(
    doc: Document,
    context: ParseContext,
    sections: Iterable[tuple[Heading, int]],
    fields: TextFields,
) -> None:
    """Read sections like ``## Status`` + check boxes, or ``## Type`` + one short line.

    ``sections`` gives each heading with the last line of its section.
    """
    for heading, last in sections:
        name = context.field_names.canonical(heading_words(heading))
        if name not in HEADING_FIELDS or name in fields.values:
            continue
        checked = None
        seen_box = False
        first_text = None
        for scanned in scan(doc, heading.line.number + 1, last):
            if scanned.in_code:
                break
            box = checkbox_of(scanned.line)
            if box is not None:
                seen_box = True
                if box.checked:
                    checked = box
                continue
            content = scanned.line.content.strip()
            if content and first_text is None and not seen_box:
                first_text = scanned.line
                if _LIST_ITEM.match(content) or fields_on_line(scanned.line, context.field_names):
                    break  # a list or more fields, not one value
        if seen_box and name not in fields.values:
            section_end = doc.line(last).next_start if last <= doc.line_count else len(doc.text)
            fields.spans[f"{name}.checklist"] = (heading.line.start, section_end)
        if checked is not None:
            start = (
                doc.text.index(checked.text, checked.mark_offset)
                if checked.text
                else checked.mark_offset
            )
            fields.add(name, heading.title, checked.text, (start, start + len(checked.text)))
        elif (
            not seen_box
            and first_text is not None
            and len(first_text.content.strip()) <= _SHORT_VALUE
            and not _LIST_ITEM.match(first_text.content)
            and not fields_on_line(first_text, context.field_names)
        ):
            text = first_text.content.strip()
            start = first_text.start + first_text.content.index(text)
            fields.add(name, heading.title, text, (start, start + len(text)))


def build_ticket(
    doc: Document,
    context: ParseContext,
    *,
    dialect: str,
    ticket_id: str,
    title: str | None,
    line: int,
    fields: TextFields,
    body: tuple[int, int],
    criteria_lines: tuple[int, int],
    inherited: Mapping[str, str] | None = None,
    epic: tuple[str, str | None] | None = None,
    epic_names: Mapping[str, str] | None = None,
    sprint: str | None = None,
    aliases: Iterable[str] = (),
    extra_spans: Mapping[str, tuple[int, int]] | None = None,
) -> Ticket:
    """A ``Ticket`` from the text values of one ticket.

    ``inherited`` holds what the file gives all its tickets (front-matter of an epic file);
    ``epic`` is the file's own epic ``(key, name)``; ``epic_names`` names epic keys
    (``EPIC-02`` -> ``Observability & Testing``); ``sprint`` comes from a heading above.
    """
    values = {**(inherited or {}), **fields.values}

    def text(name: str) -> str | None:
        value = values.get(name)
        if value is None:
            return None
        value = strip_markup(value)
        return None if is_none_word(value) else value

    status, status_text, reason = context.resolve_status(values.get("status"))
    reason = text("blocked_reason") or reason

    priority = text("priority")
    if priority:
        priority = split_leading_emoji(priority)[1] or priority

    epic_key = text("epic")
    epic_name = None
    if epic_key is None and epic is not None:
        epic_key, epic_name = epic
    if epic_key is not None and epic_name is None and epic_names:
        epic_name = epic_names.get(epic_key)

    depends_on, unresolved = parse_dependencies(
        values.get("depends_on"), context.knowledge.id_reference
    )

    extra = dict(fields.extra)
    points = leading_number(text("points"))
    if points is None and text("points") is not None:
        extra["points"] = values["points"]

    spans = dict(fields.spans)
    spans["body"] = body
    fields_end = fields.fields_end
    if fields_end is not None:
        spans["fields_end"] = (fields_end, fields_end)
    seen_lines: set[int] = set()
    for hit in fields.field_lines:  # every field line, for edits that copy their style
        if hit.line.number not in seen_lines:
            seen_lines.add(hit.line.number)
            spans[f"field_line.{len(seen_lines) - 1}"] = (hit.line.start, hit.line.end)
    spans.update(extra_spans or {})

    return Ticket(
        id=ticket_id,
        title=text("title") or title or ticket_id,
        status=status,
        status_text=status_text,
        blocked_reason=reason,
        priority=priority,
        assignees=as_people(text("assignee")),
        type=text("type"),
        epic=epic_key,
        epic_name=epic_name,
        sprint=text("sprint") or sprint,
        milestone=text("milestone"),
        parent=text("parent"),
        labels=as_list(text("labels")),
        depends_on=depends_on,
        depends_on_unresolved=unresolved,
        estimate=text("estimate"),
        points=points,
        path=context.path,
        line=line,
        dialect=dialect,
        aliases=[alias for alias in dict.fromkeys(aliases) if alias != ticket_id],
        criteria=criteria_in(doc, *criteria_lines),
        extra=extra,
        body=doc.text[body[0] : body[1]],
        spans=spans,
    )
