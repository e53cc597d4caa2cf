"""tix schema validates native tickets with a JSON Schema validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from tests.conftest import EXAMPLES, Tix


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
