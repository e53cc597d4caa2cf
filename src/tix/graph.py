"""The dependency graph of a workspace, and the questions people ask of it.

Nodes are ticket ids (an id several files define is one node, done only when every one of
them is done); an edge runs from a ticket to each id it depends on. Everything here is linear
in tickets plus dependencies: cycles are found with an iterative Tarjan's algorithm, trees are
walked with a visited set, and how much work a ticket unblocks is counted over the condensed
graph with bit sets freed as soon as nothing needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tix.catalog import Catalog, natural_key
from tix.model import StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary, StatusVocabulary

_OPEN = (StatusCategory.TODO, StatusCategory.ACTIVE)


@dataclass
class TreeNode:
    """One line of ``tix deps``: a ticket id, the tickets with that id, and its children."""

    ticket_id: str
    tickets: list[Ticket]
    children: list[TreeNode] = field(default_factory=list)
    cycle: bool = False  # seen already on the way here: shown, not followed
    repeated: bool = False  # shown already elsewhere in the tree: not expanded again


class DependencyGraph:
    """Dependencies between the tickets of a catalog."""

    def __init__(
        self, catalog: Catalog, statuses: StatusVocabulary, priorities: PriorityVocabulary
    ):
        self.catalog = catalog
        self.statuses = statuses
        self.priorities = priorities

    @cached_property
    def _edges(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The ids each id depends on (once each), and the ids that depend on each id; made
        on first use (``ready`` and ``blocked`` only look at each ticket's own dependencies)."""
        needs: dict[str, list[str]] = {}
        needed_by: dict[str, list[str]] = {}
        for ticket in self.catalog.tickets:
            wanted = needs.setdefault(ticket.id, [])
            for dependency in ticket.depends_on:
                if dependency not in wanted:
                    wanted.append(dependency)
                    needed_by.setdefault(dependency, []).append(ticket.id)
        return needs, needed_by

    @property
    def needs(self) -> dict[str, list[str]]:
        return self._edges[0]

    @property
    def needed_by(self) -> dict[str, list[str]]:
        return self._edges[1]

    # -- status helpers ------------------------------------------------------------------

    def category(self, ticket: Ticket) -> StatusCategory | None:
        return self.statuses.category(ticket.status)

    def is_done(self, ticket_id: str) -> bool:
        """Whether ``ticket_id`` exists and every ticket with that id is done."""
        return self._done.get(ticket_id, False)

    @cached_property
    def _done(self) -> dict[str, bool]:
        """Each id's doneness, in one pass (``ready`` and ``blocked`` ask for each
        dependency of every ticket)."""
        done: dict[str, bool] = {}
        category = self.statuses.category
        for ticket in self.catalog.tickets:
            done[ticket.id] = done.get(ticket.id, True) and (
                category(ticket.status) is StatusCategory.DONE
            )
        return done

    def is_open(self, ticket: Ticket) -> bool:
        """Not done (and not blocked, not of an unknown status): work that can move."""
        return self.category(ticket) in _OPEN

    def waiting_on(self, ticket: Ticket) -> list[str]:
        """The ids ``ticket`` depends on that are not done (or do not exist)."""
        return [dep for dep in ticket.depends_on if not self.is_done(dep)]

    def priority_order(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        return sorted(tickets, key=lambda t: (self.priorities.rank(t.priority), natural_key(t.id)))

    # -- questions -----------------------------------------------------------------------

    def ready(self, tickets: Iterable[Ticket] | None = None) -> list[Ticket]:
        """Tickets not started yet (status of category todo) whose dependencies are all done,
        most urgent first."""
        pool = self.catalog.tickets if tickets is None else tickets
        found = [
            t for t in pool if self.category(t) is StatusCategory.TODO and not self.waiting_on(t)
        ]
        return self.priority_order(found)

    def blocked(self) -> list[tuple[Ticket, list[str]]]:
        """Tickets whose status is blocked, and open tickets waiting on open dependencies,
        each with the ids it waits on."""
        found = []
        category, done = self.statuses.category, self._done
        for ticket in self.catalog.tickets:
            waiting = [dep for dep in ticket.depends_on if not done.get(dep, False)]
            kind = category(ticket.status)
            if kind is StatusCategory.BLOCKED or (waiting and kind in _OPEN):
                found.append((ticket, waiting))
        return found

    def tree(
        self, ticket_id: str, *, reverse: bool = False, ticket: Ticket | None = None
    ) -> TreeNode:
        """What ``ticket_id`` needs, recursively (``reverse``: what waits on it). A ticket met
        again on the same path is marked as a cycle; one already shown higher up in the tree,
        as repeated. Each ticket is expanded once, so the tree is linear in size. ``ticket``
        names which of several tickets with that id is the root (one named by its file): the
        tree then starts from its own dependencies, not from those of every ticket with it."""
        edges = self.needed_by if reverse else self.needs
        if ticket is None:
            root = TreeNode(ticket_id, self.catalog.with_id(ticket_id))
            first = edges.get(ticket_id, [])
        else:
            root = TreeNode(ticket_id, [ticket])
            first = edges.get(ticket_id, []) if reverse else list(dict.fromkeys(ticket.depends_on))
        expanded: set[str] = {ticket_id}
        on_path: set[str] = {ticket_id}
        # Depth first, in display order: (node, children left to visit).
        stack: list[tuple[TreeNode, Iterator[str]]] = [(root, iter(first))]
        while stack:
            node, children = stack[-1]
            child_id = next(children, None)
            if child_id is None:
                stack.pop()
                on_path.discard(node.ticket_id)
                continue
            child = TreeNode(child_id, self.catalog.with_id(child_id))
            node.children.append(child)
            if child_id in on_path:
                child.cycle = True
            elif child_id in expanded:
                child.repeated = True
            else:
                expanded.add(child_id)
                on_path.add(child_id)
                stack.append((child, iter(edges.get(child_id, []))))
        return root

    def path(self, start: str, goal: str) -> list[str]:
        """The shortest chain of dependencies from ``start`` to ``goal`` (both included), or
        an empty list when ``start`` does not depend on ``goal``, directly or not."""
        parents: dict[str, str] = {start: start}
        queue = [start]
        for node in queue:  # breadth first
            if node == goal:
                chain = [node]
                while node != start:
                    node = parents[node]
                    chain.append(node)
                return chain[::-1]
            for child in self.needs.get(node, []):
                if child not in parents:
                    parents[child] = node
                    queue.append(child)
        return []

    def cycles(self) -> list[list[str]]:
        """Every dependency cycle, as ``[A, B, ..., A]``, one per strongly connected group
        (and every ticket that depends on itself)."""
        return [cycle for _, cycle in self.cycle_groups()]

    def cycle_groups(self) -> list[tuple[list[str], list[str]]]:
        """Each strongly connected group of tickets (every ticket in it depends, through the
        others, on itself) with one cycle through its smallest id, as ``[A, B, ..., A]``; a
        ticket that depends on itself is a group of one."""
        found = []
        for component in self._components():
            if len(component) > 1:
                found.append((component, self._cycle_in(set(component))))
            elif component[0] in self.needs.get(component[0], []):
                found.append((component, [component[0], component[0]]))
        return found

    def unblocks(self, tickets: Iterable[Ticket]) -> dict[str, int]:
        """For each ticket given, how many open tickets wait on it, directly or not.

        Components come dependencies first, so walking them backwards meets every ticket
        after all the tickets that wait on it. Each component's set of waiting components is
        a bit set, dropped as soon as the last component that needs it has been handled.
        """
        wanted = {t.id for t in tickets}
        open_ids = {t.id for t in self.catalog.tickets if self.is_open(t)}
        components = self._components()
        index_of = {node: i for i, component in enumerate(components) for node in component}
        users: list[set[int]] = []
        remaining = [0] * len(components)  # how many components still need this one's set
        for i, component in enumerate(components):
            waiting = {index_of[u] for node in component for u in self.needed_by.get(node, [])}
            waiting.discard(i)
            users.append(waiting)
            for user in waiting:
                remaining[user] += 1
        weights = [sum(1 for node in c if node in open_ids) for c in components]
        reach: dict[int, int] = {}
        result: dict[str, int] = {}
        for i in range(len(components) - 1, -1, -1):
            mask = 0
            for user in users[i]:
                mask |= reach[user] | (1 << user)
                remaining[user] -= 1
                if remaining[user] == 0:
                    del reach[user]
            if remaining[i]:
                reach[i] = mask
            for node in components[i]:
                if node in wanted:
                    own = weights[i] - (1 if node in open_ids else 0)  # others in its cycle
                    result[node] = own + sum(weights[j] for j in _bits(mask))
        return result

    # -- internals -----------------------------------------------------------------------

    def _nodes(self) -> list[str]:
        """Every id, in the order the tickets name them (each ticket's id, then the ids it
        depends on that are no ticket's)."""
        nodes = dict.fromkeys(self.needs)
        nodes.update(dict.fromkeys(self.needed_by))
        return list(nodes)

    def _components(self) -> list[list[str]]:
        """Strongly connected components, dependencies before dependents.

        An id whose dependencies are all on no cycle is on none itself: those are peeled
        off first, each a component of its own, in an order that puts dependencies first
        (Kahn's algorithm, a few ms at 10,000 tickets). What is left, the cycles and what
        depends on them, goes to Tarjan's algorithm (iterative), which would take five times
        as long over everything. Edges from what is left to what was peeled need no
        following: they cannot lead back.
        """
        needs, needed_by = self._edges
        nodes = self._nodes()
        waiting = {node: len(needs.get(node, ())) for node in nodes}
        peeled = [node for node, count in waiting.items() if not count]
        for node in peeled:  # grows as it goes
            for user in needed_by.get(node, ()):
                waiting[user] -= 1
                if not waiting[user]:
                    peeled.append(user)
        components = [[node] for node in peeled]
        if len(peeled) < len(nodes):
            done = set(peeled)
            components += self._tarjan([node for node in nodes if node not in done], done)
        return components

    def _tarjan(self, nodes: list[str], outside: set[str]) -> list[list[str]]:
        """Strongly connected components of ``nodes`` (iterative Tarjan), dependencies
        before dependents; ids in ``outside`` are left out."""
        index: dict[str, int] = dict.fromkeys(outside, -1)  # never entered, never on the stack
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        components: list[list[str]] = []
        counter = 0
        for start in nodes:
            if start in index:
                continue
            work: list[tuple[str, Iterator[str]]] = [(start, iter(self.needs.get(start, [])))]
            index[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on_stack.add(start)
            while work:
                node, children = work[-1]
                advanced = False
                for child in children:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(self.needs.get(child, []))))
                        advanced = True
                        break
                    if child in on_stack:
                        low[node] = min(low[node], index[child])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        component.sort(key=natural_key)
                    components.append(component)
        return components

    def _cycle_in(self, component: set[str]) -> list[str]:
        """One cycle through the smallest id of a strongly connected group."""
        start = min(component, key=natural_key)
        parents: dict[str, str] = {}
        queue = [start]
        for node in queue:  # breadth first: the shortest cycle back to ``start``
            for child in self.needs.get(node, []):
                if child == start:
                    path = [start]
                    while node != start:
                        path.append(node)
                        node = parents[node]
                    return [start, *reversed(path[1:]), start]
                if child in component and child not in parents and child != start:
                    parents[child] = node
                    queue.append(child)
        return [start, start]


def describe(ticket_id: str, catalog: Catalog, statuses: StatusVocabulary) -> str:
    """``DEMO-001 (✅ Done)``, or why the id cannot be followed."""
    found = catalog.with_id(ticket_id)
    if not found:
        return f"{ticket_id} (not found)"
    if len(found) > 1:
        return f"{ticket_id} (defined {len(found)} times)"
    return f"{ticket_id} ({statuses.display(found[0].status, found[0].status_text)})"


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
