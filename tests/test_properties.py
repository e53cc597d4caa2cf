"""Property tests for every ticket style: generated tickets read back as written, an edit and
its reverse give back the same bytes, and any text never raises anything but tix's own error."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tix.dialects import ParseContext, parse_document
from tix.document import Document
from tix.edit.operations import Editor
from tix.errors import TixError
from tix.fields import is_none_word
from tix.model import Config
from tix.workspace import Workspace

WORDS = (
    st.text(alphabet=st.sampled_from(list("abcdefghij klmno")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda text: bool(text) and not is_none_word(text))  # "none" means no title
)
STATUS = st.sampled_from(["Todo", "In Progress", "Done", "Blocked", "Review"])
PRIORITY = st.sampled_from(["P0", "P1", "P2", "P3"])
ENDING = st.sampled_from(["\n", "\r\n"])


@st.composite
def tickets(draw: st.DrawFn) -> list[dict[str, object]]:
    count = draw(st.integers(1, 4))
    return [
        {
            "id": f"GEN-{n + 1:03d}",
            "title": draw(WORDS),
            "status": draw(STATUS),
            "priority": draw(PRIORITY),
            "points": draw(st.integers(1, 13)),
            "depends_on": [f"GEN-{d:03d}" for d in range(1, n + 1) if draw(st.booleans())],
        }
        for n in range(count)
    ]


def render(style: str, items: list[dict[str, object]], ending: str, trailing: str) -> str:
    if style == "sections":
        parts = ["# Epic 1: Generated", ""]
        for t in items:
            deps = ", ".join(t["depends_on"]) or "None"  # type: ignore[arg-type]
            parts += [
                f"## {t['id']}: {t['title']}", "",
                f"**Status:** {t['status']}{trailing}", f"**Priority:** {t['priority']}{trailing}",
                f"**Points:** {t['points']}{trailing}", f"**Dependencies:** {deps}", "",
            ]  # fmt: skip
        return ending.join(parts)
    if style == "table":
        rows = [
            "## Phase 1: Generated",
            "| # | Task | Status | Priority | Points | Dependencies |",
            "|---|---|---|---|---|---|",
        ]
        rows += [
            f"| {t['id']} | {t['title']} | {t['status']} | {t['priority']} | {t['points']} "
            f"| {', '.join(t['depends_on']) or '-'} |"  # type: ignore[arg-type]
            for t in items
        ]
        return ending.join(rows) + ending
    t = items[0]
    if style == "frontmatter":
        deps = ", ".join(t["depends_on"])  # type: ignore[arg-type]
        lines = ["---", f"id: {t['id']}", f"title: {t['title']}{trailing}"]
        lines += [f"status: {t['status']}", f"priority: {t['priority']}", f"points: {t['points']}"]
        lines += [f"depends_on: [{deps}]", "---", "", "Body.", ""]
        return ending.join(lines)
    deps = ", ".join(t["depends_on"]) or "None"  # type: ignore[arg-type]
    lines = [f"# {t['id']}: {t['title']}", "", f"- **Status**: {t['status']}"]
    lines += [f"- **Priority**: {t['priority']}", f"- **Points**: {t['points']}"]
    lines += [f"- **Depends on**: {deps}", ""]
    return ending.join(lines)


STYLES = st.sampled_from(["sections", "table", "fields", "frontmatter"])
ONE_PER_FILE = ("fields", "frontmatter")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(style=STYLES, items=tickets(), ending=ENDING, trailing=st.sampled_from(["", "  "]))
def test_generated_tickets_read_back(
    style: str, items: list[dict[str, object]], ending: str, trailing: str
) -> None:
    if style in ONE_PER_FILE:
        items = items[:1]
        items[0]["depends_on"] = []
    text = render(style, items, ending, trailing)
    context = ParseContext.from_config(
        Config(), "GEN-001-x.md" if style in ONE_PER_FILE else "gen.md"
    )
    result = parse_document(Document(text), context)
    assert result.dialect == style
    read = [
        (t.id, t.title, t.status_text, t.priority, t.points, t.depends_on) for t in result.tickets
    ]
    assert read == [
        (t["id"], t["title"], t["status"], t["priority"], t["points"], t["depends_on"])
        for t in items
    ]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    style=STYLES,
    items=tickets(),
    ending=ENDING,
    target=STATUS,
    field=st.sampled_from(["priority=P3", "points=21"]),
)
def test_an_edit_and_its_reverse_give_back_the_bytes(
    tmp_path_factory: object,
    style: str,
    items: list[dict[str, object]],
    ending: str,
    target: str,
    field: str,
) -> None:
    root: Path = tmp_path_factory.mktemp("prop")  # type: ignore[attr-defined]
    if style in ONE_PER_FILE:
        items = items[:1]
        items[0]["depends_on"] = []
    name = "GEN-001-x.md" if style in ONE_PER_FILE else "gen.md"
    path = root / name
    original = render(style, items, ending, "  ").encode()
    path.write_bytes(original)
    first = items[0]
    Editor(Workspace.open(root)).update_status(str(first["id"]), target, force=True)
    Editor(Workspace.open(root)).update_status(str(first["id"]), str(first["status"]), force=True)
    assert path.read_bytes() == original
    key, _, value = field.partition("=")
    Editor(Workspace.open(root)).set_fields(str(first["id"]), [field])
    Editor(Workspace.open(root)).set_fields(str(first["id"]), [f"{key}={first[key]}"])
    assert path.read_bytes() == original
    assert value  # the edit was a real change


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("#*-|:>`~[]x \n\r\tab1é🔴_AZ-.()")), max_size=300))
def test_any_text_raises_only_tix_errors(text: str) -> None:
    for path in ("notes.md", "T-1-x.md", "README.md"):
        context = ParseContext.from_config(Config(), path)
        with contextlib.suppress(TixError):
            parse_document(Document(text, path=path), context)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A-1", "A-2", "A-10", "a-2", "B-1", "1.2", "1.10", "X"]),
            st.sampled_from(["t/a9.md", "t/a10.md", "t/B.md", "epic.md"]),
            st.integers(1, 30),
        ),
        max_size=30,
    )
)
def test_catalog_order_is_natural_by_id_then_path_then_line(
    rows: list[tuple[str, str, int]],
) -> None:
    from tix.catalog import natural_key, natural_order
    from tix.model import Ticket

    tickets = [
        Ticket(id=id_, title="", status="todo", path=path, line=line, dialect="frontmatter")
        for id_, path, line in rows
    ]
    expected = sorted(tickets, key=lambda t: (natural_key(t.id), natural_key(t.path), t.line))
    assert [(t.id, t.path, t.line) for t in natural_order(tickets)] == [
        (t.id, t.path, t.line) for t in expected
    ]


@given(st.text(alphabet=st.sampled_from(["A", "b", "-", "_", ".", "0", "7", "١", "ß", "İ"])))
def test_the_quick_natural_key_of_plain_ids_is_the_split_one(text: str) -> None:
    """``natural_key`` keys ``ABC-12`` without splitting; the key must be the same."""
    import re

    from tix.catalog import natural_key

    parts: list[str | int] = list(re.split(r"(\d+)", text.casefold()))
    parts[1::2] = map(int, parts[1::2])
    assert natural_key(text) == tuple(parts)
