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
from collections.abc import Iterable

from tix.model import Ticket, fold
from tix.vocabulary import StatusVocabulary, split_leading_emoji, strip_markup

EMOJI_ONLY = "emoji"
EMOJI_AND_LABEL = "emoji+label"
LABEL = "label"
KEY = "key"


class StatusWriter:
    """The text to write for a status, learned from how the workspace writes statuses."""

    def __init__(self, tickets: Iterable[Ticket], statuses: StatusVocabulary) -> None:
        self.statuses = statuses
        self._forms: dict[tuple[str, str], Counter[str]] = {}  # (scope, key) -> forms
        self._shapes: dict[str, Counter[str]] = {}  # scope -> shapes
        for ticket in tickets:
            if not ticket.status_text or statuses.get(ticket.status) is None:
                continue
            match = statuses.resolve(ticket.status_text)
            if match is None or match.note:
                continue
            form = ticket.status_text.strip()
            shape = self._shape(form)
            for scope in (f"file:{ticket.path}", f"dialect:{ticket.dialect}", "all"):
                self._forms.setdefault((scope, ticket.status), Counter())[form] += 1
                self._shapes.setdefault(scope, Counter())[shape] += 1

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
        scopes = (f"file:{path}", f"dialect:{dialect}", "all")
        status = self.statuses.get(key)
        if typed and typed.strip():
            wanted = typed.strip().casefold()
            for scope in scopes:
                for form in self._forms.get((scope, key), Counter()):
                    if form.casefold() == wanted:
                        return form
            plain_names = {fold(key), fold(status.label)} if status else {fold(key)}
            if fold(typed) not in plain_names and not split_leading_emoji(typed.strip())[0]:
                return typed.strip()
        for scope in scopes:
            forms = self._forms.get((scope, key))
            if forms:
                return forms.most_common(1)[0][0]
        if status is None:
            return key
        shape = next(
            (self._shapes[s].most_common(1)[0][0] for s in scopes if self._shapes.get(s)),
            KEY if dialect == "frontmatter" else LABEL,
        )
        if shape == EMOJI_ONLY and status.emoji:
            return status.emoji
        if shape == EMOJI_AND_LABEL and status.emoji:
            return f"{status.emoji} {status.label}"
        if shape == KEY:
            return status.key
        return status.label
