"""The little Markdown structure tix needs: fenced code, headings, check boxes, criteria.

This is not a Markdown renderer. It scans a ``Document`` line by line and answers the
questions every ticket style asks: which lines are inside fenced code blocks (and so never
hold ticket fields), where the ATX headings are, and which ``- [ ]`` / ``- [x]`` items form
a ticket's acceptance criteria. Everything keeps offsets into the document so that later
edits (ticking a box) are span replacements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tix.document import Document, Line

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_CHECKBOX = re.compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"\[(?P<mark>[ xX])\](?:[ \t]+(?P<text>.*?))?[ \t]*$"
)
_ANY_BOX = re.compile(r"\[[ xX]\]")
# "Acceptance Criteria", "Success Criteria", "Definition of Done", "Checklist", "DoD" ...
_CRITERIA_TITLE = re.compile(
    r"criteria|definition\s+of\s+done|\bdod\b|checklist|acceptance|done\s+when",
    re.IGNORECASE,
)
# A paragraph that only names a section, as in ``**Acceptance Criteria:**``.
_BOLD_LABEL = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\*\*(?P<label>[^*]+?)\*\*[ \t]*:?[ \t]*$")
_BOLD_LABEL_COLON_INSIDE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\*\*(?P<label>[^*]+?):\*\*[ \t]*$")
# Any bold field line, ``**Sprint:** 1`` or ``- **Status**: Open``: it ends a bold-label section.
_BOLD_FIELD = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\*\*[^*]+?(?::\*\*|\*\*[ \t]*:)")


@dataclass(frozen=True, slots=True)
class ScannedLine:
    """A line and whether it sits inside a fenced code block (fence lines included)."""

    line: Line
    in_code: bool


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    line: Line


@dataclass(frozen=True, slots=True)
class Checkbox:
    """One ``- [ ] text`` item; ``mark_offset`` is where the space or ``x`` is in the document."""

    text: str
    checked: bool
    line: Line
    mark_offset: int


def scan(doc: Document, first: int = 1, last: int | None = None) -> Iterator[ScannedLine]:
    """Lines ``first``..``last``, each marked as inside fenced code or not.

    A fence opened with N backticks (or tildes) closes at a line of at least N of the same
    character and nothing else; an unclosed fence runs to the end of the range, as in
    CommonMark.
    """
    fence: str | None = None
    for line in doc.lines(first, last):
        content = line.content
        if fence is None:
            match = _FENCE_OPEN.match(content)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                yield ScannedLine(line, True)
                continue
            yield ScannedLine(line, False)
        else:
            stripped = content.strip()
            if (
                len(content) - len(content.lstrip(" ")) <= 3
                and stripped
                and set(stripped) == {fence[0]}
                and len(stripped) >= len(fence)
            ):
                fence = None
            yield ScannedLine(line, True)


def heading_of(line: Line) -> Heading | None:
    """The ATX heading on ``line``, if it is one."""
    match = _HEADING.match(line.content)
    if match is None:
        return None
    return Heading(len(match.group(1)), (match.group(2) or "").strip(), line)


def is_thematic_break(line: Line) -> bool:
    """Whether ``line`` is a rule: ``---``, ``***`` or ``___`` (spaces allowed between)."""
    return _THEMATIC_BREAK.match(line.content) is not None


def headings(doc: Document, first: int = 1, last: int | None = None) -> list[Heading]:
    """ATX headings outside fenced code, in order (found once per document and range: each
    style's ``detect`` and ``parse`` asks for them)."""

    def find() -> tuple[Heading, ...]:
        return tuple(
            heading
            for scanned in scan(doc, first, last)
            if not scanned.in_code and (heading := heading_of(scanned.line)) is not None
        )

    return list(doc.derived(("headings", first, last), find))


def first_heading(
    doc: Document, level: int, first: int = 1, last: int | None = None
) -> Heading | None:
    """The first heading of exactly ``level`` outside code, if any."""
    for heading in headings(doc, first, last):
        if heading.level == level:
            return heading
    return None


def checkbox_of(line: Line) -> Checkbox | None:
    match = _CHECKBOX.match(line.content)
    if match is None:
        return None
    return Checkbox(
        text=(match.group("text") or "").strip(),
        checked=match.group("mark") != " ",
        line=line,
        mark_offset=line.start + match.start("mark"),
    )


def section_label(line: Line) -> str | None:
    """The label of a line that only holds a bold label, like ``**Acceptance Criteria:**``."""
    match = _BOLD_LABEL_COLON_INSIDE.match(line.content) or _BOLD_LABEL.match(line.content)
    return match.group("label").strip() if match else None


def is_criteria_title(title: str) -> bool:
    return _CRITERIA_TITLE.search(title) is not None


def acceptance_criteria(doc: Document, first: int = 1, last: int | None = None) -> list[Checkbox]:
    """Check boxes under an "Acceptance Criteria" (or similar) section within the lines given.

    A section starts at a heading whose title looks like criteria, or at a line that holds
    only such a bold label; it ends at the next heading of the same or a higher level (a
    bold-label section ends at any heading or the next bold label or field line). Check
    boxes in fenced code are ignored.
    """
    text = doc.text
    start = doc.line_starts[first - 1] if first <= doc.line_count else len(text)
    end = doc.line_starts[last] if last is not None and last < doc.line_count else len(text)
    if _ANY_BOX.search(text, start, end) is None:
        return []  # no check box at all: nothing to scan
    region = text[start:end]
    title = _first_title_word(region)
    if title is None:
        return []  # no heading or label can open a criteria section
    if "```" not in region and "~~~" not in region:
        # Without fenced code, the lines before the first words that could title a criteria
        # section can neither open one nor change what follows: start there.
        first = max(first, doc.line_number(start + title))
    return _criteria_from(doc, first, last)


# A word each title _CRITERIA_TITLE matches holds, to find them without a regex.
_TITLE_WORDS = ("criteria", "definition", "dod", "checklist", "acceptance", "done")


def _first_title_word(text: str) -> int | None:
    """Where in ``text`` the first words that could title a criteria section are, or
    ``None`` when nothing could. (Finding plain words in lower-cased ASCII is several times
    faster than the case-insensitive regex; other text takes the regex.)"""
    if text.isascii():
        lowered = text.lower()
        found = [at for word in _TITLE_WORDS if (at := lowered.find(word)) >= 0]
        return min(found) if found else None
    match = _CRITERIA_TITLE.search(text)
    return match.start() if match else None


def _criteria_from(doc: Document, first: int, last: int | None) -> list[Checkbox]:
    """``acceptance_criteria``, scanning every line given."""
    found: list[Checkbox] = []
    section_level: int | None = None  # heading level of the open section; 7 for a bold label
    for scanned in scan(doc, first, last):
        if scanned.in_code:
            continue
        line = scanned.line
        heading = heading_of(line)
        if heading is not None:
            if section_level is not None and heading.level <= section_level:
                section_level = None
            if section_level is None and is_criteria_title(heading.title):
                section_level = heading.level
            continue
        label = section_label(line)
        if label is not None:
            if section_level == 7:
                section_level = None
            if section_level is None and is_criteria_title(label):
                section_level = 7
            continue
        if section_level == 7 and _BOLD_FIELD.match(line.content):
            section_level = None
        if section_level is not None:
            box = checkbox_of(line)
            if box is not None:
                found.append(box)
    return found
