"""``tix grep``: a regular expression over the text of tickets, only inside tickets.

Each ticket is searched in its own region of its file (the whole file for a one-ticket file,
its section for a ticket of an epic file, its row for a table row), or only in the value of
one field. Index documents and excluded files are never searched, since they hold no tickets.
Results keep grep's shape: the file, the line, and the ticket each line belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tix.document import Document
from tix.model import Ticket


@dataclass
class Line:
    """One line shown: a match (with the spans of its matches in ``text``) or context."""

    number: int
    text: str
    matches: list[tuple[int, int]] = field(default_factory=list)

    @property
    def is_match(self) -> bool:
        return bool(self.matches)


@dataclass
class TicketHits:
    ticket: Ticket
    lines: list[Line]

    @property
    def count(self) -> int:
        return sum(1 for line in self.lines if line.is_match)


def region(ticket: Ticket, field_name: str | None) -> tuple[int, int] | None:
    """The span of ``ticket`` to search: all of it, or one field's value."""
    if field_name is None:
        return ticket.spans.get("ticket")
    return ticket.spans.get(field_name)


def grep(
    pattern: re.Pattern[str],
    tickets: Iterable[Ticket],
    documents: Mapping[str, Document],
    *,
    field_name: str | None = None,
    context: int = 0,
) -> list[TicketHits]:
    """Every ticket with a match, with its matching lines and ``context`` lines around them."""
    found: list[TicketHits] = []
    for ticket in tickets:
        doc = documents.get(ticket.path)
        span = region(ticket, field_name)
        if doc is None or span is None:
            continue
        start, end = span
        first = doc.line_number(start)
        last = doc.line_number(max(start, end - 1)) if end > start else first
        lines: dict[int, Line] = {}
        for number in range(first, last + 1):
            line = doc.line(number)
            low, high = max(line.start, start), min(line.end, end)
            if low > high:
                continue
            text = doc.text[line.start : line.end]
            # Search the line's part on its own, as grep does, so ^ and $ anchor to it.
            spans = [
                (m.start() + low - line.start, m.end() + low - line.start)
                for m in pattern.finditer(doc.text[low:high])
            ]
            if spans:
                lines[number] = Line(number, text, spans)
        if not lines:
            continue
        if context:
            for number in list(lines):
                for other in range(max(first, number - context), min(last, number + context) + 1):
                    if other not in lines:
                        line = doc.line(other)
                        lines[other] = Line(other, doc.text[line.start : line.end])
        found.append(TicketHits(ticket, [lines[n] for n in sorted(lines)]))
    return found


def compile_pattern(pattern: str, *, ignore_case: bool, word: bool, fixed: bool) -> re.Pattern[str]:
    """The regular expression for grep's options; ``re.error`` for a bad pattern."""
    text = re.escape(pattern) if fixed else pattern
    if word:
        text = rf"(?<!\w)(?:{text})(?!\w)"
    return re.compile(text, re.IGNORECASE if ignore_case else 0)
