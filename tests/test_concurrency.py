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


def start(script: str, *arguments: str) -> subprocess.Popen[str]:
    """``script`` in a Python process of its own, with this working tree's tix."""
    return subprocess.Popen(
        [sys.executable, "-c", script, *arguments],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(processes: list[subprocess.Popen[str]]) -> str:
    """Wait for every process, each of which must succeed; what they printed."""
    printed = ""
    for process in processes:
        out, errors = process.communicate(timeout=280)
        assert process.returncode == 0, errors
        printed += out
    return printed


def generate(folder: Path, *options: str) -> None:
    """A benchmark workspace of 1,000 tickets (``bench/generate.py``) at ``folder``."""
    command = [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), "--tickets", "1000"]
    subprocess.run(
        [*command, *options, "--out", str(folder)], check=True, stdout=subprocess.DEVNULL
    )


def test_readers_and_writers_together(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    generate(folder)
    writers = [start(WRITER, str(folder), str(first), "15") for first in (1, 101, 201)]
    finish(writers + [start(READER, str(folder), "8") for _ in range(2)])
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
    places = ("epic-01-foundation.md", "epic-02-kubernetes.md", "-")
    printed = finish([start(NEW_TICKETS, str(folder), where, "12") for where in places]).split()
    assert len(printed) == len(set(printed)) == 36
    catalog = Workspace.open(folder).load(strict=True, use_cache=False)
    ids = [t.id for t in catalog.tickets]
    assert len(ids) == len(set(ids)) == 31 + 36
    assert set(printed) == {f"DANUBE-{n:03d}" for n in range(32, 68)}


CLI_WRITER = textwrap.dedent(
    """
    import subprocess, sys

    folder, tag, tickets = sys.argv[1], sys.argv[2], sys.argv[3:]
    for number, ticket in enumerate(tickets):
        result = subprocess.run(
            [sys.executable, "-m", "tix", "-C", folder, "set", ticket, f"labels+={tag}{number}"],
            capture_output=True, text=True,
        )
        if result.returncode:
            sys.exit(f"{ticket}: {result.returncode}: {result.stderr}")
    """
)
CLI_READER = textwrap.dedent(
    """
    import json, subprocess, sys

    for _ in range(int(sys.argv[2])):
        result = subprocess.run(
            [sys.executable, "-m", "tix", "-C", sys.argv[1], "list", "--json"],
            capture_output=True, text=True,
        )
        if result.returncode or result.stderr:
            sys.exit(f"{result.returncode}: {result.stderr}")
        if len(json.loads(result.stdout)) != 1000:
            sys.exit("a listing missed tickets")
    """
)


def test_command_line_writers_share_epic_files_with_readers(tmp_path: Path) -> None:
    """Four ``tix set`` processes editing tickets of the same two epic files at once, while
    two ``tix list`` processes read: every edit lands, every listing is whole, and the index
    agrees with the files afterwards."""
    folder = tmp_path / "ws"
    generate(folder, "--style", "epic")
    # Writers w0 and w1 edit the first epic file, w2 and w3 the second, each its own tickets.
    plans = {
        f"w{writer}": [f"BEN-{first + writer % 2 + 2 * i:06d}" for i in range(8)]
        for writer, first in enumerate((1, 1, 51, 51))
    }
    writers = [start(CLI_WRITER, str(folder), tag, *tickets) for tag, tickets in plans.items()]
    finish(writers + [start(CLI_READER, str(folder), "6") for _ in range(2)])
    fresh = Workspace.open(folder).load(strict=True, use_cache=False)
    cached = Workspace.open(folder).load(strict=True)
    assert [t.summary() for t in cached.tickets] == [t.summary() for t in fresh.tickets]
    for tag, tickets in plans.items():
        for number, ticket_id in enumerate(tickets):
            assert f"{tag}{number}" in fresh.find(ticket_id).labels, (tag, ticket_id)
