"""Edits that once went wrong, each with the smallest file that showed it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tix.edit.operations import Editor
from tix.errors import Code, TixError
from tix.workspace import Workspace


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path


def editor(root: Path) -> Editor:
    return Editor(Workspace.open(root))


def test_new_line_after_a_shared_line_copies_only_its_marker(tmp_path: Path) -> None:
    text = "# TF-001: Pipe\n\n> **Priority:** High | **Story Points:** 8 | **Status:** Open\n"
    path = write(tmp_path, "TF-001.md", text)
    editor(tmp_path).set_fields("TF-001", ["assignee=bob"])
    assert path.read_text() == text + "> **Assignee:** bob\n"
    editor(tmp_path).set_fields("TF-001", ["assignee="])
    assert path.read_text() == text


EPIC = (
    "# Epic\n\n## X-001: First\n\n**Status:** Todo\n**Dependencies:**\n- X-002\n- X-003\n\n"
    "## X-002: S\n\n**Status:** Done\n\n## X-003: T\n\n**Status:** Done\n"
)


def test_a_list_under_its_field_name_is_edited_as_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "epic.md", EPIC)
    editor(tmp_path).set_fields("X-001", ["depends_on-=X-002"])
    assert "**Dependencies:**\n- X-003\n\n## X-002" in path.read_text()
    editor(tmp_path).set_fields("X-001", ["priority=P1"])
    assert "**Dependencies:**\n- X-003\n**Priority:** P1\n\n## X-002" in path.read_text()
    editor(tmp_path).set_fields("X-001", ["depends_on-=X-003"])
    assert "**Dependencies:** None\n**Priority:** P1\n" in path.read_text()
    assert Workspace.open(tmp_path).load().find("X-001").depends_on == []


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_new_ticket_after_a_last_ticket_that_ends_the_file(
    tmp_path: Path, ending: str, final: bool
) -> None:
    text = "# Epic\n\n## N-001: First\n\n**Status:** Todo\n\n## N-002: Second\n\n**Status:** Done\n"
    text = text.replace("\n", ending)
    if not final:
        text = text.removesuffix(ending)
    path = write(tmp_path, "epic.md", text)
    change = editor(tmp_path).new_ticket("Third", in_file="epic.md")
    assert change.ticket_id == "N-003"
    assert path.read_bytes().decode().startswith(text)
    catalog = Workspace.open(tmp_path).load()
    assert [t.id for t in catalog.tickets] == ["N-001", "N-002", "N-003"]
    assert ending == "\n" or "\n" not in path.read_bytes().replace(b"\r\n", b"").decode()


def test_a_ticket_nested_under_another_can_be_edited(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "plan.md",
        "# P\n\n## EPIC-1: Accounts\n\n**Status:** In Progress\n\n"
        "### TASK-1: Login\n\n**Status:** Todo\n",
    )
    editor(tmp_path).update_status("TASK-1", "done", force=True)
    assert path.read_text().endswith("### TASK-1: Login\n\n**Status:** Done\n")


def test_an_empty_front_matter_value_can_be_set(tmp_path: Path) -> None:
    path = write(tmp_path, "t/FM-1.md", "---\nid: FM-1\nstatus:\npriority:\nlabels: [a]\n---\n")
    editor(tmp_path).set_fields("FM-1", ["priority=P1"])
    editor(tmp_path).update_status("FM-1", "blocked", "waiting")
    assert (
        path.read_text()
        == "---\nid: FM-1\nstatus: blocked\nblocked_reason: waiting\npriority: P1\n"
        "labels: [a]\n---\n"
    )


def test_filling_an_empty_field_keeps_its_line_break(tmp_path: Path) -> None:
    path = write(
        tmp_path, "E-1.md", "# E-1: x\n\n**Status:** Todo  \n**Estimate:**  \n**Priority:** P1\n"
    )
    editor(tmp_path).set_fields("E-1", ["estimate=3h"])
    assert "**Estimate:** 3h  \n" in path.read_text()


def test_a_new_table_row_leaves_other_cells_empty(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tasks.md",
        "| ID | Task | Status | Notes | Due |\n|---|---|---|---|---|\n"
        "| T-2 | b | Done | needs DB | 2024-05-01 |\n",
    )
    editor(tmp_path).new_ticket("Row", in_file="tasks.md")
    assert path.read_text().splitlines()[-1] == "| T-3 | Row | Todo |  |  |"


def test_a_priority_checklist_is_a_choice_of_one(tmp_path: Path) -> None:
    text = (
        "# W-1: x\n\n## Priority\n- [ ] Critical (P0)\n- [x] High (P1)\n- [ ] Low (P3)\n\n"
        "## Status\n- [x] Open\n"
    )
    path = write(tmp_path, "W-1-x.md", text)
    editor(tmp_path).set_fields("W-1", ["priority=critical"])
    assert "- [x] Critical (P0)\n- [ ] High (P1)\n- [ ] Low (P3)" in path.read_text()
    editor(tmp_path).set_fields("W-1", ["priority=High (P1)"])
    assert path.read_text() == text


def test_front_matter_numbers_stay_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "A-1.md", "---\nid: A-1\nstatus: todo\npoints: 5\nsprint: 2\n---\n")
    editor(tmp_path).set_fields("A-1", ["points=8", "sprint=3"])
    assert "points: 8\nsprint: 3\n" in path.read_text()
    editor(tmp_path).set_fields("A-1", ["points=5", "sprint=2"])
    assert path.read_text() == "---\nid: A-1\nstatus: todo\npoints: 5\nsprint: 2\n---\n"
    editor(tmp_path).set_fields("A-1", ["sprint=007"])
    assert 'sprint: "007"' in path.read_text()  # would read back as 7 unquoted


def test_removing_the_last_line_of_a_file_without_a_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path, "TF-4.md", "# TF-4: x\n\n**Status:** Open")
    editor(tmp_path).set_fields("TF-4", ["assignee=bob"])
    editor(tmp_path).set_fields("TF-4", ["assignee="])
    assert path.read_text() == "# TF-4: x\n\n**Status:** Open"


def test_an_inherited_epic_comes_back_when_the_field_goes(tmp_path: Path) -> None:
    text = "# Epic 1: Core\n\n## C-1: One\n**Status:** Todo\n"
    path = write(tmp_path, "epic-01.md", text)
    editor(tmp_path).set_fields("C-1", ["epic=Infra"])
    assert Workspace.open(tmp_path).load().find("C-1").epic == "Infra"
    editor(tmp_path).set_fields("C-1", ["epic="])
    assert path.read_text() == text


def test_empty_list_values_remove_the_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "A-1.md",
        "---\nid: A-1\nstatus: todo\nlabels:\n  - x\n  - y\nassignee: ana\n---\n",
    )
    editor(tmp_path).set_fields("A-1", ["labels=", "assignee="])
    assert path.read_text() == "---\nid: A-1\nstatus: todo\n---\n"


def test_priority_with_an_emoji_and_table_cells_with_pipes(tmp_path: Path) -> None:
    write(tmp_path, "P-1.md", "# P-1: x\n\n**Priority:** P2\n")
    editor(tmp_path).set_fields("P-1", ["priority=🟠 HIGH"])
    assert Workspace.open(tmp_path).load().find("P-1").priority == "HIGH"
    table = write(
        tmp_path / "t",
        "board.md",
        "| ID | Task | Status | Owner |\n|---|---|---|---|\n| B-1 | x | Todo | ana |\n",
    )
    editor(tmp_path / "t").set_fields("B-1", ["owner=a | b"])
    editor(tmp_path / "t").update_status("B-1", "blocked", "x|y")
    assert table.read_text().splitlines()[-1] == "| B-1 | x | Blocked - x\\|y | a \\| b |"
    ticket = Workspace.open(tmp_path / "t").load().find("B-1")
    assert (ticket.assignees, ticket.blocked_reason) == (["a | b"], "x|y")


def test_reading_oddities() -> None:
    from tix.dialects import ParseContext, parse_document
    from tix.document import Document
    from tix.model import Config

    context = ParseContext.from_config(Config(), "e.md")
    doc = Document("# Epic\n\n## ✅ EM-001: Done thing\n**Status:** ~~Todo~~ Done\n")
    [ticket] = parse_document(doc, context).tickets
    assert (ticket.id, ticket.title, ticket.status) == ("EM-001", "Done thing", "done")


def test_the_status_list_of_a_checklist_refuses_words_it_lacks(tmp_path: Path) -> None:
    write(tmp_path, "W-2-x.md", "# W-2: x\n\n## Status\n- [x] In Progress\n- [ ] Merged\n")
    with pytest.raises(TixError, match="no item for"):
        editor(tmp_path).update_status("W-2", "blocked")


@pytest.mark.skipif(os.name == "nt", reason="names that are not UTF-8 are a POSIX thing")
def test_a_file_whose_name_is_not_utf8_can_be_edited(tmp_path: Path) -> None:
    """Its lock was named from the path encoded strictly as UTF-8: a UnicodeEncodeError."""
    path = tmp_path / os.fsdecode(b"T-\xff.md")
    path.write_bytes(b"---\nid: T-1\ntitle: x\nstatus: todo\n---\n")
    editor(tmp_path).update_status("T-1", "done")
    assert path.read_bytes() == b"---\nid: T-1\ntitle: x\nstatus: done\n---\n"


@pytest.mark.parametrize(
    "edit",
    [
        lambda e: e.update_status("1.1", "blocked", "line1\nline2"),
        lambda e: e.set_fields("1.1", ["priority=P\n1"]),
        lambda e: e.set_fields("1.1", ["assignee=a\u2028b"]),
        lambda e: e.new_ticket("T\r\nX", in_file="TASKS.md"),
    ],
    ids=["reason", "value", "unicode line separator", "title"],
)
def test_a_line_break_in_a_value_is_refused_plainly(tmp_path: Path, edit: Any) -> None:
    """It once reached the read-back check, which called it a bug in tix."""
    path = write(
        tmp_path,
        "TASKS.md",
        "## Phase 1\n| # | Task | Status | Priority |\n|---|---|---|---|\n| 1.1 | A | ⬜ | P0 |\n",
    )
    before = path.read_bytes()
    with pytest.raises(TixError, match="cannot hold a line break") as raised:
        edit(editor(tmp_path))
    assert raised.value.code is Code.USAGE
    assert path.read_bytes() == before


def test_new_names_the_option_for_fields_it_sets_itself(tmp_path: Path) -> None:
    write(tmp_path, "A-1.md", "---\nid: A-1\nstatus: todo\n---\n")
    for field, option in (("id", "--id"), ("status", "--status")):
        with pytest.raises(TixError, match=f"cannot set {field}: give it with {option}"):
            editor(tmp_path).new_ticket("x", fields=[f"{field}=Z"])


def test_set_dependencies_says_what_validate_would(tmp_path: Path) -> None:
    write(tmp_path, "A-1.md", "---\nid: A-1\nstatus: todo\n---\n")
    write(tmp_path, "A-2.md", "---\nid: A-2\nstatus: todo\ndepends_on: [A-1]\n---\n")
    with pytest.raises(TixError, match="A-2 cannot depend on itself") as raised:
        editor(tmp_path).set_fields("A-2", ["depends_on+=A-2"])
    assert raised.value.code is None  # a refusal (exit 1), not a usage mistake
    missing = editor(tmp_path).set_fields("A-2", ["depends_on+=A-9"], dry_run=True)
    assert missing.warnings == ["A-9 does not exist (tix validate reports it)"]
    cycle = editor(tmp_path).set_fields("A-1", ["depends_on+=A-2"])
    assert cycle.warnings == ["this makes a dependency cycle: A-1 -> A-2 -> A-1"]
    assert "depends_on: [A-2]" in (tmp_path / "A-1.md").read_text()


def test_an_update_to_the_status_a_ticket_has_warns_of_nothing(tmp_path: Path) -> None:
    write(tmp_path, "A-1.md", "---\nid: A-1\nstatus: todo\n---\n")
    write(tmp_path, "A-2.md", "---\nid: A-2\nstatus: done\ndepends_on: [A-1]\n---\n")
    change = editor(tmp_path).update_status("A-2", "done", force=True)
    assert (change.summary, change.warnings) == ("A-2 is already Done", [])


def test_an_unknown_id_suggests_the_same_id_padded(tmp_path: Path) -> None:
    for number in (1, 21, 31):
        write(tmp_path, f"D-{number:03d}.md", f"---\nid: D-{number:03d}\n---\n")
    with pytest.raises(TixError) as raised:
        editor(tmp_path).update_status("d-1", "done")
    assert raised.value.hint is not None and raised.value.hint.startswith("did you mean D-001")


def test_list_edits_keep_each_items_quotes_and_comment(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "X-5.md",
        '---\nid: X-5\nstatus: todo\nlabels:\n  - "ui"   # quoted\n  - auth   # second\n'
        "depends_on: [\"X-2\", 'X-3']  # deps\n---\nbody\n",
    )
    write(tmp_path, "X-2.md", "---\nid: X-2\n---\n")
    write(tmp_path, "X-3.md", "---\nid: X-3\n---\n")
    editor(tmp_path).set_fields("X-5", ["labels+=perf", "labels-=auth", "points=3"])
    editor(tmp_path).set_fields("X-5", ["depends_on-=X-3", "depends_on+=X-4"])
    assert path.read_text() == (
        '---\nid: X-5\nstatus: todo\nlabels:\n  - "ui"   # quoted\n  - "perf"\n'
        'depends_on: ["X-2", "X-4"]  # deps\npoints: 3\n---\nbody\n'
    )


def test_several_changes_to_one_list_in_one_set_all_count(tmp_path: Path) -> None:
    path = write(tmp_path, "X-2.md", "---\nid: X-2\nstatus: todo\nlabels: [ui]\n---\n")
    editor(tmp_path).set_fields("X-2", ["labels+=a", "labels+=b"])
    assert "labels: [ui, a, b]\n" in path.read_text()
    editor(tmp_path).set_fields("X-2", ["labels=x,y", "labels-=x"])
    assert "labels: [y]\n" in path.read_text()


def test_a_dependency_list_keeps_its_items_as_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "A-1.md",
        "---\nid: A-1\nstatus: todo\ndepends_on:\n  - the login work  # ask Bob\n"
        "  - A-2 (after review)\n  - 'A-4'\n---\n",
    )
    for number in (2, 3, 4):
        write(tmp_path, f"A-{number}.md", f"---\nid: A-{number}\n---\n")
    editor(tmp_path).set_fields("A-1", ["depends_on+=A-3", "depends_on+=A-4"])
    assert path.read_text().endswith(
        "  - the login work  # ask Bob\n  - A-2 (after review)\n  - 'A-4'\n  - A-3\n---\n"
    )
    editor(tmp_path).set_fields("A-1", ["depends_on-=A-2"])  # by the id the item names
    assert "A-2" not in path.read_text() and "the login work  # ask Bob" in path.read_text()
