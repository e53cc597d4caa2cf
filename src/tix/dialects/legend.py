"""Status legends: how a workspace explains its own emoji.

```
## Status Definitions            ## Legend
- 🔴 **Todo**: Not started       - ⬜ Not started
- 🟡 **In Progress**: ...        - 🔄 In progress
```

``learn_legend`` finds list items of an emoji and a status word under a heading that names a
legend (``Legend``, ``Status``, ``Status Definitions``, ``Status Icons``...), outside fenced
code, and returns ``(emoji, status key)`` pairs for the words the vocabulary understands. The
workspace then reads those emoji as those statuses, and shows (and later writes) the
workspace's own emoji for each status.
"""

from __future__ import annotations

import re

from tix.document import Document
from tix.vocabulary import StatusVocabulary, is_emoji_char, normalize_emoji, strip_markup

_LEGEND_HEADING = re.compile(r"legend|status|icons|\bkey\b", re.IGNORECASE)
_QUICK = re.compile(r"(?im)^ {0,3}#{1,6}[^\n]*(?:legend|status|icons|\bkey\b)")
_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?P<emoji>\S+)[ \t]+(?P<label>.+?)[ \t]*$")
_LABEL_END = re.compile(r"\*\*[ \t]*:|:\*\*|[ \t]+[-–—:][ \t]|:[ \t]|:$")


def learn_legend(doc: Document, statuses: StatusVocabulary) -> list[tuple[str, str]]:
    """``(emoji, status key)`` pairs explained by legends in ``doc``, in order."""
    # A legend has emoji, and a heading naming it: most files have neither, known in C first.
    if doc.text.isascii() or _QUICK.search(doc.text) is None:
        return []
    from tix.markdown import heading_of, scan  # only for the files that may hold a legend

    learned: list[tuple[str, str]] = []
    in_legend = False
    for scanned in scan(doc):
        if scanned.in_code:
            continue
        heading = heading_of(scanned.line)
        if heading is not None:
            in_legend = _LEGEND_HEADING.search(heading.title) is not None
            continue
        if not in_legend:
            continue
        item = _ITEM.match(scanned.line.content)
        if item is None or not all(is_emoji_char(c) for c in item.group("emoji")):
            continue
        label = item.group("label")
        cut = _LABEL_END.search(label)
        label = strip_markup(label[: cut.start()] if cut else label)
        match = statuses.resolve(label) if label else None
        if match is not None:
            learned.append((normalize_emoji(item.group("emoji")), match.status.key))
    return learned
