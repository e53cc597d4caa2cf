"""``tix grep``: search the text of tickets, printed like grep so editors can jump to it."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from tix.cli.output import echo, print_json
from tix.cli.session import QueryWords, load_catalog, load_texts, matching, state


def grep_tickets(
    ctx: typer.Context,
    pattern: Annotated[
        str, typer.Argument(help="A Python regular expression.", show_default=False)
    ],
    query: QueryWords = None,
    ignore_case: Annotated[bool, typer.Option("-i", "--ignore-case", help="Ignore case.")] = False,
    word: Annotated[
        bool, typer.Option("-w", "--word-regexp", help="Match whole words only.")
    ] = False,
    fixed: Annotated[
        bool, typer.Option("-F", "--fixed-strings", help="The pattern is plain text, not a regex.")
    ] = False,
    ids_only: Annotated[
        bool, typer.Option("-l", "--files-with-matches", help="Print the ids of matching tickets.")
    ] = False,
    count: Annotated[
        bool, typer.Option("-c", "--count", help="Print matching lines per ticket.")
    ] = False,
    context: Annotated[
        int,
        typer.Option("-C", "--context", min=0, metavar="N", help="Show N lines around each match."),
    ] = 0,
    field_name: Annotated[
        str | None,
        typer.Option(
            "--field", metavar="NAME", help="Search only this field's value (title, status, ...)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the matches as JSON.")] = False,
) -> None:
    """Search titles, fields and bodies of tickets with a regular expression (only inside
    tickets; a QUERY narrows which). Prints path:line:ID: text. Exit 0 when something
    matched, 1 when nothing did, 2 for a bad pattern."""
    from tix.errors import Code, TixError
    from tix.querywords import NEGATION
    from tix.search import compile_pattern, file_prefilter, grep, grep_regions
    from tix.workspace import TicketTexts

    if pattern.startswith(NEGATION):  # "-flag:on", kept from the option parser as a query word
        pattern = "-" + pattern[1:]
    try:
        regex = compile_pattern(pattern, ignore_case=ignore_case, word=word, fixed=fixed)
    except re.error as exc:
        raise TixError(f"bad pattern {pattern!r}: {exc}", code=Code.USAGE) from None
    # Without a query (which may ask about other tickets: is:ready), only the tickets of files
    # where the pattern can match are loaded; searching every ticket whole, the kept texts
    # may do without the index.
    prefilter = None if query else file_prefilter(regex, field_name=field_name)
    if not query and field_name is None and state(ctx).use_cache:
        workspace, loaded = load_texts(ctx, prefilter)
    else:
        workspace, loaded = load_catalog(ctx, keep_documents=True, text_filter=prefilter)
    if isinstance(loaded, TicketTexts):
        hits = grep_regions(regex, loaded.regions, loaded.documents, context=context)
    else:
        canonical = None
        if field_name is not None:
            canonical = workspace.knowledge.field_names.canonical(field_name)
            if canonical is None:  # a field of the workspace's own (reviewer:, 日期:)
                from tix.model import fold

                extra = {fold(k): k for t in loaded.tickets for k in t.extra}
                key = extra.get(fold(workspace.knowledge.field_names.kept_name(field_name)))
                if key is None:
                    raise TixError(
                        f"no field {field_name!r}",
                        code=Code.USAGE,
                        hint="fields: title, status, priority, assignee, epic, sprint, "
                        "milestone, labels, depends_on, estimate, points, and the fields your "
                        "tickets have",
                    )
                canonical = f"extra:{key}"
        hits = grep(
            regex,
            matching(workspace, loaded, query),
            loaded.documents,
            field_name=canonical,
            context=context,
        )
    if as_json:
        print_json(
            [
                {
                    "id": h.id,
                    "path": h.path,
                    "line": line.number,
                    "text": line.text,
                    "matches": [list(span) for span in line.matches],
                }
                for h in hits
                for line in h.lines
                if line.is_match
            ]
        )
    elif ids_only:
        for h in hits:
            echo(h.id)
    elif count:
        for h in hits:
            echo(f"{h.path}:{h.id}:{h.count}")
    else:
        _print_lines(ctx, hits, context)
    if not hits:
        raise typer.Exit(1)


def _print_lines(ctx: typer.Context, hits: list, context: int) -> None:  # type: ignore[type-arg]
    cli = state(ctx)
    console = cli.console() if cli.rich else None
    previous_end: int | None = None
    for index, h in enumerate(hits):
        previous_end = None
        if context and index:
            echo("--")
        for line in h.lines:
            if context and previous_end is not None and line.number > previous_end + 1:
                echo("--")
            previous_end = line.number
            mark = ":" if line.is_match else "-"
            prefix = f"{h.path}{mark}{line.number}{mark}{h.id}{mark} "
            if console is None:
                echo(prefix + line.text)
                continue
            from rich.text import Text

            text = Text(prefix, style="magenta")
            body = Text(line.text)
            for start, end in line.matches:
                body.stylize("bold red", start, end)
            console.print(text + body, soft_wrap=True, highlight=False)
