"""tix convert --to frontmatter: every corpus style moved to native files, same tickets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Copy, Tix

PLACE = ("path", "line", "dialect")


def listing(tix: Tix, folder: Path) -> list[dict[str, Any]]:
    result = tix("-C", folder, "list", "--json")
    assert result.exit_code == 0, result.stderr
    tickets = json.loads(result.stdout)
    return sorted(
        ({k: v for k, v in t.items() if k not in PLACE} for t in tickets),
        key=lambda t: json.dumps(t, sort_keys=True),
    )


def problems(tix: Tix, folder: Path) -> list[str]:
    """``validate`` findings without their place, nor the lines of the places they name
    (files move; an id moves from a heading to the front-matter)."""
    out = tix("-C", folder, "validate", "--format", "json").stdout
    return sorted(
        re.sub(r"(\.md):\d+", r"\1", f"{p['code']} {p['message']}") for p in json.loads(out)
    )


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("danube", 31),
        ("jira-roadmap", 23),
        ("nona-kronos", 10),
        ("cryptointel", 15),
        ("support-tracker", 49),
        ("mojibake", 49),
    ],
)
def test_convert_keeps_every_ticket_and_field(
    tix: Tix, corpus_copy: Copy, name: str, count: int
) -> None:
    folder = corpus_copy(name)
    before = listing(tix, folder)
    found_before = problems(tix, folder)
    result = tix("-C", folder, "convert", "--to", "frontmatter")
    assert result.exit_code == 0, result.stderr
    assert f"converted {count} tickets" in result.stdout
    after = listing(tix, folder)
    assert len(after) == count
    assert after == before
    data = json.loads(tix("-C", folder, "list", "--json").stdout)
    assert {t["dialect"] for t in data} == {"frontmatter"}
    # nothing new to report; an epic's estimate total may go with its tickets (TIX501)
    assert set(problems(tix, folder)) <= set(found_before)
    again = tix("-C", folder, "convert", "--to", "frontmatter")
    assert "already in front-matter" in again.stdout


def test_danube_files_after_convert(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube")
    epic = folder / "docs/tickets/epic-01-foundation.md"
    tail = epic.read_bytes().split(b"## Updates")[1]
    assert tix("-C", folder, "convert", "--to", "frontmatter").exit_code == 0
    new = (folder / "docs/tickets/DANUBE-002-logging-configuration.md").read_text("utf-8")
    assert new.startswith(
        "---\nid: DANUBE-002\ntitle: Logging & Configuration\nstatus: 🔴 Todo\npriority: P0\n"
        "epic: Epic 1\nepic_title: Foundation\ndepends_on: [DANUBE-001]\nestimate: 4h\n---\n"
        "\n# DANUBE-002: Logging & Configuration\n\n### Description\n"
    )
    assert "**Status:**" not in new
    assert "- [ ] Structured logging configured (JSON format)" in new
    # the epic file keeps what is not a ticket, byte for byte
    remainder = epic.read_bytes()
    assert remainder.startswith(b"# Epic 1: Foundation\n")
    assert remainder.endswith(tail)
    assert b"DANUBE-001" not in remainder
    shown = tix("-C", folder, "show", "DANUBE-002", "--json")
    assert json.loads(shown.stdout)["epic_name"] == "Foundation"


def test_one_ticket_files_are_rewritten_in_place(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("nona-kronos")
    files = sorted(p.name for p in folder.rglob("*.md"))
    assert tix("-C", folder, "convert", "--to", "frontmatter").exit_code == 0
    assert sorted(p.name for p in folder.rglob("*.md")) == files
    path = next(folder.rglob("TICKET_001_IMP*.md"))
    text = path.read_text("utf-8")
    assert text.startswith("---\nid: TICKET_001_IMP\n")
    assert "aliases: [IMPROVEMENT-001]\n" in text
    assert "\n# IMPROVEMENT-001: FastAPI Microservice Production Readiness\n\n## Summary" in text
    shown = tix("-C", folder, "show", "IMPROVEMENT-001")
    assert shown.exit_code == 0 and "TICKET_001_IMP" in shown.stdout


def test_crlf_and_labels_survive(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "epic.md").write_bytes(
        b"# Epic: Tools\r\n\r\nWhy these tools.\r\n\r\n"
        b"## T-1: First\r\n\r\n**Status:** Done\r\n**Labels:** cli, docs\r\n\r\nBody one.\r\n\r\n"
        b"## T-2: Second\r\n\r\n**Status:** Todo\r\n**Depends on:** T-1\r\n"
    )
    before = listing(tix, tmp_path)
    assert tix("-C", tmp_path, "convert", "--to", "frontmatter").exit_code == 0
    assert listing(tix, tmp_path) == before
    assert (tmp_path / "epic.md").read_bytes() == b"# Epic: Tools\r\n\r\nWhy these tools.\r\n\r\n"
    first = (tmp_path / "T-1-first.md").read_bytes()
    assert b"labels: [cli, docs]\r\n" in first and b"\r\n\r\nBody one.\r\n" in first
    assert b"\n" not in first.replace(b"\r\n", b"")


def user_files(folder: Path) -> dict[Path, bytes]:
    """Every file in FOLDER with its bytes, except tix's own index under ``.tix/``."""
    return {
        p: p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).parts[0] != ".tix"
    }


def test_dry_run_writes_nothing(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("jira-roadmap")
    snapshot = user_files(folder)
    result = tix("-C", folder, "convert", "--to", "frontmatter", "--dry-run", "--json")
    assert result.exit_code == 0
    changes = json.loads(result.stdout)["changes"]
    assert sum(c["action"] == "create" for c in changes) == 23
    assert user_files(folder) == snapshot


def test_an_empty_epic_file_is_removed(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "work.md").write_text("# Work\n\n## W-1: One\n\n**Status:** Todo\n")
    result = tix("-C", tmp_path, "convert", "--to", "frontmatter")
    assert "removed work.md" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".md") == ["W-1-one.md"]


def test_a_files_own_front_matter_joins_the_tickets(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "OPS-7-rotate.md").write_text(
        "---\nmilestone: M1\nowner_team: platform\nnotes: |\n  two\n  lines\n---\n"
        "# OPS-7: Rotate keys\n\n**Status:** In Progress\n**Priority:** P1\n\nBody text.\n"
    )
    before = listing(tix, tmp_path)
    result = tix("-C", tmp_path, "convert", "--to", "frontmatter")
    assert "converted 1 ticket;" in result.stdout
    assert listing(tix, tmp_path) == before
    assert (tmp_path / "OPS-7-rotate.md").read_text() == (
        "---\nid: OPS-7\ntitle: Rotate keys\nstatus: In Progress\npriority: P1\nmilestone: M1\n"
        "owner_team: platform\nnotes: |\n  two\n  lines\n---\n# OPS-7: Rotate keys\n\nBody text.\n"
    )


def test_a_ticket_that_would_read_differently_stops_everything(
    tix: Tix, corpus_copy: Copy, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tix.convert as convert

    folder = corpus_copy("danube")
    snapshot = {p: p.read_bytes() for p in folder.rglob("*.md")}
    real = convert._front_matter
    monkeypatch.setattr(
        convert, "_front_matter", lambda t, nl, frame="": real(t, nl, frame).replace("P0", "P2")
    )
    result = tix("-C", folder, "convert", "--to", "frontmatter")
    assert result.exit_code == 1
    assert "would read differently" in result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*.md")} == snapshot


def test_text_that_only_looks_like_a_heading_keeps_the_file(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "work.md").write_text(
        "# Work\n\n#ops owns these\n\n## W-1: One\n\n**Status:** Todo\n"
    )
    result = tix("-C", tmp_path, "convert", "--to", "frontmatter")
    assert "rewrote work.md" in result.stdout
    assert (tmp_path / "work.md").read_text() == "# Work\n\n#ops owns these\n\n"


def test_ids_read_from_files_never_leave_the_workspace(tix: Tix, tmp_path: Path) -> None:
    root = tmp_path / "ws" / "t"
    root.mkdir(parents=True)
    outside = tmp_path / "absout"
    (root / "table.md").write_text(
        "| ID | Task | Status |\n|---|---|---|\n| ../../../T-1 | esc | todo |\n"
        f"| {outside}/T-2 | esc2 | todo |\n"
    )
    result = tix("-C", root, "convert", "--to", "frontmatter")
    assert result.exit_code == 0, result.stderr
    assert not outside.exists() and not list(tmp_path.glob("T-1*"))
    created = sorted(p.name for p in root.glob("*.md"))
    assert created == [
        "T-1-esc.md",
        "table.md",
        f"{str(outside)[1:].replace('/', '-')}-T-2-esc2.md",
    ]
    ids = {t["id"] for t in json.loads(tix("-C", root, "list", "--json").stdout)}
    assert ids == {"../../../T-1", f"{outside}/T-2"}  # the ids as written, the files inside


def test_read_only_files_are_not_converted(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "epic.md").write_text("# Epic\n\n## E-1: One\n\n**Status:** todo\n")
    (tmp_path / "table.md").write_text(
        "| ID | Task | Status |\n|---|---|---|\n| T-1 | a | todo |\n"
    )
    (tmp_path / "table.md").chmod(0o444)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.md")}
    result = tix("-C", tmp_path, "convert", "--to", "frontmatter")
    assert result.exit_code == 1
    assert "read-only, so nothing was converted: table.md" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.md")} == before
