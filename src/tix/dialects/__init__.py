"""The ticket styles tix reads, tried in order on every file.

``parse_document`` reads a file's front-matter first: when it names a ticket (an ``id`` or a
``status``), the file is a native ticket. Otherwise the front-matter only gives what the
file's tickets inherit, and the text styles are tried in turn: one ticket per file with field
lines, many tickets under headings, tickets as table rows, and last a one-ticket file named by
its file name alone. The first style that finds tickets wins; a file no style finds tickets in
holds none. Adding a style means adding a module with
a ``Dialect`` and listing it in ``text_dialects`` (``tix.dialects.styles``).
"""

from __future__ import annotations

from typing import Any

from tix.dialects.base import Dialect, FileResult, Frame, ParseContext, WorkspaceKnowledge

_FROM_STYLES = frozenset({"FRONT_MATTER", "dialect_names", "parse_document", "text_dialects"})


def __getattr__(name: str) -> Any:
    """``parse_document`` and the style registry, loaded on first use (``tix.dialects.styles``
    imports the parsers, which a command answered from the index never needs)."""
    if name in _FROM_STYLES:
        from tix.dialects import styles

        return getattr(styles, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Dialect",
    "FileResult",
    "Frame",
    "ParseContext",
    "WorkspaceKnowledge",
    "parse_document",
]
