"""Text damaged by a wrong decode, found and repaired.

When UTF-8 is read as Windows-1252 or Mac Roman and saved again, each multi-byte character
becomes a run of accented letters and symbols: ``🟡`` turns into ``ðŸŸ¡`` or ``\uf8ffü\x9f°``
style runs, ``⬜`` into ``â¬œ`` or ``‚¨ú``. ``find_damage`` looks at every run of non-ASCII
characters and checks whether encoding it back with one of those code pages gives valid UTF-8
that is shorter: that is the original text, and the repair. Text that is really meant (``é``,
``—``, ``日本``, emoji) never passes that test, since it does not encode to valid UTF-8 bytes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tix.document import Document

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


class Damage(NamedTuple):
    """One damaged run: ``doc.text[start:end]`` should read ``repaired``."""

    start: int
    end: int
    damaged: str
    repaired: str
    codec: str


def _cp1252_bytes(text: str) -> bytes | None:
    """Windows-1252, with the five bytes it leaves undefined passed through as Latin-1."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:
                out.append(ord(char))
            else:
                return None
    return bytes(out)


def _mac_roman_bytes(text: str) -> bytes | None:
    try:
        return text.encode("mac_roman")
    except UnicodeEncodeError:
        return None


_CODECS = (("cp1252", _cp1252_bytes), ("mac_roman", _mac_roman_bytes))


def repair_run(run: str) -> tuple[str, str] | None:
    """``(repaired, codec)`` when ``run`` is UTF-8 mis-decoded with a known code page."""
    for name, encode in _CODECS:
        raw = encode(run)
        if raw is None:
            continue
        try:
            repaired = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if repaired != run and len(repaired) < len(run):
            return repaired, name
    return None


def find_damage(doc: Document) -> list[Damage]:
    """Every damaged run in ``doc``, in order."""
    if doc.text.isascii():  # most files, known in C at once: damage is a run of non-ASCII
        return []
    found = []
    for match in _NON_ASCII_RUN.finditer(doc.text):
        repaired = repair_run(match.group(0))
        if repaired is not None:
            found.append(Damage(match.start(), match.end(), match.group(0), *repaired))
    return found


class DamageAt(NamedTuple):
    """A damaged run where a person finds it (1-based line and column), as the index keeps it."""

    line: int
    column: int
    damaged: str
    repaired: str
    codec: str


def locate_damage(doc: Document) -> list[DamageAt]:
    """Every damaged run in ``doc`` with its line and column."""
    return [
        DamageAt(*doc.position(d.start), d.damaged, d.repaired, d.codec) for d in find_damage(doc)
    ]


def repair(doc: Document) -> tuple[Document, list[Damage]]:
    """``doc`` with every damaged run replaced by what it should read, and the runs."""
    from tix.document import Edit

    damage = find_damage(doc)
    return doc.apply(Edit(d.start, d.end, d.repaired) for d in damage), damage
