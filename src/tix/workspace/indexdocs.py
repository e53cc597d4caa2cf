"""Index documents: files that only repeat tickets kept in files of their own.

Ticket folders often hold an ``ALL_TICKETS.md``, a Kanban page or a status report listing
the same tickets again, in a style tix can read. Reading them as tickets would make every
ticket a duplicate. A file holding many tickets (sections or table rows) is an index document
when its tickets link to their own files (``**File:** .tickets/TICKET-001-x.md``), or when at
least half of its ids are also defined by one-ticket files of the workspace. ``tix init``
writes the ones it finds into the config's ``exclude``.
"""

from __future__ import annotations

from collections.abc import Mapping

from tix.dialects.base import FileShape

MANY_TICKET_STYLES = frozenset({"sections", "table"})
ONE_TICKET_STYLES = frozenset({"frontmatter", "fields"})


def find_index_documents(files: Mapping[str, FileShape]) -> set[str]:
    """The paths among ``files`` (what each holds) that are index documents."""
    own_files = {
        ticket_id
        for shape in files.values()
        if shape.dialect in ONE_TICKET_STYLES
        for ticket_id in shape.ids
    }
    found: set[str] = set()
    for path, shape in files.items():
        if shape.dialect not in MANY_TICKET_STYLES or not shape.ids:
            continue
        ids = set(shape.ids)
        if shape.links_to_ticket_files or 2 * len(ids & own_files) >= len(ids) > 0 < len(own_files):
            found.add(path)
    return found
