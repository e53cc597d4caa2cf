"""How a workspace writes things, so that tix writes them the same way.

A careful person changing a status by hand writes it the way the file already does: ``🟢 Done``
in an epic file whose statuses read ``🔴 Todo``, ``✅`` alone in a table cell of emoji,
``Open`` in a folder whose tickets say ``Open`` rather than ``Todo``. ``StatusWriter`` learns
those forms from the tickets of the workspace (the same file first, then files of the same
style, then the whole workspace) and builds a form for a status no ticket uses yet from the
shape the file uses (emoji alone, emoji and label, label, or the status key) and the
workspace's emoji for it (from its legend or config).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tix.model import Ticket, fold
from tix.vocabulary import StatusVocabulary, split_leading_emoji, strip_markup

EMOJI_ONLY = "emoji"
EMOJI_AND_LABEL = "emoji+label"
LABEL = "label"
KEY = "key"


@dataclass
class Scope:
    """How one scope (a file, a style, the workspace) writes statuses: the forms of each
    status key, and how often each shape is used."""

    forms: dict[str, Counter[str]]
    shapes: Counter[str]


class StatusWriter:
    """The text to write for a status, learned from how the workspace writes statuses."""

    def __init__(
        self,
        tickets: Iterable[Ticket],
        statuses: StatusVocabulary,
        census: Mapping[tuple[str | None, str, str], int] | None = None,
    ) -> None:
        """``tickets``: the workspace's; or, with ``census`` (how many tickets of each style
        write each status text, as the index counts them), those of the files to edit."""
        self.statuses = statuses
        self._tickets = tickets
        self._census = census
        self._understood: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._scopes: dict[tuple[str, str], list[Scope]] = {}

    def _learn(self, path: str, dialect: str) -> list[Scope]:
        """How the file at ``path``, the files of ``dialect`` and the whole workspace (in that
        order) write statuses; learned once per file, in one pass over the tickets."""
        learned = self._scopes.get((path, dialect))
        if learned is not None:
            return learned
        counts: tuple[Counter[tuple[str, str]], ...] = (Counter(), Counter(), Counter())
        # In file order, as the index counts them: of forms used as often, the first met wins.
        for ticket in sorted(self._tickets, key=lambda t: (t.path, t.line)):
            # A check-box list's item (``- [x] Merged``) is not how the workspace writes a
            # status field.
            if ticket.status_text and "status.checklist" not in ticket.spans:
                written = (ticket.status, ticket.status_text)
                if self._census is None:
                    counts[2][written] += 1
                    if ticket.dialect == dialect:
                        counts[1][written] += 1
                if ticket.path == path:
                    counts[0][written] += 1
        for (style, key, text), tickets in (self._census or {}).items():
            counts[2][key, text] += tickets
            if style == dialect:
                counts[1][key, text] += tickets
        learned = []
        for count in counts:
            scope = Scope({}, Counter())
            for (key, text), tickets in count.items():
                understood = self._understand(key, text)
                if understood is not None:
                    form, shape = understood
                    scope.forms.setdefault(key, Counter())[form] += tickets
                    scope.shapes[shape] += tickets
            learned.append(scope)
        self._scopes[(path, dialect)] = learned
        return learned

    def _understand(self, key: str, text: str) -> tuple[str, str] | None:
        """``(form, shape)`` of a status text that plainly names status ``key``, else None.
        A workspace writes a handful of distinct texts, so each is understood once."""
        if (key, text) not in self._understood:
            match = self.statuses.resolve(text) if self.statuses.get(key) is not None else None
            form = text.strip()
            self._understood[key, text] = (
                None if match is None or match.note else (form, self._shape(form))
            )
        return self._understood[key, text]

    def _shape(self, form: str) -> str:
        emoji, rest = split_leading_emoji(strip_markup(form))
        if emoji and not rest:
            return EMOJI_ONLY
        if emoji:
            return EMOJI_AND_LABEL
        return KEY if self.statuses.get(rest) is not None else LABEL

    def form(self, key: str, *, path: str, dialect: str, typed: str | None = None) -> str:
        """The text for status ``key`` in the file at ``path`` (kept in ``dialect``).

        When ``typed`` (what the user wrote) is a form the workspace already uses for that
        status (``draft`` for ``Draft``), that form is written; another word for the status
        than its key or label (``Ongoing``) is written as typed.
        """
        scopes = self._learn(path, dialect)
        status = self.statuses.get(key)
        if typed and typed.strip():
            wanted = typed.strip().casefold()
            for scope in scopes:
                for form in scope.forms.get(key, Counter()):
                    if form.casefold() == wanted:
                        return form
            plain_names = {fold(key), fold(status.label)} if status else {fold(key)}
            if fold(typed) not in plain_names and not split_leading_emoji(typed.strip())[0]:
                return typed.strip()
        for scope in scopes:
            forms = scope.forms.get(key)
            if forms:
                return forms.most_common(1)[0][0]
        if status is None:
            return key
        shape = next(
            (scope.shapes.most_common(1)[0][0] for scope in scopes if scope.shapes),
            KEY if dialect == "frontmatter" else LABEL,
        )
        if shape == EMOJI_ONLY and status.emoji:
            return status.emoji
        if shape == EMOJI_AND_LABEL and status.emoji:
            return f"{status.emoji} {status.label}"
        if shape == KEY:
            return status.key
        return status.label
