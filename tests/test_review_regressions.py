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
