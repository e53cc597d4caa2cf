"""Finding a workspace, reading its config, discovering and loading its tickets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CORPUS, Copy
from tix.errors import Code, TixError
from tix.workspace import Workspace
from tix.workspace.discovery import compile_glob, discover

TICKET = "---\nid: {id}\nstatus: todo\n---\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path


def test_root_is_found_upwards_from_a_subfolder(tmp_path: Path) -> None:
    write(tmp_path / ".tix.yaml", "tickets: ['work/**/*.md']\n")
    write(tmp_path / "work" / "deep" / "A-1.md", TICKET.format(id="A-1"))
    write(tmp_path / "other" / "B-1.md", TICKET.format(id="B-1"))
    workspace = Workspace.open(tmp_path / "work" / "deep")
    assert workspace.root == tmp_path.resolve()
    assert workspace.config_path == (tmp_path / ".tix.yaml").resolve()
    assert [t.id for t in workspace.load().tickets] == ["A-1"]


def test_pyproject_tool_tix_table(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.tix]\nexclude = ["skip/**"]\n'
    )
    write(tmp_path / "A-1.md", TICKET.format(id="A-1"))
    write(tmp_path / "skip" / "A-2.md", TICKET.format(id="A-2"))
    workspace = Workspace.open(tmp_path)
    assert workspace.config.exclude == ["skip/**"]
    assert [t.id for t in workspace.load().tickets] == ["A-1"]


def test_pyproject_without_tix_table_is_not_a_workspace_marker(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    assert Workspace.open(inner).root == inner.resolve()


def test_without_config_the_start_folder_is_the_workspace(tmp_path: Path) -> None:
    write(tmp_path / "A-1.md", TICKET.format(id="A-1"))
    workspace = Workspace.open(tmp_path)
    assert workspace.config_path is None
    assert [t.id for t in workspace.load().tickets] == ["A-1"]


def test_folders_no_one_keeps_tickets_in_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "tickets" / "A-1.md", TICKET.format(id="A-1"))
    for folder in (".git", "node_modules/pkg", ".venv", "venv", "__pycache__", ".tix/cache"):
        write(tmp_path / folder / "X-1.md", TICKET.format(id="X-1"))
    write(tmp_path / "myenv" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "myenv" / "X-2.md", TICKET.format(id="X-2"))
    write(tmp_path / ".tickets" / "H-1.md", TICKET.format(id="H-1"))  # hidden but real
    ids = [t.id for t in Workspace.open(tmp_path).load().tickets]
    assert ids == ["A-1", "H-1"]


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("**/*.md", "a.md", True),
        ("**/*.md", "x/y/a.md", True),
        ("tickets/*.md", "tickets/a.md", True),
        ("tickets/*.md", "tickets/sub/a.md", False),
        ("tickets/**", "tickets/sub/a.md", True),
        ("README.md", "docs/README.md", True),
        ("templates/", "templates/feature.md", True),
        ("./ALL_*.md", "ALL_TICKETS.md", True),
        ("T-[0-9].md", "T-3.md", True),
        ("T-[!0-9].md", "T-3.md", False),
        ("a?.md", "ab.md", True),
        ("a?.md", "a/.md", False),
    ],
)
def test_globs(pattern: str, path: str, expected: bool) -> None:
    assert bool(compile_glob(pattern).match(path)) is expected


def test_discovery_sorted_and_excluding(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", "notes.txt", "sub/c.md", "sub/README.md"):
        write(tmp_path / name, "x")
    found = discover(tmp_path, ["**/*.md"], ["README.md"])
    assert list(found.files) == ["a.md", "b.md", "sub/c.md"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_link_outside_the_workspace_is_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "X-1.md", TICKET.format(id="X-1"))
    root = tmp_path / "ws"
    write(root / "A-1.md", TICKET.format(id="A-1"))
    (root / "link.md").symlink_to(outside)
    (root / "loop").symlink_to(root, target_is_directory=True)
    catalog = Workspace.open(root).load()
    assert [t.id for t in catalog.tickets] == ["A-1"]
    assert [(p.path, p.severity) for p in catalog.problems] == [("link.md", "warning")]


def test_broken_file_is_a_problem_and_the_rest_still_loads(tmp_path: Path) -> None:
    write(tmp_path / "A-1.md", TICKET.format(id="A-1"))
    write(tmp_path / "A-2.md", "---\nid: A-2\nstatus: [oops\n---\n")
    (tmp_path / "A-3.md").write_bytes(b"---\nid: A-3\ntitle: \xff\n---\n")
    catalog = Workspace.open(tmp_path).load()
    assert [t.id for t in catalog.tickets] == ["A-1"]
    assert [(p.path, p.line, p.code) for p in catalog.problems] == [
        ("A-2.md", 4, Code.FRONT_MATTER_SYNTAX),
        ("A-3.md", 3, Code.ENCODING),
    ]


def test_config_shorthands_are_written_out(tmp_path: Path) -> None:
    write(
        tmp_path / ".tix.yaml",
        "tickets: 'work/*.md'\nstatuses: [backlog, {key: doing, category: active}, done]\n"
        "priorities: [1, {key: 2, label: Later}]\n",
    )
    config = Workspace.open(tmp_path).config
    assert config.tickets == ["work/*.md"]
    assert [(s.key, s.label, s.category.value) for s in config.statuses] == [
        ("backlog", "Backlog", "todo"),
        ("doing", "Doing", "active"),
        ("done", "Done", "done"),
    ]
    assert [(p.key, p.label) for p in config.priorities] == [("1", ""), ("2", "Later")]
    assert config.default_status == "backlog"
    assert config.declared == {"tickets", "statuses", "priorities"}


def test_file_over_the_size_limit_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / ".tix.yaml", "max_file_bytes: 100\n")
    write(tmp_path / "A-1.md", TICKET.format(id="A-1") + "x" * 200)
    catalog = Workspace.open(tmp_path).load()
    assert catalog.tickets == []
    assert catalog.problems[0].code is Code.FILE_TOO_LARGE


@pytest.mark.parametrize(
    ("config", "message", "line"),
    [
        ("tickets: ['*.md']\nstatusses: []\n", "unknown setting 'statusses'", 2),
        ("id_pattern: '('\n", "id_pattern", 1),
        ("statuses:\n  - key: a\n    category: nope\n", "statuses.0.category", 1),
        ("tickets: []\ndefault_status: shipped\n", "default_status", 2),
        ("statuses: [todo, todo]\n", "listed twice", 1),
        ("fields:\n  colour: [color]\n", "unknown field 'colour'", 1),
        ("tickets: [unclosed\n", "YAML syntax error in config", 2),
        ("statuses:\n  - {key: a, category: todo, colour: red}\n", "'statuses.0.colour'", 1),
        ("statuses:\n  - {key: a, category: todo, wip_limit: 0}\n", "wip_limit: must be", 1),
        ("statuses: [frobnicating]\n", "statuses.0.category: Field required", 1),
        ("board:\n  max_cards: -1\n", "board.max_cards", 1),
        ("max_file_bytes: 0\n", "max_file_bytes: must be more than 0", 1),
        ("id_pattern: 'A?'\n", "must not match an empty string", 1),
        ("priorities: [[P0]]\n", "priorities.0", 1),
        ("declared: [tickets]\n", "unknown setting 'declared'", 1),
        ("- just a list\n", "mapping", 1),
    ],
)
def test_config_errors_name_the_file_and_line(
    tmp_path: Path, config: str, message: str, line: int | None
) -> None:
    write(tmp_path / ".tix.yaml", config)
    with pytest.raises(TixError) as caught:
        Workspace.open(tmp_path)
    error = caught.value
    assert message in error.message
    assert error.path is not None and error.path.endswith(".tix.yaml")
    assert error.line == line


def test_every_corpus_folder_loads_without_crashing(corpus_copy: Copy) -> None:
    for name in sorted(p.name for p in CORPUS.iterdir() if p.is_dir()):
        catalog = Workspace.open(corpus_copy(name)).load(strict=True)
        # No corpus file uses front-matter, so nothing is a problem and nothing is a ticket yet.
        assert catalog.problems == []
