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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tix.catalog import Catalog
from tix.dialects import ParseContext
from tix.document import Document, Edit
from tix.edit import ANY, Change, field_edits, signature, verify
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
    parse_dependency_list,
)
from tix.graph import DependencyGraph, describe
from tix.model import Status, StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary, split_leading_emoji
from tix.workspace import Workspace
from tix.workspace.files import (
    FileChangedError,
    atomic_write,
    file_lock,
    replace_if_unchanged,
    writable,
)

if TYPE_CHECKING:
    from tix.edit.create import NewTicket

ATTEMPTS = 5
# The lock ``tix new`` holds while it picks an id and writes it (named like a file of the
# workspace, which need not exist: see ``file_lock``).
NEW_TICKET_LOCK = ".tix/new-ticket"
_ASSIGNMENT = re.compile(r"^(?P<name>[^=+\-][^=]*?)\s*(?P<op>\+=|-=|=)\s*(?P<value>.*)$", re.DOTALL)
_LIST_FIELDS = frozenset({"labels", "depends_on", "assignee"})
# Ids become file names: nothing that could leave a folder or mean something to a file system.
_SAFE_ID = re.compile(r"^(?!\.)[\w.-]{1,100}$")
_NOT_SETTABLE = {
    "id": "ids are not changed by tix set",
    "status": "use tix update ID STATUS to change a status",
    "blocked_reason": "use tix update ID blocked REASON",
}
_NOT_A_NEW_FIELD = {  # tix new --field
    "id": "give it with --id",
    "status": "give it with --status",
    "blocked_reason": "block the ticket once it exists: tix update ID blocked REASON",
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

    def __init__(
        self, workspace: Workspace, catalog: Catalog | None = None, *, use_cache: bool = True
    ) -> None:
        """``use_cache=False``: read the files whenever the workspace is read again, and
        leave the index alone (``tix --no-cache``)."""
        self.workspace = workspace
        self.use_cache = use_cache
        self._use(catalog if catalog is not None else workspace.load(use_cache=use_cache))

    def _use(self, catalog: Catalog) -> None:
        """Edit with ``catalog`` as the workspace's tickets."""
        workspace = self.workspace
        self.catalog = catalog
        self.statuses = workspace.knowledge.statuses
        self.writer = StatusWriter(
            self.catalog.tickets, self.statuses, census=self.catalog.status_census
        )
        priorities = PriorityVocabulary(workspace.config.priorities)
        self.graph = DependencyGraph(self.catalog, self.statuses, priorities)

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

    def open_dependencies(self, ticket: Ticket) -> list[str]:
        """Each dependency of ``ticket`` that is not done, described with its status."""
        return [describe(d, self.catalog, self.statuses) for d in self.graph.waiting_on(ticket)]

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
        if reason is not None:
            one_line(reason, "a reason")
        if reason is not None and target.category is not StatusCategory.BLOCKED:
            raise TixError(
                f"a reason goes with a blocked status, not {target.key}",
                code=Code.USAGE,
                hint=f'tix update {ticket.id} blocked "{reason}"',
            )
        if target.key == ticket.status and (reason is None or reason == ticket.blocked_reason):
            summary = f"{ticket.id} is already {target.label}"  # nothing to check or write
            return Change(ticket.path, Document(""), Document(""), ticket.id, summary, [])
        if target.category in (StatusCategory.ACTIVE, StatusCategory.DONE):
            waiting = self.open_dependencies(ticket)
            listing = ", ".join(waiting)
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
        before = self.statuses.display(ticket.status, ticket.status_text)
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
        warnings = [
            warning
            for name, op, value in parsed
            if name == "depends_on" and op != "-="
            for warning in self._dependency_warnings(ticket, as_list(value))
        ]

        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> Plan:
            result = Plan()
            extras: dict[str, str | None] = {}
            lists: dict[str, list[str]] = {}
            for name, op, value in parsed:
                key, written_value, expected = self._field_change(
                    doc, current, name, op, value, lists
                )
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
        return self._commit(ticket, plan, f"{ticket.id}: {names}", warnings, dry_run=dry_run)

    def _dependency_warnings(self, ticket: Ticket, added: list[str]) -> list[str]:
        """What is wrong with making ``ticket`` depend on ``added`` that ``tix validate``
        would report: refused when it names the ticket itself, warned of otherwise."""
        warnings = []
        for dependency in added:
            if len(dependency.split(maxsplit=1)) > 1:
                continue  # text, not an id: tix validate says it names no ticket
            if dependency == ticket.id:
                raise TixError(f"{ticket.id} cannot depend on itself")
            if not self.catalog.with_id(dependency):
                warnings.append(f"{dependency} does not exist (tix validate reports it)")
                continue
            cycle = self.graph.path(dependency, ticket.id)
            if cycle:
                shown = " -> ".join([ticket.id, *cycle])
                warnings.append(f"this makes a dependency cycle: {shown}")
        return warnings

    def _parse_assignment(self, text: str, *, new: bool = False) -> tuple[str, str, str]:
        """``(field, operator, value)`` of ``FIELD=VALUE``, ``FIELD+=X`` or ``FIELD-=X``
        (``new``: a ``--field`` of ``tix new``)."""
        match = _ASSIGNMENT.match(text)
        if match is None:
            raise TixError(
                f"not FIELD=VALUE: {text!r}",
                code=Code.USAGE,
                hint="e.g. priority=P1 or depends_on+=X-2",
            )
        name = one_line(match.group("name").strip(), "a field name")
        canonical = self.workspace.knowledge.field_names.canonical(name)
        refused = (_NOT_A_NEW_FIELD if new else _NOT_SETTABLE).get(canonical or "")
        if refused:
            raise TixError(f"cannot set {name}: {refused}", code=Code.USAGE)
        op = match.group("op")
        if op != "=" and canonical not in _LIST_FIELDS:
            raise TixError(
                f"{op} works on lists ({', '.join(sorted(_LIST_FIELDS))}), not {name}",
                code=Code.USAGE,
            )
        return canonical or name, op, one_line(match.group("value").strip(), f"{name}'s value")

    def _field_change(
        self,
        doc: Document,
        ticket: Ticket,
        name: str,
        op: str,
        value: str,
        lists: dict[str, list[str]] | None = None,
    ) -> tuple[str, FieldValue, dict[str, Any]]:
        """``(change key, value to write, expected ticket values)`` for one assignment.
        ``lists`` carries each list field's items from one assignment to the next, so that
        ``labels+=a labels+=b`` adds both."""
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
            span = ticket.spans.get(name)
            original = doc.text[span[0] : span[1]] if span else ""
            written = None
            if ticket.dialect == "frontmatter":
                from tix.edit.frontmatter import list_items

                written = list_items(original)
            if lists is not None and name in lists:
                current = lists[name]
            elif written:  # a YAML list's items as written, in order: "A-2 (after review)"
                current = written
            else:
                current = {
                    "labels": list(ticket.labels),
                    "depends_on": list(ticket.depends_on) + list(ticket.depends_on_unresolved),
                    "assignee": list(ticket.assignees),
                }[name]
            ids = self.workspace.knowledge.id_reference

            def names(item: str) -> list[str]:
                """What ``-=`` may call an item by: as written, or the one id it names."""
                if name != "depends_on":
                    return [item]
                found = parse_dependency_list([item], ids)[0]
                return [item, *found] if len(found) == 1 else [item]

            given = as_list(value)
            if op == "+=":
                known = {n for item in current for n in names(item)}
                items = current + [item for item in given if item not in known]
            elif op == "-=":
                called = [names(item) for item in current]
                missing = [g for g in given if not any(g in n for n in called)]
                if missing:
                    raise TixError(f"{ticket.id} has no {name} {', '.join(missing)}")
                items = [
                    item for item, n in zip(current, called, strict=True) if not set(n) & set(given)
                ]
            else:
                items = given
            if lists is not None:
                lists[name] = items
            if op == "=" and not items:  # "labels=": no labels, and no field either
                return name, None, self._expected_list(ticket, name, [], original)
            return (
                name,
                self._list_value(ticket, name, items, original),
                self._expected_list(ticket, name, items, original),
            )
        if name == "points" and value and leading_number(value) is None:
            raise TixError(f"points must be a number, not {value!r}", code=Code.USAGE)
        if not value or is_none_word(value):
            # The ticket may then take the value its file gives all its tickets (the epic of
            # an epic file, the sprint of the heading above): any value will do.
            inherited = ticket.dialect == "sections" and name in ("epic", "sprint", "milestone")
            return name, None, {_model_name(name): ANY if inherited else None}
        expected: Any = value
        if f"{name}.checklist" in ticket.spans:
            expected = ANY  # the list's own item is the value: "critical" checks "Critical (P0)"
        elif name == "points":
            expected = leading_number(value)
        elif name == "priority":
            expected = split_leading_emoji(value)[1] or value  # "🔴 High" reads as "High"
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
            ids, unresolved = parse_dependency_list(items, self.workspace.knowledge.id_reference)
            return {"depends_on": ids, "depends_on_unresolved": unresolved}
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
                )
            return number - 1
        wanted = which.strip().casefold()
        exact = [i for i, c in enumerate(ticket.criteria) if c.text.casefold() == wanted]
        partial = [i for i, c in enumerate(ticket.criteria) if wanted in c.text.casefold()]
        found = exact or partial
        if len(found) == 1:
            return found[0]
        if not found:
            raise TixError(f"no criterion of {ticket.id} matches {which!r}")
        texts = "; ".join(f"{i + 1}: {ticket.criteria[i].text}" for i in found)
        raise TixError(
            f"{which!r} matches several criteria of {ticket.id}: {texts}",
            hint="give the number",
        )

    # -- new tickets ---------------------------------------------------------------------

    def new_ticket(
        self,
        title: str,
        *,
        in_file: str | None = None,
        epic: str | None = None,
        status: str | None = None,
        priority: str | None = None,
        fields: Sequence[str] = (),
        ticket_id: str | None = None,
        dry_run: bool = False,
    ) -> Change:
        """Add a ticket: to a file of many tickets in its style, or as a front-matter file.

        One process at a time picks a new id and writes it: under the workspace's lock for
        new tickets, the workspace is read again, so that two ``tix new`` at once (to two
        epic files, or two new files) never take the same next id."""
        arguments = (title, in_file, epic, status, priority, fields, ticket_id, dry_run)
        if dry_run:
            return self._new_ticket(*arguments)
        with file_lock(self.workspace.root, NEW_TICKET_LOCK):
            self._use(self.workspace.load(use_cache=self.use_cache))
            return self._new_ticket(*arguments)

    def _new_ticket(
        self,
        title: str,
        in_file: str | None,
        epic: str | None,
        status: str | None,
        priority: str | None,
        fields: Sequence[str],
        ticket_id: str | None,
        dry_run: bool,
    ) -> Change:
        from tix.edit import create  # and the table editing with it: for tix new only

        if not title.strip():
            raise TixError("a new ticket needs a title", code=Code.USAGE)
        one_line(title, "a title")
        target = (
            self.resolve_status(status)
            if status
            else self.statuses.get(self.workspace.knowledge.default_status)
        )
        assert target is not None
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for text in fields:
            name, op, value = self._parse_assignment(text, new=True)
            if op != "=":
                raise TixError(f"--field takes FIELD=VALUE, not {text!r}", code=Code.USAGE)
            if name in CANONICAL_FIELDS:
                values[name] = value
            else:
                extra[name] = value
        if priority:
            values["priority"] = priority
        template, epic_key = self._template(in_file, epic)
        file_tickets: list[Ticket] = []
        as_read = template
        if template is not None:
            # Read its file again: the index keeps no field names' spans (where a field is
            # written, not inherited), and those decide what the new ticket writes.
            file_tickets = self.workspace.parse(self.workspace.read_document(template.path)).tickets
            as_read = next(
                (t for t in file_tickets if (t.id, t.line) == (template.id, template.line)),
                template,
            )
        epic_from_file = as_read is not None and "epic.key" not in as_read.spans
        if epic_key and not (epic_from_file and template is not None and template.epic == epic_key):
            values.setdefault("epic", epic_key)
        if template is not None:
            family = [t.id for t in self.catalog.tickets if t.path == template.path] or [
                template.id
            ]
            new_id = ticket_id or create.next_id(family[-1], self.catalog.ids())
        else:
            new_id = ticket_id or self._first_id()
        safe_id(new_id)
        if self.catalog.with_id(new_id):
            raise TixError(f"ticket {new_id} already exists")
        dialect = template.dialect if template is not None else "frontmatter"
        path = template.path if template is not None and dialect in ("sections", "table") else None
        values["status"] = self.writer.form(target.key, path=path or "", dialect=dialect)
        if template is not None and dialect == "sections":
            for name in ("sprint", "milestone"):  # the new ticket sits where the template does
                if name not in values and getattr(template, name):
                    values[name] = getattr(template, name)
            if target.key == self.workspace.knowledge.default_status and not any(
                "status.key" in t.spans for t in file_tickets
            ):
                del values["status"]  # this file writes no status for the default one
        new = create.NewTicket(new_id, title.strip(), values, extra)
        if path is not None and template is not None:
            return self._append(template, new, dry_run=dry_run)
        return self._create_file(new, dry_run=dry_run)

    def _template(self, in_file: str | None, epic: str | None) -> tuple[Ticket | None, str | None]:
        """The ticket to copy, and the epic key the new ticket belongs to."""
        if in_file is not None:
            relpath = self.workspace.relpath(inside_workspace(self.workspace.root, in_file))
            in_that_file = [t for t in self.catalog.tickets if t.path == relpath]
            if not in_that_file:
                raise TixError(
                    f"{relpath} holds no tickets to add to",
                    hint="leave out --in to create a file",
                )
            if in_that_file[0].dialect not in ("sections", "table"):
                raise TixError(
                    f"{relpath} holds one ticket; tix new adds to files of many tickets",
                )
            return max(in_that_file, key=lambda t: t.line), None
        if epic is None:
            return None, None
        wanted = epic.strip().casefold()
        for described in self.catalog.epics:
            names = {described.key.casefold(), (described.name or "").casefold()}
            if described.name:
                names.add(f"{described.key}: {described.name}".casefold())
            if wanted in names:
                members = [t for t in self.catalog.tickets if t.epic == described.key]
                in_file_of_epic = [t for t in members if t.path == described.path] or members
                if in_file_of_epic:
                    return max(
                        in_file_of_epic, key=lambda t: (t.path == described.path, t.line)
                    ), described.key
                return None, described.key
        members = [t for t in self.catalog.tickets if (t.epic or "").casefold() == wanted]
        if not members:
            known = ", ".join(
                sorted(
                    {e.key for e in self.catalog.epics}
                    | {t.epic for t in self.catalog.tickets if t.epic}
                )
            )
            raise TixError(f"no epic {epic!r}", hint=f"epics: {known}" if known else None)
        many = [t for t in members if t.dialect in ("sections", "table")]
        if many:
            return max(many, key=lambda t: t.line), members[0].epic
        return members[-1], members[0].epic

    def _first_id(self) -> str:
        numbered = [t.id for t in self.catalog.tickets if re.search(r"\d", t.id)]
        if not numbered:
            raise TixError(
                "cannot tell how ids look in this workspace",
                hint="give --id, e.g. --id PROJ-001",
            )
        prefixes: dict[str, int] = {}
        for ticket_id in numbered:
            match = re.match(r"^(.*?)\d", ticket_id)
            key = match.group(1) if match else ""
            prefixes[key] = prefixes.get(key, 0) + 1
        common = max(prefixes, key=lambda key: prefixes[key])
        sample = [i for i in numbered if i.startswith(common)][-1]
        from tix.edit import create

        return create.next_id(sample, self.catalog.ids())

    def _append(self, template: Ticket, new: NewTicket, *, dry_run: bool) -> Change:
        from tix.edit.create import section_ticket_edit, table_row_edit

        context = ParseContext(template.path, self.workspace.knowledge)

        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> list[Edit]:
            if current.dialect == "table":
                cells = {"id": new.ticket_id, "title": new.title, **new.values}
                return [table_row_edit(doc, current, cells)]
            return [section_ticket_edit(doc, context, current, new)]

        summary = f"{new.ticket_id}: {new.title} ({template.path})"
        return self._commit_new(template, new, plan, summary, dry_run=dry_run)

    def _create_file(self, new: NewTicket, *, dry_run: bool) -> Change:
        from tix.edit.create import frontmatter_text, slug

        native = [t for t in self.catalog.tickets if t.dialect == "frontmatter"]
        folder = self.workspace.config.new_tickets
        if folder is None:
            folders: dict[str, int] = {}
            for ticket in native:
                parent = ticket.path.rpartition("/")[0]
                folders[parent] = folders.get(parent, 0) + 1
            folder = max(folders, key=lambda f: folders[f]) if folders else ""
        name = f"{new.ticket_id}-{slug(new.title)}" if slug(new.title) else new.ticket_id
        relpath = f"{folder.strip('/')}/{name}.md" if folder.strip("/") else f"{name}.md"
        path = inside_workspace(self.workspace.root, relpath)
        if path.exists():
            raise TixError(f"{relpath} already exists")
        template = next((t for t in reversed(native) if t.path.startswith(folder.strip("/"))), None)
        template_doc = self.workspace.read_document(template.path) if template is not None else None
        newline = template_doc.newline if template_doc is not None else "\n"
        after = Document(frontmatter_text(new, template, template_doc, newline), path=relpath)
        created = self.workspace.parse(after).tickets
        if [t.id for t in created] != [new.ticket_id] or created[0].title != new.title:
            raise TixError(
                "the new ticket would not read back as written; nothing was written", path=relpath
            )
        change = Change(
            relpath,
            Document("", path=relpath),
            after,
            new.ticket_id,
            f"{new.ticket_id}: {new.title} ({relpath})",
            [],
        )
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(self.workspace.root, relpath):
                if path.exists():
                    raise TixError(f"{relpath} already exists")
                atomic_write(path, after.to_bytes())
            change.written = True
        return change

    def _commit_new(
        self,
        template: Ticket,
        new: NewTicket,
        planner: Callable[[Document, Ticket, list[Ticket]], list[Edit]],
        summary: str,
        *,
        dry_run: bool,
    ) -> Change:
        def plan(doc: Document, current: Ticket, file_tickets: list[Ticket]) -> Plan:
            return Plan(edits=planner(doc, current, file_tickets))

        def check_file(before: list[Ticket], after: list[Ticket]) -> None:
            added = [t for t in after if t.id == new.ticket_id]
            others = [t for t in after if t.id != new.ticket_id]
            if len(added) != 1 or [signature(t) for t in others] != [signature(t) for t in before]:
                raise TixError(
                    "the new ticket would not read back as written; nothing was written",
                    path=template.path,
                    hint="this is a bug in tix: please report it with the file",
                )
            if added[0].title != new.title:
                raise TixError(
                    f"the new ticket would read title={added[0].title!r}; nothing was written",
                    path=template.path,
                )

        change = self._commit(template, plan, summary, [], dry_run=dry_run, verify_file=check_file)
        change.ticket_id = new.ticket_id
        return change

    # -- committing ----------------------------------------------------------------------

    def _commit(
        self,
        ticket: Ticket,
        planner: Planner,
        summary: str,
        warnings: list[str],
        *,
        dry_run: bool,
        verify_file: Callable[[list[Ticket], list[Ticket]], None] | None = None,
    ) -> Change:
        path = self.workspace.root / ticket.path
        if not dry_run and not writable(path):
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
                after_result = self.workspace.parse(after)
                after_tickets = after_result.tickets
                if verify_file is not None:
                    verify_file(file_tickets, after_tickets)
                else:
                    verify(file_tickets, after_tickets, index, plan.expected, plan.check)
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
                self.workspace.remember(ticket.path, after, after_result)
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


def one_line(value: str, what: str) -> str:
    """``value`` when it has no line break; a usage ``TixError`` otherwise. Field values,
    titles and reasons are one line in every style tix writes (a field line, a table cell,
    a heading), so a line break would make the ticket read differently."""
    if any(mark in value for mark in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        raise TixError(
            f"{what} cannot hold a line break: {value!r}",
            code=Code.USAGE,
            hint="write it on one line; longer text goes in the ticket's body",
        )
    return value


def safe_id(ticket_id: str) -> str:
    """``ticket_id`` when it can name a file; a usage ``TixError`` otherwise."""
    if not _SAFE_ID.match(ticket_id):
        raise TixError(
            f"{ticket_id!r} cannot be an id",
            code=Code.USAGE,
            hint="letters, digits, '.', '_' and '-', not starting with '.'",
        )
    return ticket_id


def inside_workspace(root: Path, relpath: str) -> Path:
    """``root / relpath``, refusing paths that leave the workspace."""
    if "\x00" in relpath:
        raise TixError("a path cannot contain a NUL character", code=Code.USAGE)
    candidate = (root / relpath).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        raise TixError(f"{relpath} is outside the workspace", code=Code.USAGE) from None
    return candidate
