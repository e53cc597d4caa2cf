"""tix export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLES, Result

Tix = Callable[..., Result]
Copy = Callable[[str], Path]


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
