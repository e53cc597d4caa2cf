"""The ticket styles tix reads, in the order they are tried, and ``parse_document``.

See ``tix.dialects`` for how a file's style is chosen. Importing this module loads the
front-matter parser, and the other styles load when a file without a ticket's front-matter
is parsed (``text_dialects``), so the package imports it only when a file must really be
parsed: a command answered from the index never does.
"""

from __future__ import annotations

import functools

from tix.dialects.base import Dialect, FileResult, Frame, ParseContext
from tix.dialects.frontmatter import FrontMatterDialect
from tix.document import Document

FRONT_MATTER = FrontMatterDialect()


@functools.cache
def text_dialects() -> tuple[Dialect, ...]:
    """The styles tried on a file whose front-matter (if any) names no ticket, in order;
    imported on first use (a workspace of front-matter tickets, or an edit of one, never
    needs them)."""
    from tix.dialects.sections import SectionsDialect
    from tix.dialects.single import SingleTicketDialect
    from tix.dialects.tables import TableDialect

    return (
        SingleTicketDialect(),
        SectionsDialect(),
        TableDialect(),
        SingleTicketDialect(stem_ids=True),
    )


def dialect_names() -> tuple[str, ...]:
    """The name of every style, in the order they are tried."""
    return tuple(dict.fromkeys([FRONT_MATTER.name, *(d.name for d in text_dialects())]))


def parse_document(doc: Document, context: ParseContext) -> FileResult:
    """What ``doc`` holds: its tickets (none for a file that is not a ticket file)."""
    frame = Frame()
    front_matter = FRONT_MATTER.read(doc, context)
    if front_matter is not None:
        if front_matter.is_ticket:
            ticket = FRONT_MATTER.ticket(doc, context, front_matter)
            return FileResult(tickets=[ticket], dialect=FRONT_MATTER.name)
        frame = front_matter.frame()
    for dialect in text_dialects():
        if dialect.detect(doc, context, frame):
            result = dialect.parse(doc, context, frame)
            if result.tickets:
                return result
    return FileResult()


__all__ = ["FRONT_MATTER", "dialect_names", "parse_document", "text_dialects"]
