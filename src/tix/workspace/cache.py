"""The persistent index: what each file held when tix last read it, so unchanged files are
not read or parsed again.

It lives in ``.tix/cache/index.bin`` under the workspace root (``.tix/`` carries its own
``.gitignore``). Each entry is keyed by the file's path, size, modification time and change
time (which a ``chmod`` moves too, so a file made unreadable is read again and reported), and
records a digest of its bytes, the status legend it explains, the text in it damaged by a
wrong decode, where each of its lines starts (so that a problem is located at a line and
column without reading the file again), and what it holds: tickets as compact rows (no
bodies; only the spans reading commands need), epics. The rows are plain lists, tuples and
dicts in ``marshal`` format, which Python reads back in C about twice as fast as JSON. The
whole index is keyed by the tix version and a hash of the configuration; parse results also
by a hash of the knowledge they were read with (config plus legends), so a changed legend
re-reads everything.

The index begins with a table of its files (stat, digest, legend, and a ``FileShape``: style,
ids, aliases and the statuses written), then holds what the files held in pieces of
``FILES_PER_PIECE`` files. A load reads it all; a command about one ticket reads the table
and the pieces of the few files it needs (``Index.open_table``, ``load_rows``). When every
file was parsed and none was racily clean, the header also keeps what the load learned of
the whole workspace and a key of every file's path and stat (``FilesKey``): a load that
finds the same key takes what the files held at once, without the table (``read_unchanged``),
and a command about one ticket takes each file's shape from the table without checking any
file against it (``Index.open_table`` with the key). An edit tix writes carries the header
forward (``remember_file``): the key with the edited file's new times, and the file listed
among those each load checks by digest (``verify``).

Trust nothing: each piece has its length and checksum in the header, and the header a
checksum of its own, so a missing, truncated, corrupt or foreign index (or one of another tix
version or config) is ignored and rebuilt, never an error; only a piece that proves whole is
read, and then without validating each ticket again. It also names the folder it belongs to
(device and inode) and the Python that wrote it: one copied from elsewhere, or committed by
someone else, is never read. A file modified within two seconds of the index being written
("racily clean", as git calls it) is checked against its digest, so an edit that keeps the
size and lands in the same clock tick is still seen; once such a file is found unchanged and
two seconds old, the index is written again, so that it is not read on every load (by a load
of the whole workspace, or by an edit whose load checked every file: ``remember_file``). The
index is written atomically, so
concurrent tix processes never leave a torn one behind.

Beside it, ``config.json`` keeps the workspace's config file as validated, keyed by the
file's exact bytes and the tix version, so that a run whose config did not change reads no
YAML and loads no Pydantic; and ``text.bin`` keeps the text of every file for ``tix grep``,
which searches all of it, so that it reads one file instead of ten thousand (with each
ticket's id and region, so that a search of every ticket needs no index at all while the
files have the key the texts were kept with).
"""

from __future__ import annotations

import array
import bisect
import contextlib
import dataclasses
import functools
import itertools
import json
import marshal
import operator
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, NamedTuple

from tix import __version__

try:  # the BLAKE2 module itself: hashlib would load OpenSSL too, a few ms on every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
from tix.dialects.base import FileResult, FileShape
from tix.document import Document, line_starts
from tix.model import TICKET_FIELDS, Config, Criterion, Epic, Ticket
from tix.mojibake import DamageAt, locate_damage

FORMAT = "tix-index"
VERSION = 19  # a change of what the parsers make must move it: old indexes are then read anew
INDEX_FILE = "index.bin"
# A cache file is marshalled pieces, then a header (a JSON line with each piece's length and
# checksum), then the header's length: written a piece at a time as each is made (never a
# 70 MB body held whole at 100,000 tickets), and one piece can be read without the others.
# The index's first pieces are its table of files, this many files each (marshal keeps a
# table of every object it writes that is also referenced elsewhere: one piece of 100,000
# files took 100 MB to write)...
FILES_PER_TABLE_PIECE = 5000
# ... then each of the other pieces holds what this many files of the table held.
FILES_PER_PIECE = 500
_HEADER_LENGTH = 8  # bytes, little-endian, at the very end
# Line starts are unsigned ints of at least 32 bits (files are under 10 MB)...
_LINE_START: Literal["I"] = "I"
_SPAN = struct.Struct("=II")  # ... and a span is two of exactly 32 (its start and end)
# marshal's format belongs to the Python that wrote it.
_PYTHON = f"{sys.implementation.cache_tag}/{marshal.version}"
RACY_NANOSECONDS = 2_000_000_000
CONFIG_FILE = "config.json"  # the validated config, beside the index
TEXT_FILE = "text.bin"  # every file's text, for tix grep
# Where each ticket field sits in an index row; criteria and spans are stored compactly.
_CRITERIA = TICKET_FIELDS.index("criteria")
_SPANS = TICKET_FIELDS.index("spans")
_BODY = TICKET_FIELDS.index("body")
_FIELDS_OF = operator.attrgetter(*TICKET_FIELDS)
# Fields many tickets write alike: stored as one string that the others refer back to.
_REPEATED = tuple(
    TICKET_FIELDS.index(name)
    for name in (
        "status",
        "status_text",
        "priority",
        "type",
        "epic",
        "epic_name",
        "sprint",
        "milestone",
        "dialect",
    )
)


def result_row(result: FileResult, *, whole: bool = False) -> tuple[Any, ...]:
    """What one file held, as the index keeps it: tickets without their bodies (read back
    from the file on demand) and with the spans reading commands use. ``whole`` keeps the
    bodies and every span: what a worker process parsed, sent to the loading process as
    plain data (which pickles in a third of the time the tickets themselves take)."""
    return (
        result.dialect,
        result.links_to_ticket_files,
        [_ticket_row(ticket, whole) for ticket in result.tickets],
        [epic.to_json() for epic in result.epics],
    )


def result_from_row(row: tuple[Any, ...]) -> FileResult:
    """The ``FileResult`` ``result_row`` wrote. The index's checksum proved these are the
    rows tix wrote: no field is checked again."""
    dialect, links, tickets, epics = row
    return FileResult(
        list(map(_ticket_from_row, tickets)),
        [Epic(**epic) for epic in epics],
        dialect,
        links,
    )


def tickets_of_rows(rows: Iterable[tuple[Any, ...]]) -> tuple[list[Ticket], list[Epic]]:
    """The tickets and epics of the files ``result_row`` wrote ``rows`` of, file after
    file, without a ``FileResult`` for each (which took a third of the time at ten thousand
    one-ticket files)."""
    tickets: list[Ticket] = []
    epics: list[Epic] = []
    for _, _, ticket_rows, epic_rows in rows:
        tickets.extend(map(_ticket_from_row, ticket_rows))
        if epic_rows:
            epics.extend(Epic(**epic) for epic in epic_rows)
    return tickets, epics


def _ticket_row(ticket: Ticket, whole: bool = False) -> list[Any]:
    """A ticket as one list, its fields in ``TICKET_FIELDS`` order, of the plain types
    ``marshal`` keeps (so that reading it back makes every list, tuple and dict in C); its
    body and every span kept when ``whole``."""
    row = list(_FIELDS_OF(ticket))
    for at in _REPEATED:  # one string for all the tickets that say "todo": marshal refers back
        if type(row[at]) is str:
            row[at] = sys.intern(row[at])
    if not whole:
        row[_BODY] = ""
    row[_CRITERIA] = [tuple(criterion) for criterion in ticket.criteria]
    row[_SPANS] = PackedSpans.pack(ticket.spans, every=whole)
    return row


_criterion = functools.partial(tuple.__new__, Criterion)  # Criterion._make, without its checks


def _ticket_from_row(row: list[Any]) -> Ticket:
    """The ticket ``_ticket_row`` wrote; set field by field (a fifth of the time the
    dataclass's keyword constructor takes, which matters at ten thousand tickets). The fields
    are named in ``TICKET_FIELDS`` order: a new field goes here too, and
    test_every_ticket_field_survives_the_index fails until it does."""
    ticket: Ticket = object.__new__(Ticket)
    (
        ticket.id,
        ticket.title,
        ticket.status,
        ticket.status_text,
        ticket.blocked_reason,
        ticket.priority,
        ticket.assignees,
        ticket.type,
        ticket.epic,
        ticket.epic_name,
        ticket.sprint,
        ticket.milestone,
        ticket.parent,
        ticket.labels,
        ticket.depends_on,
        ticket.depends_on_unresolved,
        ticket.estimate,
        ticket.points,
        ticket.path,
        ticket.line,
        ticket.dialect,
        ticket.aliases,
        criteria,
        ticket.extra,
        ticket.body,
        spans,
    ) = row
    ticket.criteria = list(map(_criterion, criteria))
    ticket.spans = PackedSpans(*spans)
    return ticket


# Span names kept, where they are among all the names, and the layout of their offsets.
_SpanLayout = tuple[tuple[str, ...], tuple[int, ...], struct.Struct]


class PackedSpans(Mapping[str, tuple[int, int]]):
    """A ticket's spans as the index keeps them: their names (one tuple shared by every
    ticket with the same names) and their offsets packed in one array, each span unpacked
    when asked for. Most commands never look at a span; unmarshalling ten thousand dicts of
    tuples of ints took half the time of reading the index.

    Only the spans reading commands use are kept: edits read the file again and take every
    span from there, while reading commands need where a ticket and its values are, not
    where each field's name or line is."""

    __slots__ = ("_names", "_offsets")
    # The layout for each set of span names met (in order, and whether all are kept):
    # tickets of one style mostly share a few such sets.
    _layouts: ClassVar[dict[tuple[tuple[str, ...], bool], _SpanLayout]] = {}

    def __init__(self, names: tuple[str, ...], offsets: bytes) -> None:
        self._names = names
        self._offsets = offsets

    @classmethod
    def pack(
        cls, spans: Mapping[str, tuple[int, int]], *, every: bool = False
    ) -> tuple[tuple[str, ...], bytes]:
        """The ``(names, offsets)`` the index stores for ``spans`` (``every`` span of them
        when asked, not only those reading commands use)."""
        every_name = tuple(spans)
        layout = cls._layouts.get((every_name, every))
        if layout is None:
            kept = tuple(
                at
                for at, name in enumerate(every_name)
                if every or not (name.endswith(".key") or name.startswith("field_line."))
            )
            names = tuple(sys.intern(every_name[at]) for at in kept)
            if len(cls._layouts) > 4096:  # however many styles and extra fields pass by
                cls._layouts.clear()
            layout = (names, kept, struct.Struct(f"={2 * len(kept)}I"))
            cls._layouts[every_name, every] = layout
        names, kept, offsets = layout
        if isinstance(spans, PackedSpans):
            if len(kept) == len(every_name):
                return spans.packed
            values = list(_SPAN.iter_unpack(spans._offsets))
        else:
            values = list(spans.values())
        return names, offsets.pack(*itertools.chain.from_iterable(map(values.__getitem__, kept)))

    @property
    def packed(self) -> tuple[tuple[str, ...], bytes]:
        return self._names, self._offsets

    def __getitem__(self, name: str) -> tuple[int, int]:
        try:
            at = self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        span: tuple[int, int] = _SPAN.unpack_from(self._offsets, at * _SPAN.size)
        return span

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"PackedSpans({dict(self.items())!r})"


@dataclass(slots=True)
class Entry:
    """What the index knows of one file.

    What the file held is kept as the index stores it (``row``) and made into a
    ``FileResult`` only when asked for (``result``), which then replaces the row: a load
    that needs the tickets of a few files (``tix grep``) does not build those of the others,
    and none holds a file's tickets twice."""

    size: int
    mtime_ns: int
    ctime_ns: int  # changes with the mode too: a file made unreadable is read (and reported)
    digest: str
    legend: list[tuple[str, str]]
    shape: FileShape | None = None  # None: the index does not hold what the file held
    damage: list[DamageAt] = field(default_factory=list)
    line_starts: bytes = b""  # where each line starts, as a native unsigned int array
    row: tuple[Any, ...] | None = None  # what the file held, as result_row gives it, until built
    _result: FileResult | None = None
    _stored: tuple[Any, ...] | None = None  # ``_result`` as result_row gives it, when given

    @classmethod
    def read(
        cls,
        stat: os.stat_result,
        doc: Document,
        legend: list[tuple[str, str]],
        damage: list[DamageAt],
    ) -> Entry:
        """A new entry for a file read as ``doc`` when it had ``stat``."""
        return cls(
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
            digest(doc.to_bytes()),
            legend,
            None,
            damage,
            line_table(doc),
        )

    def table_item(self, relpath: str) -> tuple[Any, ...]:
        """The entry as the index's table of files keeps it."""
        shape = tuple(self.shape) if self.shape is not None else None  # marshal: plain tuples
        return (relpath, self.size, self.mtime_ns, self.ctime_ns, self.digest, self.legend, shape)

    def held_item(self) -> tuple[Any, ...]:
        """What the file held, as the index's pieces after the table keep it."""
        return ([tuple(found) for found in self.damage], self.line_starts, self.stored_row())

    @property
    def result(self) -> FileResult | None:
        """What the file held (``None`` when the index has not kept it)."""
        if self._result is None and self.row is not None:
            self._result = result_from_row(self.row)
            self.row = None
        return self._result

    @result.setter
    def result(self, result: FileResult | None) -> None:
        self.keep_result(result)

    def keep_result(
        self, result: FileResult | None, stored_row: tuple[Any, ...] | None = None
    ) -> None:
        """Keep ``result`` as what the file holds; ``stored_row``, when given, is
        ``result_row(result)`` made already (by the worker process that parsed the file)."""
        self._result, self.row, self._stored = result, None, stored_row
        self.shape = None if result is None else FileShape.of(result)

    @property
    def has_result(self) -> bool:
        return self.shape is not None

    def stored_row(self) -> tuple[Any, ...] | None:
        """What the file held, as the index stores it."""
        if self.row is not None:
            return self.row
        if self._stored is not None:
            return self._stored
        return result_row(self._result) if self._result is not None else None


def position_in(line_table: bytes, offset: int) -> tuple[int, int] | None:
    """1-based ``(line, column)`` of ``offset`` in the text ``line_table`` was made from, as
    ``Document.position`` gives it; ``None`` for an empty table."""
    if not line_table:
        return None
    starts = memoryview(line_table).cast(_LINE_START)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def line_table(doc: Document) -> bytes:
    """``doc``'s line starts as ``Entry.line_starts`` keeps them (made from its text, not
    kept on the document: a cold load holds thousands of documents until they are parsed)."""
    return array.array(_LINE_START, line_starts(doc.text)).tobytes()


class _AsRead(NamedTuple):
    identity: tuple[int, int, int]  # the index file's inode, size and modification time
    header: dict[str, Any]
    tables: list[list[Any]]  # the table of files, piece by piece


def _file_identity(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass
class Index:
    """The index of one workspace, as loaded (empty when there was none to trust).

    ``Index.open`` reads every file's entry with what it held. ``Index.open_table`` reads
    only the table of files (their stat, digest, legend and ``FileShape``) and
    ``load_rows`` what the named files held, for a command about a few tickets: such an
    index is never saved."""

    path: Path
    config_hash: str
    root_identity: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    knowledge_hash: str = ""
    written_ns: int = 0
    changed: bool = False
    # fresh() found a file with the stat its entry knows but other bytes (changed in the
    # clock tick the index was written): that entry must stay racily clean
    unseen_change: bool = False
    _pieces: _Pieces | None = None  # while rows are left to read (open_table)
    _as_read: _AsRead | None = None  # the file as read (open_table), for remember_file
    _table_pieces: int = 0
    _order: list[str] = field(default_factory=list)  # the table's files, in order
    # open_table with the files' key: what the header knew of the whole workspace, and the
    # pieces of rows read
    learned: Learned | None = None
    verify: list[tuple[str, str]] = field(default_factory=list)
    _loaded_rows: dict[int, list[Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, config: Config) -> Index:
        index = cls(_cache_folder(root) / INDEX_FILE, config_hash(config), _identity(root))
        with contextlib.suppress(Exception):  # whatever is wrong with it, it is rebuilt
            index._read(rows=True)
        return index

    @classmethod
    def open_table(cls, root: Path, config: Config, key: str | None = None) -> Index | None:
        """The index with its table of files only; ``None`` when there is none to trust.
        When the files have the ``key`` its header's ``unchanged`` was written with, no
        entry is made: ``learned`` and ``verify`` say what the header knew, and ``tables``
        give the table as read (for a command about a few tickets in an unchanged
        workspace)."""
        index = cls(_cache_folder(root) / INDEX_FILE, config_hash(config), _identity(root))
        with contextlib.suppress(Exception):
            if index._read(rows=False, key=key):
                return index
        return None

    def tables(self) -> list[list[Any]]:
        """The table of files as read, piece by piece (``open_table`` with a key)."""
        return self._as_read.tables if self._as_read is not None else []

    def held(self, position: int) -> tuple[list[Any], bytes, tuple[Any, ...]]:
        """What the file at ``position`` of the table held: its damage, line starts and row
        (``open_table`` with a key); a ``ValueError`` when its piece proves damaged."""
        assert self._pieces is not None
        piece = self._loaded_rows.get(position // FILES_PER_PIECE)
        if piece is None:
            number = position // FILES_PER_PIECE
            piece = self._loaded_rows[number] = self._pieces.load(self._table_pieces + number)
        held: tuple[list[Any], bytes, tuple[Any, ...]] = piece[position % FILES_PER_PIECE]
        return held

    def _read(self, *, rows: bool, key: str | None = None) -> bool:
        """Take the index's entries when the file is whole, ours, and of this config (with
        what each file held when ``rows``); whether it was taken. (See ``open_table`` for
        ``key``.)"""
        read_as = self.path.stat()
        found = _read_pieces(self.path, self._stamp())
        if found is None:
            return False
        header, pieces = found
        table_pieces = int(header["table_pieces"])
        unchanged = _unchanged_of(header, key) if key is not None and not rows else None
        if unchanged is not None:
            read_tables = [pieces.load(number) for number in range(table_pieces)]
            self.learned, self.verify = unchanged
            self._pieces, self._table_pieces = pieces, table_pieces
            self._as_read = _AsRead(_file_identity(read_as), header, read_tables)
            self.knowledge_hash = str(header["knowledge"])
            self.written_ns = int(header["written_ns"])
            return True
        # All of the table is kept for remember_file when only the table is read; with the
        # rows, the table and the rows are read side by side, a piece of each at a time.
        tables = None if rows else [pieces.load(number) for number in range(table_pieces)]
        table = itertools.chain.from_iterable(tables or map(pieces.load, range(table_pieces)))
        if rows:
            held = itertools.chain.from_iterable(map(pieces.load, range(table_pieces, len(pieces))))
            pairs = zip(table, held, strict=True)  # a length that does not fit: a ValueError
        else:
            pairs = zip(table, itertools.repeat(((), b"", None)))
        entries: dict[str, Entry] = {}
        for (relpath, size, mtime_ns, ctime_ns, file_digest, legend, shape), (
            damage,
            lines,
            row,
        ) in pairs:
            entries[relpath] = Entry(
                size,
                mtime_ns,
                ctime_ns,
                file_digest,
                legend,
                FileShape._make(shape) if shape is not None else None,
                list(map(DamageAt._make, damage)) if damage else [],
                lines,
                row,
            )
        if not rows:
            self._pieces, self._order, self._table_pieces = pieces, list(entries), table_pieces
            self._as_read = _AsRead(_file_identity(read_as), header, tables or [])
        self.entries = entries
        self.knowledge_hash = str(header["knowledge"])
        self.written_ns = int(header["written_ns"])
        return True

    def _take_rows(self, number: int) -> None:
        """Give the entries of piece ``number`` of the rows (they follow the table's pieces)
        what their files held."""
        assert self._pieces is not None
        first = number * FILES_PER_PIECE
        for relpath, (damage, lines, row) in zip(
            self._order[first : first + FILES_PER_PIECE],
            self._pieces.load(self._table_pieces + number),
            strict=False,
        ):
            entry = self.entries[relpath]
            entry.damage = list(map(DamageAt._make, damage)) if damage else []
            entry.line_starts, entry.row = lines, row

    def load_rows(self, relpaths: Iterable[str]) -> None:
        """Read what the files ``relpaths`` held (an index opened with ``open_table``); a
        ``ValueError`` when a piece proves damaged."""
        if self._pieces is None:
            return
        position = {relpath: number for number, relpath in enumerate(self._order)}
        for number in sorted({position[relpath] // FILES_PER_PIECE for relpath in relpaths}):
            self._take_rows(number)

    def _stamp(self) -> dict[str, Any]:
        return _stamp(FORMAT, self.root_identity, config=self.config_hash)

    def as_read(self) -> tuple[dict[str, Any], _Pieces, list[list[Any]]] | None:
        """The header, pieces and table of files of an index opened with ``open_table``,
        while the index file is still the one read (it is only ever replaced, never written
        in place: the same inode, size and time, the same bytes); ``None`` otherwise."""
        if self._as_read is None or self._pieces is None:
            return None
        try:
            if _file_identity(self.path.stat()) != self._as_read.identity:
                return None
        except OSError:
            return None
        return dict(self._as_read.header), self._pieces, self._as_read.tables

    def fresh(self, relpath: str, stat: os.stat_result, path: str) -> Entry | None:
        """The entry for ``relpath`` (at ``path``, with ``stat``) if the file is unchanged
        since it was indexed; the file is read only when the entry is racily clean."""
        entry = self.entries.get(relpath)
        if (
            entry is None
            or entry.size != stat.st_size
            or entry.mtime_ns != stat.st_mtime_ns
            or entry.ctime_ns != stat.st_ctime_ns
        ):
            return None
        if entry.mtime_ns >= self.written_ns - RACY_NANOSECONDS:
            with open(path, "rb") as stream:
                if digest(stream.read()) != entry.digest:
                    self.unseen_change = True
                    return None
            if entry.mtime_ns < time.time_ns() - RACY_NANOSECONDS:
                # Unchanged, and its time now far enough behind: an index written now no
                # longer counts it racily clean, and the loads after this one do not read it
                # (a clone indexed within two seconds would otherwise be read on every run).
                self.changed = True
        return entry

    def record(
        self,
        relpath: str,
        stat: os.stat_result,
        doc: Document,
        legend: list[tuple[str, str]],
        damage: list[DamageAt],
    ) -> Entry:
        """A new entry for ``relpath``, read as ``doc`` when it had ``stat``."""
        entry = self.entries[relpath] = Entry.read(stat, doc, legend, damage)
        self.changed = True
        return entry

    def save(self, knowledge_hash: str, keep: set[str], learned: Callable[[], Learned]) -> None:
        """Write the index (only the files in ``keep``), if anything changed; with what the
        load ``learned`` of the whole workspace (asked only when the index is written), for
        the next load to take whole when no file changed (``read_unchanged``)."""
        assert self._pieces is None, "an index read in part is never written"
        if not self.changed and knowledge_hash == self.knowledge_hash and set(self.entries) == keep:
            return
        # In path order (files read for the first time come last in ``entries``).
        kept = sorted(
            ((relpath, entry) for relpath, entry in self.entries.items() if relpath in keep),
            key=lambda item: item[0],
        )
        table = [entry.table_item(relpath) for relpath, entry in kept]
        rows = (entry.held_item() for _, entry in kept)
        table_pieces = list(_batches(table, FILES_PER_TABLE_PIECE))
        written_ns = time.time_ns()
        header = {
            **self._stamp(),
            "knowledge": knowledge_hash,
            "written_ns": written_ns,
            "table_pieces": len(table_pieces),
        }
        if all(
            entry.has_result and entry.mtime_ns < written_ns - RACY_NANOSECONDS for _, entry in kept
        ):  # every file parsed, and none racily clean (its stat alone would not prove it)
            files = files_key(
                [relpath for relpath, _ in kept],
                ((entry.size, entry.mtime_ns, entry.ctime_ns) for _, entry in kept),
            )
            header["unchanged"] = {"files": files, "verify": [], **dataclasses.asdict(learned())}
        pieces = itertools.chain(table_pieces, _batches(rows, FILES_PER_PIECE))  # one at a time
        if _write_pieces(self.path, header, pieces):
            (self.path.parent / "index.json").unlink(missing_ok=True)  # tix 0.1's JSON index


@dataclass
class Learned:
    """What a load learns of the whole workspace beyond each file's entry: the status legend
    merged from every file's (and the files that have one), the index documents, and
    whether the tickets of the other files, file by file, are in the catalog's order."""

    legend: list[tuple[str, str]]
    legend_files: list[str]
    index_documents: list[str]
    in_natural_order: bool = False


class Unchanged(NamedTuple):
    """A workspace in which no file changed since the index was written: what the last load
    learned, what each file held (in path order), and the files whose digest must still be
    checked (``verify``: written by tix in the two seconds before, their times may not show
    a change made in the same clock tick)."""

    learned: Learned
    knowledge_hash: str
    held: list[tuple[list[Any], bytes, tuple[Any, ...]]]  # each file's damage, line starts, row
    verify: list[tuple[str, str]]  # (relpath, digest)


# An edit written back (remember_file) keeps the index's files key up to date, adding the file
# to those whose digest each load checks; past this many, the next load compares file by file
# and writes the index whole.
MAX_VERIFIED_FILES = 50


def _unchanged_of(header: dict[str, Any], key: str) -> tuple[Learned, list[tuple[str, str]]] | None:
    """What the index's header says of the whole workspace, when the files have ``key``."""
    unchanged = header.get("unchanged")
    if not isinstance(unchanged, dict) or unchanged.get("files") != key:
        return None
    learned = Learned(
        [(str(emoji), str(status)) for emoji, status in unchanged["legend"]],
        [str(relpath) for relpath in unchanged["legend_files"]],
        [str(relpath) for relpath in unchanged["index_documents"]],
        unchanged["in_natural_order"] is True,
    )
    verify = [(str(relpath), str(file_digest)) for relpath, file_digest in unchanged["verify"]]
    return learned, verify


# What of a file's stat the files key covers.
size_and_times: Callable[[os.stat_result], tuple[int, int, int]] = operator.attrgetter(
    "st_size", "st_mtime_ns", "st_ctime_ns"
)


class FilesKey:
    """Which files there are (``relpaths``, in path order) and each one's size, modification
    and change time, as a digest (``hexdigest``): the same key, the same files, none of them
    touched. ``with_file`` gives the key once one file has other times, without going over
    every file's stat again."""

    __slots__ = ("_paths", "_times", "hexdigest", "relpaths")

    def __init__(
        self,
        relpaths: list[str],
        stats: Iterable[tuple[int, int, int]] | array.array[int],
        paths: bytes | None = None,  # relpaths joined, as with_file passes them on
    ) -> None:
        self.relpaths = relpaths
        self._paths = (
            paths if paths is not None else "\0".join(relpaths).encode("utf-8", "surrogateescape")
        )
        self._times = (
            stats
            if isinstance(stats, array.array)
            else array.array("q", itertools.chain.from_iterable(stats))
        )
        key = blake2b(len(relpaths).to_bytes(8, "little"), digest_size=16)
        key.update(self._paths)
        key.update(self._times.tobytes())
        self.hexdigest = key.hexdigest()

    def with_file(self, relpath: str, times: tuple[int, int, int]) -> FilesKey | None:
        """The key of the same files once ``relpath`` has ``times``; ``None`` if it is not
        one of them."""
        at = bisect.bisect_left(self.relpaths, relpath)
        if at == len(self.relpaths) or self.relpaths[at] != relpath:
            return None
        changed = array.array("q", self._times)
        changed[3 * at : 3 * at + 3] = array.array("q", times)
        return FilesKey(self.relpaths, changed, self._paths)


def files_key(relpaths: list[str], stats: Iterable[tuple[int, int, int]]) -> str:
    """The ``FilesKey`` digest of ``relpaths`` (in path order) with their ``stats``."""
    return FilesKey(relpaths, stats).hexdigest


def read_unchanged(root: Path, config: Config, key: str) -> Unchanged | None:
    """What the index holds, when it was written with every file parsed, none racily clean
    (but those ``verify`` lists), and the files as ``key`` (``files_key``) finds them now:
    the load takes it whole, without looking at the index's table of files or checking each
    file against it. ``None`` otherwise (or when the index is not whole): the load compares
    file by file."""
    with contextlib.suppress(Exception):
        found = _read_pieces(
            _cache_folder(root) / INDEX_FILE,
            _stamp(FORMAT, _identity(root), config=config_hash(config)),
        )
        if found is None:
            return None
        header, pieces = found
        unchanged = _unchanged_of(header, key)
        if unchanged is None:
            return None
        learned, verify = unchanged
        held = [
            item
            for number in range(int(header["table_pieces"]), len(pieces))
            for item in pieces.load(number)
        ]
        return Unchanged(learned, str(header["knowledge"]), held, verify)
    return None


def remember_file(
    root: Path,
    config: Config,
    knowledge: str,
    relpath: str,
    doc: Document,
    result: FileResult,
    legend: list[tuple[str, str]],
    opened: Index | None = None,
    as_found: FilesKey | None = None,
    unchanged_now: Callable[[int], dict[str, Any] | None] | None = None,
    checked_ns: int | None = None,
) -> bool:
    """After tix wrote the file ``relpath`` itself (as ``doc``, holding ``result``), put
    what it holds now into the index in place of what it held, so that the next command
    finds it unchanged: only the two pieces that hold the file are made again, the others
    are copied as they are. ``False``, leaving the next load to read the file, when the
    index is not whole, was read with other ``knowledge``, does not know the file, or when
    its legend changed (which may change how every file reads). The index the edit was
    ``opened`` with (``Index.open_table``) is not read again if it is still the file.

    When the edit's load found the files with the key the header's ``unchanged`` knew them
    by (``as_found``), and the file still holds the same ids in the same style,
    ``unchanged`` is carried forward (see ``_carried_forward``): the next commands still
    take the workspace whole. When that load compared every file with the table instead,
    and found none changed, ``unchanged_now`` says what ``unchanged`` would have said of
    the files as it found them (their key is ``as_found``), given the index's write time.

    ``checked_ns`` is when the edit's load began, if it then checked every file against
    the ``opened`` index's table and found each either with another stat or with the bytes
    its entry knows: the index written now is then as good as one written at that time,
    and takes it as its write time (files it counted racily clean because they were
    indexed in the seconds they were written, a fresh clone's, are so no longer read by
    every command)."""
    path = _cache_folder(root) / INDEX_FILE
    with contextlib.suppress(Exception):  # a cache: whatever goes wrong, the next load reads
        as_read = opened.as_read() if opened is not None else None
        if as_read is not None:
            header, pieces, tables = as_read
            table_piece: Callable[[int], list[Any]] = tables.__getitem__
        else:
            expected = _stamp(FORMAT, _identity(root), config=config_hash(config))
            found = _read_pieces(path, expected)
            if found is None:
                return False
            header, pieces = found
            table_piece = pieces.load
        if header["knowledge"] != knowledge:
            return False
        table_pieces = int(header["table_pieces"])
        before = 0  # files in the table's pieces before the one holding relpath
        for number in range(table_pieces):
            table = list(table_piece(number))  # a copy: the one holding relpath is changed
            at = next((i for i, item in enumerate(table) if item[0] == relpath), None)
            if at is not None:
                break
            before += len(table)
        else:
            return False
        if table[at][5] != legend:
            return False
        stat = (root / relpath).stat()
        if stat.st_size != len(doc.to_bytes()):
            return False  # changed again since tix wrote it
        entry = Entry.read(stat, doc, legend, locate_damage(doc))
        entry.result = result
        was = table[at]
        table[at] = entry.table_item(relpath)
        row_piece = table_pieces + (before + at) // FILES_PER_PIECE
        rows = pieces.load(row_piece)
        rows[(before + at) % FILES_PER_PIECE] = entry.held_item()
        made = {number: table, row_piece: rows}
        # written_ns stays, unless the edit's load checked every racily clean file just
        # now, in this index: moving it on otherwise would stop checking the digests of the
        # files that were racily clean when the index was written. (The file written now
        # counts as racily clean itself, its digest checked by each load, until a load that
        # compares file by file finds it more than two seconds old and writes the index.)
        if checked_ns is not None and as_read is not None:
            header["written_ns"] = max(int(header["written_ns"]), checked_ns)
        known = header.get("unchanged")
        if unchanged_now is not None and (now := unchanged_now(header["written_ns"])) is not None:
            known = {"files": as_found.hexdigest if as_found else None, **now}
        unchanged = _carried_forward(
            known, as_found, relpath, stat, entry.digest, was[6], table[at][6]
        )
        if unchanged is None:
            header.pop("unchanged", None)
        else:
            header["unchanged"] = unchanged
        return _write_pieces(
            path,
            header,
            (made[i] if i in made else pieces.raw(i) for i in range(len(pieces))),
        )
    return False


def _carried_forward(
    unchanged: object,
    as_found: FilesKey | None,
    relpath: str,
    stat: os.stat_result,
    file_digest: str,
    shape_before: Any,
    shape_now: Any,
) -> dict[str, Any] | None:
    """The header's ``unchanged`` once tix wrote ``relpath`` (now with ``stat`` and
    ``file_digest``), or ``None`` when it no longer holds. It holds when the write's load
    found every file as ``unchanged`` knew them (``as_found``), and the file keeps its style,
    ids and aliases (so the index documents and the id order are what they were): the key
    is then that of the files with the new stat of this one, which joins the files each load
    checks by digest (its time may not show a change made in the same clock tick)."""
    if not isinstance(unchanged, dict) or as_found is None:
        return None
    if unchanged["files"] != as_found.hexdigest:
        return None
    if shape_before is None or shape_now is None or shape_before[:4] != shape_now[:4]:
        return None  # FileShape: dialect, links_to_ticket_files, ids, aliases, statuses
    verify = [item for item in unchanged["verify"] if item[0] != relpath]
    verify.append([relpath, file_digest])
    if len(verify) > MAX_VERIFIED_FILES:
        return None
    key = as_found.with_file(relpath, size_and_times(stat))
    if key is None:
        return None
    return {**unchanged, "files": key.hexdigest, "verify": verify}


class TextCache:
    """The text of every file as tix last read it, for the commands that search every file's
    whole text (``tix grep``): one read of ``.tix/cache/text.bin`` instead of opening each
    file. It is checked as the index is (checksum, folder, Python, tix version, config), and
    a text is used only for a file the index finds unchanged and whose digest it has, or, all
    of them at once, when the files still have the ``files_key`` the texts were kept with.
    With each text are the id and region of each of the file's tickets (``ticket_texts``:
    what ``tix grep`` searches, without the index)."""

    FORMAT = "tix-text"

    def __init__(self, root: Path, config: Config) -> None:
        self.path = _cache_folder(root) / TEXT_FILE
        self.stamp = _stamp(self.FORMAT, _identity(root), config=config_hash(config))
        self.texts: dict[str, tuple[str, bool, str]] = {}  # relpath: (digest, bom, text)
        # relpath: (id, start, end) of each ticket, in the file's order
        self.regions: dict[str, list[tuple[str, int, int]]] = {}
        # The files_key of the files as they were when their texts were kept (none of them
        # racily clean then): while they still have that key, every text is theirs.
        self.files_key: str | None = None
        self.in_natural_order = False  # whether the regions, file by file, are in id order
        with contextlib.suppress(Exception):  # whatever is wrong with it, it is rebuilt
            self._read()

    def _read(self) -> None:
        found = _read_pieces(self.path, self.stamp)
        if found is not None:
            header, pieces = found
            files = header.get("files")
            self.files_key = files if isinstance(files, str) else None
            self.in_natural_order = header.get("in_natural_order") is True
            texts, regions = self.texts, self.regions
            for number in range(len(pieces)):
                for relpath, file_digest, bom, text, ticket_regions in pieces.load(number):
                    texts[relpath] = (file_digest, bom, text)
                    regions[relpath] = ticket_regions

    def document(self, relpath: str, file_digest: str) -> Document | None:
        """The text of ``relpath`` when it was read from bytes of ``file_digest``."""
        kept = self.texts.get(relpath)
        if kept is None or kept[0] != file_digest:
            return None
        return Document(kept[2], bom=kept[1], path=relpath)

    def documents(self, files_key: str) -> dict[str, Document] | None:
        """Every kept text as a document, when the files still have ``files_key``."""
        if self.files_key is None or self.files_key != files_key:
            return None
        return {
            relpath: Document(text, bom=bom, path=relpath)
            for relpath, (_, bom, text) in self.texts.items()
        }

    def ticket_texts(
        self, files_key: str
    ) -> tuple[dict[str, Document], list[tuple[str, str, int, int]]] | None:
        """Every kept text as a document, and ``(id, path, start, end)`` of every ticket in
        the catalog's order, when the files still have ``files_key`` and their tickets are
        in id order file by file."""
        documents = self.documents(files_key)
        if documents is None or not self.in_natural_order:
            return None
        return documents, [
            (ticket_id, relpath, start, end)
            for relpath, regions in self.regions.items()
            for ticket_id, start, end in regions
        ]

    def save(
        self,
        documents: dict[str, tuple[str, Document]],
        files_key: str | None,
        regions: Callable[[], tuple[dict[str, list[tuple[str, int, int]]], bool]],
    ) -> None:
        """Keep ``documents`` (``relpath: (digest, document)``), read from files that have
        ``files_key`` (``None`` when one of them was racily clean), if that is news, with the
        ``regions`` of their tickets (and whether those are in id order, file by file)."""
        if files_key == self.files_key and {
            relpath: kept[0] for relpath, kept in self.texts.items()
        } == {relpath: file_digest for relpath, (file_digest, _) in documents.items()}:
            return
        ticket_regions, in_order = regions()
        texts = (
            (relpath, file_digest, doc.bom, doc.text, ticket_regions.get(relpath, []))
            for relpath, (file_digest, doc) in documents.items()
        )
        header = dict(self.stamp, in_natural_order=in_order)
        if files_key is not None:
            header["files"] = files_key
        _write_pieces(self.path, header, _batches(texts, FILES_PER_PIECE))


def _stamp(file_format: str, root_identity: str, **more: Any) -> dict[str, Any]:
    """What a cache file's header must say to be read: its format and version, the tix and
    Python that wrote it, the folder it belongs to, and ``more``."""
    return {
        "format": file_format,
        "version": VERSION,
        "tix": __version__,
        "python": _PYTHON,
        "root": root_identity,
        **more,
    }


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_pieces(
    path: Path, header: dict[str, Any], pieces: Iterable[list[Any] | tuple[memoryview, str]]
) -> bool:
    """Write each piece marshalled (or as it was read, with its checksum, from ``_Pieces.raw``),
    then ``header`` (a JSON line, with each piece's length and checksum and a checksum of the
    header itself added) and its length, atomically; ``False`` when the folder is not
    writable (a read-only workspace simply has no cache)."""
    sizes: list[list[Any]] = []

    def chunks() -> Iterator[bytes | memoryview]:
        for piece in pieces:  # each made, written and let go in turn
            data: bytes | memoryview
            if isinstance(piece, tuple):
                data, checksum = piece
            else:
                data = marshal.dumps(piece)
                checksum = _piece_checksum(data)
            sizes.append([len(data), checksum])
            yield data
        header["pieces"] = sizes
        header["checksum"] = _checksum(header)
        line = json.dumps(header).encode() + b"\n"
        yield line + len(line).to_bytes(_HEADER_LENGTH, "little")

    from tix.workspace.files import atomic_write

    try:
        _make_cache_folder(path.parent)
        atomic_write(path, chunks(), durable=False)  # proves itself whole when read
    except OSError:
        return False
    return True


class _Pieces:
    """The pieces of a cache file, each unmarshalled when asked for, once its checksum
    proves it whole (a ``ValueError`` otherwise: the callers ignore the file)."""

    def __init__(self, body: memoryview, sizes: list[tuple[int, str]]) -> None:
        self._body = body
        self._sizes = sizes
        self._offsets = list(itertools.accumulate((size for size, _ in sizes), initial=0))

    def __len__(self) -> int:
        return len(self._sizes)

    def load(self, number: int) -> list[Any]:
        data, checksum = self.raw(number)
        if _piece_checksum(data) != checksum:
            raise ValueError(f"piece {number} of the cache file is damaged")
        loaded: list[Any] = marshal.loads(data)
        return loaded

    def raw(self, number: int) -> tuple[memoryview, str]:
        """Piece ``number`` as written, and the checksum it should have: a piece copied into
        another file goes with it, so that damage stays found when that file is read."""
        return self._body[self._offsets[number] : self._offsets[number + 1]], self._sizes[number][1]


def _read_pieces(path: Path, expected: dict[str, Any]) -> tuple[dict[str, Any], _Pieces] | None:
    """The header and the pieces of a file ``_write_pieces`` wrote, when its header has
    every ``expected`` value, fits its checksum, and gives the body's length; ``None``
    otherwise. Anything else wrong with the file raises (the callers rebuild)."""
    data = path.read_bytes()
    length = int.from_bytes(data[-_HEADER_LENGTH:], "little")
    start = len(data) - _HEADER_LENGTH - length
    if length < 2 or start < 0:
        return None  # truncated, or not ours
    header = json.loads(data[start : start + length])
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None  # another format, version, config, Python, or folder
    if header.get("checksum") != _checksum(header):
        return None  # edited, or not ours
    sizes = [(int(size), str(checksum)) for size, checksum in header["pieces"]]
    if sum(size for size, _ in sizes) != start:
        return None  # truncated, or grown
    return header, _Pieces(memoryview(data)[:start], sizes)


def _identity(root: Path) -> str:
    """Which folder this is (device and inode): an index copied from another folder, or
    committed by someone else, is not this workspace's own and is never read."""
    try:
        stat = root.stat()
    except OSError:
        return ""
    return f"{stat.st_dev}:{stat.st_ino}"


def _checksum(header: dict[str, Any]) -> str:
    """A digest of the header's fields but the checksum itself (which include each piece's
    checksum)."""
    fields = {key: value for key, value in header.items() if key != "checksum"}
    return digest(json.dumps(fields, sort_keys=True).encode())


def _piece_checksum(data: bytes | memoryview) -> str:
    """A piece's checksum: CRC-32, which finds the damage a disk or a killed process does
    (the header's own checksum, and the folder and Python it names, keep out files that are
    not this workspace's) four times faster than BLAKE2, a few ms of every run."""
    return f"{zlib.crc32(data):08x}"


def digest(data: bytes | memoryview) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def config_hash(config: Config) -> str:
    return blake2b(_config_text(config).encode(), digest_size=16).hexdigest()


def knowledge_hash(config: Config, legend: list[tuple[str, str]]) -> str:
    text = _config_text(config) + json.dumps(legend, ensure_ascii=False)
    return blake2b(text.encode(), digest_size=16).hexdigest()


def _config_text(config: Config) -> str:
    return json.dumps(config.to_json(), ensure_ascii=False, sort_keys=True)


def read_validated_config(root: Path, name: str, raw: bytes) -> Config | None:
    """The config validated from the file ``name`` when it held ``raw``, as tix kept it in
    ``.tix/cache/config.json``; ``None`` when it kept none for these bytes, or when what it
    kept is not whole (never trusted, never an error)."""
    with contextlib.suppress(Exception):
        kept = json.loads((_cache_folder(root) / CONFIG_FILE).read_bytes())
        if kept["key"] == _config_key(name, raw) and kept["checksum"] == _config_checksum(
            kept["config"]
        ):
            return Config.from_json(kept["config"])
    return None


def save_validated_config(root: Path, name: str, raw: bytes, config: Config) -> None:
    """Keep ``config``, validated from the file ``name`` holding ``raw``, for the next run."""
    data = config.to_json()
    kept = {"key": _config_key(name, raw), "checksum": _config_checksum(data), "config": data}
    with contextlib.suppress(OSError):  # a read-only workspace validates its config each time
        folder = _cache_folder(root)
        _make_cache_folder(folder)
        from tix.workspace.files import atomic_write

        atomic_write(
            folder / CONFIG_FILE, json.dumps(kept, ensure_ascii=False).encode(), durable=False
        )


def _config_key(name: str, raw: bytes) -> str:
    """What a kept config is valid for: this tix, the file's name and its exact bytes."""
    return digest(f"{FORMAT}/{VERSION}/{__version__}/{name}\n".encode() + raw)


def _config_checksum(data: dict[str, Any]) -> str:
    return digest(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())


def _cache_folder(root: Path) -> Path:
    return root / ".tix" / "cache"


def _make_cache_folder(folder: Path) -> None:
    """Make the cache ``folder`` when missing, with the ``.gitignore`` of ``.tix/``."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# tix's own state (the index); not for version control\n*\n")


__all__ = [
    "Entry",
    "Index",
    "TextCache",
    "knowledge_hash",
    "read_validated_config",
    "remember_file",
    "result_from_row",
    "result_row",
    "save_validated_config",
]
