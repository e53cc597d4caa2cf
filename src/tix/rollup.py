"""Progress by sprint, milestone, epic, assignee or priority: the numbers of a status report.

``rollup`` groups tickets and counts, per group: tickets per status and per status category,
the share done, estimated hours (done and total, ranges counted at their midpoint, estimates
that cannot be read counted apart as unknown, never as zero) and story points. Groups come in
their natural order: sprints and milestones by the numbers in their names, epics in the order
the workspace describes them, priorities most urgent first, assignees alphabetically, and
``(none)`` last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tix.catalog import Catalog, natural_key
from tix.estimates import parse_estimate
from tix.model import Config, Milestone, StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary, StatusVocabulary

NONE_GROUP = "(none)"
GROUPINGS = ("sprint", "milestone", "epic", "assignee", "priority")


@dataclass
class Group:
    """One row of a rollup."""

    name: str
    label: str
    tickets: list[Ticket] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    estimate_total_hours: float = 0.0
    estimate_done_hours: float = 0.0
    estimate_unknown: int = 0
    points_total: float = 0
    points_done: float = 0
    target: str | None = None

    @property
    def total(self) -> int:
        return len(self.tickets)

    @property
    def done(self) -> int:
        return self.by_category.get(str(StatusCategory.DONE), 0)

    @property
    def done_percent(self) -> float:
        return round(100.0 * self.done / self.total, 1) if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "total": self.total,
            "by_status": dict(self.by_status),
            "by_category": dict(self.by_category),
            "done_percent": self.done_percent,
            "estimate_total_hours": _number(self.estimate_total_hours),
            "estimate_done_hours": _number(self.estimate_done_hours),
            "estimate_unknown": self.estimate_unknown,
            "points_total": _number(self.points_total),
            "points_done": _number(self.points_done),
            "target": self.target,
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def milestone_of(ticket: Ticket, milestones: Sequence[Milestone]) -> str | None:
    """The ticket's milestone, or the one of ``milestones`` (the config's) its epic is in."""
    if ticket.milestone:
        return ticket.milestone
    for milestone in milestones:
        if ticket.epic and (ticket.epic in milestone.epics or ticket.epic_label in milestone.epics):
            return milestone.key
    return None


def rollup(
    catalog: Catalog,
    by: str,
    statuses: StatusVocabulary,
    priorities: PriorityVocabulary,
    config: Config,
    tickets: Iterable[Ticket] | None = None,
) -> list[Group]:
    """The groups of ``tickets`` (default: all) by ``by``, in natural order."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    key_of: Callable[[Ticket], Sequence[str]] = {
        "sprint": lambda t: [t.sprint] if t.sprint else [],
        "milestone": lambda t: [m] if (m := milestone_of(t, config.milestones)) else [],
        "epic": lambda t: [t.epic] if t.epic else [],
        "assignee": lambda t: t.assignees,
        "priority": lambda t: [_priority_key(t.priority, priorities)] if t.priority else [],
    }[by]
    groups: dict[str, Group] = {}
    for ticket in catalog.tickets if tickets is None else tickets:
        for name in key_of(ticket) or [NONE_GROUP]:
            group = groups.get(name)
            if group is None:
                group = groups[name] = Group(name, _label(name, by, catalog, ticket))
            _count(group, ticket, statuses)
    for milestone in config.milestones if by == "milestone" else ():
        if milestone.key in groups:
            groups[milestone.key].target = milestone.target
            if milestone.name:
                groups[milestone.key].label = f"{milestone.key}: {milestone.name}"
    return sorted(groups.values(), key=_order(by, catalog, priorities, config))


def _priority_key(written: str, priorities: PriorityVocabulary) -> str:
    found = priorities.resolve(written)
    return found.key if found else written


def _label(name: str, by: str, catalog: Catalog, ticket: Ticket) -> str:
    if by == "epic" and ticket.epic_label and name == ticket.epic:
        return ticket.epic_label
    return name


def _count(group: Group, ticket: Ticket, statuses: StatusVocabulary) -> None:
    group.tickets.append(ticket)
    group.by_status[ticket.status] = group.by_status.get(ticket.status, 0) + 1
    category = statuses.category(ticket.status)
    category_name = str(category) if category else "unknown"
    group.by_category[category_name] = group.by_category.get(category_name, 0) + 1
    done = category is StatusCategory.DONE
    if ticket.estimate:
        estimate = parse_estimate(ticket.estimate)
        if estimate is None:
            group.estimate_unknown += 1
        else:
            group.estimate_total_hours += estimate.hours
            if done:
                group.estimate_done_hours += estimate.hours
    if ticket.points is not None:
        group.points_total += ticket.points
        if done:
            group.points_done += ticket.points


def _order(
    by: str, catalog: Catalog, priorities: PriorityVocabulary, config: Config
) -> Callable[[Group], tuple[Any, ...]]:
    epic_order = {epic.key: index for index, epic in enumerate(catalog.epics)}
    milestone_order = {m.key: index for index, m in enumerate(config.milestones)}

    def key(group: Group) -> tuple[Any, ...]:
        if group.name == NONE_GROUP:
            return (2,)
        if by == "epic" and group.name in epic_order:
            return (0, epic_order[group.name])
        if by == "milestone" and group.name in milestone_order:
            return (0, milestone_order[group.name])
        if by == "priority":
            return (1, priorities.rank(group.name), natural_key(group.name))
        return (1, 0, natural_key(group.name))

    return key
