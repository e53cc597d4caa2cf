"""Plain-text layout: columns aligned by display width, nothing cut, no trailing spaces."""

from __future__ import annotations

from tix.render.plain import cell_width, fields, table


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("DEMO-1") == 6
    assert cell_width("状态") == 4
    assert cell_width("✅ done") == 7


def test_table_aligns_by_display_width() -> None:
    lines = table(["ID", "STATUS", "TITLE"], [["A-1", "✅ done", "x"], ["B-22", "待办", "y  "]])
    assert lines == [
        "ID    STATUS   TITLE",
        "A-1   ✅ done  x",
        "B-22  待办     y",
    ]
    assert table(["ID"], []) == []


def test_fields_align_values_after_wide_names() -> None:
    assert fields([("状态", "todo"), ("id", "A-1"), ("empty", "")]) == [
        "状态:  todo",
        "id:    A-1",
        "empty:",
    ]
