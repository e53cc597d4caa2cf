"""The query language and tix grep."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, Copy, Tix
from tix.query import split_words

DEMO = EXAMPLES / "demo"


def ids(tix: Tix, *args: str | Path) -> list[str]:
    result = tix("-C", DEMO, "list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [t["id"] for t in json.loads(result.stdout)]


def test_danube_queries(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    assert tix("-C", folder, "list", "status:todo", "--count").stdout == "31\n"
    assert tix("-C", folder, "update", "DANUBE-002", "in-progress", "--force").exit_code == 0
    in_progress = json.loads(tix("-C", folder, "list", "status:in-progress", "--json").stdout)
    assert [t["id"] for t in in_progress] == ["DANUBE-002"]
    p0_lines = sum(p.read_text("utf-8").count("**Priority:** P0") for p in folder.glob("epic-*.md"))
    assert tix("-C", folder, "list", "priority:P0", "--count").stdout == f"{p0_lines}\n"
    assert tix("-C", folder, "list", "status:🟡", "--count").stdout == "1\n"


def test_support_tracker_priority(tix: Tix, corpus_copy: Copy) -> None:
    result = tix("-C", corpus_copy("support-tracker"), "list", "priority:P1", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["2.4", "9.2", "9.4"]


def test_jira_queries(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("jira-roadmap")
    result = tix("-C", folder, "list", "sprint:Sprint 3", "points:>=5", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["TICKET-010", "TICKET-011"]
    assert tix("-C", folder, "list", "label:ops", "--count").stdout == "4\n"
    assert tix("-C", folder, "list", "epic:EPIC-02", "--count").stdout == "6\n"
    assert tix("-C", folder, "list", "epic:observability", "--count").stdout == "6\n"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["status:todo,blocked", "priority:<=P1"], ["LH-008", "LH-009", "LH-012"]),
        (["-status:done", "assignee:alice"], ["LH-004"]),
        (["assignee:none"], ["LH-005", "LH-012", "LH-013", "LH-014"]),
        (["owner:@chen", "-status:done"], ["LH-007", "LH-008", "LH-015"]),
        (["epic:accounts", "is:open"], ["LH-003", "LH-004", "LH-005"]),
        (["id:LH-01*", "has:deps", "label:email"], ["LH-011", "LH-012"]),
        (["is:ready"], ["LH-008"]),
        (["is:done"], ["LH-001", "LH-002", "LH-006"]),
        (["points:>=5", "estimate:<=6h"], ["LH-004", "LH-009"]),
        (["estimate:>1d"], ["LH-010"]),
        (["priority:high"], ["LH-003", "LH-008", "LH-009", "LH-011", "LH-012"]),
        (["reviewer:bruno"], ["LH-004"]),
        (["redis"], ["LH-004"]),
        (['"one hour"'], ["LH-005"]),
        (["-has:criteria"], ["LH-014"]),
        (["milestone:none", "sprint:Sprint 2"], ["LH-005", "LH-010", "LH-013"]),
    ],
)
def test_demo_queries(tix: Tix, words: list[str], expected: list[str]) -> None:
    assert ids(tix, *words) == expected


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("status:", "'status:' has no value"),
        ("priority:<=", "nothing to compare with after <="),
        ("stauts:todo", "no field 'stauts'"),
        ("status:sommeday", "unknown status 'sommeday'"),
        ("points:>lots", "'lots' is not a number"),
        ("is:sleeping", "is: takes"),
        ("sprint:>2", "cannot be compared"),
    ],
)
def test_bad_query_words_are_usage_errors(tix: Tix, word: str, message: str) -> None:
    result = tix("-C", DEMO, "list", word)
    assert result.exit_code == 2
    assert result.stderr.startswith("tix: error: query word")
    assert message in result.stderr


def test_split_words() -> None:
    assert split_words(["sprint:Sprint 2", "status:todo priority:P0", "load test", "-x"]) == [
        "sprint:Sprint 2",
        "status:todo",
        "priority:P0",
        "load test",
        "-x",
    ]
    # Quoted arguments are text, quotes kept; an apostrophe is a letter.
    assert split_words(['"localhost:8000"', "Python's", 'status:todo "load test"']) == [
        '"localhost:8000"',
        "Python's",
        "status:todo",
        '"load test"',
    ]


def test_words_that_look_like_fields_or_quotes(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text(
        "---\nid: A-1\nstatus: Someday\n---\nServe on localhost:8000 with Python's http.server\n"
    )
    (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: todo\n---\nNothing here\n")

    def found(*words: str) -> list[str]:
        result = tix("-C", tmp_path, "list", *words, "--json")
        assert result.exit_code == 0, result.stderr
        return [t["id"] for t in json.loads(result.stdout)]

    assert found('"localhost:8000"') == ["A-1"]
    assert found("Python's") == ["A-1"]
    # A status the workspace does not know is matched as written (tix validate reports it).
    assert found("status:someday") == ["A-1"]
    assert found("status:todo,Someday") == ["A-1", "A-2"]
    wrong = tix("-C", tmp_path, "list", "status:todo zzzz")
    assert wrong.exit_code == 2 and "unknown status 'todo zzzz'" in wrong.stderr


def test_milestones_from_the_config_and_field_names_as_written(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    (folder / ".tix.yaml").write_text(
        "milestones:\n  - {key: M1, name: Foundation, target: Week 1-2, epics: [Epic 1]}\n"
    )
    for word in ("milestone:M1", "milestone:foundation", "milestone:M1: Foundation"):
        assert tix("-C", folder, "list", word, "--count").stdout == "5\n", word
    assert tix("-C", folder, "list", "milestone:none", "--count").stdout == "26\n"
    nona = corpus_copy("nona-kronos") / "tickets"
    assert tix("-C", nona, "list", "日期:2025-10-15", "--count").stdout == (
        tix("-C", nona, "list", "created:2025-10-15", "--count").stdout
    )
    assert tix("-C", nona, "list", "has:日期", "--count").exit_code == 0


def test_sort_limit_count_format(tix: Tix) -> None:
    assert ids(tix, "--sort", "priority,-points", "--limit", "3") == ["LH-004", "LH-007", "LH-002"]
    assert ids(tix, "is:done", "--sort", "-id") == ["LH-006", "LH-002", "LH-001"]
    assert tix("-C", DEMO, "list", "--count").stdout == "15\n"
    out = tix("-C", DEMO, "list", "is:done", "--format", "{id}|{status}|{labels}").stdout
    assert out.splitlines() == [
        "LH-001|done|infra, ci",
        "LH-002|done|database",
        "LH-006|done|database",
    ]
    bad = tix("-C", DEMO, "list", "--format", "{nope}")
    assert bad.exit_code == 2 and "keys: id, title" in bad.stderr
    assert tix("-C", DEMO, "list", "--sort", "colour").exit_code == 2


def test_queries_in_other_commands(tix: Tix) -> None:
    board = json.loads(tix("-C", DEMO, "board", "epic:notifications", "--json").stdout)
    assert sorted(c["id"] for col in board["columns"] for c in col["cards"]) == [
        "LH-011",
        "LH-012",
        "LH-013",
        "LH-014",
    ]
    rollup = json.loads(tix("-C", DEMO, "rollup", "sprint", "assignee:chen", "--json").stdout)
    assert sum(g["total"] for g in rollup["groups"]) == 4
    assert tix("-C", DEMO, "ready", "priority:P0").stdout == ""  # nothing ready: no header either
    unknown_option = tix("-C", DEMO, "list", "--bogus")
    assert unknown_option.exit_code == 2 and "no such option: --bogus" in unknown_option.stderr
    graph = tix("-C", DEMO, "graph", "epic:accounts").stdout
    assert "t_LH_003[" in graph and "t_LH_007[" not in graph


def test_grep(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    result = tix("-C", folder, "grep", "-i", "kubernetes")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(line.split(":")[2].startswith("DANUBE-") for line in lines)
    assert lines[0].startswith("epic-02-kubernetes.md:19:DANUBE-006: ")
    assert not any(line.startswith("README.md") for line in lines)  # no ticket there
    none = tix("-C", folder, "grep", "zzzz-no-match")
    assert (none.exit_code, none.stdout) == (1, "")
    assert tix("-C", folder, "grep", "(").exit_code == 2


def test_grep_options(tix: Tix) -> None:
    assert tix("-C", DEMO, "grep", "-l", "e-mail").stdout.split() == [
        "LH-002",
        "LH-003",
        "LH-004",
        "LH-005",
        "LH-011",
        "LH-012",
    ]
    assert tix("-C", DEMO, "grep", "-l", "e-mail", "-is:done", "-is:ready").stdout.split() == [
        "LH-003",
        "LH-004",
        "LH-005",
        "LH-011",
        "LH-012",
    ]
    counts = tix("-C", DEMO, "grep", "-c", "-w", "e-mail").stdout.splitlines()
    assert "tickets/LH-012-subscriber-emails.md:LH-012:2" in counts
    assert tix("-C", DEMO, "grep", "-F", "[x]", "-l", "is:done").stdout.split() == [
        "LH-001",
        "LH-002",
        "LH-006",
    ]
    assert tix("-C", DEMO, "grep", "--field", "title", "-i", "^e-mail", "-l").stdout.split() == [
        "LH-012"
    ]
    context = tix("-C", DEMO, "grep", "-C", "1", "opaque id").stdout.splitlines()
    assert context == [
        "tickets/LH-004-sign-in.md-17-LH-004- ",
        "tickets/LH-004-sign-in.md:18:LH-004: Sessions are stored server-side; "
        "the cookie only holds an opaque id.",
        "tickets/LH-004-sign-in.md-19-LH-004- ",
    ]
    matches = json.loads(tix("-C", DEMO, "grep", "--json", "opaque").stdout)
    assert matches == [
        {
            "id": "LH-004",
            "path": "tickets/LH-004-sign-in.md",
            "line": 18,
            "text": "Sessions are stored server-side; the cookie only holds an opaque id.",
            "matches": [[58, 64]],
        }
    ]


def test_grep_searches_only_inside_each_ticket(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "epic.md").write_text(
        "# Epic 1: Core\n\nIntro text mentioning banana.\n\n"
        "## C-1: First\n**Status:** Todo\nbanana split\n"
        "\n## C-2: Second\n**Status:** Todo\napple\n"
    )
    result = tix("-C", tmp_path, "grep", "banana")
    assert result.stdout == "epic.md:7:C-1: banana split\n"


@pytest.mark.parametrize("folder", ["danube", "nona-kronos", "support-tracker", "jira-roadmap"])
def test_grep_skips_tickets_only_when_no_line_could_match(
    tix: Tix, corpus_copy: Copy, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searching a ticket's whole region first is a shortcut: the lines found must be the
    same as searching every line (CRLF files, anchors, word bounds, case, a field)."""
    from tix import search

    root = corpus_copy(folder)
    searches = [
        ["status"],
        ["-i", "DONE"],
        ["-w", "api"],
        ["[0-9]+h"],
        ["done$"],
        ["^- \\[x\\]"],
        ["(?<!\\w)P[0-3]"],
        ["--field", "title", "e"],
        ["-F", "**Status:**"],
        ["-C", "1", "test"],
    ]
    quick = [tix("-C", root, "grep", "--json", *words).stdout for words in searches]
    monkeypatch.setattr(search, "_line_local", lambda pattern: False)
    slow = [tix("-C", root, "grep", "--json", *words).stdout for words in searches]
    assert quick == slow
    assert sum(len(json.loads(out or "[]")) for out in quick) > 20


@given(
    text=st.text(alphabet=st.sampled_from(["a", "b", "x", " ", "\n", "\r", "é"]), max_size=60),
    pattern=st.sampled_from(
        ["a", "ab", "a\\s*b", "\\bab", "x|\\n", "b*", "a.b", "\\s", "[xé ]b", "\\Bb", "é"]
    ),
    bounds=st.tuples(st.integers(0, 60), st.integers(0, 60)),
    context=st.sampled_from([0, 1]),
)
def test_searching_from_match_to_match_finds_the_lines_every_line_search_finds(
    text: str, pattern: str, bounds: tuple[int, int], context: int
) -> None:
    """grep skips from one match of the region to the line after it; the lines it finds
    must be those a search of every line finds, for any region of any text."""
    from tix import search
    from tix.document import Document
    from tix.model import Ticket

    start, end = sorted(min(b, len(text)) for b in bounds)
    doc = Document(text, path="t.md")
    ticket = Ticket(
        id="T-1",
        title="",
        status="todo",
        path="t.md",
        dialect="frontmatter",
        spans={"ticket": (start, end)},
    )
    regex = re.compile(pattern)
    assert search._line_local(regex)
    quick = search.grep(regex, [ticket], {"t.md": doc}, context=context)
    original = search._line_local
    search._line_local = lambda _: False  # type: ignore[assignment]
    try:
        slow = search.grep(regex, [ticket], {"t.md": doc}, context=context)
    finally:
        search._line_local = original
    assert [(h.id, h.lines) for h in quick] == [(h.id, h.lines) for h in slow]
    prefilter = search.file_prefilter(regex)
    if quick and start == 0:  # a ticket region starts a line: its file passes the prefilter
        assert prefilter is not None and prefilter(text)


def test_grep_edge_cases(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "G-1.md").write_text(
        '---\nid: G-1\ntitle: "Sign-in with password"\nlabels: [ui, "auth"]\nstatus: todo\n'
        "reviewer: bruno\n---\nuse -flag:on here\n"
    )
    lines = (tmp_path / "G-1.md").read_text().count("\n")
    # A pattern matching the empty string matches every line, and no line past the last.
    assert tix("-C", tmp_path, "grep", "-c", "").stdout == f"G-1.md:G-1:{lines}\n"
    assert tix("-C", tmp_path, "grep", "-c", "x*").stdout == f"G-1.md:G-1:{lines}\n"
    # A pattern that looks like a negated query word is still the pattern.
    flag = tix("-C", tmp_path, "grep", "-flag:on")
    assert (flag.exit_code, flag.stdout) == (0, "G-1.md:8:G-1: use -flag:on here\n")
    # --field searches a front-matter value without its quotes or brackets, as a field line's.
    for field, pattern in (("title", "^Sign"), ("title", "password$"), ("labels", "^ui")):
        assert tix("-C", tmp_path, "grep", "--field", field, pattern).exit_code == 0, pattern
    assert tix("-C", tmp_path, "grep", "--field", "reviewer", "^bruno$").exit_code == 0
    unknown = tix("-C", tmp_path, "grep", "--field", "nope", "x")
    assert unknown.exit_code == 2 and "no field 'nope'" in unknown.stderr


def test_list_takes_one_output_form(tix: Tix) -> None:
    both = tix("-C", DEMO, "list", "--json", "--format", "{id}")
    assert both.exit_code == 2 and "give one of --count, --json and --format" in both.stderr
