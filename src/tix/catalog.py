"""All tickets of a workspace, and finding one by what a user typed.

A ``Catalog`` is the loaded state every command works from: the tickets in natural id order
(``DEMO-2`` before ``DEMO-10``, ``1.2`` before ``1.10``), the epics the files describe, the
index documents left out, the problems met while reading, and the text damaged by a wrong
decode in each file (for ``tix validate``). A catalog made by ``Workspace.load_around``
holds only the tickets one reference may name and those they depend on, with a census of how
the workspace writes statuses.
``find`` turns what a user typed into exactly one ticket, or a ``TixError`` that says why not:
no such ticket (with the closest ids as a hint) or an id several files define (naming them).
It opens no file itself: a file's text comes through the reader the workspace gives it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from operator import itemgetter

from tix.document import Document
from tix.errors import Code, Problem, TixError
from tix.model import Epic, Ticket
from tix.mojibake import DamageAt

_DIGITS = re.compile(r"(\d+)")
_TEXT_THEN_NUMBER = re.compile(r"([^0-9]*)([0-9]+)").fullmatch
_PATH_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")


def natural_key(text: str) -> tuple[str | int, ...]:
    """Sort key that orders the numbers inside text by value: ``A-2 < A-10``, ``1.2 < 1.10``.

    Splitting on runs of digits alternates text and numbers (``A-10`` gives ``a-``, ``10``,
    ``""``), so two keys always compare text with text and numbers with numbers. The usual
    id, ASCII text then one number, is keyed without splitting (twice as fast)."""
    simple = _TEXT_THEN_NUMBER(text)
    if simple is not None and text.isascii():
        return (simple[1].lower(), int(simple[2]), "")
    parts: list[str | int] = list(_DIGITS.split(text.casefold()))
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def natural_order(tickets: Iterable[Ticket]) -> list[Ticket]:
    """``tickets`` by id in natural order; those that share an id by path (in natural order
    too), then line. The paths' keys are made only for shared ids: a sort key per ticket is
    most of the cost at ten thousand tickets."""
    keyed = sorted(((natural_key(ticket.id), ticket) for ticket in tickets), key=itemgetter(0))
    ordered = [ticket for _, ticket in keyed]
    start = 0
    for end in range(1, len(keyed) + 1):
        if end == len(keyed) or keyed[end][0] != keyed[start][0]:
            if end - start > 1:
                ordered[start:end] = sorted(
                    ordered[start:end], key=lambda t: (natural_key(t.path), t.line)
                )
            start = end
    return ordered


def location(reference: str) -> tuple[str, int | None]:
    """The path and line a ``PATH`` or ``PATH:LINE`` reference names."""
    line: int | None = None
    path = reference
    match = _PATH_LINE.match(reference)
    if match:
        path, line = match.group("path"), int(match.group("line"))
    return path.removeprefix("./").replace("\\", "/"), line


class Catalog:
    """The tickets and problems of one workspace."""

    def __init__(
        self,
        tickets: Iterable[Ticket],
        problems: Iterable[Problem] = (),
        *,
        in_natural_order: bool = False,
        epics: Iterable[Epic] = (),
        index_documents: Iterable[str] = (),
        damage: dict[str, list[DamageAt]] | None = None,
        documents: dict[str, Document] | None = None,
        reader: Callable[[str], Document] | None = None,
        locator: Callable[[str, int], tuple[int, int] | None] | None = None,
        status_census: Mapping[tuple[str | None, str, str], int] | None = None,
    ) -> None:
        # ``in_natural_order``: the caller knows ``tickets`` come in ``natural_order``.
        self.tickets: list[Ticket] = list(tickets) if in_natural_order else natural_order(tickets)
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        self.epics: list[Epic] = list(epics)
        self.index_documents: list[str] = list(index_documents)
        self.damage: dict[str, list[DamageAt]] = damage or {}
        self.documents: dict[str, Document] = documents or {}
        self._reader = reader
        self._locator = locator
        # Set for a catalog of some of the workspace's tickets (Workspace.load_around): how
        # the whole workspace writes statuses, as the index counted it.
        self.status_census = status_census

    def with_bodies(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """``tickets`` with their bodies, read back from their files when the index left
        them out (it keeps no bodies). A file that cannot be read leaves a body empty."""
        found = list(tickets)
        for ticket in found:
            span = ticket.spans.get("body")
            if ticket.body or span is None or span[0] >= span[1]:
                continue
            doc = self.document(ticket.path)
            if doc is not None:
                ticket.body = doc.text[span[0] : span[1]]
        return found

    def position(self, relpath: str, offset: int) -> tuple[int, int] | None:
        """1-based ``(line, column)`` of ``offset`` in the file ``relpath`` as loaded: from the
        document when it is at hand, else from what the loader knows of the file's lines, else
        from the file read now; ``None`` when it cannot be read or ``offset`` is past its end."""
        doc = self.documents.get(relpath)
        if doc is None and self._locator is not None:
            found = self._locator(relpath, offset)
            if found is not None:
                return found
        if doc is None:
            doc = self.document(relpath)
        if doc is None or offset > len(doc.text):
            return None
        return doc.position(offset)

    def document(self, relpath: str) -> Document | None:
        """The file ``relpath`` as loaded, or read now (through the workspace) and kept;
        ``None`` when it cannot be read."""
        doc = self.documents.get(relpath)
        if doc is None and self._reader is not None:
            try:
                doc = self.documents[relpath] = self._reader(relpath)
            except TixError:
                return None
        return doc

    def __len__(self) -> int:
        return len(self.tickets)

    @cached_property
    def _by_id(self) -> dict[str, list[Ticket]]:
        index: dict[str, list[Ticket]] = {}
        for ticket in self.tickets:
            index.setdefault(ticket.id, []).append(ticket)
        return index

    @cached_property
    def _by_folded_id(self) -> dict[str, list[Ticket]]:
        index: dict[str, list[Ticket]] = {}
        for ticket in self.tickets:
            index.setdefault(ticket.id.casefold(), []).append(ticket)
            for alias in ticket.aliases:
                if alias.casefold() != ticket.id.casefold():
                    index.setdefault(alias.casefold(), []).append(ticket)
        return index

    def with_id(self, ticket_id: str) -> list[Ticket]:
        """Every ticket whose id is exactly ``ticket_id`` (more than one means a duplicate)."""
        return self._by_id.get(ticket_id, [])

    def ids(self) -> list[str]:
        return list(self._by_id)

    def duplicates(self) -> dict[str, list[Ticket]]:
        """Each id more than one ticket has, with those tickets."""
        return {ticket_id: found for ticket_id, found in self._by_id.items() if len(found) > 1}

    def find(self, reference: str) -> Ticket:
        """The one ticket ``reference`` names: an id (any case), an alias, ``PATH`` or
        ``PATH:LINE``."""
        wanted = reference.strip()
        candidates = self._by_id.get(wanted) or self._by_folded_id.get(wanted.casefold(), [])
        if not candidates:
            candidates = self._by_location(wanted)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            places = ", ".join(ticket.location for ticket in candidates)
            raise TixError(
                f"ticket id {wanted} is defined {len(candidates)} times: {places}",
                code=Code.AMBIGUOUS_ID,
                hint="name one as PATH or PATH:LINE",
            )
        raise TixError(f"no ticket {wanted}", code=Code.NO_TICKET, hint=self._suggest(wanted))

    def _by_location(self, reference: str) -> list[Ticket]:
        path, line = location(reference)
        in_file = [t for t in self.tickets if t.path == path]
        if line is None:
            return in_file
        return [t for t in in_file if t.line == line]

    def _suggest(self, wanted: str) -> str | None:
        folded = {ticket_id.casefold(): ticket_id for ticket_id in self._by_id}
        close = difflib.get_close_matches(wanted.casefold(), list(folded), n=3, cutoff=0.6)
        # The same id but for its numbers' padding first: DANUBE-1 is DANUBE-001.
        unpadded = _unpadded(wanted)
        same = [key for key in folded if _unpadded(key) == unpadded]
        close = [*same, *(c for c in close if c not in same)][:3]
        if not close:
            return None
        return "did you mean " + " or ".join(folded[c] for c in close) + "?"


def _unpadded(ticket_id: str) -> str:
    """``ticket_id`` folded, its numbers without leading zeros (``danube-1`` for DANUBE-001)."""
    return re.sub(r"\d+", lambda number: str(int(number.group())), ticket_id.casefold())
