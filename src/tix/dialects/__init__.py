"""The ticket styles tix reads, tried in order on every file.

``parse_document`` asks each dialect whether it recognises a file and lets the first that
does read it. A file no dialect recognises holds no tickets. Adding a style means adding a
module with a ``Dialect`` and listing it in ``DIALECTS``.
"""

from __future__ import annotations

from tix.dialects.base import Dialect, ParseContext, WorkspaceKnowledge
from tix.dialects.frontmatter import FrontMatterDialect
from tix.document import Document
from tix.model import Ticket

DIALECTS: tuple[Dialect, ...] = (FrontMatterDialect(),)


def parse_document(doc: Document, context: ParseContext) -> list[Ticket]:
    """The tickets ``doc`` holds (``[]`` for a file that is not a ticket file)."""
    for dialect in DIALECTS:
        if dialect.detect(doc, context):
            return dialect.parse(doc, context)
    return []


__all__ = ["DIALECTS", "Dialect", "ParseContext", "WorkspaceKnowledge", "parse_document"]
