"""Edits in every style, on small workspaces written for each case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Tix
from tix.edit.operations import Editor
from tix.errors import TixError
from tix.workspace import Workspace


def workspace(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
    return root


def editor(root: Path) -> Editor:
    return Editor(Workspace.open(root))


NATIVE = (
    "---\n"
    "# owned by ops\n"
    "id: OPS-1\n"
    "title: 'Rotate keys'   # yearly\n"
    'status: "todo"\n'
    "priority: P2  # was P3\n"
    "labels: [security, ops]\n"
    "depends_on:\n"
    "  - OPS-0\n"
    "reviewer: kim\n"
    "---\n"
    "## Acceptance Criteria\n"
    "- [ ] new key\n"
    "- [x] old key listed\n"
)
OTHER = "---\nid: OPS-0\nstatus: done\n---\n"


def test_front_matter_set_keeps_comments_quotes_and_order(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    result = tix("-C", root, "set", "OPS-1", "priority=P1")
    assert result.exit_code == 0, result.stderr
    assert (root / "OPS-1.md").read_text() == NATIVE.replace("priority: P2  #", "priority: P1  #")


def test_front_matter_status_keeps_its_quotes_and_reason_key(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    editor(root).update_status("OPS-1", "blocked", "vendor is late")
    text = (root / "OPS-1.md").read_text()
    assert 'status: "blocked"\nblocked_reason: vendor is late\npriority: P2' in text
    editor(root).update_status("OPS-1", "todo")
    assert (root / "OPS-1.md").read_text() == NATIVE


def test_front_matter_lists_keep_their_style(tmp_path: Path) -> None:
    root = workspace(
        tmp_path,
        {"OPS-1.md": NATIVE, "OPS-0.md": OTHER, "OPS-2.md": OTHER.replace("OPS-0", "OPS-2")},
    )
    editor(root).set_fields("OPS-1", ["labels+=infra", "depends_on+=OPS-2"])
    text = (root / "OPS-1.md").read_text()
    assert "labels: [security, ops, infra]\n" in text
    assert "depends_on:\n  - OPS-0\n  - OPS-2\nreviewer" in text
    editor(root).set_fields("OPS-1", ["labels-=infra", "depends_on-=OPS-2"])
    assert (root / "OPS-1.md").read_text() == NATIVE


def test_front_matter_new_and_removed_keys(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    editor(root).set_fields("OPS-1", ["sprint=Sprint 3: hardening", "reviewer=", "team=infra"])
    text = (root / "OPS-1.md").read_text()
    assert "reviewer" not in text
    assert 'sprint: "Sprint 3: hardening"\n' in text  # quoted: plain would not read back
    assert "team: infra\n---\n" in text
    ticket = Workspace.open(root).load().find("OPS-1")
    assert ticket.sprint == "Sprint 3: hardening"
    assert ticket.extra == {"team": "infra"}


def test_front_matter_crlf(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE.replace("\n", "\r\n"), "OPS-0.md": OTHER})
    editor(root).update_status("OPS-1", "blocked", "waiting")
    data = (root / "OPS-1.md").read_bytes()
    assert b"blocked_reason: waiting\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_check_and_uncheck(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    assert tix("-C", root, "check", "OPS-1", "new key").exit_code == 0
    assert "- [x] new key\n" in (root / "OPS-1.md").read_text()
    assert tix("-C", root, "uncheck", "OPS-1", "2").exit_code == 0
    assert "- [ ] old key listed\n" in (root / "OPS-1.md").read_text()
    assert "already" in tix("-C", root, "uncheck", "OPS-1", "2").stdout
    bad = tix("-C", root, "check", "OPS-1", "7")
    assert bad.exit_code == 1 and "criteria 1 to 2" in bad.stderr
    ambiguous = tix("-C", root, "check", "OPS-1", "key")
    assert ambiguous.exit_code == 1 and "matches several" in ambiguous.stderr


FIELDS = """# SHOP-7: Checkout page

- **Status**: Open
- **Priority**: High
- **Owner**: @li

## Notes
Prose.
"""


def test_list_item_fields_keep_their_prefix(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"SHOP-7-checkout.md": FIELDS})
    editor(root).update_status("SHOP-7", "blocked", "payment provider")
    text = (root / "SHOP-7-checkout.md").read_text()
    assert (
        "- **Status**: Blocked\n- **Blocked Reason**: payment provider\n- **Priority**: High"
        in text
    )
    editor(root).set_fields("SHOP-7", ["points=5"])
    assert (
        "- **Owner**: @li\n- **Points**: 5\n\n## Notes" in (root / "SHOP-7-checkout.md").read_text()
    )


def test_several_fields_on_one_line(tmp_path: Path) -> None:
    line = "> **Priority:** 🔴 High | **Story Points:** 8 | **Status:** Open\n"
    root = workspace(tmp_path, {"UI-3-theme.md": "# UI-3: Theme\n\n" + line})
    editor(root).update_status("UI-3", "done")
    assert (root / "UI-3-theme.md").read_text().endswith(line.replace("Open", "Done"))
    editor(root).set_fields("UI-3", ["story_points="])
    assert (
        (root / "UI-3-theme.md")
        .read_text()
        .endswith("> **Priority:** 🔴 High | **Status:** Done\n")
    )


def test_checklist_status(tmp_path: Path) -> None:
    text = (
        "# WEB-2: Search\n\n## Status\n- [x] In Progress\n- [ ] Code Complete\n- [ ] Merged\n\n"
        "## Type\nFeature\n"
    )
    root = workspace(tmp_path, {"WEB-2-search.md": text})
    editor(root).update_status("WEB-2", "done")
    assert (
        "- [x] In Progress\n- [ ] Code Complete\n- [x] Merged\n"
        in (root / "WEB-2-search.md").read_text()
    )
    editor(root).update_status("WEB-2", "in-progress")
    assert (root / "WEB-2-search.md").read_text() == text
    with pytest.raises(TixError, match="no item for"):
        editor(root).update_status("WEB-2", "blocked")
    editor(root).set_fields("WEB-2", ["type=Bug"])
    assert "## Type\nBug\n" in (root / "WEB-2-search.md").read_text()


PADDED = """## Backlog
| ID  | Task              | Status      | Owner |
|-----|-------------------|-------------|-------|
| A-1 | Write the parser  | Todo        | ana   |
| A-2 | Test the parser   | In Progress |       |
"""


def test_padded_table_keeps_its_columns(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"board.md": PADDED})
    editor(root).update_status("A-1", "blocked", "spec")
    editor(root).set_fields("A-2", ["owner=li"])
    lines = (root / "board.md").read_text().splitlines()
    assert lines[3] == "| A-1 | Write the parser  | Blocked - spec | ana   |"
    assert lines[4] == "| A-2 | Test the parser   | In Progress | li    |"
    with pytest.raises(TixError, match="no points column"):
        editor(root).set_fields("A-2", ["points=3"])
    editor(root).update_status("A-1", "todo")
    editor(root).set_fields("A-2", ["owner="])
    assert (root / "board.md").read_text() == PADDED


def test_new_row_in_a_table(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"board.md": PADDED})
    result = tix("-C", root, "new", "Ship it", "--in", "board.md", "--field", "owner=bo")
    assert (result.exit_code, result.stdout) == (0, "A-3\n"), result.stderr
    assert (root / "board.md").read_text().splitlines()[
        -1
    ] == "| A-3 | Ship it           | Todo        | bo    |"


def test_new_front_matter_file_follows_its_neighbours(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"tickets/OPS-1.md": NATIVE, "tickets/OPS-0.md": OTHER})
    result = tix(
        "-C",
        root,
        "new",
        "Audit the firewall rules!",
        "--priority",
        "P1",
        "--field",
        "labels=security",
    )
    assert (result.exit_code, result.stdout) == (0, "OPS-2\n"), result.stderr
    created = root / "tickets" / "OPS-2-audit-the-firewall-rules.md"
    assert created.read_text() == (
        "---\nid: OPS-2\ntitle: Audit the firewall rules!\nstatus: todo\npriority: P1\n"
        "labels: [security]\n---\n\n## Acceptance Criteria\n"
    )
    shown = json.loads(tix("-C", root, "show", "OPS-2", "--json").stdout)
    assert (shown["status"], shown["priority"], shown["labels"]) == ("todo", "P1", ["security"])


def test_new_ticket_paths_stay_inside_the_workspace(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path / "ws", {"board.md": PADDED})
    outside = tix("-C", root, "new", "x", "--in", "../elsewhere.md")
    assert outside.exit_code == 2 and "outside the workspace" in outside.stderr
    evil = tix("-C", root, "new", "../../etc/passwd", "--id", "../../X-1")
    assert evil.exit_code != 0 or not (tmp_path / "X-1").exists()
    assert not any(tmp_path.glob("*.md"))


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    result = tix("-C", root, "update", "OPS-1", "done", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/OPS-1.md\n+++ b/OPS-1.md\n")
    assert '-status: "todo"\n+status: "done"\n' in result.stdout
    assert (root / "OPS-1.md").read_text() == NATIVE


def test_refusals(tmp_path: Path, tix: Tix) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER, "b/OPS-0.md": OTHER})
    unknown = tix("-C", root, "update", "OPS-1", "frobbed")
    assert unknown.exit_code == 1
    assert (
        "unknown status 'frobbed' (statuses: todo, in-progress, review, done, blocked)"
        in unknown.stderr
    )
    missing = tix("-C", root, "update", "OPS-9", "done")
    assert missing.exit_code == 1 and "no ticket OPS-9" in missing.stderr
    ambiguous = tix("-C", root, "update", "OPS-0", "todo")
    assert ambiguous.exit_code == 1 and "b/OPS-0.md:1, OPS-0.md:1" in ambiguous.stderr
    reason = tix("-C", root, "update", "OPS-1", "done", "because")
    assert reason.exit_code == 2
    status = tix("-C", root, "set", "OPS-1", "status=done")
    assert status.exit_code == 2 and "tix update" in status.stderr
    points = tix("-C", root, "set", "OPS-1", "points=lots")
    assert points.exit_code == 2
    assert (root / "OPS-1.md").read_text() == NATIVE


def test_an_edit_that_reads_back_wrong_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tix.document import Edit
    from tix.edit import operations

    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})

    def sabotage(doc, context, ticket, changes, neighbours=()):  # type: ignore[no-untyped-def]
        start = doc.text.index("P2")
        return [Edit(start, start + 2, "P9")]  # changes the wrong field

    monkeypatch.setattr(operations, "field_edits", sabotage)
    with pytest.raises(TixError, match="nothing was written"):
        editor(root).update_status("OPS-1", "done")
    assert (root / "OPS-1.md").read_text() == NATIVE


def test_a_file_changed_meanwhile_is_edited_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tix.workspace import files

    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    real = files.replace_if_unchanged
    calls = []

    def meddle(path: Path, expected: bytes, data: bytes) -> None:
        if not calls:  # someone else saves the file just before tix writes it
            path.write_text(NATIVE.replace("reviewer: kim", "reviewer: sam"))
        calls.append(path)
        real(path, expected, data)

    monkeypatch.setattr("tix.edit.operations.replace_if_unchanged", meddle)
    editor(root).update_status("OPS-1", "done")
    text = (root / "OPS-1.md").read_text()
    assert 'status: "done"' in text and "reviewer: sam" in text  # both changes kept
    assert len(calls) == 2


def test_a_write_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"OPS-1.md": NATIVE, "OPS-0.md": OTHER})
    (root / "OPS-1.md").chmod(0o640)
    editor(root).update_status("OPS-1", "done")
    assert (root / "OPS-1.md").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in root.iterdir()) == [
        ".tix",
        "OPS-0.md",
        "OPS-1.md",
    ]  # .tix: the index
