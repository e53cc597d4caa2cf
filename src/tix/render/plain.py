"""Plain-text layout for output that is piped, redirected, or asked to have no colour.

Columns are padded by their display width (East Asian wide characters and emoji count as
two cells), nothing is cut, and no line ends in spaces, so the output reads well and still
works with ``grep``, ``cut`` and ``awk``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Aligned lines: a header line, then one line per row (nothing at all without rows)."""
    if not rows:
        return []
    all_rows = [list(headers), *[list(row) for row in rows]]
    widths = [max(cell_len(row[i]) for row in all_rows) for i in range(len(headers))]
    lines = []
    for row in all_rows:
        cells = [
            cell + " " * (widths[i] - cell_len(cell)) if i < len(row) - 1 else cell
            for i, cell in enumerate(row)
        ]
        lines.append((" " * gap).join(cells).rstrip())
    return lines


def fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``name:  value`` lines with the values aligned."""
    if not pairs:
        return []
    width = max(cell_len(name) for name, _ in pairs) + 1
    return [f"{name + ':':<{width}} {value}".rstrip() for name, value in pairs]
