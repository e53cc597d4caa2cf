"""Every ticket folder of the real-world corpus read as it is (on copies, no config unless said)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Copy, Tix


def listed(tix: Tix, folder: Path) -> dict[str, dict[str, Any]]:
    result = tix("-C", folder, "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    tickets = json.loads(result.stdout)
    by_id = {t["id"]: t for t in tickets}
    assert len(by_id) == len(tickets), "an id is listed twice"
    return by_id


def shown(tix: Tix, folder: Path, ref: str) -> dict[str, Any]:
    result = tix("-C", folder, "show", ref, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_danube_epic_files(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    tickets = listed(tix, folder)
    assert list(tickets) == [f"DANUBE-{n:03d}" for n in range(1, 32)]
    assert {t["status"] for t in tickets.values()} == {"todo"}
    first = tickets["DANUBE-001"]
    assert (first["priority"], first["estimate"], first["depends_on"]) == ("P0", "2h", [])
    assert first["status_text"] == "🔴 Todo"
    assert first["title"] == "Project Setup"
    assert tickets["DANUBE-011"]["depends_on"] == ["DANUBE-010", "DANUBE-008"]
    detail = shown(tix, folder, "DANUBE-001")
    assert (detail["epic"], detail["epic_name"]) == ("Epic 1", "Foundation")
    plain = tix("-C", folder, "show", "DANUBE-001").stdout
    assert "epic:     Epic 1: Foundation" in plain
    assert "status:   🔴 Todo" in plain  # the legend's emoji, from README.md
    # The README's code block shows a field line; it is not a ticket and not a field.
    assert all(t["path"] != "README.md" for t in tickets.values())
    epics = [t["epic"] for t in tickets.values()]
    assert [epics.count(f"Epic {n}") for n in range(1, 9)] == [5, 4, 4, 3, 4, 3, 3, 5]


def test_jira_roadmap(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("jira-roadmap")
    tickets = listed(tix, folder)
    assert list(tickets) == [f"TICKET-{n:03d}" for n in range(1, 24)]
    assert {t["status"] for t in tickets.values()} == {"todo"}
    assert {t["status_text"] for t in tickets.values()} == {None}
    six = shown(tix, folder, "TICKET-006")
    assert six["title"] == "Proof-of-concept centralized log aggregation and per-run log streaming"
    assert (six["sprint"], six["points"], six["epic"]) == ("Sprint 2", 3, "EPIC-02")
    assert six["epic_name"] == "Observability & Testing"
    assert six["depends_on"] == ["TICKET-005"]
    assert "EPIC-02: Observability & Testing" in tix("-C", folder, "show", "TICKET-006").stdout
    assert shown(tix, folder, "TICKET-022")["depends_on_unresolved"] == [
        "All prior relevant tickets"
    ]
    assert "depends on:  'All prior relevant tickets' (names no ticket)\n" in (
        tix("-C", folder, "--color", "never", "show", "TICKET-022").stdout
    )
    assert shown(tix, folder, "TICKET-023")["depends_on"] == [
        "TICKET-020",
        "TICKET-021",
        "TICKET-023",
    ]
    points: dict[str, int] = {}
    for ticket in tickets.values():
        points[ticket["sprint"]] = points.get(ticket["sprint"], 0) + ticket["points"]
    assert points == {
        f"Sprint {n}": p for n, p in zip(range(1, 7), [18, 13, 16, 22, 13, 24], strict=True)
    }
    assert sum("ops" in t["labels"] for t in tickets.values()) == 4


def test_support_tracker_table(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("support-tracker")
    tickets = listed(tix, folder)
    assert len(tickets) == 49
    assert next(iter(tickets)) == "1.1" and list(tickets)[-1] == "9.4"
    assert {t["status"] for t in tickets.values()} == {"todo"}
    assert {t["priority"] for t in tickets.values()} == {"P0", "P1"}
    assert sorted(i for i, t in tickets.items() if t["priority"] == "P1") == ["2.4", "9.2", "9.4"]
    assert tickets["1.1"]["epic"] == "Phase 1: Foundation & Configuration"
    assert tickets["1.1"]["title"].startswith("Create project scaffolding")
    assert (tickets["1.1"]["path"], tickets["1.1"]["line"]) == ("TASKS.md", 6)


def test_nona_kronos_one_ticket_files(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("nona-kronos") / "tickets"
    tickets = listed(tix, folder)
    assert len(tickets) == 10
    assert len(list(folder.glob("TICKET_*.md"))) == 10
    assert {"TICKET_004_DES", "TICKET_004_TSK"} <= set(tickets)
    status = {i: (t["status"], t["status_text"]) for i, t in tickets.items()}
    assert status["TICKET_001_IMP"] == ("todo", "Open")
    assert status["TICKET_002_PLN"] == ("todo", "In Planning")
    assert status["TICKET_003_DES"] == ("todo", "Draft")
    for number in (4, 5, 6, 7):
        assert status[f"TICKET_00{number}_TSK"][0] == "in-progress"
    # The CRLF files read like the others.
    assert status["TICKET_008_DIS"] == ("todo", "Open")
    assert tickets["TICKET_009_INV"]["priority"] == "Medium"
    # The H1's own id is an alias.
    assert shown(tix, folder, "IMPROVEMENT-001")["id"] == "TICKET_001_IMP"


def test_cryptointel_after_init(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("cryptointel") / ".tickets"
    result = tix("-C", folder, "init")
    assert result.exit_code == 0, result.stderr
    config = (folder / ".tix.yaml").read_text("utf-8")
    for excluded in ("ALL_TICKETS.md", "TICKET_SYSTEM_STATUS.md", "templates/"):
        assert f'"{excluded}"' in config
    listing = json.loads(tix("-C", folder, "list", "--json").stdout)
    by_path = {t["path"]: t for t in listing}
    push = by_path["TICKET-001-github-push.md"]
    assert (push["status"], push["status_text"], push["priority"].casefold()) == (
        "todo",
        "Not Started",
        "critical",
    )
    assert by_path["TICKET-016-daily-monitoring.md"]["status"] == "in-progress"
    keys = shown(tix, folder, "active/TICKET-003-acquire-cryptocurrency-api-keys.md")
    assert (keys["status"], keys["blocked_reason"]) == ("blocked", "Awaiting Budget Approval")
    # Every file that reuses an id is listed with its own path; nothing from templates or index
    # documents.
    ticket_files = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.md")
        if p.name.startswith(("TICKET-", "DEPLOY-"))
    }
    assert set(by_path) == ticket_files
    assert [t["id"] for t in listing].count("TICKET-002") == 4
    assert [t["id"] for t in listing].count("TICKET-003") == 3
    assert not any(p.startswith("templates/") for p in by_path)
    # The show command refuses the ambiguous id and names every file.
    ambiguous = tix("-C", folder, "show", "TICKET-002")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr.count("TICKET-002") >= 5


def test_cryptointel_without_config_skips_index_documents_too(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("cryptointel") / ".tickets"
    paths = {t["path"] for t in json.loads(tix("-C", folder, "list", "--json").stdout)}
    assert not paths & {"ALL_TICKETS.md", "TICKET_SYSTEM_STATUS.md", "docs/ASSIGNMENT_PLAN.md"}


def test_init_dry_run_writes_nothing_and_refuses_to_overwrite(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("support-tracker")
    result = tix("-C", folder, "init", "--dry-run")
    assert result.exit_code == 0
    assert "statuses:" in result.stdout and '"⬜"' in result.stdout
    assert not (folder / ".tix.yaml").exists()
    assert tix("-C", folder, "init").exit_code == 0
    again = tix("-C", folder, "init")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert tix("-C", folder, "init", "--force").exit_code == 0
    # The written config is valid and reads the same tickets.
    assert len(listed(tix, folder)) == 49


def test_init_changes_no_ticket_file(tix: Tix, corpus_copy: Copy) -> None:
    from tests.conftest import CORPUS

    folder = corpus_copy("nona-kronos") / "tickets"
    assert tix("-C", folder, "init").exit_code == 0
    original = CORPUS / "nona-kronos" / "tickets"
    written = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(".tix/")
    }
    assert written == {p.relative_to(original).as_posix() for p in original.rglob("*")} | {
        ".tix.yaml"
    }
    for path in original.rglob("*"):
        assert (folder / path.relative_to(original)).read_bytes() == path.read_bytes()
