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


def test_table_pads_every_column_but_the_last() -> None:
    rows = [["A-1", "x", ""], ["B-22", "状态", "last  "]]
    assert table(["ID", "NAME", "NOTE"], rows) == [
        "ID    NAME  NOTE",
        "A-1   x",
        "B-22  状态  last",
    ]
    assert table(["ONLY"], [["a  "], ["bb"]]) == ["ONLY", "a", "bb"]


def test_table_aligns_the_columns_asked_to_the_right() -> None:
    rows = [["A-1", "7", "x"], ["B-22", "状态", "12"]]
    assert table(["ID", "N", "LAST"], rows, right=(1, 2)) == [
        "ID       N  LAST",
        "A-1      7     x",
        "B-22  状态    12",
    ]


def test_wrap_breaks_at_spaces_keeps_inner_spaces_and_folds_long_words() -> None:
    from tix.render.plain import crop, wrap

    assert wrap("short", 10) == ["short"]
    assert wrap("", 10) == [""]
    assert wrap("A-1  P1 and more words", 8) == ["A-1  P1", "and more", "words"]
    assert wrap("abcdefghij klm", 4) == ["abcd", "efgh", "ij", "klm"]
    assert wrap("设备无关化支持", 6) == ["设备无", "关化支", "持"]
    assert wrap("ends with spaces   ", 9) == ["ends with", "spaces"]
    assert crop("─ 🟡 In Progress (3) ", 8) == "─ 🟡 In "
