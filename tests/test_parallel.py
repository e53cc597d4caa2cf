"""Cold loads parse on several processes: the same tickets, problems and index as one process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tix.dialects import FileResult
from tix.document import Document
from tix.workspace import Workspace, parallel
from tix.workspace.cache import Index


def snapshot(root: Path, *, use_cache: bool = False) -> tuple[list[dict[str, object]], list[str]]:
    catalog = Workspace.open(root).load(use_cache=use_cache)
    tickets = [
        {**ticket.summary(), "body": ticket.body, "spans": sorted(ticket.spans.items())}
        for ticket in catalog.tickets
    ]
    return tickets, [str(problem) for problem in catalog.problems]


@pytest.fixture(params=["with a legend", "without"])
def broken_and_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    """1,200 tickets with dependencies and broken files, about 130 KB, which a pool parses
    once the threshold is lowered to 10 KB; with or without a legend that makes 🟣 mean done
    (which the workers must know to parse the way one process does)."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10_000)
    status = "Done"
    if request.param == "with a legend":
        (tmp_path / "LEGEND.md").write_text("# Legend\n\n- 🟣 Done\n")
        status = "🟣"
    for n in range(1, 1201):
        depends = f"depends_on: [P-{n - 1}]\n" if n > 1 else ""
        (tmp_path / f"P-{n}.md").write_text(
            f"---\nid: P-{n}\ntitle: Ticket {n}\nstatus: {status}\n{depends}---\n\n"
            f"## Acceptance Criteria\n- [x] first\n- [ ] second\n"
        )
    (tmp_path / "broken.md").write_text("---\nid: B-1\ntitle: [unclosed\n---\n")
    (tmp_path / "bad.md").write_bytes(b"---\nid: B-2\n---\n\xff\xfe not UTF-8\n")
    return tmp_path


def test_many_files_parse_the_same_on_several_processes(
    broken_and_many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    assert parallel._fork_context() is not None, "this test needs Linux and no other thread"
    in_one = snapshot(broken_and_many)  # 1,200 files, but one processor: parsed here

    parent, parse = os.getpid(), Workspace.parse

    def only_in_workers(self: Workspace, doc: Document) -> FileResult:
        if os.getpid() == parent:
            raise AssertionError("parsed in the loading process")
        return parse(self, doc)

    monkeypatch.setattr(Workspace, "parse", only_in_workers)
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    on_several = snapshot(broken_and_many)
    assert on_several == in_one
    tickets, problems = on_several
    assert len(tickets) == 1200 and {t["status"] for t in tickets} == {"done"}
    assert sorted(problem.split(":")[0] for problem in problems) == ["bad.md", "broken.md"]


def test_the_index_from_several_processes_serves_the_next_run(
    broken_and_many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    cold = snapshot(broken_and_many, use_cache=True)
    index = broken_and_many / ".tix" / "cache" / "index.bin"
    assert index.is_file()
    stored = Index.open(broken_and_many, Workspace.open(broken_and_many).config).entries
    legend = (broken_and_many / "LEGEND.md").exists()
    assert sum(1 for entry in stored.values() if entry.result is not None) == 1200 + legend

    parse_all = parallel.parse_all

    def only_the_broken_file(documents: Iterator[tuple[str, Document]], count: int, *args, **kw):  # type: ignore[no-untyped-def]
        held = list(documents)
        assert [relpath for relpath, _ in held] == ["broken.md"]  # it has no result to keep
        return parse_all(iter(held), count, *args, **kw)

    monkeypatch.setattr("tix.workspace.parse_all", only_the_broken_file)
    warm_tickets, warm_problems = snapshot(broken_and_many, use_cache=True)
    summaries = ["id", "title", "status", "depends_on", "criteria_total", "criteria_done"]
    assert [[t[k] for k in summaries] for t in warm_tickets] == [
        [t[k] for k in summaries] for t in cold[0]
    ]
    assert warm_problems == cold[1]


def test_the_index_a_pool_writes_is_the_one_this_process_writes(
    broken_and_many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers send each file's rows as the index stores them too: the index must not
    tell which way it was made."""

    def index_made_on(processors: int) -> dict[str, tuple[object, ...]]:
        monkeypatch.setattr(parallel, "processors", lambda: processors)
        shutil.rmtree(broken_and_many / ".tix", ignore_errors=True)
        workspace = Workspace.open(broken_and_many)
        workspace.load()
        entries = Index.open(broken_and_many, workspace.config).entries
        return {
            relpath: (entry.digest, entry.line_starts, entry.legend, entry.stored_row())
            for relpath, entry in entries.items()
        }

    pooled = index_made_on(2)
    assert index_made_on(1) == pooled
    assert len(pooled) >= 1201  # every file but the one that is not UTF-8


def test_a_pool_that_cannot_start_leaves_the_parsing_to_this_process(
    broken_and_many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    monkeypatch.setattr(parallel, "processors", lambda: 2)
    expected = snapshot(broken_and_many)

    class NoProcesses:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("no processes in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoProcesses)
    assert snapshot(broken_and_many) == expected


def test_output_written_before_the_workers_start_is_not_doubled(broken_and_many: Path) -> None:
    """A forked worker starts with a copy of the output buffers; multiprocessing empties them
    before it forks, or what they held would be written twice."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tix.workspace import Workspace, parallel\n"
        "parallel.processors = lambda: 2\n"
        "parallel.PARALLEL_FROM = 10_000\n"
        "sys.stdout.write('before the load\\n')  # still in the buffer: stdout is a pipe\n"
        f"catalog = Workspace.open(Path({str(broken_and_many)!r})).load(use_cache=False)\n"
        "print(len(catalog.tickets))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout == "before the load\n1200\n"


def test_a_worker_failing_midway_leaves_the_rest_to_this_process(
    broken_and_many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    expected = snapshot(broken_and_many)
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    parent, decode, parse = os.getpid(), Document.from_bytes, Workspace.parse
    parsed_here: list[str | None] = []

    def dying_in_a_worker(data: bytes, *, path: str | None = None) -> Document:
        if os.getpid() != parent and path == "P-700.md":
            raise RuntimeError("a worker died")  # outside the per-file reporting: the pool fails
        return decode(data, path=path)

    def recording(self: Workspace, doc: Document) -> FileResult:
        if os.getpid() == parent:
            parsed_here.append(doc.path)
        return parse(self, doc)

    monkeypatch.setattr(Document, "from_bytes", staticmethod(dying_in_a_worker))
    monkeypatch.setattr(Workspace, "parse", recording)
    assert snapshot(broken_and_many) == expected
    assert "P-700.md" in parsed_here  # parsed here once the pool failed
    assert 0 < len(parsed_here) < 1202  # the files before it came from the workers
