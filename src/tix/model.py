"""The data tix works with: tickets, statuses, priorities and workspace configuration.

Everything here is a plain dataclass, cheap to make by the ten thousand and free of imports
a command may not need. Configuration read from a file is validated (with Pydantic, by
``tix.configcheck``) before it becomes a ``Config``; tickets, criteria and epics are built by
the dialects from values they checked. They hold data only: parsing lives in
``tix.dialects``, vocabulary matching in ``tix.vocabulary``, file access in ``tix.workspace``.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

# -- statuses and priorities --------------------------------------------------------------


class StatusCategory(StrEnum):
    """What a status means for planning, whatever a workspace calls it."""

    TODO = "todo"
    ACTIVE = "active"
    DONE = "done"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True, kw_only=True)
class Status:
    """One status of a workflow: ``key`` is what tix prints and accepts, ``label`` and
    ``emoji`` are what files show, ``aliases`` are other words (or emoji) meaning the same.
    In a config file a status may be its key alone, its category then inferred from the
    built-in status of that name."""

    key: str
    label: str = ""
    emoji: str | None = None
    aliases: tuple[str, ...] = ()
    category: StatusCategory
    wip_limit: int | None = None

    # For Pydantic, which validates configuration files (tix.configcheck).
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __post_init__(self) -> None:
        if not self.label:
            label = self.key.replace("-", " ").replace("_", " ").title()
            object.__setattr__(self, "label", label)


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority:
    """One priority level; the order of the configured list is the order of urgency."""

    key: str
    label: str = ""
    aliases: tuple[str, ...] = ()

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


# fmt: off
DEFAULT_STATUSES: tuple[Status, ...] = (
    Status(
        key="todo", label="Todo", emoji="⬜", category=StatusCategory.TODO,
        aliases=(
            "to do", "open", "new", "not started", "ready to start", "ready", "in planning",
            "planning", "planned", "draft", "backlog", "pending", "proposed", "⬜", "🔴", "⚪",
        ),
    ),
    Status(
        key="in-progress", label="In Progress", emoji="🟡", category=StatusCategory.ACTIVE,
        aliases=(
            "doing", "ongoing", "wip", "work in progress", "started", "active",
            "in development", "in dev", "implementing", "🟡", "🔄", "🚧", "⏳",
        ),
    ),
    Status(
        key="review", label="Review", emoji="👀", category=StatusCategory.ACTIVE,
        aliases=(
            "in review", "code review", "under review", "needs review", "ready for review",
            "reviewed", "approved", "code complete", "testing", "in testing", "tested", "qa",
            "in qa", "ready to deploy", "ready for deploy", "👀", "🔍", "🔎",
        ),
    ),
    Status(
        key="done", label="Done", emoji="✅", category=StatusCategory.DONE,
        aliases=(
            "completed", "complete", "closed", "finished", "resolved", "fixed", "shipped",
            "merged", "deployed", "released", "🟢", "✅", "✔", "☑", "✓",
        ),
    ),
    Status(
        key="blocked", label="Blocked", emoji="🚫", category=StatusCategory.BLOCKED,
        aliases=("on hold", "waiting", "stuck", "paused", "⚫", "❌", "🚫", "⛔", "🛑"),
    ),
)
# fmt: on

DEFAULT_PRIORITIES: tuple[Priority, ...] = (
    Priority(key="P0", label="Critical", aliases=("critical", "urgent", "blocker", "highest")),
    Priority(key="P1", label="High", aliases=("high", "important")),
    Priority(key="P2", label="Medium", aliases=("medium", "normal", "moderate", "med")),
    Priority(key="P3", label="Low", aliases=("low", "minor", "lowest", "trivial")),
)


def builtin_category(word: str) -> StatusCategory | None:
    """The category of a built-in status whose key, label or alias is ``word``."""
    wanted = fold(word)
    for status in DEFAULT_STATUSES:
        names = (status.key, status.label, *status.aliases)
        if any(fold(name) == wanted for name in names):
            return status.category
    return None


_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and separator-insensitive form of a word: ``In Progress`` == ``in_progress``."""
    return _NOT_WORD.sub("", text.casefold())


# -- tickets ------------------------------------------------------------------------------


class Criterion(NamedTuple):
    """One acceptance criterion: a check box in the ticket's criteria section.
    ``mark_offset`` is where its ``[ ]`` / ``[x]`` mark is in the file, for ``tix check``."""

    text: str
    checked: bool
    line: int
    mark_offset: int


_CHECKED = operator.attrgetter("checked")


@dataclass(slots=True, kw_only=True)
class Ticket:
    """One ticket, whatever file style it came from.

    ``status`` is the workspace status key when the written status is understood, and the
    text as written otherwise (``tix validate`` reports those). ``status_text`` is exactly
    what the file says, or ``None`` when the ticket has no status field. ``depends_on`` holds
    ticket ids; ``depends_on_unresolved`` the dependencies written as text that names no id
    (``All prior relevant tickets``). ``epic`` is the epic's key and ``epic_name`` its name
    when the workspace gives one (``EPIC-02`` / ``Observability & Testing``). ``spans`` maps
    field names to ``(start, end)`` offsets in the file's ``Document`` for edits (a dict,
    or the index's packed form of one).

    A plain dataclass, not a Pydantic model: a workspace holds tens of thousands of tickets
    and each command builds them all (from the files or the index), so they must be cheap to
    make. The dialects build them from values they have already checked.
    """

    id: str
    title: str
    status: str
    status_text: str | None = None
    blocked_reason: str | None = None
    priority: str | None = None
    assignees: list[str] = field(default_factory=list)
    type: str | None = None
    epic: str | None = None
    epic_name: str | None = None
    sprint: str | None = None
    milestone: str | None = None
    parent: str | None = None
    labels: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    depends_on_unresolved: list[str] = field(default_factory=list)
    estimate: str | None = None
    points: int | float | None = None
    path: str
    line: int = 1
    dialect: str
    aliases: list[str] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    spans: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def assignee(self) -> str | None:
        return ", ".join(self.assignees) if self.assignees else None

    @property
    def criteria_done(self) -> int:
        return sum(map(_CHECKED, self.criteria))

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def epic_label(self) -> str | None:
        """``EPIC-02: Observability & Testing``, or the epic key alone."""
        if self.epic and self.epic_name and self.epic_name != self.epic:
            return f"{self.epic}: {self.epic_name}"
        return self.epic

    def values(self) -> dict[str, Any]:
        """Every field but ``spans`` (where the values are, not what they are), criteria as
        ``(text, checked)`` pairs."""
        data = {name: getattr(self, name) for name in TICKET_FIELDS if name != "spans"}
        data["criteria"] = [(criterion.text, criterion.checked) for criterion in self.criteria]
        return data

    def summary(self) -> dict[str, Any]:
        """The JSON object every listing command prints for a ticket."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "status_text": self.status_text,
            "priority": self.priority,
            "assignee": self.assignee,
            "epic": self.epic,
            "sprint": self.sprint,
            "milestone": self.milestone,
            "labels": list(self.labels),
            "depends_on": list(self.depends_on),
            "estimate": self.estimate,
            "points": self.points,
            "path": self.path,
            "line": self.line,
            "dialect": self.dialect,
            "criteria_total": len(self.criteria),
            "criteria_done": self.criteria_done,
        }


TICKET_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Ticket))
# The keys of ``Ticket.summary()``, in order: every ticket object tix prints has them.
SUMMARY_KEYS: tuple[str, ...] = (
    "id", "title", "status", "status_text", "priority", "assignee", "epic", "sprint",
    "milestone", "labels", "depends_on", "estimate", "points", "path", "line", "dialect",
    "criteria_total", "criteria_done",
)  # fmt: skip


@dataclass(slots=True, kw_only=True)
class Epic:
    """An epic a workspace describes: an epic file's H1, or an entry of an ``Epics`` list."""

    key: str
    name: str | None = None
    path: str
    line: int
    estimate: str | None = None
    estimate_at: tuple[int, int] | None = None  # line and column of the estimate's value
    fields: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# -- configuration ------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Milestone:
    """A milestone: its key (``M1``), name, target (a date or "Week 3-4"), and the epics it
    covers, for tickets that do not name a milestone themselves."""

    key: str
    name: str | None = None
    target: str | None = None
    epics: list[str] = field(default_factory=list)

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(slots=True, kw_only=True)
class BoardConfig:
    """How ``tix board`` looks."""

    hide_empty: bool = False
    # Cards drawn per column (the header still counts them all); 0 draws every card.
    max_cards: int = 50

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


# PROJ-12, and the underscore style with a type code: TICKET_004_TSK (from TICKET_004_TSK_x.md).
DEFAULT_ID_PATTERN = r"[A-Z][A-Z0-9]*(?:-\d+|_\d+(?:_[A-Z]{2,5}(?![A-Za-z0-9]))?)"


@dataclass(slots=True, kw_only=True)
class Config:
    """A workspace's ``.tix.yaml`` (or ``[tool.tix]``); every key is optional.

    ``Config()`` is the defaults; ``Config.from_mapping`` validates what a file holds.
    ``declared`` names the settings the file gave (the others are defaults)."""

    tickets: list[str] = field(default_factory=lambda: ["**/*.md", "**/*.markdown"])
    exclude: list[str] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=lambda: list(DEFAULT_STATUSES))
    status_aliases: dict[str, list[str]] = field(default_factory=dict)
    default_status: str | None = None
    priorities: list[Priority] = field(default_factory=lambda: list(DEFAULT_PRIORITIES))
    id_pattern: str = DEFAULT_ID_PATTERN
    fields: dict[str, list[str]] = field(default_factory=dict)
    max_file_bytes: int = 10 * 1024 * 1024
    done_requires_criteria: bool = False
    new_tickets: str | None = None
    milestones: list[Milestone] = field(default_factory=list)
    board: BoardConfig = field(default_factory=BoardConfig)
    declared: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __post_init__(self) -> None:
        if self.default_status is None and self.statuses:
            todo = [s.key for s in self.statuses if s.category is StatusCategory.TODO]
            self.default_status = todo[0] if todo else self.statuses[0].key

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Config:
        """The configuration ``data`` (a config file's contents) describes, validated.

        Raises ``tix.configcheck.ConfigProblem`` (a ``ValueError``) naming the setting at
        fault."""
        from tix.configcheck import validate_config

        return validate_config(data)

    def to_json(self) -> dict[str, Any]:
        """Every setting as JSON-ready data (what the index's config hash is taken of)."""
        data = dataclasses.asdict(self)
        data["declared"] = sorted(self.declared)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Config:
        """The ``Config`` that ``to_json`` gave ``data`` of, not validated again: for the
        validated config tix keeps beside its index, never for what a person wrote."""
        return cls(
            **{
                **data,
                "statuses": [
                    Status(
                        **{
                            **status,
                            "aliases": tuple(status["aliases"]),
                            "category": StatusCategory(status["category"]),
                        }
                    )
                    for status in data["statuses"]
                ],
                "priorities": [
                    Priority(**{**priority, "aliases": tuple(priority["aliases"])})
                    for priority in data["priorities"]
                ],
                "milestones": [Milestone(**milestone) for milestone in data["milestones"]],
                "board": BoardConfig(**data["board"]),
                "declared": frozenset(data["declared"]),
            }
        )
