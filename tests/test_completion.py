"""Shell completion of ticket ids and statuses, through Typer's completion protocol."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import EXAMPLES


def complete(words: str, cword: int) -> list[str]:
    env = {
        **os.environ,
        "_TIX_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tix.cli.main import main; sys.argv[0] = 'tix'; sys.exit(main())",
        ],
        cwd=EXAMPLES / "demo",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    return result.stdout.split()


def test_ids_and_statuses_complete() -> None:
    assert complete("tix show LH-01", 2) == [
        "LH-010",
        "LH-011",
        "LH-012",
        "LH-013",
        "LH-014",
        "LH-015",
    ]
    assert complete("tix update LH-001 in", 3) == ["in-progress"]
    assert "update" in complete("tix up", 1)
