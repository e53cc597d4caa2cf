"""The dependency graph commands and tix validate, on the corpus and on small workspaces."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, REPO_ROOT, Copy, Tix
from tix.catalog import Catalog, natural_key
from tix.graph import DependencyGraph
from tix.model import DEFAULT_PRIORITIES, DEFAULT_STATUSES, Ticket
from tix.vocabulary import PriorityVocabulary, StatusVocabulary


def ticket(
    ticket_id: str, status: str = "todo", deps: list[str] | None = None, priority: str | None = None
) -> Ticket:
    return Ticket(
        id=ticket_id,
        title=ticket_id,
        status=status,
        depends_on=deps or [],
        priority=priority,
        path=f"{ticket_id}.md",
        dialect="frontmatter",
    )


def graph_of(*tickets: Ticket) -> DependencyGraph:
    return DependencyGraph(
        Catalog(tickets), StatusVocabulary(DEFAULT_STATUSES), PriorityVocabulary(DEFAULT_PRIORITIES)
    )


def test_ready_blocked_and_unblocks() -> None:
    graph = graph_of(
        ticket("A-1", "done"),
        ticket("A-2", deps=["A-1"], priority="P2"),
        ticket("A-3", deps=["A-2"]),
        ticket("A-4", deps=["A-2", "A-3"]),
        ticket("A-5", priority="P0"),
        ticket("A-6", "blocked"),
        ticket("A-7", "in-progress", deps=["A-3"]),
    )
    assert [t.id for t in graph.ready()] == ["A-5", "A-2"]
    assert [(t.id, waiting) for t, waiting in graph.blocked()] == [
        ("A-3", ["A-2"]),
        ("A-4", ["A-2", "A-3"]),
        ("A-6", []),
        ("A-7", ["A-3"]),
    ]
    # A-2 unblocks and A-7 (each counted once); A-5 unblocks nothing.
    assert graph.unblocks(graph.ready()) == {"A-2": 3, "A-5": 0}


def test_cycles_and_self_dependencies() -> None:
    graph = graph_of(
        ticket("B-1", deps=["B-3"]),
        ticket("B-2", deps=["B-1"]),
        ticket("B-3", deps=["B-2"]),
        ticket("B-4", deps=["B-4"]),
        ticket("B-5", deps=["B-1"]),
    )
    assert sorted(graph.cycles()) == [["B-1", "B-3", "B-2", "B-1"], ["B-4", "B-4"]]
    tree = graph.tree("B-5")
    assert [c.ticket_id for c in tree.children] == ["B-1"]
    inner = tree.children[0].children[0].children[0]
    assert (inner.ticket_id, [c.cycle for c in inner.children]) == ("B-2", [True])


def test_long_chains_are_linear() -> None:
    chain = [ticket(f"C-{i}", deps=[f"C-{i + 1}"] if i < 20_000 else []) for i in range(20_001)]
    graph = graph_of(*chain)
    assert graph.cycles() == []
    assert len(list(_walk(graph.tree("C-0")))) == 20_001
    assert graph.unblocks(graph.ready()) == {"C-20000": 20_000}


GRAPH_IDS = [f"G-{n}" for n in range(9)]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(GRAPH_IDS[:7]),  # G-7 and G-8 are only ever depended on
            st.sampled_from(["todo", "in-progress", "done", "blocked"]),
            st.lists(st.sampled_from(GRAPH_IDS), max_size=4),
        ),
        max_size=12,
    )
)
def test_components_cycles_and_unblocks_agree_with_reachability(
    drawn: list[tuple[str, str, list[str]]],
) -> None:
    graph = graph_of(*(ticket(i, status, deps) for i, status, deps in drawn))
    edges: dict[str, set[str]] = {node: set() for node in graph._nodes()}
    for ticket_id, _, deps in drawn:
        edges[ticket_id].update(deps)

    def reach(start: str, forward: bool) -> set[str]:
        """The ids ``start`` depends on, directly or not (``forward``), or those depending on
        it; ``start`` itself only when it is on a cycle."""
        seen: set[str] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            following = edges[node] if forward else {o for o in edges if node in edges[o]}
            for other in following - seen:
                seen.add(other)
                todo.append(other)
        return seen

    components = graph._components()
    position = {node: i for i, component in enumerate(components) for node in component}
    assert sorted(position) == sorted(edges) and len(position) == sum(map(len, components))
    for node in edges:
        together = {n for n in reach(node, True) if node in reach(n, True)} | {node}
        assert set(components[position[node]]) == together
        for dependency in edges[node]:  # dependencies first
            assert position[dependency] <= position[node]
    for component in components:
        assert component == sorted(component, key=natural_key)

    cycles = graph.cycles()
    on_cycles = {node for node in edges if node in reach(node, True)}
    assert {c[0] for c in cycles} == {
        min(components[position[n]], key=natural_key) for n in on_cycles
    }
    for cycle in cycles:
        assert all(b in edges[a] for a, b in pairwise(cycle))

    open_ids = {t.id for t in graph.catalog.tickets if graph.is_open(t)}
    ready = graph.ready()
    assert graph.unblocks(ready) == {
        t.id: len((reach(t.id, False) - {t.id}) & open_ids) for t in ready
    }


def _walk(node):  # type: ignore[no-untyped-def]
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def test_jira_validate(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("jira-roadmap")
    result = tix("-C", folder, "validate")
    assert result.exit_code == 1
    lines = (folder / "ROADMAP.md").read_text("utf-8").splitlines()
    ticket_23 = lines.index("#### TICKET-023")
    dependencies = (
        next(i for i in range(ticket_23, len(lines)) if lines[i].startswith("**Dependencies:**"))
        + 1
    )
    assert (
        f"ROADMAP.md:{dependencies}:19: TIX302 error: TICKET-023 depends on itself" in result.stdout
    )
    assert "TIX304 warning: TICKET-022 depends on 'All prior relevant tickets'" in result.stdout
    assert result.stderr == "tix validate: 1 error, 1 warning (23 tickets)\n"


def test_danube_validate_dangling_and_cycle(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    clean = tix("-C", folder, "validate")
    assert clean.exit_code == 0
    assert (
        "epic-08-operations.md:5:21: TIX501 warning: epic Epic 8 states 22 hours in total, "
        in clean.stdout
    )
    assert "add up to 28 hours" in clean.stdout
    assert tix("-C", folder, "validate", "--strict").exit_code == 1

    assert tix("-C", folder, "set", "DANUBE-002", "depends_on+=DANUBE-999").exit_code == 0
    dangling = tix("-C", folder, "validate")
    assert dangling.exit_code == 1
    lines = (folder / "epic-01-foundation.md").read_text("utf-8").splitlines()
    heading = lines.index("## DANUBE-002: Logging & Configuration")
    field = (
        next(i for i in range(heading, len(lines)) if lines[i].startswith("**Dependencies:**")) + 1
    )
    assert (
        f"epic-01-foundation.md:{field}:19: TIX301 error: DANUBE-002 depends on DANUBE-999"
        in dangling.stdout
    )

    assert tix("-C", folder, "set", "DANUBE-002", "depends_on-=DANUBE-999").exit_code == 0
    assert tix("-C", folder, "set", "DANUBE-001", "depends_on+=DANUBE-003").exit_code == 0
    cycle = tix("-C", folder, "validate")
    assert cycle.exit_code == 1
    assert (
        "TIX303 error: dependency cycle: DANUBE-001 -> DANUBE-003 -> DANUBE-002 -> DANUBE-001"
        in cycle.stdout
    )


def test_cryptointel_duplicates_name_every_file(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("cryptointel") / ".tickets"
    assert tix("-C", folder, "init").exit_code == 0
    result = tix("-C", folder, "validate", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    duplicates = [p for p in problems if p["code"] == "TIX210"]
    for ticket_id, count in (("TICKET-002", 4), ("TICKET-003", 3)):
        places = [p for p in duplicates if f"id {ticket_id} " in p["message"]]
        assert len(places) == count
        files = {p["path"] for p in places}
        assert all(all(f in p["message"] for f in files - {p["path"]}) for p in places)
    assert {p["severity"] for p in duplicates} == {"error"}
    assert set(problems[0]) == {"path", "line", "col", "code", "severity", "message"}


def test_danube_ready_before_and_after(tix: Tix, corpus_copy: Copy) -> None:
    folder = corpus_copy("danube") / "docs" / "tickets"
    ready = json.loads(tix("-C", folder, "ready", "--json").stdout)
    assert [t["id"] for t in ready] == ["DANUBE-001"]
    assert ready[0]["waiting_on"] == []
    everything = json.loads(tix("-C", folder, "list", "--json").stdout)
    only_on_001 = sorted(t["id"] for t in everything if t["depends_on"] == ["DANUBE-001"])
    assert tix("-C", folder, "update", "DANUBE-001", "done").exit_code == 0
    after = [t["id"] for t in json.loads(tix("-C", folder, "ready", "--json").stdout)]
    assert sorted(after) == only_on_001 and after


def test_blocked_deps_next_json(tix: Tix) -> None:
    demo = EXAMPLES / "demo"
    blocked = {t["id"]: t for t in json.loads(tix("-C", demo, "blocked", "--json").stdout)}
    assert blocked["LH-010"]["status"] == "blocked"
    assert blocked["LH-012"]["waiting_on"] == ["LH-009", "LH-011"]
    deps = json.loads(tix("-C", demo, "deps", "LH-012", "--json").stdout)
    assert [(t["id"], t["depth"]) for t in deps][:3] == [
        ("LH-012", 0),
        ("LH-009", 1),
        ("LH-004", 2),
    ]
    assert "waiting_on" in deps[0] and "criteria_total" in deps[0]
    reverse = tix("-C", demo, "deps", "LH-001", "--reverse").stdout
    assert reverse.startswith("LH-001  ✅ Done  Project skeleton and CI\n├── LH-002")
    ranked = json.loads(tix("-C", demo, "next", "--json").stdout)
    assert [(t["id"], t["unblocks"]) for t in ranked] == [("LH-008", 1)]


def test_mermaid_graph_structure(tix: Tix) -> None:
    result = tix("-C", EXAMPLES / "demo", "graph")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    nodes = {m.group(1) for line in lines if (m := re.match(r'^    (t_\w+)\["[^"]*"\]$', line))}
    edges = [re.match(r"^    (t_\w+) --> (t_\w+)$", line) for line in lines if "-->" in line]
    assert len(nodes) == 15
    listed = json.loads(tix("-C", EXAMPLES / "demo", "list", "--json").stdout)
    assert all(edge is not None for edge in edges)
    assert len(edges) == sum(len(t["depends_on"]) for t in listed)
    assert all(e.group(1) in nodes and e.group(2) in nodes for e in edges if e)
    assert "    t_LH_001 --> t_LH_002" in lines
    classes = [line for line in lines if line.startswith("    class ")]
    assert sum(len(line.split()[1].split(",")) for line in classes) == 15
    for line in lines[1:]:
        assert line.startswith("    "), line
    dot = tix("-C", EXAMPLES / "demo", "graph", "--format", "dot").stdout
    assert dot.startswith("digraph tickets {") and '"LH-001" -> "LH-002";' in dot


def test_validate_paths_and_github_format(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tickets = tmp_path / "docs" / "tickets"
    tickets.mkdir(parents=True)
    (tickets / ".tix.yaml").write_text("tickets: ['*.md']\n")
    (tickets / "T-1.md").write_text("---\nid: T-1\nstatus: todo\ndepends_on: [T-2]\n---\n")
    (tickets / "T-2.md").write_text("---\nid: T-2\nstatus: later\n---\n")
    monkeypatch.chdir(tmp_path)
    one = tix("validate", "docs/tickets/T-1.md")
    assert one.exit_code == 0 and one.stdout == ""  # T-2 exists in the workspace: fine
    two = tix("validate", "docs/tickets/T-2.md")
    assert two.exit_code == 1
    assert two.stdout.startswith("docs/tickets/T-2.md:3:9: TIX401 error: T-2 has status 'later'")
    github = tix("validate", "--format", "github", "docs/tickets/T-2.md")
    assert github.stdout.startswith(
        "::error file=docs/tickets/T-2.md,line=3,col=9,title=TIX401::T-2 has status"
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """The hook from .pre-commit-hooks.yaml fails on a dangling dependency, passes when fixed."""
    pre_commit = [sys.executable, "-m", "pre_commit"]
    if subprocess.run([*pre_commit, "--version"], capture_output=True, check=False).returncode:
        pytest.fail("pre-commit is part of the test extras; install them")
    # The hook repository: this working tree as it is (committed or not), as a git repository.
    hooks = tmp_path / "tix"
    for name in ("src", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, hooks / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, hooks / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(hooks)], check=True)
    subprocess.run(["git", "-C", str(hooks), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(hooks), "commit", "-q", "-m", "hooks"], check=True)
    repo = tmp_path / "repo"
    (repo / "tickets").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    ticket_file = repo / "tickets" / "T-1.md"
    (repo / "tickets" / "T-2.md").write_text("---\nid: T-2\nstatus: todo\n---\n")
    ticket_file.write_text("---\nid: T-1\nstatus: todo\ndepends_on: [T-9]\n---\n")
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
        return subprocess.run(
            [*pre_commit, "try-repo", str(hooks), "tix-validate", "--files", "tickets/T-1.md"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
            env={**env, **_pip_env()},
        )

    failing = try_repo()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "TIX301 error: T-1 depends on T-9, which does not exist" in failing.stdout
    ticket_file.write_text("---\nid: T-1\nstatus: todo\ndepends_on: [T-2]\n---\n")
    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr


def _pip_env() -> dict[str, str]:
    import os

    return {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("PIP_", "UV_"))
        or k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
    }


def test_a_cycle_is_reported_at_each_of_its_tickets(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that closes a cycle from its last file must fail the hook on that file."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "A-1.md").write_text("---\nid: A-1\nstatus: todo\ndepends_on: [A-2]\n---\n")
    (root / "A-2.md").write_text("---\nid: A-2\nstatus: todo\ndepends_on: [A-1, A-3]\n---\n")
    (root / "A-3.md").write_text("---\nid: A-3\nstatus: todo\ndepends_on: [A-2]\n---\n")
    everything = tix("-C", root, "validate")
    assert everything.exit_code == 1
    assert everything.stdout.splitlines() == [
        "A-1.md:4:13: TIX303 error: dependency cycle: A-1 -> A-2 -> A-1",
        "A-2.md:4:13: TIX303 error: dependency cycle: A-2 -> A-1 -> A-2",
        # A-3 is on another cycle of the same group: it is named with the one shown.
        "A-3.md:4:13: TIX303 error: dependency cycle: A-3 depends on itself through a cycle "
        "of its dependencies: A-1 -> A-2 -> A-1",
    ]
    monkeypatch.chdir(root)
    last = tix("validate", "A-3.md")
    assert last.exit_code == 1 and last.stdout.startswith("A-3.md:4:13: TIX303")


def test_validate_paths_without_config_judge_the_current_folder(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tickets" / "sub").mkdir(parents=True)
    (tmp_path / "tickets" / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    (tmp_path / "tickets" / "sub" / "C-3.md").write_text(
        "---\nid: C-3\nstatus: todo\ndepends_on: [A-1]\n---\n"
    )
    (tmp_path / "A-1-again.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    monkeypatch.chdir(tmp_path)
    nested = tix("validate", "tickets/sub/C-3.md")
    assert nested.exit_code == 0 and nested.stdout == ""  # A-1 exists in the workspace
    assert "(3 tickets)" in nested.stderr
    duplicate = tix("validate", "tickets/A-1.md")
    assert duplicate.exit_code == 1
    assert "tickets/A-1.md:2:5: TIX210 error: id A-1 is also defined at A-1-again.md" in (
        duplicate.stdout
    )
    missing = tix("validate", "tickets/nope.md")
    assert missing.exit_code == 2
    assert missing.stderr == "tix: error: no such file or folder: tickets/nope.md\n"


def test_a_broken_config_is_a_problem_in_json_and_github_output(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tix.yaml").write_text("colour: red\n")
    monkeypatch.chdir(tmp_path)
    as_json = tix("validate", "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == [
        {
            "path": ".tix.yaml",
            "line": 1,
            "col": 1,
            "code": "TIX110",
            "severity": "error",
            "message": "invalid config: unknown setting 'colour'",
        }
    ]
    github = tix("validate", "--format", "github")
    assert github.stdout.startswith("::error file=.tix.yaml,line=1,col=1,title=TIX110::")
    text = tix("validate")
    assert text.exit_code == 1 and text.stderr.startswith("tix: error: .tix.yaml:1:1: invalid")


def test_free_text_in_a_yaml_dependency_list_names_no_ticket(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "A-1.md").write_text(
        "---\nid: A-1\nstatus: todo\ndepends_on: [the login work, A-2 (after review), A-2]\n---\n"
    )
    (tmp_path / "A-2.md").write_text("---\nid: A-2\nstatus: done\n---\n")
    shown = json.loads(tix("-C", tmp_path, "show", "A-1", "--json").stdout)
    assert shown["depends_on"] == ["A-2"]
    assert shown["depends_on_unresolved"] == ["the login work"]
    result = tix("-C", tmp_path, "validate")
    assert result.exit_code == 0
    assert "TIX304 warning: A-1 depends on 'the login work', which names no ticket" in (
        result.stdout
    )
    # An edit of such a list is checked against the same reading, and goes through.
    assert tix("-C", tmp_path, "set", "A-1", "depends_on-=the login work").exit_code == 0
    assert (tmp_path / "A-1.md").read_text().splitlines()[
        3
    ] == "depends_on: [A-2 (after review), A-2]"


def test_deps_of_a_path_starts_from_that_files_ticket(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tix.yaml").write_text("tickets: ['**/*.md']\n")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "T-1.md").write_text("---\nid: T-1\nstatus: done\ntitle: Old\n---\n")
    (tmp_path / "T-1.md").write_text(
        "---\nid: T-1\nstatus: todo\ntitle: New\ndepends_on: [T-2]\n---\n"
    )
    (tmp_path / "T-2.md").write_text("---\nid: T-2\nstatus: todo\n---\n")
    both = tix("-C", tmp_path, "deps", "T-1")
    assert both.exit_code == 1 and "defined 2 times" in both.stderr
    monkeypatch.chdir(tmp_path / "old")  # a path from the current folder, not the root
    old = tix("deps", "T-1.md", "--json")
    assert [(t["id"], t["path"]) for t in json.loads(old.stdout)] == [("T-1", "old/T-1.md")]
    new = tix("deps", "../T-1.md", "--json")
    assert [t["id"] for t in json.loads(new.stdout)] == ["T-1", "T-2"]
    assert tix("show", "T-1.md:1").stdout.startswith("T-1  Old")


def test_mermaid_names_ids_apart_and_marks_missing_dependencies(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: T-3\nstatus: todo\ndepends_on: [T_3, X-9]\n---\n")
    (tmp_path / "b.md").write_text("---\nid: T_3\nstatus: blocked\n---\n")
    lines = tix("-C", tmp_path, "graph").stdout.splitlines()
    assert '    t_T_3["T-3: a"]' in lines and '    t_T_3_2["T_3: b"]' in lines
    assert "    t_T_3_2 --> t_T_3" in lines and "    t_T_3 --> t_T_3" not in lines
    assert '    t_X_9["X-9 (not found)"]' in lines
    shown = tix("-C", tmp_path, "graph", "id:T-3").stdout.splitlines()
    assert '    t_T_3_2["T_3 (not shown)"]' in shown
    dot = tix("-C", tmp_path, "graph", "--format", "dot").stdout
    assert '"X-9" [label="X-9 (not found)", style=dashed];' in dot


def test_deps_json_gives_a_missing_id_the_same_keys(tix: Tix, tmp_path: Path) -> None:
    from tix.model import SUMMARY_KEYS

    (tmp_path / "A-1.md").write_text("---\nid: A-1\nstatus: todo\ndepends_on: [A-9]\n---\n")
    objects = json.loads(tix("-C", tmp_path, "deps", "A-1", "--json").stdout)
    assert [(o["id"], o["found"], o["depth"]) for o in objects] == [
        ("A-1", True, 0),
        ("A-9", False, 1),
    ]
    for found in objects:
        assert tuple(found)[: len(SUMMARY_KEYS)] == SUMMARY_KEYS
        assert set(found) == {*SUMMARY_KEYS, "waiting_on", "depth", "cycle", "found"}
    assert objects[1]["title"] is None and objects[1]["depends_on"] == []


def test_validate_names_other_places_from_where_it_runs(
    tix: Tix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tix.yaml").write_text("tickets: ['**/*.md']\n")
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "A-1.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    (tmp_path / "A-1-again.md").write_text("---\nid: A-1\nstatus: todo\n---\n")
    monkeypatch.chdir(tmp_path / "tickets")
    result = tix("validate", "A-1.md")
    assert (
        result.stdout == "A-1.md:2:5: TIX210 error: id A-1 is also defined at ../A-1-again.md:2\n"
    )
