"""Lossless text documents: a file held exactly as read, its lines, and span edits.

A ``Document`` is the decoded text of a file plus the one thing decoding hides, a leading
UTF-8 byte order mark. Line endings are never translated (``\\r\\n``, ``\\n`` and a lone ``\\r``
are all kept where they are), trailing spaces and a missing final newline survive, so
``Document.from_bytes(data).to_bytes() == data`` for every valid UTF-8 input.

Offsets are indexes into ``Document.text`` (code points, after the BOM). Every change to a
document is a list of ``Edit`` span replacements: ``apply`` builds the new text from the
untouched pieces and the replacements, and can also return the inverse edits that turn the
result back into the original. Nothing is ever re-rendered from a parsed form.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from tix.errors import Code, TixError

T = TypeVar("T")

UTF8_BOM = b"\xef\xbb\xbf"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _content_end(text: str, next_start: int) -> int:
    """Where a line's content ends, given where the next line starts: before its ``\\r\\n``,
    ``\\n`` or ``\\r``."""
    crlf = next_start >= 2 and text[next_start - 2 : next_start] == "\r\n"
    return next_start - (2 if crlf else 1)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; an insertion has ``start == end``."""

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid edit span {self.start}..{self.end}")


class Line(NamedTuple):
    """One line: ``text[start:end]`` is its content, ``ending`` the break after it ("" at EOF).
    (A named tuple: quicker to define at start, and to make, than a frozen dataclass.)"""

    number: int
    start: int
    end: int
    content: str
    ending: str

    @property
    def next_start(self) -> int:
        return self.end + len(self.ending)


def line_starts(text: str) -> Iterator[int]:
    """Offset of the first character of every line of ``text`` (line 1 starts at 0)."""
    if "\r" in text:
        return itertools.chain([0], map(re.Match.end, _LINE_BREAK.finditer(text)))
    # Only "\n": each line starts one past the end of the one before (all in C), and the
    # offset after the last line is not a line.
    lengths = map((1).__add__, map(len, text.split("\n")))
    return itertools.islice(itertools.accumulate(lengths, initial=0), text.count("\n") + 1)


class Document:
    """The text of one file, kept byte for byte."""

    __slots__ = ("_derived", "_line_starts", "bom", "path", "text")

    def __init__(self, text: str, *, bom: bool = False, path: str | None = None) -> None:
        self.text = text
        self.bom = bom
        self.path = path
        self._line_starts: list[int] | None = None
        self._derived: dict[Hashable, Any] | None = None

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute`` says of this text, computed once: a document never changes (an
        edit makes a new one), so what is read from it (its headings, say) can be kept."""
        if self._derived is None:
            self._derived = {}
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[no-any-return]

    # -- reading and writing -------------------------------------------------------------

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str | None = None) -> Document:
        """Decode ``data`` as UTF-8 (with or without BOM), keeping everything else as it is.

        Invalid UTF-8 is a ``TixError`` naming the line and column of the first bad byte:
        tix never replaces undecodable bytes, since writing the file back would lose them.
        """
        bom = data.startswith(UTF8_BOM)
        payload = data[len(UTF8_BOM) :] if bom else data
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_start = payload.rfind(b"\n", 0, exc.start) + 1
            line = payload.count(b"\n", 0, exc.start) + 1
            col = len(payload[line_start : exc.start].decode("utf-8", "replace")) + 1
            raise TixError(
                f"not valid UTF-8 (byte 0x{payload[exc.start]:02x})",
                path=path,
                line=line,
                col=col,
                code=Code.ENCODING,
                hint="tix reads UTF-8 files only and never rewrites undecodable bytes",
            ) from None
        return cls(text, bom=bom, path=path)

    def to_bytes(self) -> bytes:
        body = self.text.encode("utf-8")
        return UTF8_BOM + body if self.bom else body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return self.text == other.text and self.bom == other.bom

    def __hash__(self) -> int:
        return hash((self.text, self.bom))

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, chars={len(self.text)}, bom={self.bom})"

    # -- positions -----------------------------------------------------------------------

    @property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (line 1 starts at 0)."""
        if self._line_starts is None:
            self._line_starts = list(line_starts(self.text))
        return self._line_starts

    @property
    def line_count(self) -> int:
        """Number of lines; text ending in a line break has an empty last line after it."""
        return len(self.line_starts)

    def line_number(self, offset: int) -> int:
        """1-based line of ``offset``."""
        self._check_offset(offset)
        return bisect.bisect_right(self.line_starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of ``offset``; the column counts code points."""
        text = self.text
        if self._line_starts is None and text.find("\r", 0, offset) < 0:
            # Only "\n" breaks lines before offset: count them, without a table of every line
            # (tix validate asks for one position in each of thousands of files).
            self._check_offset(offset)
            return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        line = self.line_number(offset)
        return line, offset - self.line_starts[line - 1] + 1

    def offset(self, line: int, col: int = 1) -> int:
        """Inverse of ``position``."""
        if not 1 <= line <= self.line_count:
            raise ValueError(f"line {line} outside 1..{self.line_count}")
        return self.line_starts[line - 1] + col - 1

    def line_span(self, number: int) -> tuple[int, int]:
        """Where line ``number`` (1-based) starts and where its content ends (before its line
        ending), without making a ``Line``: for searches that pass over many lines."""
        starts = self.line_starts
        if not 1 <= number <= len(starts):
            raise ValueError(f"line {number} outside 1..{len(starts)}")
        if number < len(starts):
            return starts[number - 1], _content_end(self.text, starts[number])
        return starts[number - 1], len(self.text)

    def line(self, number: int) -> Line:
        """Line ``number`` (1-based) with its content and its own line ending."""
        start, end = self.line_span(number)
        starts = self.line_starts
        next_start = starts[number] if number < len(starts) else len(self.text)
        return Line(number, start, end, self.text[start:end], self.text[end:next_start])

    def lines(self, first: int = 1, last: int | None = None) -> Iterator[Line]:
        """Lines ``first`` to ``last`` inclusive (default: to the end)."""
        starts = self.line_starts
        text = self.text
        count = len(starts)
        stop = count if last is None else min(last, count)
        for number in range(max(first, 1), stop + 1):
            start = starts[number - 1]
            if number < count:
                next_start = starts[number]
                end = _content_end(text, next_start)
            else:
                next_start = end = len(text)
            yield Line(number, start, end, text[start:end], text[end:next_start])

    @property
    def newline(self) -> str:
        """The line ending new lines should use: the file's most common one (LF if none)."""
        crlf = self.text.count("\r\n")
        lone_lf = self.text.count("\n") - crlf
        lone_cr = self.text.count("\r") - crlf
        best = max((lone_lf, "\n"), (crlf, "\r\n"), (lone_cr, "\r"), key=lambda pair: pair[0])
        return best[1] if best[0] > 0 else "\n"

    def _check_offset(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")

    # -- editing -------------------------------------------------------------------------

    def apply(self, edits: Iterable[Edit]) -> Document:
        """A new document with ``edits`` applied; the edits must not overlap."""
        return self.apply_with_inverse(edits)[0]

    def apply_with_inverse(self, edits: Iterable[Edit]) -> tuple[Document, list[Edit]]:
        """Apply ``edits``; also return the edits that turn the result back into ``self``."""
        ordered = _sorted_disjoint(list(edits), len(self.text))
        pieces: list[str] = []
        inverse: list[Edit] = []
        cursor = 0
        shift = 0
        for edit in ordered:
            pieces.append(self.text[cursor : edit.start])
            pieces.append(edit.replacement)
            new_start = edit.start + shift
            inverse.append(
                Edit(new_start, new_start + len(edit.replacement), self.text[edit.start : edit.end])
            )
            shift += len(edit.replacement) - (edit.end - edit.start)
            cursor = edit.end
        pieces.append(self.text[cursor:])
        return Document("".join(pieces), bom=self.bom, path=self.path), inverse


def _sorted_disjoint(edits: Sequence[Edit], length: int) -> list[Edit]:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    previous_end = 0
    for edit in ordered:
        if edit.end > length:
            raise ValueError(f"edit {edit.start}..{edit.end} beyond the end ({length})")
        if edit.start < previous_end:
            raise ValueError(f"edits overlap at offset {edit.start}")
        previous_end = edit.end
    return ordered
