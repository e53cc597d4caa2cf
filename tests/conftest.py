"""Shared test fixtures: the real-world corpus (copied, never edited in place) and a CLI runner.

The corpus lives beside the repository at ``../shared/corpus``. A test session without it
stops with a failure, never a skip: most of what tix promises is proven on it.
"""

from __future__ import annotations

import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
EXAMPLES = REPO_ROOT / "examples"

settings.register_profile("tix", deadline=None, print_blob=True)
settings.load_profile("tix")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not CORPUS.is_dir():
        pytest.exit(f"the ticket corpus is missing: expected it at {CORPUS}", returncode=1)
    session.config.stash[_CORPUS_STATE] = _corpus_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Tests use the corpus through copies: fail the run if any test wrote into it."""
    before = session.config.stash.get(_CORPUS_STATE, None)
    if before is not None and _corpus_state() != before:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        sys.stderr.write(f"\nerror: the test run changed files in {CORPUS}\n")


_CORPUS_STATE = pytest.StashKey[dict[str, tuple[int, int]]]()


def _corpus_state() -> dict[str, tuple[int, int]]:
    """Every path under the corpus with its size and modification time."""
    return {
        str(path): (info.st_size, info.st_mtime_ns)
        for path in CORPUS.rglob("*")
        for info in [path.lstat()]
    }


def corpus_files() -> list[Path]:
    """Every file of the corpus, for parametrised tests (collected at import time)."""
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Copy:
    """Copy a corpus folder (``"danube"``) into a temporary folder and return the copy."""

    def copy(name: str) -> Path:
        target = tmp_path / "corpus" / name
        shutil.copytree(CORPUS / name, target)
        # The corpus is read-only; its copy belongs to the test, like a user's own folder.
        for path in [target, *target.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
        return target

    return copy


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


# The types of the ``tix`` and ``corpus_copy`` fixtures, for the tests' signatures.
Tix = Callable[..., Result]
Copy = Callable[[str], Path]


@pytest.fixture
def tix(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run ``tix`` in-process with ``NO_COLOR=1`` and ``COLUMNS=80``, like a pipe would."""
    from tix.cli.app import app

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    yield run
