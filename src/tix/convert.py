"""Moving a workspace to tix's native style: one front-matter file per ticket.

``plan_conversion`` works out, without writing anything, what ``tix convert --to frontmatter``
does to each file that holds tickets in another style:

- A file that is one ticket (bold field lines under an H1) is rewritten in place: its fields
  move into a front-matter block and the field lines leave the body; the rest of the file,
  headings and text, stays as it was. Links to the file keep working.
- A file of many tickets (sections of an epic file, rows of a table) gives one new file per
  ticket, ``<ID>-<slug>.md`` next to it, holding the ticket's fields as front-matter and its
  section (minus the field lines) as the body under an H1. What the tickets leave behind in
  the old file (the epic's heading and description, a status legend, an ``Epics`` list) stays
  there, byte for byte; a file left with nothing but headings and blank lines is removed.

Every field is carried over as written: the status with its emoji (so it resolves as before),
the priority, estimate and points, dependencies (the ones that name no ticket too), the epic
(and its name as ``epic_title``), fields tix does not model. Each new file is parsed back and
must give the same ticket, and each remainder must give no ticket, before anything is
planned; a mismatch is a ``TixError`` and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from tix.document import Document
from tix.edit.create import slug
from tix.edit.frontmatter import front_matter_entry
from tix.errors import TixError
from tix.markdown import heading_of, is_thematic_break, section_label
from tix.model import Ticket
from tix.workspace import Workspace

NATIVE = "frontmatter"


@dataclass
class FileChange:
    """One file the conversion writes (``content``) or removes (``content is None``)."""

    relpath: str
    content: str | None
    tickets: list[str] = field(default_factory=list)
    created: bool = False
    bom: bool = False

    def to_bytes(self) -> bytes:
        return Document(self.content or "", bom=self.bom).to_bytes()


@dataclass
class ConversionPlan:
    """Everything a conversion does, in the order it is done: new files first, then the old
    files rewritten or removed."""

    changes: list[FileChange] = field(default_factory=list)

    @property
    def ticket_count(self) -> int:
        return sum(len(change.tickets) for change in self.changes if change.content is not None)


def plan_conversion(
    workspace: Workspace, tickets: Iterable[Ticket], documents: dict[str, Document]
) -> ConversionPlan:
    """The changes that give each of ``tickets`` (those not already native) a front-matter
    file of its own; ``documents`` holds each ticket file as read."""
    by_file: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        if ticket.dialect != NATIVE:
            by_file.setdefault(ticket.path, []).append(ticket)
    plan = ConversionPlan()
    taken: set[str] = set()
    rewritten: list[FileChange] = []
    for relpath in by_file:
        doc = documents[relpath]
        # read again: a catalog from the cache keeps only the spans listings need
        file_tickets = [t for t in workspace.parse(doc).tickets if t.dialect != NATIVE]
        if len(file_tickets) == 1 and file_tickets[0].spans.get("ticket") == (0, len(doc.text)):
            ticket = file_tickets[0]
            frame, start = _frame_entries(workspace, doc, ticket)
            content = _front_matter(ticket, doc.newline, frame) + _without_fields(
                doc, ticket, start
            )
            _check(workspace, relpath, content, [ticket])
            rewritten.append(FileChange(relpath, content, [ticket.id]))
            continue
        folder = PurePosixPath(relpath).parent
        for ticket in file_tickets:
            name = _free_name(workspace, folder, ticket, taken)
            content = _front_matter(ticket, doc.newline) + _section_body(doc, ticket)
            _check(workspace, name, content, [ticket])
            plan.changes.append(FileChange(name, content, [ticket.id], created=True))
        remainder = _remainder(doc, file_tickets)
        _check(workspace, relpath, remainder, [])
        kept = remainder if _has_content(remainder) else None
        rewritten.append(FileChange(relpath, kept, [], bom=doc.bom))
    plan.changes += rewritten
    return plan


def apply_conversion(
    workspace: Workspace, plan: ConversionPlan, documents: dict[str, Document]
) -> None:
    """Carry out ``plan``: write the new files, then rewrite or remove the old ones, each under
    its lock and only if it still holds what was read (a ``TixError`` otherwise).

    New files come first, so an interruption leaves tickets twice (``tix validate`` reports
    the duplicate ids) rather than lost."""
    from tix.edit.operations import inside_workspace
    from tix.workspace.files import (
        FileChangedError,
        atomic_write,
        file_lock,
        remove_if_unchanged,
        replace_if_unchanged,
        writable,
    )

    protected = [
        change.relpath
        for change in plan.changes
        if not change.created and not writable(workspace.root / change.relpath)
    ]
    if protected:
        raise TixError(
            f"read-only, so nothing was converted: {', '.join(protected)}",
            hint="make the files writable, or exclude them",
        )
    for change in plan.changes:
        path = inside_workspace(workspace.root, change.relpath)
        if change.created:
            if path.exists():
                raise TixError(f"{change.relpath} already exists", path=change.relpath)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, change.to_bytes())
            continue
        expected = documents[change.relpath].to_bytes()
        with file_lock(workspace.root, change.relpath):
            try:
                if change.content is None:
                    remove_if_unchanged(path, expected)
                else:
                    replace_if_unchanged(path, expected, change.to_bytes())
            except FileChangedError:
                raise TixError(
                    "the file changed while converting; its tickets now have new files too",
                    path=change.relpath,
                    hint="remove the new files or the old tickets, then run tix validate",
                ) from None


def _frame_entries(workspace: Workspace, doc: Document, ticket: Ticket) -> tuple[str, int]:
    """For a one-ticket file that opens with a front-matter of its own (fields its ticket
    inherits): that block's entries the ticket does not write itself, as written, and where
    the text after the block starts. ``("", 0)`` for a file without one."""
    from tix.dialects import ParseContext
    from tix.dialects.frontmatter import FrontMatterDialect

    front_matter = FrontMatterDialect().read(doc, ParseContext(ticket.path, workspace.knowledge))
    if front_matter is None:
        return "", 0
    block = front_matter.block
    entries = sorted(
        [*front_matter.fields.values(), *front_matter.extra.values()], key=lambda e: e.line
    )
    kept = []
    for entry, following in zip(entries, [*entries[1:], None], strict=True):
        if entry in front_matter.fields.values():
            continue  # the ticket carries this field's value (its own or inherited)
        start = doc.line(doc.line_number(entry.key_span[0])).start
        end = doc.line(following.line).start if following else block.content_end
        kept.append(doc.text[start:end])
    return "".join(kept), block.body_start


def _front_matter(ticket: Ticket, newline: str, frame: str = "") -> str:
    values: list[tuple[str, Any]] = [("id", ticket.id), ("title", ticket.title)]
    values += [
        ("status", ticket.status_text),
        ("blocked_reason", ticket.blocked_reason),
        ("priority", ticket.priority),
        ("assignee", ticket.assignees[0] if len(ticket.assignees) == 1 else ticket.assignees),
        ("type", ticket.type),
        ("epic", ticket.epic),
        ("epic_title", ticket.epic_name if ticket.epic_name != ticket.epic else None),
        ("sprint", ticket.sprint),
        ("milestone", ticket.milestone),
        ("parent", ticket.parent),
        ("labels", ticket.labels),
        ("depends_on", _dependencies(ticket)),
        ("estimate", ticket.estimate),
        ("points", ticket.points),
    ]
    values.append(("aliases", [alias for alias in ticket.aliases if alias != ticket.id]))
    values += list(ticket.extra.items())
    lines = ["---"]
    lines += [
        front_matter_entry(key, value)
        for key, value in values
        if value is not None and value != [] and value != ""
    ]
    text = newline.join(lines) + newline + frame
    if frame and not frame.endswith("\n"):
        text += newline
    return text + "---" + newline


def _dependencies(ticket: Ticket) -> list[str] | str:
    """The dependencies as a list of ids, or as text when some name no ticket, so that they
    read back the same way (text is split into ids and the rest)."""
    if ticket.depends_on_unresolved:
        return ", ".join(ticket.depends_on + ticket.depends_on_unresolved)
    return ticket.depends_on


def _field_lines(doc: Document, ticket: Ticket) -> list[tuple[int, int]]:
    """The whole lines (ending included) that hold the ticket's fields."""
    spans = []
    for name, (start, _end) in ticket.spans.items():
        if name.startswith("field_line."):
            line = doc.line(doc.line_number(start))
            if section_label(line) is None:  # "**Acceptance Criteria:**" heads a list: keep it
                spans.append((line.start, line.next_start))
    return sorted(set(spans))


def _without_fields(doc: Document, ticket: Ticket, start: int) -> str:
    """The text of ``doc`` from ``start`` to the ticket's end without its field lines."""
    end = ticket.spans.get("ticket", (0, len(doc.text)))[1]
    parts, at = [], start
    for line_start, line_end in _field_lines(doc, ticket):
        if line_start >= at and line_end <= end:
            parts.append(doc.text[at:line_start])
            at = line_end
            after = doc.line(doc.line_number(at)) if at < end else None
            # fields between blank lines: keep one blank line, not two
            if after is not None and not after.content.strip() and _ends_blank("".join(parts)):
                at = min(after.next_start, end)
    parts.append(doc.text[at:end])
    return "".join(parts)


def _ends_blank(text: str) -> bool:
    """Whether ``text`` ends with an empty line (or is empty)."""
    stripped = text.rstrip("\r\n")
    return not stripped or text[len(stripped) :].count("\n") >= 2


def _section_body(doc: Document, ticket: Ticket) -> str:
    """An H1 naming the ticket, then its section without the heading and field lines."""
    newline = doc.newline
    heading = f"# {ticket.id}: {ticket.title}" if ticket.title else f"# {ticket.id}"
    body_span = ticket.spans.get("body")
    text = ""
    if ticket.dialect != "table" and body_span is not None:
        text = _without_fields(doc, ticket, body_span[0])
    text = text.replace("\r\n", "\n").strip("\n")
    lines = ["", heading] + (["", *text.split("\n")] if text else [])
    return newline.join(lines) + newline


def _remainder(doc: Document, tickets: list[Ticket]) -> str:
    """``doc`` without the tickets' sections or rows."""
    spans = sorted(
        ticket.spans.get("ticket") or ticket.spans.get("row") or (0, 0) for ticket in tickets
    )
    parts, at = [], 0
    for start, end in spans:
        line = doc.line(doc.line_number(end)) if end < len(doc.text) else None
        # a row or section ends at its line's end: take the line ending with it
        if line is not None and end == line.end:
            end = line.next_start
        if start >= at:
            parts.append(doc.text[at:start])
            at = end
    parts.append(doc.text[at:])
    return "".join(parts)


def _has_content(text: str) -> bool:
    """Whether ``text`` says more than headings, rules and blank lines."""
    return any(
        line.content.strip() and heading_of(line) is None and not is_thematic_break(line)
        for line in Document(text).lines()
    )


def _free_name(workspace: Workspace, folder: PurePosixPath, ticket: Ticket, taken: set[str]) -> str:
    """A file name in ``folder`` for ``ticket``: its id and title, made safe (an id read from
    a file, ``../../T-1``, never names a path)."""
    safe = re.sub(r"[^\w.-]+", "-", ticket.id).strip(".-") or "ticket"
    stem = f"{safe}-{slug(ticket.title)}" if slug(ticket.title) else safe
    for number in range(1, 1000):
        name = stem if number == 1 else f"{stem}-{number}"
        relpath = str(folder / f"{name}.md") if str(folder) != "." else f"{name}.md"
        if relpath not in taken and not (workspace.root / relpath).exists():
            taken.add(relpath)
            return relpath
    raise TixError(f"no free file name for {ticket.id} in {folder}")


_COMPARED = (
    "id", "title", "status", "status_text", "priority", "assignee", "epic", "sprint",
    "milestone", "labels", "depends_on", "estimate", "points", "criteria_total",
)  # fmt: skip


def _check(workspace: Workspace, relpath: str, content: str, expected: list[Ticket]) -> None:
    """Parse ``content`` as ``relpath`` and insist it gives ``expected`` (same fields)."""
    result = workspace.parse(Document(content, path=relpath))
    got = [{k: t.summary()[k] for k in _COMPARED} for t in result.tickets]
    want = [{k: t.summary()[k] for k in _COMPARED} for t in expected]
    same_extras = len(result.tickets) == len(expected) and all(
        after.extra.get(key) == value
        for before, after in zip(expected, result.tickets, strict=True)
        for key, value in before.extra.items()
    )
    if got != want or not same_extras:
        what = ", ".join(t.id for t in expected) or "no ticket"
        raise TixError(
            f"converting would change {what}: the new text would read differently",
            path=relpath,
            hint="report this with the file; nothing was written",
        )
