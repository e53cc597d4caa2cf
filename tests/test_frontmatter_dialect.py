"""The native style: YAML front-matter tickets, read with spans, aliases and safety."""

from __future__ import annotations

import contextlib

import frontmatter
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tix import yamlmap, yamlnodes
from tix.dialects import Frame, ParseContext, parse_document
from tix.dialects.frontmatter import FrontMatterDialect
from tix.document import Document
from tix.errors import Code, TixError
from tix.model import Config, Ticket

CRLF_TICKET = (
    "---\r\n"
    "# owned by the platform team\r\n"
    "id: PLAT-7\r\n"
    'title: "Rotate the signing key: yearly"\r\n'
    "status: 'In Progress'   # moved on Monday\r\n"
    "priority: P1\r\n"
    "labels: [security, 'ops']\r\n"
    'depends_on: [PLAT-3, "PLAT-5"]\r\n'
    "points: 3\r\n"
    "estimate: 4h\r\n"
    "reviewer: kim\r\n"
    "---\r\n"
    "# Rotate the key\r\n"
    "\r\n"
    "## Acceptance Criteria\r\n"
    "- [x] new key published\r\n"
    "- [ ] old key revoked\r\n"
)


def parse(text: str, path: str = "tickets/T.md", config: Config | None = None) -> list[Ticket]:
    context = ParseContext.from_config(config or Config(), path)
    return parse_document(Document(text, path=path), context).tickets


def test_comment_quotes_flow_list_and_crlf() -> None:
    [ticket] = parse(CRLF_TICKET)
    assert ticket.id == "PLAT-7"
    assert ticket.title == "Rotate the signing key: yearly"
    assert ticket.status == "in-progress"
    assert ticket.status_text == "In Progress"
    assert ticket.priority == "P1"
    assert ticket.labels == ["security", "ops"]
    assert ticket.depends_on == ["PLAT-3", "PLAT-5"]
    assert ticket.points == 3
    assert ticket.estimate == "4h"
    assert ticket.extra == {"reviewer": "kim"}
    assert ticket.dialect == "frontmatter"
    assert [(c.text, c.checked, c.line) for c in ticket.criteria] == [
        ("new key published", True, 16),
        ("old key revoked", False, 17),
    ]
    assert ticket.body.startswith("# Rotate the key\r\n")


def test_spans_point_at_the_values_as_written() -> None:
    [ticket] = parse(CRLF_TICKET)
    text = CRLF_TICKET
    start, end = ticket.spans["status"]
    assert text[start:end] == "'In Progress'"
    start, end = ticket.spans["labels"]
    assert text[start:end] == "[security, 'ops']"
    start, end = ticket.spans["priority.key"]
    assert text[start:end] == "priority"
    start, end = ticket.spans["front_matter"]
    assert text[start:end].startswith("# owned by") and text[start:end].endswith(
        "reviewer: kim\r\n"
    )


def test_c_and_python_yaml_loaders_give_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "---\nid: A-1\ntitle: 日本語のタイトル 🔴\nstatus: todo\nlabels: [x, y]\n---\n"
    monkeypatch.setattr(yamlmap, "read_plain_mapping", lambda *_, **__: None)  # PyYAML only
    [with_default] = parse(text)
    monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    [with_python] = parse(text)
    assert with_default.spans == with_python.spans
    assert with_default.title == with_python.title == "日本語のタイトル 🔴"


def test_names_other_trackers_use() -> None:
    [ticket] = parse(
        "---\nid: X-2\nstatus: done\ndependencies: [X-1]\ntags: api, cli\n"
        "assignees: ['@ann', bob]\nstory_points: '5'\nstate: ignored-second-status\n---\n"
    )
    assert ticket.depends_on == ["X-1"]
    assert ticket.labels == ["api", "cli"]
    assert ticket.assignees == ["ann", "bob"]
    assert ticket.assignee == "ann, bob"
    assert ticket.points == 5
    assert ticket.status == "done"
    # A second key for a field already set is kept, not lost.
    assert ticket.extra == {"state": "ignored-second-status"}


def test_deps_alias_and_workspace_field_aliases() -> None:
    config = Config.from_mapping({"fields": {"depends_on": ["waits_for"]}})
    [ticket] = parse("---\nid: X-3\nwaits_for: [X-1, X-2]\n---\n", config=config)
    assert ticket.depends_on == ["X-1", "X-2"]
    [ticket] = parse("---\nid: X-4\ndeps: X-1, X-2\n---\n")
    assert ticket.depends_on == ["X-1", "X-2"]


def test_id_and_title_fall_back_to_file_name_and_heading() -> None:
    [ticket] = parse("---\nstatus: open\n---\n\n# Make it faster\n", path="t/ABC-12-speed.md")
    assert (ticket.id, ticket.title, ticket.status) == ("ABC-12", "Make it faster", "todo")
    [ticket] = parse("---\nstatus: open\n---\nno heading\n", path="t/speed-up.md")
    assert (ticket.id, ticket.title) == ("speed-up", "speed-up")


def test_file_name_id_is_an_alias_when_front_matter_names_another() -> None:
    [ticket] = parse("---\nid: NEW-1\n---\n", path="OLD-9-renamed.md")
    assert ticket.id == "NEW-1"
    assert ticket.aliases == ["OLD-9"]


def test_unknown_status_is_kept_as_written_and_missing_status_is_the_default() -> None:
    [ticket] = parse("---\nid: A-1\nstatus: Someday maybe\n---\n")
    assert (ticket.status, ticket.status_text) == ("Someday maybe", "Someday maybe")
    [ticket] = parse("---\nid: A-2\n---\n")
    assert (ticket.status, ticket.status_text) == ("todo", None)


def test_blocked_reason_from_status_or_key() -> None:
    [ticket] = parse("---\nid: A-1\nstatus: Blocked - Awaiting Budget Approval\n---\n")
    assert (ticket.status, ticket.blocked_reason) == ("blocked", "Awaiting Budget Approval")
    [ticket] = parse("---\nid: A-1\nstatus: blocked\nblocked_reason: vendor\n---\n")
    assert ticket.blocked_reason == "vendor"


def test_dates_and_numbers_as_written() -> None:
    [ticket] = parse("---\nid: 42\ncreated: 2025-10-14\nsprint: 3\npoints: lots\n---\n")
    assert ticket.id == "42"
    assert ticket.sprint == "3"
    assert ticket.points is None
    assert ticket.extra == {"created": "2025-10-14", "points": "lots"}


def test_front_matter_that_is_not_a_ticket() -> None:
    assert parse("---\nlayout: post\ntitle: Hello\n---\nbody\n") == []
    assert parse("# Just a README\n") == []
    assert parse("---\n---\n") == []


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("---\nid: A-1\nstatus: [unclosed\n---\n", Code.FRONT_MATTER_SYNTAX, 4, 1),
        ("---\nid: A-1\n  bad: indent\n---\n", Code.FRONT_MATTER_SYNTAX, 3, 6),
        ("---\n- a\n- b\n---\n", Code.FRONT_MATTER_SHAPE, 2, 1),
        ("---\njust text\n---\n", Code.FRONT_MATTER_SHAPE, 2, 1),
        ("---\nid: A-1\nstatus: todo\n", Code.FRONT_MATTER_UNCLOSED, 1, 1),
        ("---\nid: !!python/object:os.system x\n---\n", Code.FRONT_MATTER_UNSAFE, 2, 5),
        ("---\nid: A-1\nid: A-2\n---\n", Code.FRONT_MATTER_SYNTAX, 3, 1),
    ],
)
def test_broken_front_matter_is_located(text: str, code: Code, line: int, col: int) -> None:
    with pytest.raises(TixError) as caught:
        parse(text, path="bad.md")
    error = caught.value
    assert (error.code, error.line, error.col) == (code, line, col), error


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = ["---", "id: A-1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    bomb.append("---")
    with pytest.raises(TixError) as caught:
        parse("\n".join(bomb) + "\n")
    assert caught.value.code is Code.FRONT_MATTER_UNSAFE


def test_self_referencing_alias_is_refused() -> None:
    with pytest.raises(TixError) as caught:
        parse("---\nid: A-1\nloop: &x [*x]\n---\n")
    assert caught.value.code is Code.FRONT_MATTER_UNSAFE


_keys = st.sampled_from(["id", "title", "status", "priority", "epic", "owner", "notes", "x-y"])
_scalars = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.integers(-1000, 1000),
    st.booleans(),
)


@given(st.dictionaries(_keys, st.one_of(_scalars, st.lists(_scalars, max_size=3)), max_size=6))
def test_front_matter_values_agree_with_python_frontmatter(values: dict[str, object]) -> None:
    """Our span-keeping reader sees the same metadata python-frontmatter does."""
    text = "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False) + "---\nbody\n"
    doc = Document(text)
    block_text = text[4 : text.rindex("---\nbody")]
    ours = yamlmap.load_mapping(block_text, base_offset=4, base_line=2).as_dict()
    theirs = frontmatter.loads(text).metadata
    assert ours == theirs
    FrontMatterDialect().parse(doc, ParseContext.from_config(Config(), "t.md"), Frame())


@given(st.text(alphabet=st.sampled_from(list("-:#[]{}&*!|>'\"\n\r\t ab🔴")), max_size=120))
def test_arbitrary_front_matter_raises_only_tix_errors(noise: str) -> None:
    with contextlib.suppress(TixError):
        parse("---\n" + noise + "\n---\nbody\n")


def test_title_heading_opens_no_criteria_section_and_aliases_epic_title() -> None:
    text = (
        "---\nid: OPS-1\nepic: EPIC-2\nepic_title: Operations\naliases: [RUN-1]\n---\n"
        "# OPS-1: Daily Checklist\n\n## Done when\n\n- [ ] one\n\n## Tools\n\n- [ ] wrench\n"
    )
    (ticket,) = parse(text)
    assert [c.text for c in ticket.criteria] == ["one"]
    assert (ticket.epic, ticket.epic_name, ticket.aliases) == ("EPIC-2", "Operations", ["RUN-1"])
    assert ticket.extra == {}


def test_text_fields_read_as_written_when_yaml_sees_a_boolean_or_a_number() -> None:
    [ticket] = parse(
        "---\nid: T-1\ntitle: no\nsprint: 1.10\nmilestone: 2.0\nassignee: yes\n"
        "estimate: 0x10\npoints: 3.5\n---\n"
    )
    assert (ticket.title, ticket.sprint, ticket.milestone) == ("no", "1.10", "2.0")
    assert (ticket.assignees, ticket.estimate, ticket.points) == (["yes"], "0x10", 3.5)
