"""The project's promises about itself: README commands, CI script, docs for every command."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def _readme_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_opens_with_the_two_commands() -> None:
    install_and_demo, install_and_test = _readme_commands()[:2]
    assert "pip install ." in install_and_demo and "tix -C examples/demo board" in install_and_demo
    assert "pip install -e '.[test]'" in install_and_test and "pytest" in install_and_test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()
    assert "../shared/corpus" in ci and "exit 1" in ci


def test_every_command_has_help_and_a_docs_section() -> None:
    from tix.cli.app import app

    docs = (REPO_ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    headings = [line for line in docs.splitlines() if line.startswith("## ")]
    commands = [info.name for info in app.registered_commands]
    assert commands
    for info in app.registered_commands:
        assert info.callback is not None and (info.callback.__doc__ or "").strip(), info.name
        assert any(f"`tix {info.name}`" in heading for heading in headings), (
            f"docs/commands.md has no section for {info.name}"
        )
