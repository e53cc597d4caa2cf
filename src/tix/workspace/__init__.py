"""A ticket folder on disk: its root, its configuration, and loading its tickets.

This package is the only part of tix that touches the file system. ``Workspace.open`` finds
the root and reads the config; ``Workspace.load`` reads every candidate file, lets the
dialects parse it, and returns a ``Catalog`` of tickets plus one ``Problem`` per file that
could not be read. A broken file never stops the others from loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tix.catalog import Catalog
from tix.dialects import FileResult, ParseContext, WorkspaceKnowledge, parse_document
from tix.dialects.legend import learn_legend
from tix.document import Document
from tix.errors import Code, Problem, Severity, TixError
from tix.model import Config
from tix.workspace.config import ConfigSource, find_root, load_config
from tix.workspace.discovery import discover
from tix.workspace.indexdocs import find_index_documents


@dataclass
class Workspace:
    """A workspace root with its configuration.

    ``knowledge`` is what files are read with; ``load`` refines it with the status legends
    it finds in the workspace's documents.
    """

    root: Path
    config: Config
    config_path: Path | None = None
    knowledge: WorkspaceKnowledge = field(init=False)
    legend_files: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.knowledge = WorkspaceKnowledge.of(self.config)

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

    def parse(self, doc: Document) -> FileResult:
        """What one document holds; a ``TixError`` naming the file if it is broken."""
        assert doc.path is not None
        try:
            return parse_document(doc, ParseContext(doc.path, self.knowledge))
        except TixError as exc:
            raise exc.located(doc.path) from None

    def load(self, *, strict: bool = False, keep_documents: bool = False) -> Catalog:
        """Every ticket of the workspace, and a problem for each file that could not be read.

        Files are read first, their status legends learned, then each is parsed. Index
        documents (see ``indexdocs``) are left out. ``strict`` lets unexpected exceptions
        (bugs in tix) propagate instead of being reported as a problem of the file;
        ``keep_documents`` keeps every file read in ``Catalog.documents`` (for checks that
        look at the text itself).
        """
        found = discover(self.root, self.config.tickets, self.config.exclude)
        problems: list[Problem] = list(found.problems)
        documents: list[Document] = []
        for relpath, path in found.files.items():
            try:
                documents.append(self.read_document(relpath, path))
            except TixError as exc:
                problems.append(exc.located(relpath).to_problem(Code.UNREADABLE))
        self.knowledge = WorkspaceKnowledge.of(self.config, self._legend(documents))
        results: dict[str, FileResult] = {}
        for doc in documents:
            assert doc.path is not None
            try:
                results[doc.path] = self.parse(doc)
            except TixError as exc:
                problems.append(exc.located(doc.path).to_problem(Code.UNREADABLE))
            except Exception as exc:
                if strict:
                    raise
                problems.append(
                    Problem(
                        doc.path,
                        1,
                        1,
                        Code.INTERNAL,
                        Severity.ERROR,
                        f"tix failed to read this file ({type(exc).__name__}: {exc}); "
                        "please report it, with --debug for details",
                    )
                )
        index_documents = find_index_documents(results)
        kept = [result for path, result in results.items() if path not in index_documents]
        return Catalog(
            (ticket for result in kept for ticket in result.tickets),
            problems,
            epics=[epic for result in kept for epic in result.epics],
            index_documents=sorted(index_documents),
            documents={doc.path: doc for doc in documents if doc.path} if keep_documents else None,
        )

    def _legend(self, documents: list[Document]) -> list[tuple[str, str]]:
        """``(emoji, status key)`` from every legend; the first file to explain an emoji wins."""
        base = WorkspaceKnowledge.of(self.config).statuses
        learned: dict[str, str] = {}
        self.legend_files = []
        for doc in documents:
            entries = learn_legend(doc, base)
            if entries and doc.path is not None:
                self.legend_files.append(doc.path)
            for emoji, key in entries:
                learned.setdefault(emoji, key)
        return list(learned.items())


__all__ = ["Workspace"]
