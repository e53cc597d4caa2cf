"""Plain-text layout for output that is piped, redirected, or asked to have no colour.

Columns are padded by their display width (East Asian wide characters and emoji count as
two cells), nothing is cut, and no line ends in spaces, so the output reads well and still
works with ``grep``, ``cut`` and ``awk``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

_WORDS_AND_SPACES = re.compile(" +|[^ ]+")


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: its length when it is ASCII (nearly always,
    and a hundred times faster to know), else what rich measures."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    gap: int = 2,
    right: Collection[int] = (),
) -> list[str]:
    """Aligned lines: a header line, then one line per row (nothing at all without rows);
    the columns numbered in ``right`` aligned to the right."""
    if not rows:
        return []
    columns = list(zip(headers, *rows, strict=True))
    last = len(columns) - 1
    padded: list[Sequence[str]] = [
        _padded(column, at in right) if at < last or at in right else column
        for at, column in enumerate(columns)
    ]  # the last column is not padded on its right: no line ends in spaces
    separator = " " * gap
    return [separator.join(cells).rstrip() for cells in zip(*padded, strict=True)]


def _padded(column: Sequence[str], right: bool = False) -> list[str]:
    """The cells of one column, each padded to the width of the widest (a column at a time:
    thousands of rows, and most columns are ASCII, whose width is their length)."""
    if "".join(column).isascii():
        width = max(map(len, column))
        return [cell.rjust(width) if right else cell.ljust(width) for cell in column]
    measured = {cell: cell_width(cell) for cell in set(column)}  # a status column repeats
    widths = list(map(measured.__getitem__, column))
    width = max(widths)
    return [
        " " * (width - cell_width) + cell if right else cell + " " * (width - cell_width)
        for cell, cell_width in zip(column, widths, strict=True)
    ]


def fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``name:  value`` lines with the values aligned."""
    if not pairs:
        return []
    width = max(cell_width(name) for name, _ in pairs) + 1
    return [
        f"{name}:{' ' * (width - cell_width(name) - 1)} {value}".rstrip() for name, value in pairs
    ]


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces to fill ``width`` cells."""
    return text + " " * (width - cell_width(text))


def crop(text: str, width: int) -> str:
    """``text`` cut to fit ``width`` cells."""
    return text if cell_width(text) <= width else _cut(text, width)[0]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces (those within a line
    kept as they are), a word longer than a line broken where it reaches the edge (one empty
    line for an empty text)."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for token in _WORDS_AND_SPACES.findall(text):
        if token.startswith(" "):
            line += token  # dropped if the line ends here
            continue
        joined = line + token
        if cell_width(joined) <= width:
            line = joined
            continue
        if line.strip():
            lines.append(line.rstrip())
        while cell_width(token) > width:
            head, token = _cut(token, width)
            lines.append(head)
        line = token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _cut(word: str, width: int) -> tuple[str, str]:
    """``word`` cut after as many characters as fit in ``width`` cells (at least one)."""
    if word.isascii():
        cut = max(width, 1)
        return word[:cut], word[cut:]
    used = 0
    for at, character in enumerate(word):
        used += cell_width(character)
        if used > width:
            cut = max(at, 1)
            return word[:cut], word[cut:]
    return word, ""
