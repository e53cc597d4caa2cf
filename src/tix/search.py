"""``tix grep``: a regular expression over the text of tickets, only inside tickets.

Each ticket is searched in its own region of its file (the whole file for a one-ticket file,
its section for a ticket of an epic file, its row for a table row), or only in the value of
one field. Index documents and excluded files are never searched, since they hold no tickets.
Results keep grep's shape: the file, the line, and the ticket each line belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    """The lines shown of one ticket (``id``, in the file ``path``)."""

    id: str
    path: str
    lines: list[Line]

    @property
    def count(self) -> int:
        return sum(1 for line in self.lines if line.is_match)


def region(ticket: Ticket, field_name: str | None) -> tuple[int, int] | None:
    """The span of ``ticket`` to search: all of it, or one field's value."""
    if field_name is None:
        return ticket.spans.get("ticket")
    return ticket.spans.get(field_name)


_WORD_START, _WORD_END = r"(?<!\w)(?:", r")(?!\w)"
# Anchors and lookarounds see a line's edges; atomic groups and possessive repeats may keep
# a line break they took, where the line alone would have let them stop at its end.
_LINE_EDGE_SENSITIVE = ("^", "$", "\\A", "\\Z", "(?=", "(?!", "(?<", "(?>", "*+", "++", "?+", "}+")


def _line_local(pattern: re.Pattern[str]) -> bool:
    """Whether a match of ``pattern`` inside a line is also a match inside the text around it,
    so one search over a ticket's whole region can rule out every line of it. Anchors and
    lookarounds see a line's edges differently from the text around it (``$`` before
    ``\\r\\n``), so a pattern with any of them is searched line by line only."""
    source = pattern.pattern
    if source.startswith(_WORD_START) and source.endswith(_WORD_END):  # grep -w: \w never
        source = source[len(_WORD_START) : -len(_WORD_END)]  # matches a line break, so safe
    return not any(token in source for token in _LINE_EDGE_SENSITIVE)


def file_prefilter(
    pattern: re.Pattern[str], *, field_name: str | None = None
) -> Callable[[str], object] | None:
    """A test of a whole file's text that every file with a match passes (``None`` when there
    is none): for a line-local pattern searched in whole tickets, a file in which one search
    finds nothing has no matching line. (A field's value may start inside a line, where
    ``\b`` at its edge sees another character than in the whole text.)"""
    if field_name is not None or not _line_local(pattern):
        return None
    return pattern.search


def grep(
    pattern: re.Pattern[str],
    tickets: Iterable[Ticket],
    documents: Mapping[str, Document],
    *,
    field_name: str | None = None,
    context: int = 0,
) -> list[TicketHits]:
    """Every ticket with a match, with its matching lines and ``context`` lines around them."""
    regions = (
        (ticket, span) for ticket in tickets if (span := region(ticket, field_name)) is not None
    )
    return grep_regions(
        pattern,
        (
            (ticket.id, ticket.path, *(_unquoted(documents, ticket, span) if field_name else span))
            for ticket, span in regions
        ),
        documents,
        context=context,
    )


_CLOSING = {'"': '"', "'": "'", "[": "]"}


def _unquoted(
    documents: Mapping[str, Document], ticket: Ticket, span: tuple[int, int]
) -> tuple[int, int]:
    """A front-matter value's span without its YAML quotes or flow list's brackets, so that
    ``--field title '^Sign'`` finds ``title: "Sign-in"`` as it finds a field line's value."""
    doc = documents.get(ticket.path)
    start, end = span
    if ticket.dialect != "frontmatter" or doc is None or end - start < 2:
        return span
    text = doc.text
    if _CLOSING.get(text[start]) == text[end - 1]:
        return start + 1, end - 1
    return span


def grep_regions(
    pattern: re.Pattern[str],
    regions: Iterable[tuple[str, str, int, int]],
    documents: Mapping[str, Document],
    *,
    context: int = 0,
) -> list[TicketHits]:
    """``grep`` over tickets given as ``(id, path, start, end)``: the region of the file
    ``path`` to search for the ticket ``id``."""
    found: list[TicketHits] = []
    line_local = _line_local(pattern)
    for ticket_id, path, start, end in regions:
        doc = documents.get(path)
        if doc is None:
            continue
        text = doc.text
        if line_local and start == 0 and "\r" not in text:
            matching = _lf_matching_lines(pattern, text, end)
            if not context:
                if matching:
                    found.append(TicketHits(ticket_id, path, matching))
                continue
            lines = {line.number: line for line in matching}
        else:
            lines = _matching_lines(pattern, doc, start, end, line_local)
        if not lines:
            continue
        if context:
            first = doc.line_number(start)
            last = doc.line_number(max(start, end - 1)) if end > start else first
            for number in list(lines):
                for other in range(max(first, number - context), min(last, number + context) + 1):
                    if other not in lines:
                        line = doc.line(other)
                        lines[other] = Line(other, doc.text[line.start : line.end])
        found.append(TicketHits(ticket_id, path, [lines[n] for n in sorted(lines)]))
    return found


def _matching_lines(
    pattern: re.Pattern[str], doc: Document, start: int, end: int, line_local: bool
) -> dict[int, Line]:
    """The lines of the region ``start:end`` of ``doc`` with a match, by number."""
    lines: dict[int, Line] = {}
    text = doc.text
    for number, line_start, line_end in _candidate_lines(pattern, doc, start, end, line_local):
        low, high = max(line_start, start), min(line_end, end)
        if low > high:
            continue
        # Search the line's part on its own, as grep does, so ^ and $ anchor to it.
        shift = low - line_start
        spans = [
            (match.start() + shift, match.end() + shift)
            for match in pattern.finditer(text[low:high])
        ]
        if spans:
            lines[number] = Line(number, text[line_start:line_end], spans)
    return lines


def _candidate_lines(
    pattern: re.Pattern[str], doc: Document, start: int, end: int, line_local: bool
) -> Iterator[tuple[int, int, int]]:
    """The lines of the region ``start:end`` that may hold a match, as ``(number, start,
    content end)``: every line, or for a ``line_local`` pattern only those where a search
    from a line's start lands. Such a search finds a match at or before any match inside
    that line, so the lines before the match found cannot match, and the search goes on
    from the line after it. A ticket without a match anywhere costs one search; one with a
    few matching lines, a few. (The region is sliced, so that \b at its first character
    does not see the character before it.)"""
    first = doc.line_number(start)
    last = doc.line_number(max(start, end - 1)) if end > start else first
    if not line_local:
        for number in range(first, last + 1):
            yield number, *doc.line_span(number)
        return
    text = doc.text[start:end]
    starts = doc.line_starts
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if match is None:
            return
        number = doc.line_number(start + match.start())
        if number > last:
            return
        yield number, *doc.line_span(number)
        if number >= len(starts):
            return
        position = starts[number] - start  # where the next line starts


def _lf_matching_lines(pattern: re.Pattern[str], text: str, end: int) -> list[Line]:
    """The matching lines of a region that starts the text, for a line-local pattern, when
    only ``\n`` breaks its lines (nearly every one-ticket file): the lines
    ``_candidate_lines`` finds, numbered by counting line breaks as the search goes rather
    than with a table of every line, each searched on its own."""
    region = text[:end]
    found: list[Line] = []
    number, counted, position = 1, 0, 0
    search, finditer = pattern.search, pattern.finditer
    while position <= len(region):
        match = search(region, position)
        if match is None:
            break
        at = match.start()
        if at == len(region) and region.endswith("\n"):
            break  # after the last line break: no line there (``x*`` matches empty)
        number += region.count("\n", counted, at)
        line_start = region.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        spans = [hit.span() for hit in finditer(region[line_start:line_end])]
        if spans:
            found.append(Line(number, text[line_start:line_end], spans))
        position = counted = line_end + 1
        number += 1
    return found


def compile_pattern(pattern: str, *, ignore_case: bool, word: bool, fixed: bool) -> re.Pattern[str]:
    """The regular expression for grep's options; ``re.error`` for a bad pattern."""
    text = re.escape(pattern) if fixed else pattern
    if word:
        text = f"{_WORD_START}{text}{_WORD_END}"
    return re.compile(text, re.IGNORECASE if ignore_case else 0)
