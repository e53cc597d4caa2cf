"""tix schema validates native tickets with a JSON Schema validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from tests.conftest import EXAMPLES, Copy, Tix


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_the_demo_tickets_validate(tix: Tix) -> None:
    result = tix("-C", EXAMPLES / "demo", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    tickets = sorted((EXAMPLES / "demo" / "tickets").glob("*.md"))
    assert len(tickets) == 15
    for path in tickets:
        errors = list(validator.iter_errors(front_matter(path)))
        assert errors == [], (path.name, [e.message for e in errors])
    assert not validator.is_valid({"id": "X-1", "status": "someday"})
    assert not validator.is_valid({"id": "X-1", "priority": "whenever"})
    assert not validator.is_valid({"id": "X-1", "points": "many"})
    assert not validator.is_valid({"title": "neither id nor status"})
    assert validator.is_valid({"status": "In Progress", "reviewer": "kim"})


def test_the_schema_follows_the_workspace(tix: Tix, tmp_path: Path) -> None:
    (tmp_path / ".tix.yaml").write_text(
        "statuses: [backlog, {key: doing, category: active}, done]\n"
    )
    schema = json.loads(tix("-C", tmp_path, "schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"id": "A-1", "status": "doing"})
    assert not validator.is_valid({"id": "A-1", "status": "review"})


def test_the_schema_takes_what_tix_reads(tix: Tix, corpus_copy: Copy) -> None:
    """Statuses in any case, with an emoji in front (tix convert writes ``🔴 Todo``), and
    points written with their unit: every ticket converted from danube validates."""
    folder = corpus_copy("danube") / "docs" / "tickets"
    assert tix("-C", folder, "convert", "--to", "frontmatter").exit_code == 0
    validator = jsonschema.Draft202012Validator(json.loads(tix("-C", folder, "schema").stdout))
    converted = sorted(folder.glob("DANUBE-*.md"))
    assert len(converted) == 31
    for path in converted:
        front = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
        assert validator.is_valid(front), (path.name, list(validator.iter_errors(front)))
    for status in ("🔴 Todo", "TODO", "in_progress", "In Review"):
        assert validator.is_valid({"id": "A-1", "status": status}), status
    assert validator.is_valid({"id": "A-1", "points": "5 pts"})
    for noted in ({"status": "Blocked - Awaiting Budget Approval"}, {"priority": "High (P1)"}):
        assert validator.is_valid({"id": "A-1", **noted}), noted
    for wrong in (
        {"status": "Someday"},
        {"status": "never todo"},  # only an emoji may stand in front
        {"priority": "whenever"},
        {"points": "lots"},
    ):
        assert not validator.is_valid({"id": "A-1", **wrong}), wrong
