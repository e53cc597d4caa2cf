"""What every command does first: open the workspace, load its tickets, apply a query.

Problems met while loading (a file with broken front-matter, an unreadable file) are
reported on stderr, one line each, and the command goes on with every other ticket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tix.cli.output import CliState, report_problems

if TYPE_CHECKING:
    from collections.abc import Callable

    from tix.catalog import Catalog
    from tix.model import Ticket
    from tix.workspace import TicketTexts, Workspace


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()


def path_reference(ctx: typer.Context, reference: str) -> str:
    """A ticket reference as the workspace reads it: a ``PATH`` or ``PATH:LINE`` typed from
    the current folder (or ``-C``'s) that names a file of the workspace becomes relative to
    the workspace's root; an id, or anything that names no such file, stays as typed. (The
    callback of every ticket argument.)"""
    path_part, line = reference, ""
    head, colon, tail = reference.rpartition(":")
    if colon and tail.isdigit():
        path_part, line = head, colon + tail
    if "/" not in path_part and not path_part.endswith(".md"):
        return reference
    from tix.workspace.config import find_root

    directory = state(ctx).directory
    candidate = directory / path_part
    if not candidate.is_file():
        return reference
    root = find_root(directory).root
    try:
        inside = candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return reference
    return inside + line


def ticket_argument(help_text: str) -> Any:
    """The ``ID`` argument of a command about one ticket: ids complete from the workspace,
    and a ``PATH`` typed from any folder is read as the workspace names it."""
    from tix.cli.completion import ticket_ids

    return typer.Argument(
        metavar="ID",
        help=help_text,
        show_default=False,
        autocompletion=ticket_ids,
        callback=path_reference,
    )


def open_workspace(ctx: typer.Context) -> Workspace:
    from tix.workspace import Workspace

    cli = state(ctx)
    return Workspace.open(cli.directory, use_cache=cli.use_cache)


# The console script (tix.cli.main) ends the process without freeing a loaded workspace's
# objects one by one; for it, every catalog a command loads is kept here until then.
KEEP_LOADED = False
LOADED: list[object] = []


def load_catalog(
    ctx: typer.Context,
    *,
    keep_documents: bool = False,
    text_filter: Callable[[str], object] | None = None,
) -> tuple[Workspace, Catalog]:
    """The workspace and its tickets (see ``Workspace.load``), reporting unreadable files."""
    workspace = open_workspace(ctx)
    return workspace, _loaded(ctx, workspace, keep_documents, text_filter)


def load_texts(
    ctx: typer.Context, text_filter: Callable[[str], object] | None
) -> tuple[Workspace, TicketTexts | Catalog]:
    """The workspace, and every ticket's region with its file's text from the text cache,
    or else the catalog with every file's text (see ``Workspace.load_texts``), reporting
    unreadable files."""
    from tix.workspace import TicketTexts

    workspace = open_workspace(ctx)
    loaded = workspace.load_texts(strict=state(ctx).debug, text_filter=text_filter)
    if not isinstance(loaded, TicketTexts):
        return workspace, _kept(loaded)
    if KEEP_LOADED:
        LOADED.append(loaded)
    report_problems(loaded.problems)
    return workspace, loaded


def load_around(ctx: typer.Context, reference: str) -> tuple[Workspace, Catalog]:
    """The workspace and the tickets ``reference`` may name with what they depend on (see
    ``Workspace.load_around``), or every ticket when the index cannot tell."""
    workspace = open_workspace(ctx)
    catalog = workspace.load_around(reference) if state(ctx).use_cache else None
    if catalog is None:
        return workspace, _loaded(ctx, workspace)
    return workspace, _kept(catalog)


def _loaded(
    ctx: typer.Context,
    workspace: Workspace,
    keep_documents: bool = False,
    text_filter: Callable[[str], object] | None = None,
) -> Catalog:
    cli = state(ctx)
    catalog = workspace.load(
        strict=cli.debug,
        keep_documents=keep_documents,
        use_cache=cli.use_cache,
        text_filter=text_filter,
    )
    return _kept(catalog)


def _kept(catalog: Catalog) -> Catalog:
    """``catalog``, kept to the end of the process (see ``KEEP_LOADED``), its loading problems
    reported."""
    if KEEP_LOADED:
        LOADED.append(catalog)
    report_problems(catalog.problems)
    return catalog


QueryWords = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[QUERY]...",
        help="Filter words: status:todo,blocked -status:done priority:<=P1 assignee:ana "
        "epic:foundation label:api is:ready has:deps, or words of the title and body "
        "(docs/queries.md).",
        show_default=False,
    ),
]


def matching(workspace: Workspace, catalog: Catalog, words: list[str] | None) -> list[Ticket]:
    """The tickets of ``catalog`` the query ``words`` selects (all without words)."""
    if not words:
        return list(catalog.tickets)
    from tix.graph import DependencyGraph
    from tix.query import QueryParser
    from tix.vocabulary import PriorityVocabulary

    priorities = PriorityVocabulary(workspace.config.priorities)
    graph = DependencyGraph(catalog, workspace.knowledge.statuses, priorities)
    parser = QueryParser(
        graph,
        workspace.knowledge.statuses,
        priorities,
        workspace.knowledge.field_names,
        workspace.config.milestones,
    )
    return parser.parse(words).filter(catalog.tickets)
