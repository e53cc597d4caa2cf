"""Bold field lines, in all the forms people write them.

```
**Status:** 🔴 Todo␠␠
**Status**: Open
- **Status**: Blocked - Awaiting Budget Approval
> **Priority:** P1
**Priority:** 🔴 High | **Story Points:** 8 | **Status:** ✅ Done
```

``fields_on_line`` finds every ``name: value`` pair on one line with the spans of the name
and of the value. The value span stops before trailing white space, so the two spaces of a
Markdown line break stay outside it and survive any edit of the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tix.document import Line
from tix.fields import FieldNames

# Blockquote markers and a list bullet may come before the first field of a line.
_LINE_START = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+)?(?=\*\*)")
# ``**Name:**`` or ``**Name**:``, then the spaces before the value.
_FIELD = re.compile(
    r"\*\*(?P<name>[^*\n:|]{1,60}?)(?P<marker>[ \t]*:[ \t]*\*\*|\*\*[ \t]*:)(?P<space>[ \t]*)"
)
# `` | `` between two fields on one line.
_SEPARATOR = re.compile(r"[ \t]+\|[ \t]+(?=\*\*)")


@dataclass(frozen=True, slots=True)
class FieldLine:
    """One field: ``written`` as the file names it, ``name`` tix's canonical name (or None)."""

    written: str
    name: str | None
    value: str
    name_span: tuple[int, int]
    value_span: tuple[int, int]
    line: Line
    prefix: str = ""  # the line's list or quote marker (``- ``, ``> ``)


def fields_on_line(line: Line, names: FieldNames) -> list[FieldLine]:
    """The bold fields on ``line``, left to right (empty when it holds none)."""
    content = line.content
    start = _LINE_START.match(content)
    if start is None:
        return []
    found: list[FieldLine] = []
    position = start.end()
    while True:
        match = _FIELD.match(content, position)
        if match is None:
            break
        value_start = match.end()
        separator = _SEPARATOR.search(content, value_start)
        value_end = separator.start() if separator else len(content)
        value_end = value_start + len(content[value_start:value_end].rstrip())
        if value_end == value_start:
            # No value: the spaces after the name (a Markdown line break, say) are not the
            # value's; an edit fills the value in right after the name.
            value_start = value_end = match.end("marker")
        written = match.group("name").strip()
        found.append(
            FieldLine(
                written=written,
                name=names.canonical(written),
                value=content[value_start:value_end],
                name_span=(line.start + match.start("name"), line.start + match.end("name")),
                value_span=(line.start + value_start, line.start + value_end),
                line=line,
                prefix=content[: start.end()],
            )
        )
        if separator is None:
            break
        position = separator.end()
    return found
