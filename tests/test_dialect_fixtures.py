"""Each ticket style on a small workspace written for the purpose, against its expected result.

Every folder under ``tests/fixtures/workspaces/`` is a workspace; ``<name>.expected.json``
beside it holds what tix must read from it. After a deliberate change of behaviour, rewrite
the expected files with ``TIX_UPDATE_FIXTURES=1 python -m pytest tests/test_dialect_fixtures.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tix.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "workspaces"
WORKSPACES = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def read_workspace(folder: Path, *, cache: bool = True) -> dict[str, Any]:
    workspace = Workspace.open(folder)
    catalog = workspace.load(strict=True, use_cache=cache)
    tickets = []
    for ticket in catalog.tickets:
        data = ticket.summary()
        data.update(
            {
                "epic_name": ticket.epic_name,
                "depends_on_unresolved": ticket.depends_on_unresolved,
                "aliases": ticket.aliases,
                "blocked_reason": ticket.blocked_reason,
                "type": ticket.type,
                "fields": ticket.extra,
                "criteria": [[c.text, c.checked, c.line] for c in ticket.criteria],
            }
        )
        tickets.append(data)
    found = {
        "tickets": tickets,
        "epics": [epic.to_json() for epic in catalog.epics],
        "index_documents": catalog.index_documents,
        "legend": [list(pair) for pair in workspace.knowledge.legend],
        "problems": [str(problem) for problem in catalog.problems],
    }
    return json.loads(json.dumps(found))  # as JSON: pairs become lists, as in the expected files


@pytest.mark.parametrize("folder", WORKSPACES, ids=lambda p: p.name)
def test_workspace_reads_as_expected(folder: Path, tmp_path: Path) -> None:
    """Read from a copy (tix writes its index beside the files), from the files and then
    from the index: both must give the expected result."""
    expected_file = folder.with_suffix(".expected.json")
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".tix"))
    actual = read_workspace(copy)
    if os.environ.get("TIX_UPDATE_FIXTURES"):
        expected_file.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", "utf-8")
    expected = json.loads(expected_file.read_text("utf-8"))
    assert actual == expected
    assert read_workspace(copy) == expected  # again, from the index


def test_every_style_has_a_fixture() -> None:
    from tix.dialects import dialect_names

    seen = {t["dialect"] for f in WORKSPACES for t in read_workspace(f, cache=False)["tickets"]}
    assert seen >= set(dialect_names()) - {"frontmatter"}  # front-matter: test_frontmatter_dialect


def test_fixture_files_round_trip() -> None:
    from tix.document import Document

    for path in FIXTURES.rglob("*.md"):
        data = path.read_bytes()
        assert Document.from_bytes(data).to_bytes() == data
