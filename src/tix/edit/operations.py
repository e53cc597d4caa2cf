"""What the editing commands do: update a status, set fields, tick criteria.

``Editor`` works on a loaded workspace. Each operation finds the ticket, applies the rules
(dependencies must be done before work starts, a blocked ticket records its reason), plans
the edit in the ticket's own style, and commits it: under the file's lock it reads the file
again, re-plans on the fresh text, verifies the result by parsing it, and replaces the file
atomically unless it changed meanwhile (then it tries again). ``dry_run`` plans and verifies
without writing. Nothing here prints; each operation returns a ``Change``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tix.catalog import Catalog
from tix.dialects import ParseContext
from tix.document import Document, Edit
from tix.edit import Change, field_edits, verify
from tix.edit.style import StatusWriter
from tix.edit.textfields import FieldValue
from tix.errors import Code, TixError
from tix.fields import (
    CANONICAL_FIELDS,
    as_list,
    as_people,
    is_none_word,
    leading_number,
    parse_dependencies,
)
from tix.model import Status, StatusCategory, Ticket
from tix.workspace import Workspace
from tix.workspace.files import FileChangedError, file_lock, replace_if_unchanged

ATTEMPTS = 5
_ASSIGNMENT = re.compile(r"^(?P<name>[^=+\-][^=]*?)\s*(?P<op>\+=|-=|=)\s*(?P<value>.*)$", re.DOTALL)
_LIST_FIELDS = frozenset({"labels", "depends_on", "assignee"})
_NOT_SETTABLE = {
    "id": "ids are not changed by tix set",
    "status": "use tix update ID STATUS to change a status",
    "blocked_reason": "use tix update ID blocked REASON",
}


@dataclass
class Plan:
    """What to change in one ticket, and what it must read like afterwards."""

    changes: dict[str, FieldValue] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    expected: dict[str, Any] = field(default_factory=dict)
    check: Callable[[Ticket], str | None] | None = None


Planner = Callable[[Document, Ticket, list[Ticket]], Plan]


class Editor:
    """Editing operations on one workspace."""

    def __init__(self, workspace: Workspace, catalog: Catalog | None = None) -> None:
        self.workspace = workspace
        self.catalog = catalog if catalog is not None else workspace.load()
        self.statuses = workspace.knowledge.statuses
        self.writer = StatusWriter(self.catalog.tickets, self.statuses)

    # -- statuses ------------------------------------------------------------------------

    def resolve_status(self, word: str) -> Status:
        """The status ``word`` names (a key, label, alias or emoji)."""
        status = self.statuses.get(word.strip())
        if status is None:
            match = self.statuses.resolve(word)
            status = match.status if match is not None and not match.note else None
        if status is None:
            keys = ", ".join(self.statuses.keys())
            raise TixError(f"unknown status {word!r}", hint=f"statuses: {keys}")
        return status

    def open_dependencies(self, ticket: Ticket) -> list[tuple[str, str]]:
        """``(id, why)`` for each dependency of ``ticket`` that is not done."""
        waiting = []
        for dependency in ticket.depends_on:
            found = self.catalog.with_id(dependency)
            if not found:
                waiting.append((dependency, "not found"))
            elif any(self.statuses.category(t.status) is not StatusCategory.DONE for t in found):
                open_ones = [
                    t for t in found if self.statuses.category(t.status) is not StatusCategory.DONE
                ]
                waiting.append((dependency, self.status_label(open_ones[0])))
        return waiting

    def status_label(self, ticket: Ticket) -> str:
        status = self.statuses.get(ticket.status)
        if status is None:
            return ticket.status_text or ticket.status
        return f"{status.emoji} {status.label}" if status.emoji else status.label

    def update_status(
        self,
        reference: str,
        word: str,
        reason: str | None = None,
        *,
        force: bool = False,
        dry_run: bool = False,
    ) -> Change:
        """Move a ticket to another status, in the file's own way of writing it."""
        ticket = self.catalog.find(reference)
        target = self.resolve_status(word)
        warnings: list[str] = []
        if reason is not None and target.category is not StatusCategory.BLOCKED:
            raise TixError(
                f"a reason goes with a blocked status, not {target.key}",
                code=Code.USAGE,
                hint=f'tix update {ticket.id} blocked "{reason}"',
            )
        if target.category in (StatusCategory.ACTIVE, StatusCategory.DONE):
            waiting = self.open_dependencies(ticket)
            listing = ", ".join(f"{dep} ({why})" for dep, why in waiting)
            if waiting and not force:
                raise TixError(
                    f"{ticket.id} depends on tickets that are not done: {listing}",
                    hint="finish them first, or use --force",
                )
            if waiting:
                warnings.append(
                    f"{ticket.id} depends on tickets that are not done: {listing}; "
                    "updated anyway (--force)"
                )
        if target.category is StatusCategory.DONE:
            unchecked = len(ticket.criteria) - ticket.criteria_done
            if unchecked:
                message = f"{ticket.id} has {unchecked} unchecked acceptance criteria"
                if self.workspace.config.done_requires_criteria and not force:
                    raise TixError(message, hint="tick them with tix check, or use --force")
                warnings.append(message)
        before = self.status_label(ticket)
        form = self.writer.form(target.key, path=ticket.path, dialect=ticket.dialect, typed=word)
        default = self.workspace.knowledge.default_status

        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> Plan:
            result = Plan(changes={"status": form}, expected={"status": target.key})
            if target.category is StatusCategory.BLOCKED:
                if reason is not None:
                    result.changes["blocked_reason"] = reason
                    result.expected["blocked_reason"] = reason
            elif current.blocked_reason is not None:
                result.changes["blocked_reason"] = None
                result.expected["blocked_reason"] = None
            others_have_status = any(
                "status.key" in t.spans for t in file_tickets if t is not current
            )
            if (
                target.key == default
                and current.dialect == "sections"
                and len(file_tickets) > 1
                and "status.key" in current.spans
                and not others_have_status
            ):
                # None of this file's other tickets writes a status: here no status means the
                # default one, so going back to it removes the line (and restores the file).
                result.changes["status"] = None
            return result

        summary = (
            f"{ticket.id}: {before} -> {target.emoji + ' ' if target.emoji else ''}{target.label}"
        )
        if reason:
            summary += f" ({reason})"
        if target.key == ticket.status and (reason is None or reason == ticket.blocked_reason):
            summary = f"{ticket.id} is already {target.label}"
            return Change(ticket.path, Document(""), Document(""), ticket.id, summary, warnings)
        return self._commit(ticket, plan, summary, warnings, dry_run=dry_run)

    # -- fields --------------------------------------------------------------------------

    def set_fields(
        self, reference: str, assignments: Sequence[str], *, dry_run: bool = False
    ) -> Change:
        """Set, add to or remove from fields: ``priority=P1``, ``depends_on+=X``, ``labels-=ui``."""
        ticket = self.catalog.find(reference)
        parsed = [self._parse_assignment(text) for text in assignments]
        if not parsed:
            raise TixError("nothing to set", code=Code.USAGE, hint="give FIELD=VALUE")

        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> Plan:
            result = Plan()
            extras: dict[str, str | None] = {}
            for name, op, value in parsed:
                key, written_value, expected = self._field_change(doc, current, name, op, value)
                result.changes[key] = written_value
                if key.startswith("extra:"):
                    extras[key.removeprefix("extra:")] = (
                        None if written_value is None else str(written_value)
                    )
                else:
                    result.expected.update(expected)

            def check(new: Ticket) -> str | None:
                for name, value in extras.items():
                    actual = _extra_value(new, name)
                    if actual != value:
                        return (
                            f"after the edit {new.id} would read {name}={actual!r}, not {value!r}"
                        )
                return None

            result.check = check
            return result

        names = ", ".join(f"{name}{op}{value}" for name, op, value in parsed)
        return self._commit(ticket, plan, f"{ticket.id}: {names}", [], dry_run=dry_run)

    def _parse_assignment(self, text: str) -> tuple[str, str, str]:
        match = _ASSIGNMENT.match(text)
        if match is None:
            raise TixError(
                f"not FIELD=VALUE: {text!r}",
                code=Code.USAGE,
                hint="e.g. priority=P1 or depends_on+=X-2",
            )
        name = match.group("name").strip()
        canonical = self.workspace.knowledge.field_names.canonical(name)
        if canonical in _NOT_SETTABLE:
            raise TixError(f"cannot set {name}: {_NOT_SETTABLE[canonical]}", code=Code.USAGE)
        op = match.group("op")
        if op != "=" and canonical not in _LIST_FIELDS:
            raise TixError(
                f"{op} works on lists ({', '.join(sorted(_LIST_FIELDS))}), not {name}",
                code=Code.USAGE,
            )
        return canonical or name, op, match.group("value").strip()

    def _field_change(
        self, doc: Document, ticket: Ticket, name: str, op: str, value: str
    ) -> tuple[str, FieldValue, dict[str, Any]]:
        """``(change key, value to write, expected ticket values)`` for one assignment."""
        if name == "title" and ticket.dialect != "frontmatter" and "title.key" not in ticket.spans:
            raise TixError(
                f"{ticket.id} keeps its title in a heading; edit the heading to rename it",
                path=ticket.path,
                line=ticket.line,
            )
        if name not in CANONICAL_FIELDS:
            if ticket.dialect == "table":
                raise TixError(
                    f"{ticket.id} is a table row and its table has no {name} column",
                    path=ticket.path,
                    line=ticket.line,
                )
            return f"extra:{name}", (value or None), {}
        if name in _LIST_FIELDS:
            current = {
                "labels": list(ticket.labels),
                "depends_on": list(ticket.depends_on) + list(ticket.depends_on_unresolved),
                "assignee": list(ticket.assignees),
            }[name]
            given = as_list(value)
            if op == "+=":
                items = current + [item for item in given if item not in current]
            elif op == "-=":
                missing = [item for item in given if item not in current]
                if missing:
                    raise TixError(
                        f"{ticket.id} has no {name} {', '.join(missing)}", code=Code.USAGE
                    )
                items = [item for item in current if item not in given]
            else:
                items = given
            span = ticket.spans.get(name)
            original = doc.text[span[0] : span[1]] if span else ""
            return (
                name,
                self._list_value(ticket, name, items, original),
                self._expected_list(ticket, name, items, original),
            )
        if name == "points" and value and leading_number(value) is None:
            raise TixError(f"points must be a number, not {value!r}", code=Code.USAGE)
        if not value or is_none_word(value):
            return name, None, {_model_name(name): [] if name == "assignee" else None}
        expected: Any = value
        if name == "points":
            expected = leading_number(value)
        return name, value, {_model_name(name): expected}

    def _list_value(self, ticket: Ticket, name: str, items: list[str], original: str) -> FieldValue:
        if ticket.dialect == "frontmatter":
            if name == "assignee" and len(items) == 1 and original.lstrip()[:1] not in ("[", "-"):
                return items[0]  # one person stays a plain value
            return items
        if not items:
            return "None" if name == "depends_on" and ticket.dialect != "table" else None
        return ", ".join(items)

    def _expected_list(
        self, ticket: Ticket, name: str, items: list[str], original: str
    ) -> dict[str, Any]:
        if name == "assignee":
            return {"assignees": as_people(items)}
        if name == "labels":
            return {"labels": items}
        if ticket.dialect == "frontmatter" and (not original or original.lstrip()[:1] in "[-"):
            return {"depends_on": items, "depends_on_unresolved": []}
        ids, unresolved = parse_dependencies(
            ", ".join(items) or None, self.workspace.knowledge.id_reference
        )
        return {"depends_on": ids, "depends_on_unresolved": unresolved}

    # -- acceptance criteria -------------------------------------------------------------

    def check(
        self, reference: str, which: str, *, checked: bool = True, dry_run: bool = False
    ) -> Change:
        """Tick (or untick) acceptance criterion number ``which`` or the one matching it."""
        ticket = self.catalog.find(reference)
        if not ticket.criteria:
            raise TixError(
                f"{ticket.id} has no acceptance criteria", path=ticket.path, line=ticket.line
            )
        index = self._criterion_index(ticket, which)
        criterion = ticket.criteria[index]
        verb = "checked" if checked else "unchecked"
        if criterion.checked == checked:
            return Change(
                ticket.path,
                Document(""),
                Document(""),
                ticket.id,
                f"{ticket.id}: already {verb}: {criterion.text}",
                [],
            )

        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> Plan:
            mark = current.criteria[index].mark_offset
            return Plan(
                edits=[Edit(mark, mark + 1, "x" if checked else " ")],
                check=lambda new: (
                    None if new.criteria[index].checked == checked else "the box did not change"
                ),
            )

        summary = f"{ticket.id}: {verb} {index + 1}/{len(ticket.criteria)}: {criterion.text}"
        return self._commit(ticket, plan, summary, [], dry_run=dry_run)

    def _criterion_index(self, ticket: Ticket, which: str) -> int:
        if which.strip().isdigit():
            number = int(which)
            if not 1 <= number <= len(ticket.criteria):
                raise TixError(
                    f"{ticket.id} has criteria 1 to {len(ticket.criteria)}, not {number}",
                    code=Code.USAGE,
                )
            return number - 1
        wanted = which.strip().casefold()
        exact = [i for i, c in enumerate(ticket.criteria) if c.text.casefold() == wanted]
        partial = [i for i, c in enumerate(ticket.criteria) if wanted in c.text.casefold()]
        found = exact or partial
        if len(found) == 1:
            return found[0]
        if not found:
            raise TixError(f"no criterion of {ticket.id} matches {which!r}", code=Code.USAGE)
        texts = "; ".join(f"{i + 1}: {ticket.criteria[i].text}" for i in found)
        raise TixError(
            f"{which!r} matches several criteria of {ticket.id}: {texts}",
            code=Code.USAGE,
            hint="give the number",
        )

    # -- committing ----------------------------------------------------------------------

    def _commit(
        self, ticket: Ticket, planner: Planner, summary: str, warnings: list[str], *, dry_run: bool
    ) -> Change:
        path = self.workspace.root / ticket.path
        if not dry_run and not os.access(path, os.W_OK):
            raise TixError("the file is read-only; nothing was written", path=ticket.path)
        same = [t for t in self.catalog.tickets if t.path == ticket.path and t.id == ticket.id]
        ordinal = sorted(same, key=lambda t: t.line).index(ticket)
        context = ParseContext(ticket.path, self.workspace.knowledge)
        for _ in range(ATTEMPTS):
            lock = (
                contextlib.nullcontext() if dry_run else file_lock(self.workspace.root, ticket.path)
            )
            with lock:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise TixError(f"cannot read: {exc.strerror}", path=ticket.path) from None
                doc = Document.from_bytes(data, path=ticket.path)
                file_tickets = self.workspace.parse(doc).tickets
                matching = [t for t in file_tickets if t.id == ticket.id]
                if len(matching) <= ordinal:
                    raise TixError(f"{ticket.id} is no longer in this file", path=ticket.path)
                current = matching[ordinal]
                index = file_tickets.index(current)
                plan = planner(doc, current, file_tickets)
                edits = list(plan.edits)
                if plan.changes:
                    neighbours = [t for t in file_tickets if t is not current]
                    edits += field_edits(doc, context, current, plan.changes, neighbours)
                after = doc.apply(edits)
                verify(
                    file_tickets,
                    self.workspace.parse(after).tickets,
                    index,
                    plan.expected,
                    plan.check,
                )
                change = Change(ticket.path, doc, after, ticket.id, summary, warnings)
                if dry_run or not change.changed:
                    return change
                try:
                    replace_if_unchanged(path, data, after.to_bytes())
                except FileChangedError:
                    continue
                except OSError as exc:
                    raise TixError(
                        f"cannot write: {exc.strerror}; nothing was written", path=ticket.path
                    ) from None
                change.written = True
                return change
        raise TixError(
            "the file kept changing while tix was writing it", path=ticket.path, hint="try again"
        )


def _model_name(name: str) -> str:
    return "assignees" if name == "assignee" else name


def _extra_value(ticket: Ticket, name: str) -> str | None:
    for key, value in ticket.extra.items():
        if key.casefold() == name.casefold() or key == name:
            return None if value is None else str(value)
    return None
