"""A ticket folder on disk: its root, its configuration, and loading its tickets.

This package is the only part of tix that touches the file system. ``Workspace.open`` finds
the root and reads the config; ``Workspace.load`` reads every candidate file, lets the
dialects parse it, and returns a ``Catalog`` of tickets plus one ``Problem`` per file that
could not be read. A broken file never stops the others from loading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tix.catalog import Catalog
from tix.dialects import ParseContext, WorkspaceKnowledge, parse_document
from tix.document import Document
from tix.errors import Code, Problem, Severity, TixError
from tix.model import Config, Ticket
from tix.workspace.config import ConfigSource, find_root, load_config
from tix.workspace.discovery import discover


@dataclass
class Workspace:
    """A workspace root with its configuration."""

    root: Path
    config: Config
    config_path: Path | None = None

    @classmethod
    def open(cls, start: Path | str = ".") -> Workspace:
        """The workspace containing ``start`` (a folder)."""
        start_path = Path(start)
        if not start_path.is_dir():
            raise TixError(f"not a folder: {start_path}", code=Code.USAGE)
        return cls.from_source(find_root(start_path))

    @classmethod
    def from_source(cls, source: ConfigSource) -> Workspace:
        return cls(root=source.root, config=load_config(source), config_path=source.path)

    @cached_property
    def knowledge(self) -> WorkspaceKnowledge:
        return WorkspaceKnowledge.of(self.config)

    def relpath(self, path: Path) -> str:
        """``path`` relative to the root, with ``/`` separators."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def read_document(self, relpath: str, absolute: Path | None = None) -> Document:
        """The document at ``relpath``; a ``TixError`` naming the file if it cannot be read."""
        path = absolute or self.root / relpath
        try:
            size = path.stat().st_size
            if size > self.config.max_file_bytes:
                raise TixError(
                    f"file is {size:,} bytes, over the {self.config.max_file_bytes:,} byte limit",
                    path=relpath,
                    code=Code.FILE_TOO_LARGE,
                    hint="raise max_file_bytes in the config or exclude the file",
                )
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise TixError(f"cannot read: {reason}", path=relpath, code=Code.UNREADABLE) from None
        return Document.from_bytes(data, path=relpath)

    def parse_file(self, relpath: str, absolute: Path | None = None) -> list[Ticket]:
        """The tickets of one file; a ``TixError`` naming the file if it is broken."""
        doc = self.read_document(relpath, absolute)
        context = ParseContext(relpath, self.knowledge)
        try:
            return parse_document(doc, context)
        except TixError as exc:
            raise exc.located(relpath) from None

    def load(self, *, strict: bool = False) -> Catalog:
        """Every ticket of the workspace, and a problem for each file that could not be read.

        ``strict`` lets unexpected exceptions (bugs in tix) propagate instead of being
        reported as a problem of the file that triggered them.
        """
        found = discover(self.root, self.config.tickets, self.config.exclude)
        tickets: list[Ticket] = []
        problems: list[Problem] = list(found.problems)
        for relpath, path in found.files.items():
            try:
                tickets.extend(self.parse_file(relpath, path))
            except TixError as exc:
                problems.append(exc.located(relpath).to_problem(Code.UNREADABLE))
            except Exception as exc:
                if strict:
                    raise
                problems.append(
                    Problem(
                        relpath,
                        1,
                        1,
                        Code.INTERNAL,
                        Severity.ERROR,
                        f"tix failed to read this file ({type(exc).__name__}: {exc}); "
                        "please report it, with --debug for details",
                    )
                )
        return Catalog(tickets, problems)


__all__ = ["Workspace"]
