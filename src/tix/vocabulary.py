"""Understanding the status and priority words people write.

``StatusVocabulary.resolve`` reads what a file says (``🔴 Todo``, ``IN-PROGRESS``, ``✅``,
``Blocked - Awaiting Budget Approval``) and answers which workflow status it is, which emoji
was written, and what note followed the status word. Matching ignores case, spaces, ``-``
and ``_``; a known label wins over a conflicting emoji; unknown text resolves to ``None``
(callers keep it as written). ``PriorityVocabulary`` does the same for priorities and gives
each a rank for sorting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from tix.model import Config, Priority, Status, StatusCategory, fold

_VARIATION_SELECTORS = "\ufe0e\ufe0f"
_ZWJ = "\u200d"
# Where a status word ends and a note begins: "Blocked - Awaiting X", "Done (2024-05-01)".
_NOTE_SEPARATOR = re.compile(r"\s+[-–—|/]\s*|\s*[:(\[]\s*|\s+-$")
_MARKUP = re.compile(r"\*\*|__|`|~~")
_STRUCK = re.compile(r"~~.*?~~")


def is_emoji_char(char: str) -> bool:
    """Pictographs, dingbats, geometric shapes and the joiners that glue emoji together."""
    if char in _VARIATION_SELECTORS or char == _ZWJ:
        return True
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0x2190 <= code <= 0x21FF or 0x25A0 <= code <= 0x25FF:
        return True
    return unicodedata.category(char) == "So"


def normalize_emoji(text: str) -> str:
    """Emoji without variation selectors, so ``✔️`` and ``✔`` compare equal."""
    return "".join(c for c in text if c not in _VARIATION_SELECTORS)


def split_leading_emoji(text: str) -> tuple[str, str]:
    """``("🔴", "Todo")`` from ``"🔴 Todo"``; ``("", text)`` when it starts with a letter."""
    index = 0
    while index < len(text) and (is_emoji_char(text[index]) or text[index] in " \t"):
        index += 1
    return text[:index].strip(), text[index:].strip()


def strip_markup(text: str) -> str:
    """Drop struck-through words (``~~Todo~~ Done`` is ``Done``), bold and code markers, and
    surrounding white space."""
    return _MARKUP.sub("", _STRUCK.sub("", text)).strip()


class StatusMatch(NamedTuple):
    """What a written status means: the status, the emoji written with it, any note after it."""

    status: Status
    emoji: str | None
    note: str | None


class StatusVocabulary:
    """The statuses of one workspace, with every way of writing them."""

    def __init__(
        self, statuses: Iterable[Status], extra_aliases: dict[str, list[str]] | None = None
    ):
        self.statuses: tuple[Status, ...] = tuple(statuses)
        self._by_key = {status.key: status for status in self.statuses}
        self._words: dict[str, Status] = {}
        self._emoji: dict[str, Status] = {}
        self._shown: dict[tuple[str, str | None], str] = {}
        extra = extra_aliases or {}
        # Workspace aliases first, so they win over built-in aliases of other statuses.
        for status in self.statuses:
            for alias in extra.get(status.key, []):
                self._learn(alias, status)
        for status in self.statuses:
            for name in (status.key, status.label, *status.aliases):
                self._learn(name, status)
            if status.emoji:
                self._learn(status.emoji, status)

    @classmethod
    def from_config(cls, config: Config) -> StatusVocabulary:
        return cls(config.statuses, config.status_aliases)

    def _learn(self, name: str, status: Status) -> None:
        word = fold(name)
        if word:
            self._words.setdefault(word, status)
        else:
            emoji = normalize_emoji(name.strip())
            if emoji:
                self._emoji.setdefault(emoji, status)

    def get(self, key: str) -> Status | None:
        """The status with exactly this key."""
        return self._by_key.get(key)

    def category(self, key: str) -> StatusCategory | None:
        status = self._by_key.get(key)
        return status.category if status else None

    def resolve(self, written: str) -> StatusMatch | None:
        """The status ``written`` names, or ``None`` when no word or emoji in it is known."""
        text = strip_markup(written)
        emoji, rest = split_leading_emoji(text)
        if not emoji:
            rest, trailing = _split_trailing_emoji(rest)
            emoji = trailing
        by_emoji = self._emoji_status(emoji)
        if rest:
            status = self._words.get(fold(rest))
            if status is not None:
                return StatusMatch(status, emoji or None, None)
            head, note = _split_note(rest)
            if head:
                status = self._words.get(fold(head))
                if status is not None:
                    return StatusMatch(status, emoji or None, note)
        if by_emoji is not None:
            return StatusMatch(by_emoji, emoji, rest or None)
        words = rest.split()
        for count in range(min(3, len(words) - 1), 0, -1):  # "Blocked by TICKET-001"
            status = self._words.get(fold(" ".join(words[:count])))
            if status is not None:
                return StatusMatch(status, emoji or None, " ".join(words[count:]))
        return None

    def _emoji_status(self, emoji: str) -> Status | None:
        if not emoji:
            return None
        clean = normalize_emoji(emoji).replace(" ", "")
        if clean in self._emoji:
            return self._emoji[clean]
        for char in clean:  # several emoji written together: the first one known decides
            if char in self._emoji:
                return self._emoji[char]
        return None

    def keys(self) -> list[str]:
        return [status.key for status in self.statuses]

    def display(self, key: str, written: str | None = None) -> str:
        """A status as people should see it: the emoji the file wrote (else the workspace's
        emoji for it) and the workspace's label; a status tix does not know, as written with
        ``(?)``."""
        shown = self._shown.get((key, written))
        if shown is None:  # a few statuses, written a few ways, shown for thousands of tickets
            shown = self._shown[key, written] = self._display(key, written)
        return shown

    def _display(self, key: str, written: str | None) -> str:
        status = self._by_key.get(key)
        if status is None:
            return f"{written or key} (?)"
        emoji = split_leading_emoji(written or "")[0] or status.emoji
        return f"{emoji} {status.label}" if emoji else status.label


def _split_trailing_emoji(text: str) -> tuple[str, str]:
    index = len(text)
    while index > 0 and (is_emoji_char(text[index - 1]) or text[index - 1] in " \t"):
        index -= 1
    return text[:index].strip(), text[index:].strip()


def _split_note(text: str) -> tuple[str, str | None]:
    match = _NOTE_SEPARATOR.search(text)
    if match is None:
        return text, None
    head = text[: match.start()].strip()
    note = text[match.end() :].strip().rstrip(")]").strip()
    return head, note or None


class PriorityVocabulary:
    """The priorities of one workspace, most urgent first."""

    def __init__(self, priorities: Iterable[Priority]):
        self.priorities: tuple[Priority, ...] = tuple(priorities)
        self._words: dict[str, tuple[int, Priority]] = {}
        for rank, priority in enumerate(self.priorities):
            for name in (priority.key, priority.label, *priority.aliases):
                if fold(name):
                    self._words.setdefault(fold(name), (rank, priority))
        # What each written form resolved to: a workspace writes its few priorities in a few
        # ways, and sorting ten thousand tickets asks for each one's rank.
        self._known: dict[str, tuple[int, Priority] | None] = {}

    def resolve(self, written: str | None) -> Priority | None:
        found = self._lookup(written)
        return found[1] if found else None

    def rank(self, written: str | None) -> int:
        """0 for the most urgent; unknown and missing priorities sort after every known one."""
        found = self._lookup(written)
        return found[0] if found else len(self.priorities)

    def _lookup(self, written: str | None) -> tuple[int, Priority] | None:
        if not written:
            return None
        try:
            return self._known[written]
        except KeyError:
            found = self._known[written] = self._resolve(written)
            return found

    def _resolve(self, written: str) -> tuple[int, Priority] | None:
        _, rest = split_leading_emoji(strip_markup(written))
        found = self._words.get(fold(rest))
        if found is None:
            head, _ = _split_note(rest)
            found = self._words.get(fold(head))
        return found
