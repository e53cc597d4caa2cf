"""Dependency views: the ``tix deps`` tree, and Mermaid and Graphviz graphs.

Trees are drawn with box-drawing lines in every output mode; a ticket met again on its own
path is marked ``(cycle)`` and one already shown elsewhere ``(see above)``, so no tree is
endless. Graphs colour each ticket by its status category; Mermaid renders in GitHub Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from tix.graph import DependencyGraph, TreeNode
from tix.model import StatusCategory, Ticket
from tix.render.tickets import status_label
from tix.vocabulary import StatusVocabulary

_FILL = {
    StatusCategory.TODO: ("#f4f4f5", "#71717a"),
    StatusCategory.ACTIVE: ("#fef3c7", "#d97706"),
    StatusCategory.DONE: ("#dcfce7", "#16a34a"),
    StatusCategory.BLOCKED: ("#fee2e2", "#dc2626"),
}
_UNKNOWN = ("#f3e8ff", "#9333ea")


def tree_lines(root: TreeNode, statuses: StatusVocabulary) -> list[str]:
    """``tix deps`` as text lines."""
    lines = [_node_text(root, statuses)]

    def walk(node: TreeNode, prefix: str) -> Iterator[str]:
        for index, child in enumerate(node.children):
            last = index == len(node.children) - 1
            yield f"{prefix}{'└── ' if last else '├── '}{_node_text(child, statuses)}"
            if not child.cycle and not child.repeated:
                yield from walk(child, prefix + ("    " if last else "│   "))

    lines.extend(walk(root, ""))
    return lines


def _node_text(node: TreeNode, statuses: StatusVocabulary) -> str:
    if not node.tickets:
        text = f"{node.ticket_id}  (not found)"
    else:
        ticket = node.tickets[0]
        text = f"{node.ticket_id}  {status_label(ticket, statuses)}  {ticket.title}"
        if len(node.tickets) > 1:
            text += f"  (defined {len(node.tickets)} times)"
    if node.cycle:
        text += "  (cycle)"
    elif node.repeated:
        text += "  (see above)"
    return text


def tree_tickets(root: TreeNode) -> list[tuple[int, TreeNode]]:
    """The tree's nodes in display order, with their depth."""
    found: list[tuple[int, TreeNode]] = []
    stack = [(0, root)]
    while stack:
        depth, node = stack.pop()
        found.append((depth, node))
        if not node.cycle and not node.repeated:
            stack.extend((depth + 1, child) for child in reversed(node.children))
    return found


class _NodeIds(dict[str, str]):
    """Mermaid node names for ticket ids: the id with every other character than letters,
    digits and ``_`` made ``_``, and a number added when two ids come out the same
    (``T-3`` and ``T_3``)."""

    def __init__(self) -> None:
        super().__init__()
        self._taken: set[str] = set()

    def __missing__(self, ticket_id: str) -> str:
        name = base = "t_" + re.sub(r"[^A-Za-z0-9_]", "_", ticket_id)
        number = 1
        while name in self._taken:
            number += 1
            name = f"{base}_{number}"
        self._taken.add(name)
        self[ticket_id] = name
        return name


def _unique(tickets: Sequence[Ticket]) -> list[tuple[Ticket, int]]:
    """One node per id (an id several files define is one node), with how many define it."""
    counts: dict[str, int] = {}
    first: dict[str, Ticket] = {}
    for ticket in tickets:
        counts[ticket.id] = counts.get(ticket.id, 0) + 1
        first.setdefault(ticket.id, ticket)
    return [(ticket, counts[ticket.id]) for ticket in first.values()]


def _label(ticket: Ticket, count: int) -> str:
    more = f" (defined {count} times)" if count > 1 else ""
    return f"{ticket.id}: {ticket.title}{more}"


def mermaid(all_tickets: Sequence[Ticket], graph: DependencyGraph) -> str:
    """A Mermaid flowchart: an arrow from each dependency to the ticket waiting on it."""
    nodes = _unique(all_tickets)
    tickets = [ticket for ticket, _ in nodes]
    lines = ["flowchart TD"]
    node_id = _NodeIds()
    for ticket, count in nodes:
        label = _label(ticket, count).replace('"', "#quot;")
        lines.append(f'    {node_id[ticket.id]}["{label}"]')
    for dependency, ticket_id, first_unshown in _edges(tickets, graph):
        if first_unshown:
            label = _placeholder(dependency, graph).replace('"', "#quot;")
            lines.append(f'    {node_id[dependency]}["{label}"]')
        lines.append(f"    {node_id[dependency]} --> {node_id[ticket_id]}")
    for category, (fill, stroke) in _FILL.items():
        lines.append(f"    classDef {category} fill:{fill},stroke:{stroke},color:#111")
    lines.append(f"    classDef unknown fill:{_UNKNOWN[0]},stroke:{_UNKNOWN[1]},color:#111")
    by_class: dict[str, list[str]] = {}
    for ticket in tickets:
        found = graph.category(ticket)
        by_class.setdefault(str(found) if found else "unknown", []).append(node_id[ticket.id])
    for name, members in sorted(by_class.items()):
        lines.append(f"    class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"


def _placeholder(dependency: str, graph: DependencyGraph) -> str:
    """The label of a dependency drawn without its ticket: left out by the query, or missing."""
    known = graph.catalog.with_id(dependency)
    return f"{dependency} ({'not shown' if known else 'not found'})"


def _edges(tickets: Sequence[Ticket], graph: DependencyGraph) -> Iterator[tuple[str, str, bool]]:
    """``(dependency, ticket id, first_unshown)`` for each arrow among ``tickets``;
    ``first_unshown`` is true the first time a dependency that is not drawn as a ticket
    appears, so that the caller draws it once as a placeholder."""
    shown = {t.id for t in tickets}
    for ticket in tickets:
        for dependency in graph.needs.get(ticket.id, []):
            first_unshown = dependency not in shown
            shown.add(dependency)
            yield dependency, ticket.id, first_unshown


def dot(all_tickets: Sequence[Ticket], graph: DependencyGraph) -> str:
    """A Graphviz digraph: an arrow from each dependency to the ticket waiting on it."""
    nodes = _unique(all_tickets)
    tickets = [ticket for ticket, _ in nodes]
    lines = [
        "digraph tickets {",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled"];',
    ]
    for ticket, count in nodes:
        category = graph.category(ticket)
        fill, stroke = _FILL.get(category, _UNKNOWN) if category else _UNKNOWN
        label = json.dumps(_label(ticket, count).replace(": ", "\n", 1), ensure_ascii=False)
        lines.append(
            f'    {json.dumps(ticket.id)} [label={label}, fillcolor="{fill}", color="{stroke}"];'
        )
    for dependency, ticket_id, first_unshown in _edges(tickets, graph):
        if first_unshown:
            label = json.dumps(_placeholder(dependency, graph), ensure_ascii=False)
            lines.append(f"    {json.dumps(dependency)} [label={label}, style=dashed];")
        lines.append(f"    {json.dumps(dependency)} -> {json.dumps(ticket_id)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
