"""A ticket folder on disk: its root, its configuration, and loading its tickets.

This package is the only part of tix that touches the file system. ``Workspace.open`` finds
the root and reads the config; ``Workspace.load`` reads every candidate file, lets the
dialects parse it, and returns a ``Catalog`` of tickets plus one ``Problem`` per file that
could not be read. A broken file never stops the others from loading.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import operator
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tix.catalog import Catalog, location, natural_key, natural_order
from tix.dialects.base import FileResult, FileShape, ParseContext, WorkspaceKnowledge
from tix.dialects.legend import learn_legend
from tix.document import Document
from tix.errors import Code, Problem, Severity, TixError
from tix.model import Config
from tix.mojibake import DamageAt, locate_damage
from tix.vocabulary import StatusVocabulary
from tix.workspace.cache import (
    MAX_VERIFIED_FILES,
    RACY_NANOSECONDS,
    Entry,
    FilesKey,
    Index,
    Learned,
    TextCache,
    digest,
    knowledge_hash,
    position_in,
    read_unchanged,
    remember_file,
    result_from_row,
    size_and_times,
    tickets_of_rows,
)
from tix.workspace.config import ConfigSource, find_root, load_config
from tix.workspace.discovery import Discovery, discover
from tix.workspace.indexdocs import find_index_documents
from tix.workspace.parallel import parse_all

# How many files may have changed since the index was written for a command about one ticket
# to read them itself rather than load the whole workspace (which writes the index again).
CHANGED_FILES_AROUND = 50


class TicketTexts(NamedTuple):
    """What ``Workspace.load_texts`` gives when no file changed: every file's text, each
    ticket's ``(id, path, start, end)`` in the catalog's order, and what was skipped while
    looking for files."""

    documents: dict[str, Document]
    regions: list[tuple[str, str, int, int]]
    problems: list[Problem]


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
    # The knowledge hash of the index the last load used (None: loaded without the index).
    _index_knowledge: str | None = field(init=False, default=None, repr=False)
    _opened_index: Index | None = field(init=False, default=None, repr=False)  # load_around's
    # The key of the files the last load found, if it found them as the index's header knew
    # (or as its table knew them: then _unchanged_now says what the header would say).
    _found_unchanged: FilesKey | None = field(init=False, default=None, repr=False)
    _unchanged_now: Callable[[int], dict[str, Any] | None] | None = field(
        init=False, default=None, repr=False
    )
    # When the last load_around began, if it checked every file against the index's table
    # and found none changed unseen (see cache.remember_file)
    _checked_ns: int | None = field(init=False, default=None, repr=False)
    # The config's own statuses, which legends are learned with (before any legend).
    _config_statuses: StatusVocabulary = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.knowledge = WorkspaceKnowledge.of(self.config)
        self._config_statuses = self.knowledge.statuses

    @classmethod
    def open(cls, start: Path | str = ".", *, use_cache: bool = True) -> Workspace:
        """The workspace containing ``start`` (a folder); ``use_cache=False`` validates its
        config file again rather than taking the validated form kept beside the index."""
        start_path = Path(start)
        if not start_path.is_dir():
            raise TixError(f"not a folder: {start_path}", code=Code.USAGE)
        return cls.from_source(find_root(start_path), use_cache=use_cache)

    @classmethod
    def from_source(cls, source: ConfigSource, *, use_cache: bool = True) -> Workspace:
        config = load_config(source, use_cache=use_cache)
        return cls(root=source.root, config=config, config_path=source.path)

    def relpath(self, path: Path) -> str:
        """``path`` relative to the root, with ``/`` separators."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def read_document(self, relpath: str, absolute: str | Path | None = None) -> Document:
        """The document at ``relpath`` (at ``absolute`` when given); a ``TixError`` naming
        the file if it cannot be read or is over the size limit (then it is not read)."""
        limit = self.config.max_file_bytes
        path = absolute if absolute is not None else self.root / relpath
        try:
            # Unbuffered: one read of the whole file, sized by the fstat that checks the limit.
            with open(path, "rb", buffering=0) as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > limit:
                    raise TixError(
                        f"file is {size:,} bytes, over the {limit:,} byte limit",
                        path=relpath,
                        code=Code.FILE_TOO_LARGE,
                        hint="raise max_file_bytes in the config or exclude the file",
                    )
                data = stream.read()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise TixError(f"cannot read: {reason}", path=relpath, code=Code.UNREADABLE) from None
        return Document.from_bytes(data, path=relpath)

    def parse(self, doc: Document) -> FileResult:
        """What one document holds; a ``TixError`` naming the file if it is broken."""
        assert doc.path is not None
        from tix.dialects.styles import parse_document  # the parsers and YAML: changed files only

        try:
            return parse_document(doc, ParseContext(doc.path, self.knowledge))
        except TixError as exc:
            raise exc.located(doc.path) from None

    def load(
        self,
        *,
        strict: bool = False,
        keep_documents: bool = False,
        use_cache: bool = True,
        text_filter: Callable[[str], object] | None = None,
    ) -> Catalog:
        """Every ticket of the workspace, and a problem for each file that could not be read.

        Files are read first (unless the index knows them unchanged), their status legends
        learned, then each is parsed (unless the index holds what it held, read with the same
        knowledge). Index documents (see ``indexdocs``) are left out. ``strict`` lets
        unexpected exceptions (bugs in tix) propagate instead of being reported as a problem
        of the file; ``keep_documents`` keeps every file in ``Catalog.documents`` (for checks
        that look at the text itself); ``use_cache=False`` neither reads nor writes the index.
        ``text_filter`` keeps only the tickets of the files whose text it accepts, and keeps
        every file's text (``tix grep`` without a query: the tickets of the other files are
        not even built from the index).
        """
        with _collector_paused():
            return self._load(
                strict, keep_documents or text_filter is not None, use_cache, text_filter
            )

    def _load(
        self,
        strict: bool,
        keep_documents: bool,
        use_cache: bool,
        text_filter: Callable[[str], object] | None,
        looked: tuple[Discovery, FilesKey, TextCache] | None = None,
    ) -> Catalog:
        """``load``; with what ``load_texts`` ``looked`` at already (the files found, their
        key, the kept texts), which is not done again."""
        found_key: FilesKey | None
        if looked is not None:
            found, found_key, kept_texts = looked
        else:
            found = discover(self.root, self.config.tickets, self.config.exclude)
            found_key = _files_key(found) if use_cache else None
            kept_texts = None
        key = found_key.hexdigest if found_key is not None else None
        self._found_unchanged, self._unchanged_now, self._checked_ns = None, None, None
        if key is not None:
            catalog = self._load_unchanged(found, key, keep_documents, text_filter, kept_texts)
            if catalog is not None:
                self._found_unchanged = found_key
                return catalog
        problems: list[Problem] = list(found.problems)
        index = Index.open(self.root, self.config) if use_cache else None
        documents: dict[str, Document] = {}
        entries: dict[str, Entry] = {}
        legends: list[tuple[str, list[tuple[str, str]]]] = []
        damage: dict[str, list[DamageAt]] = {}
        # Every file's text, for a load that keeps them all (grep): from the text cache where
        # the index finds the file unchanged, and the digest of each text.
        texts = None
        if keep_documents and index is not None:
            texts = kept_texts or TextCache(self.root, self.config)
        text_digests: dict[str, str] = {}
        for relpath, path in found.files.items():
            try:
                stat = found.stats[relpath]
                entry = index.fresh(relpath, stat, path) if index is not None else None
                if entry is not None and texts is not None:
                    cached_text = texts.document(relpath, entry.digest)
                    if cached_text is not None:
                        documents[relpath] = cached_text
                        text_digests[relpath] = entry.digest
                if (entry is None or keep_documents) and relpath not in documents:
                    doc = documents[relpath] = self.read_document(relpath, path)
                    if entry is not None and texts is not None:  # read now, maybe since changed
                        text_digests[relpath] = digest(doc.to_bytes())
                if entry is None:
                    doc = documents[relpath]
                    legend, found_damage = (
                        learn_legend(doc, self._config_statuses),
                        locate_damage(doc),
                    )
                    if index is not None:
                        entry = index.record(relpath, stat, doc, legend, found_damage)
                        if texts is not None:
                            text_digests[relpath] = entry.digest  # of the bytes just read
                else:
                    legend, found_damage = entry.legend, entry.damage
                if entry is not None:
                    entries[relpath] = entry
                legends.append((relpath, legend))
                if found_damage:
                    damage[relpath] = found_damage
            except OSError as exc:
                problems.append(
                    Problem(
                        relpath,
                        1,
                        1,
                        Code.UNREADABLE,
                        Severity.ERROR,
                        f"cannot read: {exc.strerror}",
                    )
                )
            except TixError as exc:
                problems.append(exc.located(relpath).to_problem(Code.UNREADABLE))
        legend = self._merge_legends(legends)
        self.knowledge = WorkspaceKnowledge.of(self.config, legend)
        knowledge = knowledge_hash(self.config, legend) if index is not None else ""
        self._index_knowledge = knowledge if index is not None else None
        same_knowledge = index is not None and index.knowledge_hash == knowledge
        cached: dict[str, Entry] = {}  # files the index holds the tickets of (built when kept)
        to_parse: list[str] = []
        for relpath, _ in legends:
            entry = entries.get(relpath)
            if entry is not None and entry.has_result and same_knowledge:
                cached[relpath] = entry
                continue
            if entry is not None and index is not None:
                entry.result = None  # read with other knowledge: never keep it if parsing fails
                index.changed = True
            to_parse.append(relpath)

        def documents_to_parse() -> Iterator[tuple[str, Document]]:
            for relpath in to_parse:
                # Without keep_documents, a file's text is let go once parsed: a cold load of
                # 100,000 files never holds them all with their line tables at once.
                held = documents.get(relpath) if keep_documents else documents.pop(relpath, None)
                try:
                    yield relpath, held or self.read_document(relpath)
                except TixError as exc:
                    problems.append(exc.located(relpath).to_problem(Code.UNREADABLE))

        parsed: dict[str, FileResult] = {}
        for relpath, (result, problem), stored_row in parse_all(
            documents_to_parse(),
            sum(found.stats[relpath].st_size for relpath in to_parse),
            self.parse,
            (self.root, self.config, tuple(legend)),
            strict=strict,
        ):
            if problem is not None:
                problems.append(problem)
            if result is None:
                continue
            parsed[relpath] = result
            entry = entries.get(relpath)
            if entry is not None and index is not None:
                entry.keep_result(result, stored_row)
                index.changed = True
        shapes: dict[str, FileShape] = {}  # in file order, whichever way each was read
        for relpath, _ in legends:
            if relpath in parsed:
                entry = entries.get(relpath)  # which made the shape when given the result
                shape = entry.shape if entry is not None else None
                shapes[relpath] = shape if shape is not None else FileShape.of(parsed[relpath])
            elif relpath in cached and (shape := cached[relpath].shape) is not None:
                shapes[relpath] = shape
        index_documents = find_index_documents(shapes)
        kept: list[FileResult] = []
        for relpath in shapes:
            if relpath in index_documents:
                continue
            if text_filter is not None and not (
                relpath in documents and text_filter(documents[relpath].text)
            ):
                continue
            result = parsed.get(relpath) or cached[relpath].result
            if result is not None:
                kept.append(result)
        tickets = [ticket for result in kept for ticket in result.tickets]  # in file order
        catalog = Catalog(
            tickets,
            problems,
            epics=[epic for result in kept for epic in result.epics],
            index_documents=sorted(index_documents),
            damage=damage,
            documents=documents if keep_documents else None,
            reader=self.read_document,
            locator=_locator({relpath: entry.line_starts for relpath, entry in entries.items()}),
        )
        if index is None:
            return catalog

        def every_result() -> Iterator[tuple[str, FileResult]]:
            """What every file held (not only those ``text_filter`` kept)."""
            for relpath in shapes:
                if relpath not in index_documents:
                    result = parsed.get(relpath) or cached[relpath].result
                    if result is not None:
                        yield relpath, result

        @functools.cache
        def in_natural_order() -> bool:
            # Files named by their tickets' ids (one ticket each, or epics in order) hold
            # them in the catalog's order already: an unchanged workspace then needs no sort.
            if text_filter is None:
                return all(map(operator.is_, tickets, catalog.tickets))
            every = [ticket for _, result in every_result() for ticket in result.tickets]
            return all(map(operator.is_, every, natural_order(every)))

        def ticket_regions() -> tuple[dict[str, list[tuple[str, int, int]]], bool]:
            regions = {
                relpath: [
                    (ticket.id, *span)
                    for ticket in result.tickets
                    if (span := ticket.spans.get("ticket")) is not None
                ]
                for relpath, result in every_result()
            }
            return regions, in_natural_order()

        if texts is not None:
            # The texts are of these files (their key) when none was racily clean, and every
            # ticket's region is in them when every file was read without a problem.
            settled = time.time_ns() - RACY_NANOSECONDS
            whole = len(problems) == len(found.problems) and all(
                stat.st_mtime_ns < settled for stat in found.stats.values()
            )
            texts.save(
                {path: (text_digests[path], doc) for path, doc in documents.items()},
                key if whole else None,
                ticket_regions,
            )
        index.save(
            knowledge,
            set(found.files),
            lambda: Learned(legend, self.legend_files, sorted(index_documents), in_natural_order()),
        )
        return catalog

    def _load_unchanged(
        self,
        found: Discovery,
        key: str,
        keep_documents: bool,
        text_filter: Callable[[str], object] | None,
        kept_texts: TextCache | None,
    ) -> Catalog | None:
        """The catalog ``_load`` would make, taken whole from the index when not one file
        was added, removed or touched since it was written (the files ``found`` have the
        ``key`` it was written with: ``cache.read_unchanged``): no file is compared with the
        index's table one by one; with every file's text when ``keep_documents``, if the
        kept texts (``kept_texts``, when already read) are of these files too. ``None``
        otherwise."""
        unchanged = read_unchanged(self.root, self.config, key)
        if unchanged is None or not _verified(found, unchanged.verify):
            return None
        documents: dict[str, Document] | None = None
        if keep_documents:
            documents = (kept_texts or TextCache(self.root, self.config)).documents(key)
            if documents is None or documents.keys() != found.files.keys():
                return None
        learned = unchanged.learned
        index_documents = set(learned.index_documents)
        rows: list[tuple[Any, ...]] = []
        damage: dict[str, list[DamageAt]] = {}
        line_tables: dict[str, bytes] = {}
        try:
            for relpath, (found_damage, lines, row) in zip(
                found.files, unchanged.held, strict=True
            ):
                line_tables[relpath] = lines
                if found_damage:
                    damage[relpath] = list(map(DamageAt._make, found_damage))
                if relpath in index_documents:
                    continue
                if text_filter is not None and not (
                    documents is not None and text_filter(documents[relpath].text)
                ):
                    continue
                rows.append(row)
            tickets, epics = tickets_of_rows(rows)
        except (ValueError, TypeError):  # not what the index writes: compare file by file
            return None
        self.legend_files = learned.legend_files
        self.knowledge = WorkspaceKnowledge.of(self.config, learned.legend)
        self._index_knowledge = unchanged.knowledge_hash
        return Catalog(
            tickets,
            found.problems,
            in_natural_order=learned.in_natural_order,
            epics=epics,
            index_documents=learned.index_documents,
            damage=damage,
            documents=documents,
            reader=self.read_document,
            locator=_locator(line_tables),
        )

    def load_texts(
        self, *, strict: bool = False, text_filter: Callable[[str], object] | None = None
    ) -> TicketTexts | Catalog:
        """For a search of every ticket (``tix grep`` without a query): each ticket's id and
        region with its file's text, taken whole from the text cache when not one file was
        added, removed or touched since the texts were kept, under this config, and the
        files hold their tickets in id order (neither the index nor any file is read);
        otherwise what ``load(strict=..., text_filter=...)`` gives, made with the files
        found and the texts read for that first try, neither of which is done twice."""
        with _collector_paused():
            found = discover(self.root, self.config.tickets, self.config.exclude)
            found_key = _files_key(found)
            texts = TextCache(self.root, self.config)
            kept = texts.ticket_texts(found_key.hexdigest)
            if kept is not None and kept[0].keys() == found.files.keys():
                return TicketTexts(*kept, found.problems)
            return self._load(strict, True, True, text_filter, (found, found_key, texts))

    def remember(self, relpath: str, doc: Document, result: FileResult) -> bool:
        """Tell the index what tix itself just wrote to ``relpath`` (``doc``, holding
        ``result``), so that the next command finds the file unchanged instead of reading it
        and writing the whole index again (``cache.remember_file``). Nothing when this
        workspace was loaded without the index; ``False`` whenever the index cannot take it."""
        if self._index_knowledge is None:
            return False
        legend = learn_legend(doc, self._config_statuses)
        found_unchanged, unchanged_now = self._found_unchanged, self._unchanged_now
        checked_ns = self._checked_ns
        # The files are no longer as the load found them: a second write (an edit of several
        # files) leaves the header not knowing the whole workspace, rather than wrong.
        self._found_unchanged = self._unchanged_now = self._checked_ns = None
        return remember_file(
            self.root,
            self.config,
            self._index_knowledge,
            relpath,
            doc,
            result,
            legend,
            self._opened_index,
            found_unchanged,
            unchanged_now,
            checked_ns,
        )

    def load_around(self, reference: str) -> Catalog | None:
        """The tickets ``reference`` may name (an id in any case, an alias, ``PATH`` or
        ``PATH:LINE``) and the tickets they depend on, from the index: a command about one
        ticket (``tix update``, ``tix show``) then builds a few tickets instead of every one.
        Every file is still looked at (``stat``), and the few that changed since the index
        was written (``CHANGED_FILES_AROUND`` at most: the files a run of edits touched) are
        read and parsed. ``None`` when more changed, when one cannot be read or parsed, when
        a legend changed, or when nothing has that name: ``load`` then reads everything
        there is to read, reports it, and says what is close. Whole files are taken, so a
        ticket's neighbours and every ticket sharing its id are there; the catalog's
        ``status_census`` counts how the whole workspace writes statuses."""
        with _collector_paused():
            return self._load_around(reference)

    def _load_around(self, reference: str) -> Catalog | None:
        began_ns = time.time_ns()  # before any file is looked at
        found = discover(self.root, self.config.tickets, self.config.exclude)
        found_key = _files_key(found)
        self._found_unchanged, self._unchanged_now, self._checked_ns = None, None, None
        index = Index.open_table(self.root, self.config, found_key.hexdigest)
        if index is not None and index.learned is not None:
            if _verified(found, index.verify):
                catalog = self._load_around_unchanged(found, index, reference)
                if catalog is not None:
                    self._found_unchanged = found_key
                return catalog
            index = Index.open_table(self.root, self.config)  # a file tix wrote changed since
        if index is None:
            return None
        legends: list[tuple[str, list[tuple[str, str]]]] = []
        shapes: dict[str, FileShape] = {}
        changed: dict[str, Document] = {}
        for relpath, path in found.files.items():
            try:
                entry = index.fresh(relpath, found.stats[relpath], path)
            except OSError:
                return None  # gone or unreadable meanwhile: load() reports it
            if entry is not None:
                if entry.shape is None:
                    return None  # unreadable last time: load() reports it
                legends.append((relpath, entry.legend))
                shapes[relpath] = entry.shape
                continue
            if len(changed) == CHANGED_FILES_AROUND:
                return None
            try:
                doc = changed[relpath] = self.read_document(relpath, path)
            except TixError:
                return None
            legends.append((relpath, learn_legend(doc, self._config_statuses)))
        legend = self._merge_legends(legends)
        if knowledge_hash(self.config, legend) != index.knowledge_hash:
            return None
        self._index_knowledge = index.knowledge_hash
        self._opened_index = index
        if not index.unseen_change:  # every file checked: an edit may say so (remember)
            self._checked_ns = began_ns
        self.knowledge = WorkspaceKnowledge.of(self.config, legend)
        parsed: dict[str, FileResult] = {}
        for relpath, doc in changed.items():
            try:
                parsed[relpath] = self.parse(doc)
            except TixError:
                return None
            shapes[relpath] = FileShape.of(parsed[relpath])
        if changed:  # back in file order
            shapes = {relpath: shapes[relpath] for relpath in found.files}
        index_documents = find_index_documents(shapes)
        files = [path for path in shapes if path not in index_documents]
        named = _files_naming(reference, files, shapes)
        if not named:
            return None
        if not changed and len(index.entries) == len(found.files):
            # Every file is as the table knows it: an edit may tell the index's header so.
            self._found_unchanged = found_key
            self._unchanged_now = functools.partial(
                _unchanged_of_table, index, legend, self.legend_files, index_documents, shapes
            )
        try:
            index.load_rows(path for path in named if path not in parsed)
            depended = _depended_on(
                [parsed.get(relpath) or _result(index, relpath) for relpath in named],
                files,
                shapes,
                set(named),
            )
            index.load_rows(path for path in depended if path not in parsed)
            results = [
                parsed.get(relpath) or _result(index, relpath)
                for relpath in sorted({*named, *depended})
            ]
        except ValueError:  # a damaged piece: load() rebuilds the index
            return None
        line_tables = {p: e.line_starts for p, e in index.entries.items() if p not in parsed}
        return self._catalog_around(found, results, index_documents, line_tables, files, shapes)

    def _load_around_unchanged(
        self, found: Discovery, index: Index, reference: str
    ) -> Catalog | None:
        """``_load_around`` when no file changed since the ``index`` was written (it was
        opened with the files' key): what it learned of the whole workspace is taken from
        its header, each file's shape from its table, and no file is checked against it."""
        learned = index.learned
        assert learned is not None
        shapes: dict[str, FileShape] = {}
        try:
            for item, relpath in zip(
                itertools.chain.from_iterable(index.tables()), found.files, strict=True
            ):
                shape = item[6]
                if item[0] != relpath or shape is None:
                    return None
                shapes[relpath] = FileShape._make(shape)
            index_documents = set(learned.index_documents)
            files = [path for path in shapes if path not in index_documents]
            named = _files_naming(reference, files, shapes)
            if not named:
                return None
            position = {relpath: number for number, relpath in enumerate(shapes)}
            line_tables: dict[str, bytes] = {}
            results: dict[str, FileResult] = {}

            def take(relpath: str) -> None:
                _, line_tables[relpath], row = index.held(position[relpath])
                results[relpath] = result_from_row(row)

            for relpath in named:
                take(relpath)
            for relpath in _depended_on(list(results.values()), files, shapes, set(results)):
                take(relpath)
        except (ValueError, TypeError, IndexError):  # not what the index writes: load() then
            return None
        self.legend_files = learned.legend_files
        self.knowledge = WorkspaceKnowledge.of(self.config, learned.legend)
        self._index_knowledge = index.knowledge_hash
        self._opened_index = index
        kept = [results[relpath] for relpath in sorted(results)]
        return self._catalog_around(found, kept, index_documents, line_tables, files, shapes)

    def _catalog_around(
        self,
        found: Discovery,
        results: list[FileResult],
        index_documents: set[str],
        line_tables: dict[str, bytes],
        files: list[str],
        shapes: dict[str, FileShape],
    ) -> Catalog:
        """The catalog ``load_around`` gives: the tickets of ``results`` (a few files, in
        path order), with how every one of the workspace's ``files`` writes statuses."""
        return Catalog(
            (ticket for result in results for ticket in result.tickets),
            found.problems,
            epics=[epic for result in results for epic in result.epics],
            index_documents=sorted(index_documents),
            reader=self.read_document,
            locator=_locator(line_tables),
            status_census=_status_census(files, shapes),
        )

    def _merge_legends(
        self, legends: list[tuple[str, list[tuple[str, str]]]]
    ) -> list[tuple[str, str]]:
        """``(emoji, status key)`` from every legend; the first file to explain an emoji wins."""
        learned: dict[str, str] = {}
        self.legend_files = [relpath for relpath, entries in legends if entries]
        for _, entries in legends:
            for emoji, key in entries:
                learned.setdefault(emoji, key)
        return list(learned.items())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workspace loads: loading makes hundreds
    of thousands of small objects and no cycles, and each automatic collection would walk all
    of them again (a third of a warm load's time at 10,000 tickets)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _files_naming(reference: str, files: list[str], shapes: dict[str, FileShape]) -> list[str]:
    """The files among ``files`` holding a ticket ``reference`` may name: every ticket whose
    id is exactly ``reference`` (as ``Catalog.find`` looks first, and a user mostly types),
    else every one whose id or alias is ``reference`` in any case, else the file of a
    ``PATH[:LINE]``."""
    wanted = reference.strip()
    exact = [relpath for relpath in files if wanted in shapes[relpath].ids]
    if exact:
        return exact
    folded = wanted.casefold()
    named = [
        relpath
        for relpath in files
        if any(
            name.casefold() == folded for name in (*shapes[relpath].ids, *shapes[relpath].aliases)
        )
    ]
    if named:
        return named
    path, _ = location(wanted)
    return [path] if path in shapes and path in files else []


def _result(index: Index, relpath: str) -> FileResult:
    result = index.entries[relpath].result
    if result is None:
        raise ValueError(f"the index holds a shape of {relpath} but not its tickets")
    return result


def _depended_on(
    results: list[FileResult],
    files: list[str],
    shapes: dict[str, FileShape],
    taken: set[str],
) -> list[str]:
    """The files among ``files`` (but those ``taken``) holding a ticket that a ticket of
    ``results`` depends on, found by their ``shapes``."""
    needed = {
        dependency
        for result in results
        for ticket in result.tickets
        for dependency in ticket.depends_on
    }
    return [p for p in files if p not in taken and not needed.isdisjoint(shapes[p].ids)]


def _status_census(
    files: list[str], shapes: dict[str, FileShape]
) -> dict[tuple[str | None, str, str], int]:
    """How many tickets of ``files`` write each status in each way, ``(style, status, text)``,
    in file order (as ``StatusWriter`` learns it)."""
    census: dict[tuple[str | None, str, str], int] = {}
    for relpath in files:
        shape = shapes[relpath]
        for status, text in shape.statuses:
            written = (shape.dialect, status, text)
            census[written] = census.get(written, 0) + 1
    return census


def _unchanged_of_table(
    index: Index,
    legend: list[tuple[str, str]],
    legend_files: list[str],
    index_documents: set[str],
    shapes: dict[str, FileShape],
    written_ns: int,
) -> dict[str, Any] | None:
    """What the index's header would say of the whole workspace (``cache.Learned``, and the
    files to verify by digest: those racily clean in an index written at ``written_ns``,
    each of which the load read to be sure) when a load found every file as the ``index``'s
    table knows it, with the ``legend``, ``index_documents`` and ``shapes`` it learned;
    ``None`` when too many files are racily clean. The files are in id order only if their
    ids are strictly increasing (with an id shared, the order of its tickets is left to the
    catalog)."""
    settled = written_ns - RACY_NANOSECONDS
    verify = [[p, entry.digest] for p, entry in index.entries.items() if entry.mtime_ns >= settled]
    if len(verify) > MAX_VERIFIED_FILES:
        return None
    keys = [
        natural_key(ticket_id)
        for relpath, shape in shapes.items()
        if relpath not in index_documents
        for ticket_id in shape.ids
    ]
    in_order = all(map(operator.lt, keys, keys[1:]))
    learned = Learned(legend, legend_files, sorted(index_documents), in_order)
    return {"verify": verify, **dataclasses.asdict(learned)}


def _verified(found: Discovery, verify: list[tuple[str, str]]) -> bool:
    """Whether each file ``verify`` lists is still among those ``found`` with its digest:
    tix wrote them just before, so their times alone may not show a change made in the
    same clock tick."""
    for relpath, file_digest in verify:
        path = found.files.get(relpath)
        if path is None:
            return False
        try:
            with open(path, "rb") as stream:
                if digest(stream.read()) != file_digest:
                    return False
        except OSError:
            return False
    return True


def _files_key(found: Discovery) -> FilesKey:
    """The key of the files ``found``."""
    relpaths = list(found.files)
    return FilesKey(relpaths, map(size_and_times, map(found.stats.__getitem__, relpaths)))


def _locator(line_tables: dict[str, bytes]) -> Callable[[str, int], tuple[int, int] | None]:
    """Where an offset of a file is, from the line table the index keeps of it (the file is
    not read again); ``None`` for a file the index does not know."""

    def locate(relpath: str, offset: int) -> tuple[int, int] | None:
        table = line_tables.get(relpath)
        return position_in(table, offset) if table is not None else None

    return locate


__all__ = ["TicketTexts", "Workspace"]
