"""Parsing many files at once, on every processor, when a load must parse thousands of them.

A cold load (no index yet: a fresh clone, CI) parses every file, and parsing is pure Python
work that one processor does at about 6,000 tickets a second. ``parse_all`` hands the files
to a pool of worker processes in chunks when they hold at least ``PARALLEL_FROM`` bytes (a
thousand one-ticket files, or twenty epic files of fifty tickets),
more than one processor, and a safe way to start workers quickly: forking, on Linux, from a
process that runs no other thread (a front end that does, such as a server, parses in its own
process; so does every other system, where starting a worker means importing tix again).
Otherwise the files are parsed in the calling process. Each worker gets
the exact bytes the load already read (and digested for the index), so what is parsed is
what is indexed, and returns what the file holds (as the index's plain rows, with bodies and
every span: they pickle three times faster than ticket objects; and as the index stores them,
which the loading process then need not make) or the problem that stopped it, as the
sequential path does. If the pool cannot start or fails, the files it did not return are
parsed here instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tix.dialects.base import FileResult, WorkspaceKnowledge
from tix.document import Document
from tix.errors import Code, Problem, Severity, TixError
from tix.model import Config
from tix.workspace.cache import result_from_row, result_row

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PARALLEL_FROM = 400_000  # bytes to parse; below this a pool costs more than it saves

Outcome = tuple[FileResult | None, Problem | None]
Parser = Callable[[Document], FileResult]


def parse_reporting(parse: Parser, doc: Document, relpath: str, *, strict: bool) -> Outcome:
    """What ``parse`` makes of ``doc``, or the problem that stopped it. ``strict`` lets an
    unexpected exception (a bug in tix) propagate instead of becoming a problem."""
    try:
        return parse(doc), None
    except TixError as exc:
        return None, exc.located(relpath).to_problem(Code.UNREADABLE)
    except Exception as exc:
        if strict:
            raise
        message = (
            f"tix failed to read this file ({type(exc).__name__}: {exc}); "
            "please report it, with --debug for details"
        )
        return None, Problem(relpath, 1, 1, Code.INTERNAL, Severity.ERROR, message)


def _fork_context() -> BaseContext | None:
    """The fork start method where it is safe and fast, else ``None``."""
    import multiprocessing
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    return multiprocessing.get_context("fork")


def processors() -> int:
    """The processors this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def parse_all(
    documents: Iterator[tuple[str, Document]],
    size: int,
    parse: Parser,
    worker_setup: tuple[Path, Config, tuple[tuple[str, str], ...]],
    *,
    strict: bool,
) -> Iterator[tuple[str, Outcome, tuple[Any, ...] | None]]:
    """``(relpath, outcome, stored_row)`` for each of the documents (``size`` bytes in all),
    in order: ``stored_row`` is what the file held as the index stores it (``result_row``),
    when a worker made it, else ``None``.

    ``parse`` parses in this process; ``worker_setup`` (root, config, legend) is what a
    worker process needs to parse the same way. ``strict`` (``--debug``) parses here, so a
    bug's traceback is the real one."""
    workers = min(processors(), 8)
    context = None if strict or workers < 2 or size < PARALLEL_FROM else _fork_context()
    if context is None:
        for relpath, doc in documents:
            yield relpath, parse_reporting(parse, doc, relpath, strict=strict), None
        return
    from concurrent.futures import ProcessPoolExecutor

    pending = [(relpath, doc.to_bytes()) for relpath, doc in documents]
    done = 0
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start, initargs=worker_setup
        ) as pool:
            # Chunks small enough for every worker to get several (epic files are few and
            # big), large enough that a chunk is not one message per file.
            chunk = max(1, min(200, len(pending) // (workers * 4)))
            for relpath, (row, stored, problem) in pool.map(
                _parse_in_worker, pending, chunksize=chunk
            ):
                yield relpath, (result_from_row(row) if row is not None else None, problem), stored
                done += 1
    except Exception:  # no pool here (a sandbox, a dead worker, a result that would not
        pass  # pickle): parse what is left in this process, which reports each file's failure
    for relpath, data in pending[done:]:
        doc = Document.from_bytes(data, path=relpath)
        yield relpath, parse_reporting(parse, doc, relpath, strict=strict), None


_worker_parse: Parser | None = None


def _start(root: Path, config: Config, legend: tuple[tuple[str, str], ...]) -> None:
    """Set a worker process up to parse as the loading process does. Ctrl-C is for the
    loading process: it stops the load (and the pool) and reports it once."""
    global _worker_parse
    import signal

    from tix.workspace import Workspace

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    workspace = Workspace(root, config)
    workspace.knowledge = WorkspaceKnowledge.of(config, legend)
    _worker_parse = workspace.parse


def _parse_in_worker(item: tuple[str, bytes]) -> tuple[str, tuple[Any, Any, Problem | None]]:
    """What one file holds, whole and as the index stores it (``result_row``: plain data
    pickles three times faster than tickets, and the loading process need not make the
    index's rows itself), or the problem that stopped its parsing."""
    relpath, data = item
    assert _worker_parse is not None, "worker not set up"
    doc = Document.from_bytes(data, path=relpath)
    result, problem = parse_reporting(_worker_parse, doc, relpath, strict=False)
    if result is None:
        return relpath, (None, None, problem)
    return relpath, (result_row(result, whole=True), result_row(result), problem)


__all__ = ["PARALLEL_FROM", "parse_all", "parse_reporting", "processors"]
