"""The Kanban board and the rollup table: rich renderables for a terminal, and both as plain
lines (``plain_board``, ``plain_rollup``) for output that is piped or saved.

One column per status of the workflow, in workflow order, headed by the status's emoji, label
and card count (``n/limit`` against a WIP limit, red when over). A card shows the id, the title
(wrapped to the column), a priority badge, the assignee, points or estimate, and why it cannot
move: ``⏳ waits on X`` or ``⛔ blocked: reason``. Columns sit side by side when the terminal
is wide enough and stack otherwise; rich measures wide (CJK) characters and emoji, so borders
stay straight. Without a terminal the same board is drawn line by line without rich, cell
for cell as rich draws it (a test holds them together), in a tenth of the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from tix.graph import DependencyGraph
from tix.model import Status, StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tix.rollup import Group

MIN_COLUMN_WIDTH = 22
_PRIORITY_STYLES = ("bold white on red", "black on dark_orange", "black on yellow", "white on blue")


@dataclass
class Column:
    status: Status
    cards: list[Ticket] = field(default_factory=list)

    @property
    def over_limit(self) -> bool:
        return self.status.wip_limit is not None and len(self.cards) > self.status.wip_limit

    def header(self) -> str:
        count = (
            f"{len(self.cards)}/{self.status.wip_limit}"
            if self.status.wip_limit
            else str(len(self.cards))
        )
        emoji = f"{self.status.emoji} " if self.status.emoji else ""
        return f"{emoji}{self.status.label} ({count})"


def build_columns(
    tickets: Sequence[Ticket],
    statuses: Sequence[Status],
    priorities: PriorityVocabulary,
    *,
    hide_empty: bool = False,
) -> list[Column]:
    """The board's columns in workflow order, cards most urgent first and, within a priority,
    in the order of ``tickets`` (a catalog's and a query's order: by id, naturally); tickets
    of statuses tix does not know get a column of their own."""
    columns = {status.key: Column(status) for status in statuses}
    for ticket in sorted(tickets, key=lambda t: priorities.rank(t.priority)):  # stable
        column = columns.get(ticket.status)
        if column is None:
            unknown = Status(
                key=ticket.status,
                label=f"{ticket.status_text or ticket.status} (?)",
                category=StatusCategory.TODO,
            )
            column = columns[ticket.status] = Column(unknown)
        column.cards.append(ticket)
    found = list(columns.values())
    return [c for c in found if c.cards] if hide_empty else found


# A card is lines of styled parts: (text, rich style or "").
CardLines = list[list[tuple[str, str]]]


def card_lines(ticket: Ticket, graph: DependencyGraph, priorities: PriorityVocabulary) -> CardLines:
    """What a card says, line by line: the id and priority badge, the title, the assignee and
    points or estimate, and why the ticket cannot move."""
    first = [(ticket.id, "bold cyan")]
    if ticket.priority:
        rank = priorities.rank(ticket.priority)
        style = _PRIORITY_STYLES[rank] if rank < len(_PRIORITY_STYLES) else "reverse"
        first += [(" ", ""), (f" {ticket.priority} ", style)]
    lines = [first, [(ticket.title, "")]]
    details = []
    if ticket.assignee:
        details.append("@" + ticket.assignee.replace(", ", " @"))
    if ticket.points is not None:
        details.append(f"{ticket.points:g} pts")
    elif ticket.estimate:
        details.append(ticket.estimate)
    if details:
        lines.append([(" · ".join(details), "dim")])
    if graph.category(ticket) is StatusCategory.BLOCKED:
        reason = f": {ticket.blocked_reason}" if ticket.blocked_reason else ""
        lines.append([(f"⛔ blocked{reason}", "red")])
    waiting = graph.waiting_on(ticket) if graph.is_open(ticket) else []
    if waiting:
        lines.append([("⏳ waits on " + ", ".join(waiting), "yellow")])
    return lines


def card(ticket: Ticket, graph: DependencyGraph, priorities: PriorityVocabulary) -> RenderableType:
    from rich.text import Text

    text = Text()
    for number, line in enumerate(card_lines(ticket, graph, priorities)):
        if number:
            text.append("\n")
        for part, style in line:
            text.append(part, style=style or None)
    return text


def _shown(column: Column, max_cards: int) -> tuple[list[Ticket], str]:
    """The cards a column draws (its first ``max_cards`` when not 0: the most urgent), and
    the line that says how many more it has (empty when none)."""
    shown = column.cards[:max_cards] if max_cards else column.cards
    hidden = len(column.cards) - len(shown)
    return shown, f"… {hidden:,} more" if hidden else ""


def board(
    columns: Sequence[Column],
    graph: DependencyGraph,
    priorities: PriorityVocabulary,
    width: int,
    title: str | None = None,
    max_cards: int = 0,
) -> RenderableType:
    """One band of the board: columns side by side, or stacked when too narrow. With
    ``max_cards``, a column draws its first (most urgent) cards and says how many more it has."""
    from rich import box
    from rich.console import Group as RenderGroup
    from rich.panel import Panel
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    def cards_of(column: Column) -> RenderableType:
        if not column.cards:
            return Text("—", style="dim")
        items: list[RenderableType] = []
        shown, more = _shown(column, max_cards)
        for index, ticket in enumerate(shown):
            if index:
                items.append(Rule(style="dim", characters="┄"))
            items.append(card(ticket, graph, priorities))
        if more:
            items.append(Rule(style="dim", characters="┄"))
            items.append(Text(more, style="dim italic"))
        return RenderGroup(*items)

    def header(column: Column) -> Text:
        return Text(column.header(), style="bold red" if column.over_limit else "bold")

    if columns and width // len(columns) >= MIN_COLUMN_WIDTH:
        table = Table(
            box=box.ROUNDED,
            show_lines=False,
            expand=True,
            title=title,
            title_justify="left",
            title_style="bold",
        )
        for column in columns:
            table.add_column(header(column), ratio=1, overflow="fold", vertical="top")
        table.add_row(*(cards_of(column) for column in columns))
        return table
    panels: list[RenderableType] = [Text(title, style="bold")] if title else []
    panels.extend(
        Panel(
            cards_of(column), title=header(column), title_align="left", box=box.ROUNDED, expand=True
        )
        for column in columns
    )
    return RenderGroup(*panels)


def plain_board(
    columns: Sequence[Column],
    graph: DependencyGraph,
    priorities: PriorityVocabulary,
    width: int,
    title: str | None = None,
    max_cards: int = 0,
) -> list[str]:
    """The band ``board`` draws, as lines of plain text: the same boxes, columns and cards,
    drawn without rich (output that is piped or saved; a tenth of the time)."""
    from tix.render.plain import cell_width, crop, pad, wrap

    def cards_of(column: Column, inner: int) -> list[str]:
        if not column.cards:
            return ["—"]
        lines: list[str] = []
        shown, more = _shown(column, max_cards)
        for index, ticket in enumerate(shown):
            if index:
                lines.append("┄" * inner)
            for line in card_lines(ticket, graph, priorities):
                lines.extend(wrap("".join(part for part, _ in line), inner))
        if more:
            lines.append("┄" * inner)
            lines.extend(wrap(more, inner))
        return lines

    lines = [title] if title else []
    if columns and width // len(columns) >= MIN_COLUMN_WIDTH:
        # Side by side: a border before each column and after the last, a space either side
        # of each column's text, and what is left shared out evenly (the first get the rest).
        share, rest = divmod(width - 3 * len(columns) - 1, len(columns))
        widths = [share + 1 if number < rest else share for number in range(len(columns))]

        def row(cells: list[list[str]]) -> list[str]:
            height = max(map(len, cells))
            return [
                "│"
                + "│".join(
                    f" {pad(cell[at] if at < len(cell) else '', inner)} "
                    for cell, inner in zip(cells, widths, strict=True)
                )
                + "│"
                for at in range(height)
            ]

        def rule(left: str, middle: str, right: str) -> str:
            return left + middle.join("─" * (inner + 2) for inner in widths) + right

        lines.append(rule("╭", "┬", "╮"))
        lines.extend(row([wrap(c.header(), w) for c, w in zip(columns, widths, strict=True)]))
        lines.append(rule("├", "┼", "┤"))
        lines.extend(row([cards_of(c, w) for c, w in zip(columns, widths, strict=True)]))
        lines.append(rule("╰", "┴", "╯"))
        return lines
    inner = max(width - 4, 1)  # a panel per column: a border and a space either side
    for column in columns:
        heading = crop(f"─ {column.header()} ", inner + 2)
        lines.append("╭" + heading + "─" * (inner + 2 - cell_width(heading)) + "╮")
        lines.extend(f"│ {pad(line, inner)} │" for line in cards_of(column, inner))
        lines.append("╰" + "─" * (inner + 2) + "╯")
    return lines


_ROLLUP_CATEGORIES = ("todo", "active", "done", "blocked")
_ROLLUP_NUMBERS = ("Todo", "Doing", "Done", "Block")


class _RollupColumns(NamedTuple):
    """Which optional columns a rollup shows: ``Other`` (tickets whose status tix does not
    know: counted, never left out) and ``Target`` (milestones')."""

    other: bool
    target: bool

    @classmethod
    def of(cls, groups: Sequence[Group]) -> _RollupColumns:
        return cls(
            any(group.by_category.get("unknown") for group in groups),
            any(group.target for group in groups),
        )

    @property
    def categories(self) -> tuple[str, ...]:
        return (*_ROLLUP_CATEGORIES, "unknown") if self.other else _ROLLUP_CATEGORIES

    @property
    def progress(self) -> int:
        """Where the progress column goes: after the name and the counts."""
        return 1 + len(self.categories)


def _rollup_headers(by: str, columns: _RollupColumns) -> list[str]:
    numbers = [*_ROLLUP_NUMBERS, "Other"] if columns.other else list(_ROLLUP_NUMBERS)
    headers = [by.capitalize(), *numbers, "Progress", "Hours", "Points"]
    return [*headers, "Target"] if columns.target else headers


def _rollup_cells(group: Group, columns: _RollupColumns) -> tuple[list[str], str]:
    """A group's cells but its progress (which ``rollup_table`` colours), and its progress
    bar."""
    cells = [group.label]
    cells += [str(group.by_category.get(c, 0)) for c in columns.categories]
    hours = f"{group.estimate_done_hours:g}/{group.estimate_total_hours:g}"
    if group.estimate_unknown:
        hours += f" +{group.estimate_unknown}?"
    cells.append(hours)
    cells.append(f"{group.points_done:g}/{group.points_total:g}")
    if columns.target:
        cells.append(group.target or "")
    return cells, progress_bar(group.done_percent, 6)


def rollup_table(groups: Sequence[Group], by: str) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    columns = _RollupColumns.of(groups)
    headers = _rollup_headers(by, columns)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True)
    table.add_column(headers[0], ratio=1, overflow="fold", min_width=10)
    for name in headers[1:]:
        left = name in ("Progress", "Target")
        table.add_column(name, justify="left" if left else "right", no_wrap=True)
    at = columns.progress
    for group in groups:
        cells, bar = _rollup_cells(group, columns)
        progress = Text(bar, style="green")
        progress.append(f" {group.done_percent:.0f}%", style="")
        table.add_row(*cells[:at], progress, *cells[at:])
    return table


def plain_rollup(groups: Sequence[Group], by: str) -> list[str]:
    """The rollup table as plain lines (``tix.render.plain.table``), numbers to the right."""
    from tix.render.plain import table

    columns = _RollupColumns.of(groups)
    at = columns.progress
    rows = []
    for group in groups:
        cells, bar = _rollup_cells(group, columns)
        rows.append([*cells[:at], f"{bar} {group.done_percent:.0f}%", *cells[at:]])
    right = (*range(1, at), at + 1, at + 2)  # the counts, hours and points
    return table(_rollup_headers(by, columns), rows, right=right)


def progress_bar(percent: float, width: int = 10) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)
