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

import re
from dataclasses import dataclass
from typing import Protocol

from tix.document import Document
from tix.fields import FieldNames
from tix.markdown import acceptance_criteria
from tix.model import Config, Criterion, StatusCategory, Ticket
from tix.vocabulary import StatusVocabulary, strip_markup


@dataclass(frozen=True)
class WorkspaceKnowledge:
    """What every file of a workspace is read with, built once from its config."""

    statuses: StatusVocabulary
    field_names: FieldNames
    id_pattern: re.Pattern[str]
    default_status: str

    @classmethod
    def of(cls, config: Config) -> WorkspaceKnowledge:
        return cls(
            statuses=StatusVocabulary.from_config(config),
            field_names=FieldNames(config.fields),
            id_pattern=re.compile(config.id_pattern),
            default_status=config.default_status or config.statuses[0].key,
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


class Dialect(Protocol):
    """One ticket style."""

    name: str

    def detect(self, doc: Document, context: ParseContext) -> bool:
        """Whether ``doc`` is kept in this style (cheap: look at the start of the text)."""
        ...

    def parse(self, doc: Document, context: ParseContext) -> list[Ticket]:
        """The tickets in ``doc``; a ``TixError`` when the file is broken."""
        ...


def criteria_in(doc: Document, first_line: int, last_line: int | None = None) -> list[Criterion]:
    """Acceptance criteria check boxes in the given lines of ``doc``."""
    return [
        Criterion(
            text=box.text, checked=box.checked, line=box.line.number, mark_offset=box.mark_offset
        )
        for box in acceptance_criteria(doc, first_line, last_line)
    ]
