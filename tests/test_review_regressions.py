"""Query, index, validate and graph behaviour that a review once found wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Copy, Tix
from tix.errors import TixError
from tix.workspace import Workspace


def test_dash_words_are_only_rewritten_for_query_commands(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\nuse -webkit:y here\n")
    result = tix("-C", tmp_path, "update", "A-1", "blocked", "--", "-dns: not ready")
    assert result.exit_code == 0, result.stderr
    assert "blocked_reason: '-dns: not ready'" in (tmp_path / "A-1.md").read_text() or (
        'blocked_reason: "-dns: not ready"' in (tmp_path / "A-1.md").read_text()
    )
    assert tix("-C", tmp_path, "grep", "-F", "--", "-webkit:").exit_code == 0
    bad = tix("-C", tmp_path, "rollup", "-status:blocked")
    assert bad.exit_code == 2 and "\u2212" not in bad.stderr


def test_grep_rejects_options_it_does_not_have(tix: Tix) -> None:
    result = tix("-C", EXAMPLES / "demo", "grep", "-n", "kubernetes")
    assert result.exit_code == 2 and "No such option: -n" in result.stderr


def test_validate_a_folder_and_paths_from_a_subfolder(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(EXAMPLES / "demo", folder)
    assert tix("-C", folder, "set", "LH-002", "depends_on+=LH-999").exit_code == 0
    monkeypatch.chdir(folder)
    whole = tix("validate", "tickets")
    assert whole.exit_code == 1 and "tickets/LH-002-user-accounts.md:11:13: TIX301" in whole.stdout
    monkeypatch.chdir(folder / "tickets")
    one = tix("validate", "LH-002-user-accounts.md")
    assert one.stdout.startswith("LH-002-user-accounts.md:11:13: TIX301")


def test_query_details(tix: Tix, tmp_path: Path) -> None:
    demo = EXAMPLES / "demo"
    assert tix("-C", demo, "list", "reviewer:none", "--count").stdout == "14\n"
    assert tix("-C", demo, "list", "points:abc").exit_code == 2
    assert tix("-C", demo, "list", "points:>1e3").exit_code == 2
    assert (
        tix("-C", demo, "list", "has:depends_on", "--count").stdout
        == tix("-C", demo, "list", "has:deps", "--count").stdout
    )
    for template in ("{id.x}", "{id[x]}", "{", "{0}"):
        assert tix("-C", demo, "list", "--format", template).exit_code == 2, template
    (tmp_path / "T.md").write_text(
        "## Phase 1: Build\n| # | Task | Status |\n|---|---|---|\n| 1.1 | a | ⬜ |\n\n"
        "## Phase 10: Launch\n| # | Task | Status |\n|---|---|---|\n| 10.1 | b | ⬜ |\n"
    )
    assert tix("-C", tmp_path, "list", "epic:Phase 1", "--format", "{id}").stdout == "1.1\n"


def test_a_header_that_is_not_json_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    Workspace.open(tmp_path).load()
    (tmp_path / ".tix" / "cache" / "index.bin").write_text("[" * 100_000 + "\n")
    assert [t.id for t in Workspace.open(tmp_path).load(strict=True).tickets] == ["A-1"]


def test_a_failed_reparse_never_leaves_a_stale_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "T-1.md").write_text("# T-1: x\n\n**Status:** 🟣\n")
    assert Workspace.open(tmp_path).load().find("T-1").status == "🟣"
    (tmp_path / "README.md").write_text("## Legend\n- 🟣 Done\n")  # new knowledge: re-parse

    def broken(self: Workspace, relpath: str, absolute: Path | None = None) -> object:
        raise TixError("cannot read: simulated", path=relpath)

    real = Workspace.read_document
    monkeypatch.setattr(
        Workspace,
        "read_document",
        lambda self, relpath, absolute=None: (
            broken(self, relpath) if relpath == "T-1.md" else real(self, relpath, absolute)
        ),
    )
    Workspace.open(tmp_path).load()  # T-1 fails to re-read under the new legend
    monkeypatch.setattr(Workspace, "read_document", real)
    cached = Workspace.open(tmp_path).load().find("T-1").status
    fresh = Workspace.open(tmp_path).load(use_cache=False).find("T-1").status
    assert cached == fresh == "done"


def test_grep_title_of_heading_tickets(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    assert tix("-C", folder, "grep", "--field", "title", "-c", "DANUBE").exit_code == 1
    assert tix("-C", folder, "grep", "--field", "title", "-l", "^Project").stdout == "DANUBE-001\n"


def test_duplicate_ids_are_one_node_in_graphs(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("cryptointel") / ".tickets"
    graph = tix("-C", folder, "graph").stdout
    assert graph.count('t_TICKET_002["') == 1 and "(defined 4 times)" in graph
    assert (
        sum(
            line.count("t_TICKET_002")
            for line in graph.splitlines()
            if line.startswith("    class ")
        )
        == 1
    )
    dot = tix("-C", folder, "graph", "--format", "dot").stdout
    assert dot.count('"TICKET-002" [label=') == 1
    assert json.loads(tix("-C", folder, "list", "--json").stdout)


def test_a_long_cycle_is_written_out_once(tix: Tix, tmp_path: Path) -> None:
    count = 200
    for i in range(count):
        (tmp_path / f"R-{i}.md").write_text(
            f"---\nid: R-{i}\nstatus: todo\ndepends_on: [R-{(i + 1) % count}]\n---\n"
        )
    lines = tix("-C", tmp_path, "validate").stdout.splitlines()
    assert len(lines) == count
    assert sum(len(line) for line in lines) < 200 * count  # not count * count
    assert lines[0].startswith("R-0.md:4:13: TIX303 error: dependency cycle: R-0 -> R-1 -> ")
    assert lines[0].endswith("R-199 -> R-0")
    shown = "R-1.md:4:13: TIX303 error: dependency cycle: R-1 -> R-2 -> ... (the cycle of 200 "
    assert shown + "tickets at R-0)" in lines


def test_milestone_none_and_unnamed_milestones(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / ".tix.yaml").write_text(
        "milestones:\n  - {key: M1, epics: [auth]}\n  - {key: M2, name: Beta, epics: [billing]}\n"
    )
    for ticket_id, epic in (("T-1", "auth"), ("T-2", "billing"), ("T-3", "other")):
        (tmp_path / f"{ticket_id}.md").write_text(f"---\nid: {ticket_id}\nepic: {epic}\n---\n")

    def ids(word: str) -> list[str]:
        return [t["id"] for t in json.loads(tix("-C", tmp_path, "list", word, "--json").stdout)]

    assert ids("milestone:none") == ["T-3"]
    assert ids("milestone:M1") == ["T-1"]
    assert ids("milestone:beta") == ["T-2"]


def test_init_reads_milestone_cells_whole_unless_a_colon_or_spaced_dash_splits_them(
    tix: Tix, tmp_path: Path
) -> None:
    (tmp_path / "README.md").write_text(
        "| Milestone | Epics | Due |\n|---|---|---|\n| 2025-Q1 | Auth | March |\n"
        "| 2025-Q2 | Billing | June |\n|  | Auth | never |\n| M3 - Launch | Billing | July |\n"
    )
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nepic: Auth\n---\n")
    (tmp_path / "B-1.md").write_text("---\nid: B-1\nepic: Billing\n---\n")
    config = tix("-C", tmp_path, "init", "--dry-run").stdout
    assert '  - {key: "2025-Q1", target: "March", epics: ["Auth"]}' in config
    assert '  - {key: "2025-Q2", target: "June", epics: ["Billing"]}' in config
    assert '  - {key: "M3", name: "Launch", target: "July", epics: ["Billing"]}' in config
    assert '"never"' not in config  # a row without a milestone is left out


def test_review_of_small_refusals(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    # --no-cache: tix new neither reads nor writes the index.
    assert tix("-C", tmp_path, "--no-cache", "new", "Second").exit_code == 0
    assert not (tmp_path / ".tix").exists()
    # A field name with a line break is refused plainly, not by the read-back check.
    named = tix("-C", tmp_path, "set", "A-1", "Reviewer\n## A-9: Evil=1")
    assert named.exit_code == 2 and "a field name cannot hold a line break" in named.stderr
    # -C with a PATH that does not exist is a usage error, as without -C.
    missing = tix("-C", tmp_path, "validate", "nosuch.md")
    assert missing.exit_code == 2 and "no such file or folder: nosuch.md" in missing.stderr
    # A link through a file is named for what it is.
    (tmp_path / "d.md").symlink_to(tmp_path / "A-1.md" / "x.md")
    assert (
        "d.md:1:1: link cannot be followed: Not a directory" in tix("-C", tmp_path, "list").stderr
    )
    # A config YAML syntax error is a problem in JSON output too.
    (tmp_path / ".tix.yaml").write_text("milestones: [\n")
    monkeypatch.chdir(tmp_path)
    [problem] = json.loads(tix("validate", "--format", "json").stdout)
    assert (problem["path"], problem["code"]) == (".tix.yaml", "TIX110")
