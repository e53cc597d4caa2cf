"""``tix list`` and ``tix show`` as a user meets them, plus errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Tix

DEMO = EXAMPLES / "demo"
SUMMARY_KEYS = [
    "id",
    "title",
    "status",
    "status_text",
    "priority",
    "assignee",
    "epic",
    "sprint",
    "milestone",
    "labels",
    "depends_on",
    "estimate",
    "points",
    "path",
    "line",
    "dialect",
    "criteria_total",
    "criteria_done",
]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_version(tix: Tix) -> None:
    from tix import __version__

    result = tix("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tix {__version__}\n"


def test_python_dash_m_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tix", "-C", str(DEMO), "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 15


@pytest.mark.parametrize(
    "command",
    [["list"], ["board"], ["list", "--json"], ["--color", "always", "board"]],
)
def test_a_reader_that_goes_away_ends_tix_quietly_with_141(command: list[str]) -> None:
    """``tix list | head -1``: as grep or git, the status a SIGPIPE would give, nothing said."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tix", "-C", str(DEMO), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before tix writes anything
    errors = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert errors == b""


@pytest.mark.parametrize(
    ("arguments", "registered"),
    [
        (["-C", str(DEMO), "list", "--json", "-status:done"], "list"),
        (["--no-cache", "-C", str(DEMO), "ready"], "ready"),
        (["-C", str(DEMO), "list", "--help"], "list"),
        (["-C", str(DEMO), "show"], "show"),
        (["--color", "never", "-C", str(DEMO), "board", "--all"], "board"),
        (["--help"], None),
        (["-h", "list"], None),
        (["-C", str(DEMO), "lst"], None),
    ],
)
def test_a_run_with_only_its_command_behaves_as_the_whole_command_line(
    arguments: list[str],
    registered: str | None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``run`` registers only the command it runs (the whole command line for help and
    unknown commands); output, errors and exit status are what the whole command line gives."""
    from tix.cli import app as cli

    monkeypatch.setenv("NO_COLOR", "1")
    whole_code = cli.whole_app()(args=list(arguments), prog_name="tix", standalone_mode=False)
    whole = capsys.readouterr()
    built: list[str | None] = []
    build_app = cli.build_app
    monkeypatch.setattr(cli, "build_app", lambda only=None: built.append(only) or build_app(only))
    cli.whole_app.cache_clear()
    try:
        assert cli.run(arguments) == whole_code
    finally:
        cli.whole_app.cache_clear()
    assert capsys.readouterr() == whole
    assert built == [registered]


@pytest.mark.parametrize(
    ("arguments", "code", "stderr"),
    [
        (["show", "LH-999"], 1, "tix: error: no ticket LH-999"),
        (["frobnicate"], 2, "tix: error: No such command 'frobnicate'"),
        (["show", "LH-001", "--json"], 0, ""),
    ],
)
def test_the_console_script_flushes_everything_and_exits_with_the_status(
    arguments: list[str], code: int, stderr: str
) -> None:
    """The console script leaves with os._exit: its output and status must be whole."""
    result = subprocess.run(
        [sys.executable, "-m", "tix", "-C", str(DEMO), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr[: len(stderr)]) == (code, stderr)
    if code == 0:
        assert json.loads(result.stdout)["id"] == "LH-001"


def test_help_lists_the_commands(tix: Tix) -> None:
    result = tix("--help")
    assert result.exit_code == 0
    assert "list" in result.stdout and "show" in result.stdout


def test_demo_list_json(tix: Tix) -> None:
    result = tix("-C", DEMO, "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    tickets = json.loads(result.stdout)
    assert [t["id"] for t in tickets] == [f"LH-{n:03d}" for n in range(1, 16)]
    assert all(list(t) == SUMMARY_KEYS for t in tickets)
    by_id = {t["id"]: t for t in tickets}
    assert by_id["LH-004"]["path"] == "tickets/LH-004-sign-in.md"
    assert by_id["LH-004"]["depends_on"] == ["LH-002", "LH-003"]
    assert (by_id["LH-004"]["criteria_total"], by_id["LH-004"]["criteria_done"]) == (4, 2)
    assert by_id["LH-010"]["status"] == "blocked"
    assert by_id["LH-015"]["assignee"] == "chen, dana"
    assert {t["sprint"] for t in tickets} == {"Sprint 1", "Sprint 2", None}
    assert {t["milestone"] for t in tickets} == {"M1 Public beta", None}
    assert len({t["epic"] for t in tickets}) == 3


def test_demo_list_plain_is_aligned_and_uncoloured(tix: Tix) -> None:
    result = tix("-C", DEMO, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "PRIORITY", "TITLE", "ASSIGNEE", "WHERE"]
    assert len(lines) == 16
    assert "\x1b[" not in result.stdout
    assert lines[4].startswith("LH-004  🟡 In Progress  P0        Sign-in with e-mail and password")
    assert all(line == line.rstrip() for line in lines)


def test_demo_list_rich_view_on_request(tix: Tix) -> None:
    result = tix("--color", "always", "-C", DEMO, "list")
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout
    assert "LH-015" in result.stdout and "15 tickets" in result.stdout


def test_demo_show_dependencies_and_criteria(tix: Tix) -> None:
    result = tix("-C", DEMO, "show", "LH-004")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("LH-004  Sign-in with e-mail and password\n")
    assert "depends on: LH-002 (✅ Done), LH-003 (👀 Review)" in out
    assert "criteria:   2/4 done" in out
    assert "reviewer:   bruno" in out
    assert "where:      tickets/LH-004-sign-in.md:1 (frontmatter)" in out
    assert "Rate limiting shares the Redis instance" in out


def test_demo_show_json(tix: Tix) -> None:
    result = tix("-C", DEMO, "show", "lh-010", "--json")
    data = json.loads(result.stdout)
    assert data["id"] == "LH-010"
    assert data["blocked_reason"] == "Waiting for the DNS provider to enable API access"
    assert data["dependencies"] == [
        {
            "id": "LH-007",
            "found": True,
            "status": "in-progress",
            "title": "Public status page",
            "locations": ["tickets/LH-007-public-page.md:1"],
        }
    ]
    assert data["criteria"][0] == {
        "text": "Domain ownership verified by a TXT record",
        "checked": False,
        "line": 19,
    }
    assert list(data)[: len(SUMMARY_KEYS)] == SUMMARY_KEYS


def test_demo_show_rich_view(tix: Tix) -> None:
    result = tix("--color", "always", "-C", DEMO, "show", "LH-004")
    assert result.exit_code == 0
    assert "Sign-in with e-mail and password" in result.stdout
    assert "2/4 done" in result.stdout


def test_show_unknown_id_suggests_a_close_one(tix: Tix) -> None:
    result = tix("-C", DEMO, "show", "NOPE")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("tix: error: no ticket NOPE")
    result = tix("-C", DEMO, "show", "LH-04")
    assert result.exit_code == 1
    assert "did you mean LH-014 or LH-004" in result.stderr or "LH-004" in result.stderr


def test_duplicate_ids_are_ambiguous_but_reachable_by_path(tix: Tix, tmp_path: Path) -> None:
    write(tmp_path / "a" / "T-1.md", "---\nid: T-1\ntitle: first\n---\n")
    write(tmp_path / "b" / "T-1.md", "---\nid: T-1\ntitle: second\n---\n")
    result = tix("-C", tmp_path, "show", "T-1")
    assert result.exit_code == 1
    assert "tix: error: ticket id T-1 is defined 2 times: a/T-1.md:1, b/T-1.md:1" in result.stderr
    result = tix("-C", tmp_path, "show", "b/T-1.md")
    assert result.exit_code == 0
    assert result.stdout.startswith("T-1  second")
    assert tix("-C", tmp_path, "show", "./a/T-1.md:1").stdout.startswith("T-1  first")
    assert len(json.loads(tix("-C", tmp_path, "list", "--json").stdout)) == 2


def test_native_ticket_with_comment_quotes_flow_list_and_crlf(tix: Tix, tmp_path: Path) -> None:
    write(
        tmp_path / "OPS-1.md",
        "---\r\n# comment\r\nid: OPS-1\r\ntitle: 'Quoted: title'\r\nstatus: \"done\"\r\n"
        "labels: [a, b]  # trailing comment\r\n---\r\nbody\r\n",
    )
    result = tix("-C", tmp_path, "list", "--json")
    assert result.exit_code == 0
    [ticket] = json.loads(result.stdout)
    assert (ticket["id"], ticket["title"], ticket["status"], ticket["labels"]) == (
        "OPS-1",
        "Quoted: title",
        "done",
        ["a", "b"],
    )


def test_broken_front_matter_is_reported_and_the_rest_listed(tix: Tix, tmp_path: Path) -> None:
    write(tmp_path / "tickets" / "A-1.md", "---\nid: A-1\ntitle: fine\n---\n")
    write(tmp_path / "tickets" / "A-2.md", "---\nid: A-2\ntitle: also fine\n---\n")
    write(tmp_path / "tickets" / "A-3.md", "---\nid: A-3\ntitle: [broken\nstatus: todo\n---\n")
    result = tix("-C", tmp_path, "list", "--json")
    assert result.exit_code == 0
    assert [t["id"] for t in json.loads(result.stdout)] == ["A-1", "A-2"]
    assert result.stderr.startswith("tix: warning: tickets/A-3.md:4:7: YAML syntax error")
    assert "Traceback" not in result.stderr
    plain = tix("-C", tmp_path, "list")
    assert "A-1" in plain.stdout and "A-3" not in plain.stdout


def test_usage_errors_exit_2(tix: Tix, tmp_path: Path) -> None:
    result = tix("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.startswith("tix: error: No such command 'frobnicate'")
    result = tix("-C", tmp_path / "missing", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith("tix: error:")
    result = tix("show")
    assert result.exit_code == 2
    assert "Missing argument 'ID'" in result.stderr


def test_config_error_exits_1_with_location(tix: Tix, tmp_path: Path) -> None:
    write(tmp_path / ".tix.yaml", "tickets: ['*.md']\ncolour: blue\n")
    result = tix("-C", tmp_path, "list")
    assert result.exit_code == 1
    assert ".tix.yaml:2:1: invalid config: unknown setting 'colour'" in result.stderr
    assert result.stderr.startswith("tix: error: ")


def test_a_bug_is_one_line_without_debug_and_a_traceback_with_it(
    tix: Tix, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tix.catalog import Catalog

    def broken(self: Catalog, reference: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Catalog, "find", broken)
    result = tix("-C", DEMO, "show", "LH-001")
    assert result.exit_code == 1
    assert result.stderr.startswith("tix: error: internal error: RuntimeError: boom")
    assert "Traceback" not in result.stderr
    result = tix("--debug", "-C", DEMO, "show", "LH-001")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_empty_workspace_lists_nothing(tix: Tix, tmp_path: Path) -> None:
    assert tix("-C", tmp_path, "list", "--json").stdout == "[]\n"
    result = tix("-C", tmp_path, "list")
    assert result.exit_code == 0


HEAVY_MODULES = ("yaml", "pydantic", "rich.table", "tix.markdown", "tix.dialects.styles")


def modules_loaded(
    arguments: list[str], folder: Path, prefixes: tuple[str, ...] = HEAVY_MODULES
) -> set[str]:
    """The heavy modules (those named by ``prefixes``) a run of ``tix ARGUMENTS`` in
    ``folder`` imports."""
    code = (
        "import contextlib, io, sys\n"
        "from tix.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({arguments!r})\n"
        f"print(' '.join(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_startup_and_warm_runs_import_no_parser_yaml_pydantic_or_rich_tables(
    tmp_path: Path,
) -> None:
    import shutil

    demo = shutil.copytree(DEMO, tmp_path / "demo")
    assert modules_loaded(["--version"], demo) == set()
    assert modules_loaded(["--help"], demo) == set()
    cold = modules_loaded(["list", "--json"], demo)  # no index yet: every file parsed,
    assert "tix.dialects.styles" in cold and "yaml" not in cold  # its front-matter plainly
    for command in (["list", "--json"], ["board", "--json"], ["ready"], ["validate"]):
        assert modules_loaded(command, demo) == set(), command


def test_an_edit_of_a_front_matter_ticket_loads_only_its_own_style(tmp_path: Path) -> None:
    import shutil

    demo = shutil.copytree(DEMO, tmp_path / "demo")
    modules_loaded(["list"], demo)  # the index
    update = ["update", "LH-008", "in-progress", "--force"]
    loaded = modules_loaded(update, demo, ("yaml", "rich", "tix.dialects.", "tix.edit."))
    assert "tix.dialects.frontmatter" in loaded and "tix.edit.frontmatter" in loaded
    assert loaded.isdisjoint(
        {"yaml", "rich", "tix.dialects.sections", "tix.dialects.tables", "tix.edit.tables"}
    ), loaded
    from tix.workspace import Workspace

    assert Workspace.open(demo).load().find("LH-008").status == "in-progress"  # it did edit
