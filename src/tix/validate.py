"""``tix validate``: everything wrong with a workspace, each problem at its place.

Errors: a file that cannot be read (from loading), an id defined more than once (every
location named), a dependency on an id that does not exist, on the ticket itself, a
dependency cycle, a status or a priority outside the workspace's vocabulary.

Warnings: a dependency written as text that names no ticket, a started or finished ticket
whose dependencies are not done, an epic whose stated total estimate is not the sum of its
tickets' estimates, text damaged by a wrong decode (mojibake).

Each problem is located at the field it is about (``path:line:col`` of the value) when the
file is at hand, else at the ticket's line. ``docs/validate.md`` documents every code.
"""

from __future__ import annotations

from collections.abc import Callable

from tix.catalog import Catalog
from tix.errors import Code, Problem, Severity
from tix.estimates import parse_estimate
from tix.graph import DependencyGraph, describe
from tix.model import StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary, StatusVocabulary

ERROR, WARNING = Severity.ERROR, Severity.WARNING
# A cycle of more tickets is written out once, at its first ticket; the others name it, so
# that the output grows with the tickets, not with their square.
CYCLE_SHOWN = 12


class Validator:
    """Checks one loaded workspace."""

    def __init__(
        self,
        catalog: Catalog,
        statuses: StatusVocabulary,
        priorities: PriorityVocabulary,
        shown_path: Callable[[str], str] | None = None,
    ) -> None:
        """``shown_path`` writes a path of the workspace as messages name other places
        (``tix validate FILE`` from another folder: as the problems' own paths are shown)."""
        self.shown_path = shown_path or (lambda path: path)
        self.catalog = catalog
        self.statuses = statuses
        self.priorities = priorities
        self.graph = DependencyGraph(catalog, statuses, priorities)
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        self.problems = list(self.catalog.problems)
        self._duplicates()
        for ticket in self.catalog.tickets:
            self._vocabulary(ticket)
        self._dependencies()
        self._cycles()
        self._epic_estimates()
        self._mojibake()
        return sorted(set(self.problems), key=Problem.sort_key)

    # -- helpers -------------------------------------------------------------------------

    def _at(self, ticket: Ticket, field: str | None) -> tuple[int, int]:
        """Line and column of ``field`` of ``ticket`` (its value), else of the ticket."""
        span = ticket.spans.get(field) if field else None
        found = self.catalog.position(ticket.path, span[0]) if span is not None else None
        return found or (ticket.line, 1)

    def _add(
        self, ticket: Ticket, field: str | None, code: Code, severity: Severity, message: str
    ) -> None:
        line, col = self._at(ticket, field)
        self.problems.append(Problem(ticket.path, line, col, code, severity, message))

    # -- checks --------------------------------------------------------------------------

    def _duplicates(self) -> None:
        for ticket_id, found in self.catalog.duplicates().items():
            # Each place as the problem at it is located: where the id is written.
            places = [f"{self.shown_path(t.path)}:{self._at(t, 'id')[0]}" for t in found]
            for ticket in found:
                others = ", ".join(p for p, t in zip(places, found, strict=True) if t is not ticket)
                self._add(
                    ticket,
                    "id",
                    Code.DUPLICATE_ID,
                    ERROR,
                    f"id {ticket_id} is also defined at {others}",
                )

    def _vocabulary(self, ticket: Ticket) -> None:
        if self.statuses.get(ticket.status) is None:
            keys = ", ".join(self.statuses.keys())
            self._add(
                ticket,
                "status",
                Code.UNKNOWN_STATUS,
                ERROR,
                f"{ticket.id} has status {ticket.status_text or ticket.status!r}, "
                f"which is not one of the workspace's statuses ({keys})",
            )
        if ticket.priority and self.priorities.resolve(ticket.priority) is None:
            keys = ", ".join(p.key for p in self.priorities.priorities)
            self._add(
                ticket,
                "priority",
                Code.UNKNOWN_PRIORITY,
                ERROR,
                f"{ticket.id} has priority {ticket.priority!r}, which is not one of the "
                f"workspace's priorities ({keys})",
            )

    def _dependencies(self) -> None:
        """Self, dangling and unresolved dependencies, and work started too early: one pass
        over the tickets, each dependency's description made once (at 10,000 tickets a
        third of them start too early in the benchmark, which names 5,000 dependencies)."""
        exists = self.catalog.with_id
        done = self.graph.is_done
        category = self.statuses.category
        started: dict[StatusCategory | None, str] = {
            StatusCategory.ACTIVE: "started",
            StatusCategory.DONE: "done",
        }
        described: dict[str, str] = {}
        for ticket in self.catalog.tickets:
            ticket_id = ticket.id
            for dependency in ticket.depends_on:
                if dependency == ticket_id:
                    self._add(
                        ticket,
                        "depends_on",
                        Code.SELF_DEPENDENCY,
                        ERROR,
                        f"{ticket_id} depends on itself",
                    )
                elif not exists(dependency):
                    self._add(
                        ticket,
                        "depends_on",
                        Code.DANGLING_DEPENDENCY,
                        ERROR,
                        f"{ticket_id} depends on {dependency}, which does not exist",
                    )
            for text in ticket.depends_on_unresolved:
                self._add(
                    ticket,
                    "depends_on",
                    Code.UNRESOLVED_DEPENDENCY,
                    WARNING,
                    f"{ticket_id} depends on {text!r}, which names no ticket",
                )
            state = started.get(category(ticket.status))
            if state is None or not ticket.depends_on:
                continue
            waiting = [d for d in ticket.depends_on if d != ticket_id and not done(d) and exists(d)]
            if waiting:
                for dependency in waiting:
                    if dependency not in described:
                        described[dependency] = describe(dependency, self.catalog, self.statuses)
                listing = ", ".join(described[d] for d in waiting)
                self._add(
                    ticket,
                    "status",
                    Code.STARTED_TOO_EARLY,
                    WARNING,
                    f"{ticket_id} is {state} but depends on tickets that are not done: {listing}",
                )

    def _cycles(self) -> None:
        """A cycle is reported at the dependencies of every ticket in it, each message
        starting from that ticket, so that checking any one of its files (a commit that
        closes the cycle from its last file) finds it. Tickets of the same strongly
        connected group off the cycle shown are on other cycles through it: they name it."""
        for members, cycle in self.graph.cycle_groups():
            if len(members) == 1:
                continue  # a ticket depending on itself is reported as such
            ring = cycle[:-1]
            position = {ticket_id: i for i, ticket_id in enumerate(ring)}
            first = ring[0]
            long = len(ring) > CYCLE_SHOWN  # then written out once, at its first ticket
            shown = (
                " -> ".join(cycle) if not long else f"the cycle of {len(ring)} tickets at {first}"
            )
            for ticket_id in members:
                found = self.catalog.with_id(ticket_id)
                if not found:
                    continue
                i = position.get(ticket_id)
                if i is None:
                    message = (
                        f"dependency cycle: {ticket_id} depends on itself through a cycle "
                        f"of its dependencies: {shown}"
                    )
                elif not long or i == 0:
                    message = "dependency cycle: " + " -> ".join([*ring[i:], *ring[: i + 1]])
                else:
                    after = ring[(i + 1) % len(ring)]
                    message = f"dependency cycle: {ticket_id} -> {after} -> ... ({shown})"
                self._add(found[0], "depends_on", Code.DEPENDENCY_CYCLE, ERROR, message)

    def _epic_estimates(self) -> None:
        for epic in self.catalog.epics:
            stated = parse_estimate(epic.estimate)
            if stated is None:
                continue
            members = [
                t for t in self.catalog.tickets if t.epic == epic.key and t.path == epic.path
            ]
            estimates = [parse_estimate(t.estimate) for t in members]
            if not members or any(e is None for e in estimates):
                continue
            low = sum(e.low for e in estimates if e is not None)
            high = sum(e.high for e in estimates if e is not None)
            if not low <= stated.hours <= high:
                total = f"{low:g}" if low == high else f"{low:g}-{high:g}"
                line, col = epic.estimate_at or (epic.line, 1)
                self.problems.append(
                    Problem(
                        epic.path,
                        line,
                        col,
                        Code.EPIC_ESTIMATE,
                        WARNING,
                        f"epic {epic.key} states {epic.estimate} in total, but its "
                        f"{len(members)} tickets add up to {total} hours",
                    )
                )

    def _mojibake(self) -> None:
        for path, found in self.catalog.damage.items():
            for damage in found:
                self.problems.append(
                    Problem(
                        path,
                        damage.line,
                        damage.column,
                        Code.MOJIBAKE,
                        WARNING,
                        f"{damage.damaged!r} is {damage.repaired!r} damaged by a wrong decode "
                        f"(UTF-8 read as {damage.codec} and saved again)",
                    )
                )
