"""Editing the real-world corpus (on copies): each change touches only the bytes it must."""

from __future__ import annotations

import difflib
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, Copy, Tix


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """``(removed, added)`` lines of a diff, line endings kept."""
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    removed, added = [], []
    for line in difflib.ndiff(old, new):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_danube_update_sequence(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    epic = folder / "epic-01-foundation.md"
    original = epic.read_bytes()

    result = tix("-C", folder, "update", "DANUBE-001", "done")
    assert result.exit_code == 0, result.stderr
    removed, added = changed_lines(original, epic.read_bytes())
    assert removed == ["**Status:** 🔴 Todo  \n"]
    assert added == ["**Status:** 🟢 Done  \n"]

    before = epic.read_bytes()
    refused = tix("-C", folder, "update", "DANUBE-003", "in-progress")
    assert refused.exit_code == 1
    assert "DANUBE-002 (🔴 Todo)" in refused.stderr
    assert epic.read_bytes() == before

    assert tix("-C", folder, "update", "DANUBE-002", "in-progress").exit_code == 0
    blocked = tix("-C", folder, "update", "DANUBE-005", "blocked", "Waiting for K8s setup")
    assert blocked.exit_code == 0, blocked.stderr
    shown = tix("-C", folder, "show", "DANUBE-005").stdout
    assert "status:     ⚫ Blocked" in shown
    assert "blocked:    Waiting for K8s setup" in shown
    data = json.loads(tix("-C", folder, "show", "DANUBE-005", "--json").stdout)
    assert (data["status"], data["blocked_reason"]) == ("blocked", "Waiting for K8s setup")
    # Leaving blocked removes the reason again.
    assert tix("-C", folder, "update", "DANUBE-005", "todo").exit_code == 0
    removed, added = changed_lines(original, epic.read_bytes())
    assert added == ["**Status:** 🟢 Done  \n", "**Status:** 🟡 In Progress  \n"]


def test_force_overrides_the_dependency_rule_and_says_so(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    result = tix("-C", folder, "update", "DANUBE-003", "in-progress", "--force")
    assert result.exit_code == 0
    assert "updated anyway (--force)" in result.stderr


def test_support_tracker_changes_one_cell(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("support-tracker")
    tasks = folder / "TASKS.md"
    original = tasks.read_bytes()
    assert tix("-C", folder, "update", "1.1", "done").exit_code == 0
    removed, added = changed_lines(original, tasks.read_bytes())
    assert len(removed) == len(added) == 1
    assert removed[0].replace("| ⬜ |", "| ✅ |") == added[0]


def test_jira_inserts_one_status_line(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("jira-roadmap")
    roadmap = folder / "ROADMAP.md"
    original = roadmap.read_bytes()
    assert tix("-C", folder, "update", "TICKET-001", "in-progress").exit_code == 0
    removed, added = changed_lines(original, roadmap.read_bytes())
    assert removed == []
    assert [line for line in added if line.strip()] == ["**Status:** In Progress\n"]
    tickets = json.loads(tix("-C", folder, "list", "--json").stdout)
    assert [t["status"] for t in tickets].count("in-progress") == 1
    assert json.loads(tix("-C", folder, "show", "TICKET-001", "--json").stdout)["title"] == (
        "Create end-to-end architecture and execution flow document"
    )


def test_nona_kronos_crlf_stays_crlf(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("nona-kronos") / "tickets"
    path = folder / "TICKET_009_INV_CPU-GPU-Server-Configuration.md"
    original = path.read_bytes()
    assert tix("-C", folder, "update", "TICKET_009_INV", "done").exit_code == 0
    after = path.read_bytes()
    assert after.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    removed, added = changed_lines(original, after)
    assert (removed, added) == (["**Status**: Open\r\n"], ["**Status**: Done\r\n"])


# One ticket of every style, and a status to move it to and back from.
ROUND_TRIPS = [
    ("danube", "docs/tickets", "DANUBE-001", "done", "todo"),
    ("danube", "docs/tickets", "DANUBE-004", "blocked", "todo"),
    ("support-tracker", ".", "1.1", "done", "todo"),
    ("support-tracker", ".", "9.2", "blocked", "todo"),
    ("jira-roadmap", ".", "TICKET-001", "in-progress", "todo"),
    ("jira-roadmap", ".", "TICKET-012", "blocked", "todo"),
    ("nona-kronos", "tickets", "TICKET_001_IMP", "done", "Open"),
    ("nona-kronos", "tickets", "TICKET_008_DIS", "blocked", "todo"),
    ("nona-kronos", "tickets", "TICKET_003_DES", "review", "Draft"),
    ("nona-kronos", "tickets", "TICKET_005_TSK", "done", "in-progress"),
    ("cryptointel", ".tickets", "TICKET-001-github-push.md", "done", "todo"),
    ("cryptointel", ".tickets", "TICKET-016-daily-monitoring.md", "blocked", "Ongoing"),
]


@pytest.mark.parametrize(("corpus", "sub", "ticket", "there", "back"), ROUND_TRIPS)
def test_update_then_reverse_gives_back_the_original_bytes(
    tix: Tix, corpus_copy: Copy, corpus: str, sub: str, ticket: str, there: str, back: str
) -> None:
    folder = corpus_copy(corpus) / sub
    originals = {p: p.read_bytes() for p in folder.rglob("*.md")}
    args = ["blocked", "a reason"] if there == "blocked" else [there]
    first = tix("-C", folder, "update", ticket, *args, "--force")
    assert first.exit_code == 0, first.stderr
    assert any(p.read_bytes() != data for p, data in originals.items())
    second = tix("-C", folder, "update", ticket, back, "--force")
    assert second.exit_code == 0, second.stderr
    for path, data in originals.items():
        assert path.read_bytes() == data, path


def test_demo_front_matter_round_trip(tix: Tix, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(REPO_ROOT / "examples" / "demo", folder)
    originals = {p: p.read_bytes() for p in folder.rglob("*.md")}
    assert tix("-C", folder, "update", "LH-009", "blocked", "design review").exit_code == 0
    assert tix("-C", folder, "update", "LH-009", "todo").exit_code == 0
    assert tix("-C", folder, "set", "LH-004", "priority=P1").exit_code == 0
    assert tix("-C", folder, "set", "LH-004", "priority=P0").exit_code == 0
    for path, data in originals.items():
        assert path.read_bytes() == data, path


@pytest.mark.parametrize("warm", [False, True], ids=["first command", "after a listing"])
def test_new_ticket_in_danube_epic_one(tix: Tix, corpus_copy: Copy, warm: bool) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    epic = folder / "epic-01-foundation.md"
    original = epic.read_text("utf-8")
    if warm:  # the index then holds the tickets (and fewer spans than a fresh read)
        assert tix("-C", folder, "list").exit_code == 0
    result = tix("-C", folder, "new", "Add audit log", "--epic", "Epic 1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "DANUBE-032\n"
    text = epic.read_text("utf-8")
    assert text.startswith(original[: original.index("## Updates")])
    assert text.endswith(original[original.index("## Updates") :])
    added = text[len(original[: original.index("## Updates")]) : text.index("## Updates")]
    assert added == (
        "## DANUBE-032: Add audit log\n\n"
        "**Status:** 🔴 Todo  \n**Priority:**  \n**Estimate:**  \n"
        "**Dependencies:** None  \n**Assignee:** Unassigned\n\n"
        "### Description\n\n### Acceptance Criteria\n\n### Technical Notes\n\n---\n\n"
    )
    # The same layout as DANUBE-005: same headings and field names in the same order.
    template = original[original.index("## DANUBE-005") : original.index("## Updates")]

    def layout(text: str) -> list[str]:
        return [line.split(":")[0] for line in text.splitlines() if line.startswith(("#", "**"))]

    assert layout(added.replace("DANUBE-032", "DANUBE-005")) == layout(template)
    tickets = json.loads(tix("-C", folder, "list", "--json").stdout)
    assert len(tickets) == 32
    new = next(t for t in tickets if t["id"] == "DANUBE-032")
    assert (new["title"], new["status"], new["epic"]) == ("Add audit log", "todo", "Epic 1")


def test_a_new_ticket_copies_no_blocked_reason(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    assert tix("-C", folder, "update", "DANUBE-005", "blocked", "Waiting").exit_code == 0
    assert tix("-C", folder, "new", "Add audit log", "--epic", "Epic 1").exit_code == 0
    text = (folder / "epic-01-foundation.md").read_text("utf-8")
    added = text[text.index("## DANUBE-032") : text.index("## Updates")]
    assert "Blocked" not in added and "**Status:** 🔴 Todo  \n" in added
    assert "**Blocked Reason:** Waiting  \n" in text  # DANUBE-005 keeps its own


def test_two_processes_editing_one_file_lose_nothing(corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    script = textwrap.dedent(
        """
        import sys
        from tix.edit.operations import Editor
        from tix.workspace import Workspace

        folder, ticket, tag = sys.argv[1:]
        for i in range(100):
            editor = Editor(Workspace.open(folder))
            status = ("in-progress", "blocked", "review", "todo")[i % 4]
            reason = f"{tag}{i}" if status == "blocked" else None
            editor.update_status(ticket, status, reason, force=True)
            Editor(Workspace.open(folder)).set_fields(ticket, [f"labels+={tag}{i}"])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(folder), ticket, tag],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ticket, tag in (("DANUBE-002", "a"), ("DANUBE-004", "b"))
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=240)
        assert worker.returncode == 0, errors
    from tix.workspace import Workspace

    catalog = Workspace.open(folder).load(strict=True)
    assert catalog.problems == []
    for ticket_id, tag in (("DANUBE-002", "a"), ("DANUBE-004", "b")):
        ticket = catalog.find(ticket_id)
        assert ticket.labels == [f"{tag}{i}" for i in range(100)]  # all 200 edits landed
        assert ticket.status == "todo"
    assert len(catalog.tickets) == 31


def test_read_only_file_is_refused(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("support-tracker")
    tasks = folder / "TASKS.md"
    original = tasks.read_bytes()
    tasks.chmod(stat.S_IRUSR | stat.S_IRGRP)  # write-protected, even for root
    result = tix("-C", folder, "update", "1.1", "done")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert tasks.read_bytes() == original


def test_a_status_field_is_written_as_fields_write_it_not_as_a_checklist_item(
    tix: Tix, corpus_copy: Copy
) -> None:
    """cryptointel writes done as ``**Status:** COMPLETED`` in a field and as a checked
    ``- [x] Merged`` in another file's ``## Status`` list: a field gets the field's word."""
    folder = corpus_copy("cryptointel")
    assert tix("-C", folder, "init").exit_code == 0
    ticket = ".tickets/TICKET-001-github-push.md"
    for _ in range(2):  # from the files, then from the index
        result = tix("-C", folder, "update", ticket, "done", "--force", "--dry-run")
        assert "+**Status:** COMPLETED\n" in result.stdout, result.stdout


def test_a_status_list_with_nothing_ticked_comes_back(tix: Tix, corpus_copy: Copy) -> None:
    """cryptointel's ``## Status`` check-box list: nothing ticked reads as todo, so done and
    then todo again gives back the original bytes."""
    folder = corpus_copy("cryptointel")
    ticket = ".tickets/completed/TICKET-002-implement-advanced-signal-detection.md"
    original = (folder / ticket).read_bytes()
    assert tix("-C", folder, "update", ticket, "done").exit_code == 0
    assert (folder / ticket).read_bytes() != original
    back = tix("-C", folder, "update", ticket, "todo")
    assert back.exit_code == 0, back.stderr
    assert (folder / ticket).read_bytes() == original
