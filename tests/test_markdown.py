"""Fenced code, headings and acceptance criteria."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tix.document import Document
from tix.markdown import acceptance_criteria, headings, scan

TEXT = """# Title

## Acceptance Criteria

- [ ] first
- [x] second
* [X] third
  - [ ] nested
1. [ ] numbered

```markdown
- [ ] not a criterion: in code
## Not a heading
```

## Notes

- [ ] a to-do that is not a criterion
"""


def test_fenced_code_is_marked() -> None:
    doc = Document(TEXT)
    in_code = [s.line.content for s in scan(doc) if s.in_code]
    assert in_code == ["```markdown", "- [ ] not a criterion: in code", "## Not a heading", "```"]


def test_headings_skip_code() -> None:
    doc = Document(TEXT)
    assert [(h.level, h.title) for h in headings(doc)] == [
        (1, "Title"),
        (2, "Acceptance Criteria"),
        (2, "Notes"),
    ]


def test_criteria_under_their_heading_only() -> None:
    doc = Document(TEXT)
    boxes = acceptance_criteria(doc)
    assert [(b.text, b.checked) for b in boxes] == [
        ("first", False),
        ("second", True),
        ("third", True),
        ("nested", False),
        ("numbered", False),
    ]
    # The mark offset points at the character a check/uncheck edit replaces.
    assert doc.text[boxes[0].mark_offset] == " "
    assert doc.text[boxes[1].mark_offset] == "x"


def test_criteria_under_a_bold_label_and_a_deeper_heading() -> None:
    doc = Document(
        "**Acceptance Criteria:**\n- [ ] a\n\n**Sprint:** 1\n- [ ] b\n"
        "### Success Criteria\n#### Detail\n- [x] c\n### Other\n- [ ] d\n"
    )
    assert [b.text for b in acceptance_criteria(doc)] == ["a", "c"]


def test_unclosed_fence_runs_to_the_end() -> None:
    doc = Document("## Acceptance Criteria\n~~~~\n- [ ] hidden\n~~~\n- [ ] still hidden\n")
    assert acceptance_criteria(doc) == []


def test_crlf_criteria() -> None:
    doc = Document("## Definition of Done\r\n- [x] done\r\n- [ ] open\r\n")
    assert [(b.text, b.checked) for b in acceptance_criteria(doc)] == [
        ("done", True),
        ("open", False),
    ]


_CRITERIA_LINES = [
    "## Acceptance Criteria",
    "## Notes",
    "### DoD",
    "# Other",
    "**Acceptance Criteria:**",
    "**Done when**",
    "**Status:** todo",
    "- [ ] first",
    "- [x] second",
    "the criteria are below",
    "## ✅ Definition of Done",
    "plain text, café",
    "```",
    "~~~",
    "",
]


@given(
    st.lists(st.sampled_from(_CRITERIA_LINES), max_size=14),
    st.sampled_from(["\n", "\r\n"]),
    st.integers(1, 15),
    st.one_of(st.none(), st.integers(1, 15)),
)
def test_starting_at_the_first_criteria_words_finds_what_a_full_scan_finds(
    lines: list[str], ending: str, first: int, last: int | None
) -> None:
    from tix.markdown import _criteria_from

    doc = Document(ending.join(lines))
    first = min(first, doc.line_count)
    assert acceptance_criteria(doc, first, last) == _criteria_from(doc, first, last)
