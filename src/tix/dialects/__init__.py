"""The ticket styles tix reads, tried in order on every file.

``parse_document`` reads a file's front-matter first: when it names a ticket (an ``id`` or a
``status``), the file is a native ticket. Otherwise the front-matter only gives what the
file's tickets inherit, and the text styles are tried in turn: one ticket per file with field
lines, many tickets under headings, tickets as table rows, and last a one-ticket file named by
its file name alone. The first style that finds tickets wins; a file no style finds tickets in
holds none. Adding a style means adding a module with
a ``Dialect`` and listing it in ``TEXT_DIALECTS``.
"""

from __future__ import annotations

from tix.dialects.base import Dialect, FileResult, Frame, ParseContext, WorkspaceKnowledge
from tix.dialects.frontmatter import FrontMatterDialect
from tix.dialects.sections import SectionsDialect
from tix.dialects.single import SingleTicketDialect
from tix.dialects.tables import TableDialect
from tix.document import Document

FRONT_MATTER = FrontMatterDialect()
TEXT_DIALECTS: tuple[Dialect, ...] = (
    SingleTicketDialect(),
    SectionsDialect(),
    TableDialect(),
    SingleTicketDialect(stem_ids=True),
)
DIALECT_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys([FRONT_MATTER.name, *(d.name for d in TEXT_DIALECTS)])
)


def parse_document(doc: Document, context: ParseContext) -> FileResult:
    """What ``doc`` holds: its tickets (none for a file that is not a ticket file)."""
    frame = Frame()
    front_matter = FRONT_MATTER.read(doc, context)
    if front_matter is not None:
        if front_matter.is_ticket:
            ticket = FRONT_MATTER.ticket(doc, context, front_matter)
            return FileResult(tickets=[ticket], dialect=FRONT_MATTER.name)
        frame = front_matter.frame()
    for dialect in TEXT_DIALECTS:
        if dialect.detect(doc, context, frame):
            result = dialect.parse(doc, context, frame)
            if result.tickets:
                return result
    return FileResult()


__all__ = [
    "DIALECT_NAMES",
    "Dialect",
    "FileResult",
    "Frame",
    "ParseContext",
    "WorkspaceKnowledge",
    "parse_document",
]
