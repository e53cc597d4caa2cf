"""tix export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import EXAMPLES, Copy, Tix


def test_jira_csv_reads_back(tix: Tix, corpus_copy: Copy, tmp_path: Path) -> None:
    folder = corpus_copy("jira-roadmap")
    out = tmp_path / "jira.csv"
    assert tix("-C", folder, "export", "--format", "jira-csv", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == 23
    six = next(r for r in rows if r["Issue id"] == "TICKET-006")
    assert (
        six["Summary"] == "Proof-of-concept centralized log aggregation and per-run log streaming"
    )
    assert (six["Sprint"], six["Story Points"], six["Epic Link"]) == ("Sprint 2", "3", "EPIC-02")
    assert six["Description"].startswith("POC centralized logging")
    header = next(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert header.count("Blocked by") == 3  # TICKET-023 has three dependencies
    assert sum(int(r["Story Points"]) for r in rows) == 106


def test_json_csv_and_markdown(tix: Tix) -> None:
    data = json.loads(tix("-C", EXAMPLES / "demo", "export", "is:done").stdout)
    assert [t["id"] for t in data] == ["LH-001", "LH-002", "LH-006"]
    assert data[0]["body"].startswith("\nSet up the repository layout")
    rows = list(
        csv.DictReader(
            io.StringIO(tix("-C", EXAMPLES / "demo", "export", "--format", "csv").stdout)
        )
    )
    assert rows[3]["depends_on"] == "LH-002, LH-003" and rows[3]["labels"] == "ui, auth"
    table = tix("-C", EXAMPLES / "demo", "export", "--format", "markdown", "id:LH-00[12]").stdout
    assert table.splitlines() == [
        "| ID | Status | Priority | Title | Assignee |",
        "|---|---|---|---|---|",
        "| LH-001 | ✅ Done | P0 | Project skeleton and CI | alice |",
        "| LH-002 | ✅ Done | P0 | User accounts table | alice |",
    ]


def test_jira_round_trip_through_import(tix: Tix, corpus_copy: Copy, tmp_path: Path) -> None:
    folder = corpus_copy("jira-roadmap")
    exported = tmp_path / "jira.csv"
    assert tix("-C", folder, "export", "--format", "jira-csv", "-o", exported).exit_code == 0
    target = tmp_path / "imported"
    target.mkdir()
    dry = tix("-C", target, "import", exported, "--into", "tickets", "--dry-run")
    assert dry.exit_code == 0 and dry.stdout.count("would create tickets/") == 23
    assert not (target / "tickets").exists()
    assert tix("-C", target, "import", exported, "--into", "tickets").exit_code == 0

    def essence(where: Path) -> list[tuple[object, ...]]:
        tickets = json.loads(tix("-C", where, "list", "--json").stdout)
        return [
            (t["id"], t["title"], t["sprint"], t["points"], t["depends_on"], t["epic"], t["labels"])
            for t in tickets
        ]

    assert essence(target) == essence(folder)
    six = json.loads(tix("-C", target, "show", "TICKET-006", "--json").stdout)
    assert six["body"].strip().startswith("POC centralized logging")
    again = tix("-C", target, "import", exported)
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_import_github_issues(tix: Tix, tmp_path: Path) -> None:
    issues = [
        {
            "number": 12, "title": "Crash on save", "body": "Steps:\r\n1. save",
            "labels": [{"name": "bug"}], "state": "OPEN", "assignees": [{"login": "ana"}],
        },
        {
            "number": 13, "title": "Old thing", "body": "", "labels": [], "state": "CLOSED",
            "assignees": [],
        },
    ]  # fmt: skip
    source = tmp_path / "issues.json"
    source.write_text(json.dumps(issues))
    ws = tmp_path / "ws"
    ws.mkdir()
    assert tix("-C", ws, "import", source).exit_code == 0
    listed = json.loads(tix("-C", ws, "list", "--json").stdout)
    assert [(t["id"], t["status"], t["labels"], t["assignee"]) for t in listed] == [
        ("GH-12", "todo", ["bug"], "ana"),
        ("GH-13", "done", [], None),
    ]
    assert (ws / "GH-12-crash-on-save.md").read_text().endswith("---\n\nSteps:\n1. save\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert tix("-C", ws, "import", bad).exit_code == 2
    # --into: a folder of the workspace, from its root or as an absolute path inside it.
    again = tix("-C", ws, "import", source, "--prefix", "X", "--into", ws / "sub")
    assert again.exit_code == 0 and "created sub/X-12-crash-on-save.md" in again.stdout
    away = tix("-C", ws, "import", source, "--prefix", "Y", "--into", tmp_path / "elsewhere")
    assert away.exit_code == 2 and "is outside the workspace" in away.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_import_quotes_a_column_name_yaml_would_misread(tix: Tix, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,title,Note: internal,Custom field (Team)\nA-1,First,hello,Core\n")
    folder = tmp_path / "ws"
    folder.mkdir()
    result = tix("-C", folder, "import", source)
    assert result.exit_code == 0 and result.stderr == ""
    text = (folder / "A-1-first.md").read_text()
    assert '"Note: internal": hello\nCustom field (Team): Core\n' in text
    shown = json.loads(tix("-C", folder, "show", "A-1", "--json").stdout)
    assert shown["fields"] == {"Note: internal": "hello", "Custom field (Team)": "Core"}


def test_paths_are_from_the_folder_c_names(tix: Tix, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "E-1.md").write_text('---\nid: E-1\ntitle: "a | b `x|y`"\nstatus: todo\n---\n')
    assert tix("-C", ws, "export", "--format", "markdown", "-o", "status.md").exit_code == 0
    assert (ws / "status.md").read_text().splitlines()[2] == (
        "| E-1 | ⬜ Todo |  | a \\| b `x\\|y` |  |"  # one backslash: GitHub's escape of |
    )
    nowhere = tix("-C", ws, "export", "-o", "no/such/folder.json")
    assert nowhere.exit_code == 1
    assert nowhere.stderr.startswith("tix: error: cannot write no/such/folder.json")
    (ws / "more.csv").write_text("Issue id,Summary\nM-1,More\n")
    assert tix("-C", ws, "import", "more.csv", "--format", "csv").exit_code == 0
    assert (ws / "M-1-more.md").exists()
