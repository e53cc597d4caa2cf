"""What every ticket style shares: the parse context and the dialect protocol.

A dialect is one way of keeping tickets in Markdown (front-matter files, epic files with
sections, bold-field files, tables). Each is a small module with an object that has a
``name``, ``detect(doc, context)`` saying whether a file is kept in that style, and
``parse(doc, context)`` returning the file's tickets with the spans of their fields. The rest
of tix never asks which style a ticket came from.

``WorkspaceKnowledge`` is what every file of a workspace is read with (status vocabulary,
field names, id pattern), built once from the config; ``ParseContext`` adds the path of the
one file being read. Neither touches the file system.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from tix.document import Document
from tix.fields import FieldNames
from tix.model import Config, Criterion, Epic, StatusCategory, Ticket
from tix.vocabulary import PriorityVocabulary, StatusVocabulary, strip_markup


@dataclass(frozen=True)
class WorkspaceKnowledge:
    """What every file of a workspace is read with, built once from its config.

    ``id_pattern`` is matched at the start of file names and headings; ``id_reference``
    finds ids inside text (dependency fields). ``tickets_declared`` is true when the config
    says where tickets live: a file there is a ticket even when nothing in it names an id.
    ``legend`` maps emoji to status keys as the workspace's own legend explains them.
    """

    statuses: StatusVocabulary
    priorities: PriorityVocabulary
    field_names: FieldNames
    id_pattern: re.Pattern[str]
    id_reference: re.Pattern[str]
    default_status: str
    tickets_declared: bool = False
    legend: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, config: Config, legend: Sequence[tuple[str, str]] = ()) -> WorkspaceKnowledge:
        """Knowledge from ``config`` and a learned ``legend`` of ``(emoji, status key)``.

        Legend emoji are understood before built-in ones; when the config does not define
        its own statuses, a status's first legend emoji also becomes the emoji tix shows.
        """
        statuses = list(config.statuses)
        if legend and "statuses" not in config.declared:
            shown: dict[str, str] = {}
            for emoji, key in legend:
                shown.setdefault(key, emoji)
            statuses = [
                dataclasses.replace(status, emoji=shown[status.key])
                if status.key in shown
                else status
                for status in statuses
            ]
        learned: dict[str, list[str]] = {
            key: list(words) for key, words in config.status_aliases.items()
        }
        for emoji, key in legend:
            learned.setdefault(key, []).append(emoji)
        return cls(
            statuses=StatusVocabulary(statuses, learned),
            priorities=PriorityVocabulary(config.priorities),
            field_names=FieldNames(config.fields),
            id_pattern=re.compile(config.id_pattern),
            id_reference=re.compile(rf"(?<![\w-])(?:{config.id_pattern})(?!\w)"),
            default_status=config.default_status or config.statuses[0].key,
            tickets_declared="tickets" in config.declared,
            legend=tuple(legend),
        )


@dataclass(frozen=True)
class ParseContext:
    """One file being read: its workspace-relative path and the workspace's knowledge."""

    path: str
    knowledge: WorkspaceKnowledge

    @classmethod
    def from_config(cls, config: Config, path: str) -> ParseContext:
        return cls(path, WorkspaceKnowledge.of(config))

    @property
    def field_names(self) -> FieldNames:
        return self.knowledge.field_names

    @property
    def stem(self) -> str:
        """The file name without folder and extension."""
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name

    def id_from_filename(self) -> str | None:
        """The id the file name starts with, by the workspace's id pattern."""
        match = self.knowledge.id_pattern.match(self.stem)
        return match.group(0) if match else None

    def resolve_status(self, written: str | None) -> tuple[str, str | None, str | None]:
        """``(status, status_text, blocked_reason)`` for what a file wrote as status.

        No status written gives the workspace's default status; a status tix does not know
        is kept as written (``tix validate`` reports it).
        """
        if written is None or not written.strip():
            return self.knowledge.default_status, None, None
        text = written.strip()
        match = self.knowledge.statuses.resolve(text)
        if match is None:
            return strip_markup(text), text, None
        reason = match.note if match.status.category is StatusCategory.BLOCKED else None
        return match.status.key, text, reason


@dataclass
class FileResult:
    """What one file holds: its tickets, the epics it describes, and whether it is an index.

    ``links_to_ticket_files`` is set when its tickets point at files of their own (a
    ``**File:** .tickets/TICKET-001-x.md`` field): the mark of an index document that only
    repeats tickets kept elsewhere.
    """

    tickets: list[Ticket] = field(default_factory=list)
    epics: list[Epic] = field(default_factory=list)
    dialect: str | None = None
    links_to_ticket_files: bool = False


class FileShape(NamedTuple):
    """What a file holds, in brief: its style, whether its tickets link to files of their
    own, its tickets' ids and aliases, and the statuses they write (key and text, for each
    ticket that writes one). Enough to find index documents, the file a ticket is in, and
    how the workspace writes statuses, without building its tickets."""

    dialect: str | None
    links_to_ticket_files: bool
    ids: tuple[str, ...]
    aliases: tuple[str, ...]
    statuses: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, result: FileResult) -> FileShape:
        """The shape of ``result``, in tuples (the index keeps one shape per file, and a
        tuple is the smallest sequence)."""
        return cls(
            result.dialect,
            result.links_to_ticket_files,
            tuple(t.id for t in result.tickets),
            tuple(alias for t in result.tickets for alias in t.aliases),
            tuple(
                (t.status, t.status_text)
                for t in result.tickets
                if t.status_text and "status.checklist" not in t.spans
            ),  # a check-box list's item (``- [x] Merged``) is no way to write a field
        )


@dataclass(frozen=True)
class Frame:
    """What a file says before its tickets: where its Markdown starts (after any
    front-matter) and the front-matter fields its tickets inherit (``milestone``, ...)."""

    first_line: int = 1
    inherited: dict[str, str] = field(default_factory=dict)


class Dialect(Protocol):
    """One ticket style."""

    name: str

    def detect(self, doc: Document, context: ParseContext, frame: Frame) -> bool:
        """Whether ``doc`` looks kept in this style (cheap; ``parse`` has the last word)."""
        ...

    def parse(self, doc: Document, context: ParseContext, frame: Frame) -> FileResult:
        """The tickets in ``doc`` (none when it is not in this style after all); a
        ``TixError`` when the file is broken."""
        ...


def criteria_in(doc: Document, first_line: int, last_line: int | None = None) -> list[Criterion]:
    """Acceptance criteria check boxes in the given lines of ``doc``."""
    from tix.markdown import acceptance_criteria  # parsing only: a warm run never needs it

    return [
        Criterion(
            text=box.text, checked=box.checked, line=box.line.number, mark_offset=box.mark_offset
        )
        for box in acceptance_criteria(doc, first_line, last_line)
    ]
