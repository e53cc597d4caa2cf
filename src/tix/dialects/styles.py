"""The ticket styles tix reads, in the order they are tried, and ``parse_document``.

See ``tix.dialects`` for how a file's style is chosen. Importing this module loads every
parser (and YAML), so the package imports it only when a file must really be parsed: a
command answered from the index never does.
"""

from __future__ import annotations

from tix.dialects.base import Dialect, FileResult, Frame, ParseContext
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


__all__ = ["DIALECT_NAMES", "FRONT_MATTER", "TEXT_DIALECTS", "parse_document"]
