"""Edits for tickets whose fields are bold field lines (the ``fields`` and ``sections`` styles).

A value that exists is replaced in its span, so the bold markers, the separator and the two
trailing spaces of a Markdown line break stay as they are. A field the ticket lacks is
inserted as a new line in the ticket's own style: same list or quote prefix, same
``**Name:**`` or ``**Name**:`` form, same trailing spaces, same line ending, and a blank line
around it when the ticket separates its fields with blank lines (JIRA-style lists). A
removed field takes its line with it (and one of the blank lines around it, where the style
has them), so an insertion followed by a removal gives back the original bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tix.dialects.base import ParseContext
from tix.dialects.fieldlines import FieldLine, fields_on_line
from tix.document import Document, Edit, Line
from tix.errors import TixError
from tix.markdown import checkbox_of, scan
from tix.model import Ticket, fold

FieldValue = str | list[str] | None

# The name a field gets when tix adds it and no ticket of the file shows how it is written.
DEFAULT_NAMES = {
    "status": "Status",
    "blocked_reason": "Blocked Reason",
    "priority": "Priority",
    "assignee": "Assignee",
    "type": "Type",
    "epic": "Epic",
    "sprint": "Sprint",
    "milestone": "Milestone",
    "parent": "Parent",
    "labels": "Labels",
    "depends_on": "Dependencies",
    "estimate": "Estimate",
    "points": "Points",
    "title": "Title",
}
_TRAILING_SPACE = re.compile(r"[ \t]*$")


@dataclass(frozen=True)
class LineStyle:
    """How a ticket writes one field line, copied for lines tix adds."""

    prefix: str = ""
    separator: str = ":** "
    trailing: str = ""
    ending: str = "\n"

    @classmethod
    def of(cls, hit: FieldLine, doc: Document) -> LineStyle:
        content = hit.line.content
        offset = hit.line.start
        separator = content[hit.name_span[1] - offset : hit.value_span[0] - offset]
        after = content[hit.value_span[1] - offset :]
        trailing = after if _TRAILING_SPACE.fullmatch(after) else ""
        return cls(hit.prefix, separator.rstrip(" \t"), trailing, hit.line.ending or doc.newline)

    def render(self, name: str, value: str) -> str:
        spaced = f"{self.separator} {value}" if value else self.separator
        return f"{self.prefix}**{name}{spaced}{self.trailing}{self.ending}"


def field_lines(doc: Document, context: ParseContext, ticket: Ticket) -> list[FieldLine]:
    """Every field on the ticket's field lines, in order."""
    found: list[FieldLine] = []
    index = 0
    while (span := ticket.spans.get(f"field_line.{index}")) is not None:
        found.extend(fields_on_line(doc.line(doc.line_number(span[0])), context.field_names))
        index += 1
    return found


def render_value(value: FieldValue) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""


def text_field_edits(
    doc: Document,
    context: ParseContext,
    ticket: Ticket,
    changes: Mapping[str, FieldValue],
    neighbours: Sequence[Ticket] = (),
) -> list[Edit]:
    """The edits that give ``ticket`` the ``changes`` (``None`` removes a field)."""
    hits = field_lines(doc, context, ticket)
    by_name: dict[str, FieldLine] = {}
    for line_hit in hits:
        if line_hit.name is not None:
            by_name.setdefault(line_hit.name, line_hit)
    edits: list[Edit] = []
    missing: list[tuple[str, str]] = []
    for name, value in changes.items():
        hit = _find(hits, by_name, name)
        listed = _list_span(doc, ticket, hit)
        if hit is not None and listed is not None:
            edits.extend(_list_edits(doc, hit, listed, value))
        elif hit is not None:
            if value is None:
                edits.append(_remove(doc, hit, hits))
            else:
                edits.append(_fill(doc, hit.value_span, render_value(value)))
        elif f"{name}.checklist" in ticket.spans and value is not None:
            edits.extend(_tick_checklist(doc, context, ticket, name, render_value(value)))
        elif name in ticket.spans and f"{name}.key" not in ticket.spans and value is not None:
            edits.append(Edit(*ticket.spans[name], render_value(value)))  # ``## Type`` + a line
        elif value is not None:
            missing.append((name, render_value(value)))
    if missing:
        edits.append(_insert(doc, context, ticket, hits, missing, neighbours))
    return edits


def _fill(doc: Document, span: tuple[int, int], text: str) -> Edit:
    """Replace a value; an empty one right after ``**Name:**`` gets its space too."""
    if span[0] == span[1] and text and doc.text[span[0] - 1 : span[0]] not in (" ", "\t"):
        text = " " + text
    return Edit(span[0], span[1], text)


def _list_span(doc: Document, ticket: Ticket, hit: FieldLine | None) -> tuple[int, int] | None:
    """The list below a field line with no value (``**Dependencies:**`` then ``- X-1``)."""
    if hit is None or hit.value or hit.name is None:
        return None
    span = ticket.spans.get(hit.name)
    if span is None or span[0] <= hit.line.end:
        return None
    return span


def _list_edits(
    doc: Document, hit: FieldLine, span: tuple[int, int], value: FieldValue
) -> list[Edit]:
    """Rewrite (or remove) a field whose value is a list under its name, item per line."""
    first = doc.line(doc.line_number(span[0]))
    last = doc.line(doc.line_number(span[1]))
    if value is None:
        return [Edit(hit.line.start, last.next_start, "")]
    items = value if isinstance(value, list) else [v.strip() for v in value.split(",") if v.strip()]
    if len(items) == 1 and items[0].casefold() in ("none", "n/a", "-", "—"):
        return [
            _fill(doc, hit.value_span, items[0]),
            Edit(hit.line.next_start, last.next_start, ""),
        ]
    marker = doc.text[first.start : span[0]]
    ending = first.ending or doc.newline
    return [Edit(first.start, last.end, ending.join(f"{marker}{item}" for item in items))]


def _last_line(doc: Document, ticket: Ticket, hit: FieldLine) -> Line:
    """The last line a field takes (its list's last item, for a list under its name)."""
    listed = _list_span(doc, ticket, hit)
    return doc.line(doc.line_number(listed[1])) if listed else hit.line


def _find(
    hits: Sequence[FieldLine], by_name: Mapping[str, FieldLine], name: str
) -> FieldLine | None:
    """The field line for ``name``: a canonical name, or ``extra:Name`` for other fields."""
    if name.startswith("extra:"):
        written = name.removeprefix("extra:").casefold()
        return next((h for h in hits if h.name is None and h.written.casefold() == written), None)
    return by_name.get(name)


def _written_name(name: str, names: Mapping[str, str]) -> str:
    if name.startswith("extra:"):
        return name.removeprefix("extra:")
    return names.get(name, DEFAULT_NAMES.get(name, name))


def _remove(doc: Document, hit: FieldLine, hits: Sequence[FieldLine]) -> Edit:
    """Remove one field: its segment of a shared line, or its whole line."""
    same_line = [other for other in hits if other.line.number == hit.line.number]
    if len(same_line) > 1:
        position = same_line.index(hit)
        if position == 0:
            following = same_line[1]
            return Edit(hit.name_span[0] - 2, following.name_span[0] - 2, "")
        previous = same_line[position - 1]
        return Edit(previous.value_span[1], hit.value_span[1], "")
    line = hit.line
    start, end = line.start, line.next_start
    number = line.number
    if not line.ending and number > 1:  # the last line, with no line break after it
        return Edit(doc.line(number - 1).end, line.end, "")
    if 1 < number < doc.line_count:
        before, after = doc.line(number - 1), doc.line(number + 1)
        if not before.content.strip() and not after.content.strip():
            end = after.next_start  # blank lines around the field: take one of them with it
    return Edit(start, end, "")


def _insert(
    doc: Document,
    context: ParseContext,
    ticket: Ticket,
    hits: Sequence[FieldLine],
    missing: Sequence[tuple[str, str]],
    neighbours: Sequence[Ticket],
) -> Edit:
    template, names = _style(doc, context, ticket, hits, neighbours)
    lines = [template.render(_written_name(name, names), value) for name, value in missing]
    missing_names = [name for name, _ in missing]
    status = next((hit for hit in hits if hit.name == "status"), None)
    anchor: Line | None = None
    before = False
    if status is not None and missing_names == ["blocked_reason"]:
        anchor = status.line  # a reason goes right after the status
    elif hits and "status" in missing_names:
        # A status leads the fields, after the title when the fields start with one.
        anchor, before = hits[0].line, hits[0].name != "title"
        if not before:
            anchor = _last_line(doc, ticket, hits[0])
    elif hits:
        anchor = _last_line(doc, ticket, hits[-1])
    if anchor is None:
        return _insert_after_heading(doc, ticket, lines)
    spaced = _blank_separated(doc, anchor, context)
    gap = anchor.ending or doc.newline
    text = (gap if spaced else "").join(lines)
    if before:
        return Edit(anchor.start, anchor.start, text + (gap if spaced else ""))
    if not anchor.ending:  # the last line of the file has no line break
        return Edit(anchor.end, anchor.end, gap + (gap if spaced else "") + text.rstrip("\r\n"))
    return Edit(anchor.next_start, anchor.next_start, (gap if spaced else "") + text)


def _insert_after_heading(doc: Document, ticket: Ticket, lines: Sequence[str]) -> Edit:
    heading = ticket.spans.get("heading")
    if heading is None:
        raise TixError(
            "cannot tell where this ticket's fields go", path=ticket.path, line=ticket.line
        )
    line = doc.line(doc.line_number(heading[0]))
    gap = line.ending or doc.newline
    if line.number < doc.line_count and not doc.line(line.number + 1).content.strip():
        blank = doc.line(line.number + 1)
        return Edit(blank.next_start, blank.next_start, "".join(lines) + gap)
    return Edit(line.next_start, line.next_start, gap + "".join(lines))


def _blank_separated(doc: Document, anchor: Line, context: ParseContext) -> bool:
    """Whether field lines around ``anchor`` are separated by blank lines."""
    for first, second in ((anchor.number, anchor.number + 2), (anchor.number - 2, anchor.number)):
        if first >= 1 and second <= doc.line_count:
            middle = doc.line(first + 1)
            if (
                not middle.content.strip()
                and fields_on_line(doc.line(first), context.field_names)
                and fields_on_line(doc.line(second), context.field_names)
            ):
                return True
    return False


def _style(
    doc: Document,
    context: ParseContext,
    ticket: Ticket,
    hits: Sequence[FieldLine],
    neighbours: Sequence[Ticket],
) -> tuple[LineStyle, dict[str, str]]:
    """The line style to copy and the names the file uses for each field."""
    samples = list(hits)
    for other in neighbours:
        samples.extend(field_lines(doc, context, other))
    names: dict[str, str] = {}
    for hit in samples:
        if hit.name is not None:
            names.setdefault(hit.name, hit.written)
    # Prefer a line with a single field, a status line first.
    single = [hit for hit in samples if sum(h.line.number == hit.line.number for h in samples) == 1]
    ordered = sorted(single or samples, key=lambda hit: hit.name != "status")
    style = LineStyle.of(ordered[0], doc) if ordered else LineStyle(ending=doc.newline)
    return style, names


def _tick_checklist(
    doc: Document, context: ParseContext, ticket: Ticket, name: str, value: str
) -> list[Edit]:
    """Check the item of a ``## Status`` (or ``## Priority``...) list that says ``value``.

    A status list is a progression (In Progress, Code Complete, Tested, Merged): its value
    is the last checked item, so the items after it are unchecked. Any other list is a choice
    of one: the other items are unchecked.
    """
    start, end = ticket.spans[f"{name}.checklist"]
    first, last = doc.line_number(start) + 1, doc.line_number(max(start, end - 1))
    boxes = [b for s in scan(doc, first, last) if not s.in_code and (b := checkbox_of(s.line))]
    same = _same_value(context, name)
    matching = [index for index, box in enumerate(boxes) if same(box.text, value)]
    if not matching and name == "status" and _is_default_status(context, value):
        # A status list with nothing ticked reads as the default status: untick them all.
        return [Edit(b.mark_offset, b.mark_offset + 1, " ") for b in boxes if b.checked]
    if not matching:
        items = ", ".join(box.text for box in boxes)
        raise TixError(
            f"the {name} list of {ticket.id} has no item for {value!r} (items: {items})",
            path=ticket.path,
            line=doc.line_number(start),
        )
    target = matching[-1]
    edits = []
    for index, box in enumerate(boxes):
        if index == target and not box.checked:
            edits.append(Edit(box.mark_offset, box.mark_offset + 1, "x"))
        elif index != target and box.checked and (name != "status" or index > target):
            edits.append(Edit(box.mark_offset, box.mark_offset + 1, " "))
    return edits


def _is_default_status(context: ParseContext, value: str) -> bool:
    """Whether ``value`` names the workspace's default status (``todo``)."""
    match = context.knowledge.statuses.resolve(value)
    return match is not None and match.status.key == context.knowledge.default_status


def _same_value(context: ParseContext, name: str) -> Callable[[str, str], bool]:
    """Whether a list item says the same as a value, in the field's own vocabulary."""
    if name == "status":
        statuses = context.knowledge.statuses

        def same_status(item: str, value: str) -> bool:
            a, b = statuses.resolve(item), statuses.resolve(value)
            return a is not None and b is not None and a.status.key == b.status.key

        return same_status
    if name == "priority":
        priorities = context.knowledge.priorities

        def same_priority(item: str, value: str) -> bool:
            a, b = priorities.resolve(item), priorities.resolve(value)
            return (a is not None and b is not None and a.key == b.key) or fold(item) == fold(value)

        return same_priority
    return lambda item, value: fold(item) == fold(value)
