"""Changing tickets in place: edits that touch only the bytes that must change.

Every change is planned as span replacements on the file's ``Document`` by the editor of the
ticket's style (``frontmatter``, ``textfields`` for field lines, ``tables``), applied in
memory, and checked by parsing the result again: the ticket must now say what was asked and
every other ticket of the file must read exactly as before. Only then is the file written,
atomically and under the file's lock (``tix.workspace.files``). ``operations`` holds the
commands' logic (update, set, check, new) on top of this.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tix.dialects import ParseContext
from tix.document import Document, Edit
from tix.edit.frontmatter import frontmatter_edits
from tix.edit.textfields import FieldValue, text_field_edits
from tix.errors import TixError
from tix.model import Ticket

# The fields an edit is checked against: unchanged unless the edit meant to change them.
CHECKED_FIELDS = (
    "id", "title", "status", "blocked_reason", "priority", "assignees", "type", "epic",
    "sprint", "milestone", "parent", "labels", "depends_on", "depends_on_unresolved",
    "estimate", "points",
)  # fmt: skip


ANY = object()  # an expected value that any outcome satisfies (an inherited value, say)


@dataclass
class Change:
    """One planned (or made) change of one file."""

    path: str
    before: Document
    after: Document
    ticket_id: str
    summary: str
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.before.to_bytes() != self.after.to_bytes()

    def diff(self) -> str:
        """A unified diff of the change, as ``git diff`` would show it."""
        lines = difflib.unified_diff(
            self.before.text.splitlines(keepends=True),
            self.after.text.splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


def field_edits(
    doc: Document,
    context: ParseContext,
    ticket: Ticket,
    changes: Mapping[str, FieldValue],
    neighbours: Sequence[Ticket] = (),
) -> list[Edit]:
    """The edits that give ``ticket`` (kept in ``doc``) the ``changes``, in its own style."""
    if ticket.dialect == "frontmatter":
        return frontmatter_edits(doc, ticket, changes)
    if ticket.dialect == "table":
        from tix.edit.tables import table_edits  # and the table parser: for tables only

        return table_edits(doc, ticket, changes)
    return text_field_edits(doc, context, ticket, changes, neighbours)


def signature(ticket: Ticket) -> dict[str, Any]:
    """What a ticket says, without where it says it (lines move when another ticket grows)."""
    data = ticket.values()
    del data["line"]
    data["body"] = ticket.body.rstrip()  # blank lines between tickets belong to no one
    return data


def verify(
    before: Sequence[Ticket],
    after: Sequence[Ticket],
    index: int,
    expected: Mapping[str, Any],
    check: Callable[[Ticket], str | None] | None = None,
) -> None:
    """Refuse an edit whose result does not read as intended.

    ``before[index]`` is the ticket edited: after the edit it must have the ``expected``
    values, keep every other checked field, and pass ``check``. Every other ticket must read
    exactly as before.
    """
    path = before[index].path
    if len(after) != len(before) or [t.id for t in after] != [t.id for t in before]:
        raise TixError(
            "the edit would change which tickets the file holds; nothing was written",
            path=path,
            hint="this is a bug in tix: please report it with the file",
        )
    for position, (old, new) in enumerate(zip(before, after, strict=True)):
        if position != index:
            if signature(old) != signature(new):
                raise TixError(
                    f"the edit would also change {old.id}; nothing was written",
                    path=path,
                    line=old.line,
                    hint="this is a bug in tix: please report it with the file",
                )
            continue
        for name in CHECKED_FIELDS:
            wanted = expected[name] if name in expected else getattr(old, name)
            if wanted is not ANY and getattr(new, name) != wanted:
                raise TixError(
                    f"after the edit {old.id} would read {name}={getattr(new, name)!r}, "
                    f"not {wanted!r}; nothing was written",
                    path=path,
                    line=old.line,
                )
        problem = check(new) if check else None
        if problem:
            raise TixError(f"{problem}; nothing was written", path=path, line=old.line)
