"""Plain-text layout for output that is piped, redirected, or asked to have no colour.

Columns are padded by their display width (East Asian wide characters and emoji count as
two cells), nothing is cut, and no line ends in spaces, so the output reads well and still
works with ``grep``, ``cut`` and ``awk``.
"""

from __future__ import annotations

from collections.abc import Sequence


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: its length when it is ASCII (nearly always,
    and a hundred times faster to know), else what rich measures."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Aligned lines: a header line, then one line per row (nothing at all without rows)."""
    if not rows:
        return []
    all_rows = [list(headers), *[list(row) for row in rows]]
    row_widths = [list(map(cell_width, row)) for row in all_rows]
    widths = [max(row[i] for row in row_widths) for i in range(len(headers))]
    separator = " " * gap
    lines = []
    for row, cell_widths in zip(all_rows, row_widths, strict=True):
        last = len(row) - 1
        cells = [
            cell + " " * (widths[i] - cell_widths[i]) if i < last else cell
            for i, cell in enumerate(row)
        ]
        lines.append(separator.join(cells).rstrip())
    return lines


def fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``name:  value`` lines with the values aligned."""
    if not pairs:
        return []
    width = max(cell_width(name) for name, _ in pairs) + 1
    return [
        f"{name}:{' ' * (width - cell_width(name) - 1)} {value}".rstrip() for name, value in pairs
    ]
