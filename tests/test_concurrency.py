"""Many readers and writers at once on a 1,000-ticket workspace with the index."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO_ROOT, Copy
from tix.workspace import Workspace

WRITER = textwrap.dedent(
    """
    import sys
    from tix.edit.operations import Editor
    from tix.workspace import Workspace

    folder, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for number in range(first, first + count):
        editor = Editor(Workspace.open(folder))
        editor.update_status(f"BEN-{number:06d}", "blocked", f"w{number}", force=True)
    """
)
READER = textwrap.dedent(
    """
    import sys
    from tix.workspace import Workspace

    for _ in range(int(sys.argv[2])):
        catalog = Workspace.open(sys.argv[1]).load(strict=True)
        assert len(catalog.tickets) == 1000, len(catalog.tickets)
        assert not catalog.problems, catalog.problems
    """
)


def test_readers_and_writers_together(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "generate.py"),
            "--tickets",
            "1000",
            "--out",
            str(folder),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(first), "15"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (1, 101, 201)
    ] + [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(folder), "8"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in processes:
        _, errors = process.communicate(timeout=280)
        assert process.returncode == 0, errors
    cached = Workspace.open(folder).load(strict=True)
    fresh = Workspace.open(folder).load(strict=True, use_cache=False)
    assert [t.summary() for t in cached.tickets] == [t.summary() for t in fresh.tickets]
    for first in (1, 101, 201):
        for number in range(first, first + 15):
            ticket = fresh.find(f"BEN-{number:06d}")
            assert (ticket.status, ticket.blocked_reason) == ("blocked", f"w{number}")


NEW_TICKETS = textwrap.dedent(
    """
    import sys
    from tix.edit.operations import Editor
    from tix.workspace import Workspace

    folder, where, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for number in range(count):
        editor = Editor(Workspace.open(folder))
        if where.endswith(".md"):
            print(editor.new_ticket(f"{where} {number}", in_file=where).ticket_id)
        else:
            print(editor.new_ticket(f"new file {number}").ticket_id)
    """
)


def test_new_tickets_at_once_take_different_ids(corpus_copy: Copy) -> None:
    """Three processes adding tickets at once, to two epic files and as new files: each id is
    taken once (the next id is picked and written under one lock)."""
    folder = corpus_copy("danube") / "docs" / "tickets"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", NEW_TICKETS, str(folder), where, "12"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for where in ("epic-01-foundation.md", "epic-02-kubernetes.md", "-")
    ]
    printed: list[str] = []
    for process in processes:
        out, errors = process.communicate(timeout=280)
        assert process.returncode == 0, errors
        printed += out.split()
    assert len(printed) == len(set(printed)) == 36
    catalog = Workspace.open(folder).load(strict=True, use_cache=False)
    ids = [t.id for t in catalog.tickets]
    assert len(ids) == len(set(ids)) == 31 + 36
    assert set(printed) == {f"DANUBE-{n:03d}" for n in range(32, 68)}
