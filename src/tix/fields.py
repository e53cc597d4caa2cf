"""Ticket field names and the values people write in them.

Every dialect reads fields under many names (``dependencies``, ``Depends on``, ``Blocked by``
all mean ``depends_on``). ``FieldNames`` maps whatever a file writes to tix's canonical name,
with the workspace's own aliases added from config; the ``as_*`` helpers turn raw values
(YAML values or field-line text) into the shapes the ``Ticket`` model holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from tix.model import fold

CANONICAL_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "status",
    "blocked_reason",
    "priority",
    "assignee",
    "type",
    "epic",
    "sprint",
    "milestone",
    "parent",
    "labels",
    "depends_on",
    "estimate",
    "points",
)

BUILTIN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("key", "ticket", "ticket id", "issue", "issue key"),
    "title": ("summary", "subject"),
    "status": ("state", "状态", "狀態"),
    "blocked_reason": ("blocked reason", "block reason", "blocker", "reason blocked"),
    "priority": ("prio", "优先级", "優先級"),
    "assignee": ("assignees", "owner", "owners", "assigned to", "assigned", "负责人", "負責人"),
    "type": ("issue type", "kind", "ticket type", "类型", "類型"),
    "epic": ("epic link", "epic name"),
    "sprint": ("iteration",),
    "milestone": ("release", "target release", "里程碑"),
    "parent": ("parent id", "parent ticket"),
    "labels": ("label", "tags", "tag"),
    "depends_on": (
        "depends on",
        "dependencies",
        "dependency",
        "deps",
        "depends",
        "blocked by",
        "requires",
        "needs",
    ),
    "estimate": (
        "estimated time",
        "estimated hours",
        "estimation",
        "time estimate",
        "effort",
        "est",
    ),
    "points": ("story points", "story point", "storypoints", "sp", "estimate points"),
}

# Fields tix does not model but names consistently, so `tix show` says "created" whether the
# file writes Created, Date or 日期.
KEPT_FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "created": ("created", "created on", "created at", "date created", "date", "日期", "创建日期"),
    "due": ("due", "due date", "due on", "deadline"),
}

_NONE_WORDS = frozenset(
    {"", "none", "n/a", "na", "nil", "null", "-", "—", "–", "tbd", "unassigned"}
)


class FieldNames:
    """Resolves written field names to canonical ones (``None`` for fields tix does not model)."""

    def __init__(self, extra_aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self._lookup: dict[str, str] = {}
        for name in CANONICAL_FIELDS:
            self._add(name, name)
        for name, aliases in BUILTIN_ALIASES.items():
            for alias in aliases:
                self._add(alias, name)
        for name, written_names in (extra_aliases or {}).items():
            for written in written_names:
                self._lookup[fold(written)] = name  # the workspace's own names win

    def _add(self, alias: str, name: str) -> None:
        self._lookup.setdefault(fold(alias), name)

    def canonical(self, written: str) -> str | None:
        return self._lookup.get(fold(written))

    def kept_name(self, written: str) -> str:
        """The name an unmodelled field is kept under: ``created`` for ``日期``, else as written."""
        return _KEPT_LOOKUP.get(fold(written), written)


_KEPT_LOOKUP = {
    fold(alias): name for name, aliases in KEPT_FIELD_ALIASES.items() for alias in aliases
}


def is_none_word(text: str) -> bool:
    """``None``, ``n/a``, ``—``, ``Unassigned`` and friends: a field that says "nothing"."""
    return text.strip().strip("[]()").strip().casefold() in _NONE_WORDS


def as_text(value: Any) -> str | None:
    """A scalar as text; ``None`` and none-words become ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [t for t in (as_text(v) for v in value) if t is not None]
        return ", ".join(items) if items else None
    if isinstance(value, dict):
        return None
    text = str(value).strip()
    return None if is_none_word(text) else text


_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


def as_list(value: Any, *, split_spaces: bool = False) -> list[str]:
    """A YAML list, or text separated by commas (and optionally spaces), as a list of words."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        out: list[str] = []
        for item in value:
            out.extend(as_list(item, split_spaces=split_spaces))
        return out
    text = as_text(value)
    if text is None:
        return []
    parts = _LIST_SPLIT.split(text)
    if split_spaces:
        parts = [word for part in parts for word in part.split()]
    return [part.strip() for part in parts if part.strip() and not is_none_word(part)]


def as_people(value: Any) -> list[str]:
    """Assignees: a name, a list of names, or comma-separated names; ``@`` is dropped."""
    return [name.lstrip("@") for name in as_list(value)]


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?![\d.])")


def as_number(value: Any) -> int | float | None:
    """A whole or decimal number (``3``, ``"3"``, ``2.5``); anything else is ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = str(value).strip()
    if not _NUMBER.match(text):
        return None
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def leading_number(text: str | None) -> int | float | None:
    """The number a text field starts with: ``8``, ``3 points``, ``5 (stretch)``."""
    if text is None:
        return None
    match = _LEADING_NUMBER.match(text)
    return as_number(match.group(1)) if match else None


_DEPENDENCY_SPLIT = re.compile(r"\s*[,;]\s*|\s+and\s+|\s+&\s+")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)]*)\)")


def parse_dependency_list(items: list[str], ids: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """``(ids, unresolved)`` from a dependency field written as a YAML list: an item of one
    word is an id as written (whatever the workspace's ids look like); an item of several
    words is read like text (``A-2 (after review)`` gives ``A-2``; ``the login work`` names
    no ticket and is returned as unresolved)."""
    found: list[str] = []
    unresolved: list[str] = []
    for item in items:
        if len(item.split(maxsplit=1)) < 2:
            if item not in found:
                found.append(item)
            continue
        named, text = parse_dependencies(item, ids)
        found.extend(hit for hit in named if hit not in found)
        unresolved.extend(text)
    return found, unresolved


def parse_dependencies(value: str | None, ids: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """``(ids, unresolved)`` from a dependency field written as text.

    ``DANUBE-010, DANUBE-008`` gives two ids; ``TICKET-005 (WebSocket Planning)`` gives the id
    and drops the note; a Markdown link ``[R106](R106-mission.md)`` gives its text; ``None``,
    ``-`` and friends give nothing; a part that names no id (``All prior relevant tickets``)
    is returned as unresolved text, for ``tix validate`` to report.
    """
    found: list[str] = []
    unresolved: list[str] = []
    if value is None or is_none_word(value):
        return found, unresolved
    for part in _DEPENDENCY_SPLIT.split(value):
        part = part.strip()
        if not part or is_none_word(part):
            continue
        hits = [m.group(0) for m in ids.finditer(part)]
        if not hits:
            hits = [
                link.group("text").strip()
                for link in _LINK.finditer(part)
                if link.group("text").strip() and " " not in link.group("text").strip()
            ]
        if hits:
            found.extend(hit for hit in hits if hit not in found)
        else:
            unresolved.append(part.replace("**", "").strip())
    return found, unresolved
