"""The lossless document model: every byte survives, edits are exact span replacements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPUS, corpus_files
from tix.document import UTF8_BOM, Document, Edit
from tix.errors import Code, TixError

CORPUS_FILES = corpus_files()


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS_FILES) >= 50


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_round_trip_is_byte_identical(path: Path) -> None:
    data = path.read_bytes()
    doc = Document.from_bytes(data, path=str(path))
    assert doc.to_bytes() == data
    # Lines put back together with their own endings are the text again.
    assert "".join(line.content + line.ending for line in doc.lines()) == doc.text


def test_crlf_files_in_corpus_keep_crlf() -> None:
    path = CORPUS / "nona-kronos/tickets/TICKET_008_DIS_Concurrent-Processing-Architecture.md"
    doc = Document.from_bytes(path.read_bytes())
    assert "\r\n" in doc.text
    assert doc.newline == "\r\n"
    assert doc.line(1).ending == "\r\n"


def test_bom_is_kept_and_not_part_of_text() -> None:
    data = UTF8_BOM + b"---\nid: A-1\n---\n"
    doc = Document.from_bytes(data)
    assert doc.bom
    assert doc.text.startswith("---")
    assert doc.to_bytes() == data


def test_mixed_endings_and_no_final_newline() -> None:
    data = b"a\r\nb\nc\rd  "
    doc = Document.from_bytes(data)
    assert [(line.content, line.ending) for line in doc.lines()] == [
        ("a", "\r\n"),
        ("b", "\n"),
        ("c", "\r"),
        ("d  ", ""),
    ]
    assert doc.to_bytes() == data


def test_positions_are_one_based_and_count_code_points() -> None:
    doc = Document("ab\r\n日本🔴x\n")
    offset = doc.text.index("x")
    assert doc.position(offset) == (2, 4)
    assert doc.offset(2, 4) == offset
    assert doc.position(0) == (1, 1)
    assert doc.position(len(doc.text)) == (3, 1)


@given(st.text(alphabet=st.sampled_from(["a", "日", "\n", "\r", "🔴"]), max_size=40), st.data())
def test_a_position_found_without_the_line_table_is_the_same(
    text: str, data: st.DataObject
) -> None:
    offset = data.draw(st.integers(0, len(text)))
    by_counting = Document(text).position(offset)  # no line table yet
    with_table = Document(text)
    assert with_table.line_count >= 1  # the table is made
    assert by_counting == with_table.position(offset)


@given(st.text(alphabet=st.sampled_from(["a", "日", "\n", "\r", "🔴"]), max_size=40))
def test_the_line_table_is_where_each_line_break_ends(text: str) -> None:
    expected = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    assert Document(text).line_starts == expected


def test_invalid_utf8_is_an_error_with_location() -> None:
    data = b"line one\nok \xff bad\n"
    with pytest.raises(TixError) as caught:
        Document.from_bytes(data, path="x.md")
    error = caught.value
    assert (error.path, error.line, error.col, error.code) == ("x.md", 2, 4, Code.ENCODING)
    assert "0xff" in error.message


def test_edit_replaces_only_its_span() -> None:
    doc = Document("**Status:** 🔴 Todo  \r\n**Priority:** P0\r\n")
    start = doc.text.index("🔴")
    end = doc.text.index("  \r\n")
    new = doc.apply([Edit(start, end, "🟢 Done")])
    assert new.text == "**Status:** 🟢 Done  \r\n**Priority:** P0\r\n"


def test_edits_apply_in_any_order_and_must_not_overlap() -> None:
    doc = Document("0123456789")
    assert doc.apply([Edit(8, 9, "X"), Edit(1, 2, "YY"), Edit(5, 5, "+")]).text == "0YY234+567X9"
    with pytest.raises(ValueError):
        doc.apply([Edit(1, 5, "a"), Edit(4, 6, "b")])
    with pytest.raises(ValueError):
        doc.apply([Edit(5, 11, "a")])


@given(st.binary(max_size=300))
def test_any_bytes_round_trip_or_raise_tix_error(data: bytes) -> None:
    try:
        doc = Document.from_bytes(data)
    except TixError:
        return
    assert doc.to_bytes() == data


_text = st.text(alphabet=st.sampled_from(list("ab \t-*#:\r\n🔴日\ufeff")), max_size=200)


@given(_text, st.booleans())
def test_any_text_round_trips(text: str, bom: bool) -> None:
    doc = Document(text, bom=bom)
    assert Document.from_bytes(doc.to_bytes()).to_bytes() == doc.to_bytes()
    assert "".join(line.content + line.ending for line in doc.lines()) == text
    for number in range(1, doc.line_count + 1):
        line = doc.line(number)
        assert doc.position(line.start) == (number, 1)
        assert "\n" not in line.content and "\r" not in line.content


@st.composite
def _text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(_text)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit(start, end, draw(st.text(alphabet="xy\r\n🟢", max_size=5))))
    return text, draw(st.permutations(edits))


@given(_text_and_edits())
def test_edit_then_inverse_gives_back_the_input(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    doc = Document(text, bom=True)
    edited, inverse = doc.apply_with_inverse(edits)
    assert edited.apply(inverse) == doc
    assert edited.apply(inverse).to_bytes() == doc.to_bytes()


def test_what_is_derived_from_a_document_is_computed_once() -> None:
    from tix.markdown import headings

    doc = Document("# Epic\n\n## T-1: One\n\n```\n## not a heading\n```\n## T-2: Two\n")
    calls: list[int] = []
    assert doc.derived("answer", lambda: calls.append(1) or 42) == 42
    assert doc.derived("answer", lambda: calls.append(1) or 0) == 42
    assert calls == [1]
    first = headings(doc)
    first.clear()  # a caller's list is its own
    assert [h.title for h in headings(doc)] == ["Epic", "T-1: One", "T-2: Two"]
    assert [h.title for h in headings(doc, 3)] == ["T-1: One", "T-2: Two"]
    edited = doc.apply([Edit(2, 6, "Saga")])
    assert headings(edited)[0].title == "Saga"
