"""Top-level YAML mappings (front-matter, ``.tix.yaml``) with the position of every key and
value, read without PyYAML when they are written plainly.

Most front-matter is ``key: value`` lines at the left margin, each value plain (``todo``,
``3``, ``Sprint 2``), quoted on one line (``'a: b'``, ``"x"``) or a one-line flow list of
plain values (``[A-1, A-2]``), with blank and comment lines between. ``load_mapping`` reads
those here, a line at a time, and gives each plain value the meaning PyYAML gives it (YAML
1.1: ``yes`` is true, ``3`` a number, ``2024-05-01`` a date kept as written). Everything
else (nested and block values, anchors, tags, escapes, values over several lines, tabs, and
whatever YAML refuses) is left whole to PyYAML (``tix.yamlnodes``), which also reports the
errors. Both give the same ``YamlMapping``, spans included; a property test holds them
together. A cold load of plain front-matter then never imports PyYAML, and reads each
front-matter in less than half the time (22 µs instead of 52 for ten keys).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

# The largest number of nodes a value may expand to (aliases count every time they are used).
NODE_BUDGET = 20_000


class YamlEntry(NamedTuple):
    """One top-level ``key: value`` pair; spans are offsets in the whole document.
    ``written`` is the value as written when YAML reads it as a boolean or a number (``no``,
    ``1.10``), for fields that are text whatever they look like. (A named tuple: a third of
    the time of a frozen dataclass to make, and a front-matter makes ten.)"""

    key: str
    value: Any
    key_span: tuple[int, int]
    value_span: tuple[int, int]
    line: int
    col: int
    written: str | None = None


@dataclass(frozen=True, slots=True)
class YamlMapping:
    """The top-level mapping, or ``entries == []`` for an empty document."""

    entries: list[YamlEntry]

    def as_dict(self) -> dict[str, Any]:
        return {entry.key: entry.value for entry in self.entries}


def load_mapping(
    text: str,
    *,
    path: str | None = None,
    base_offset: int = 0,
    base_line: int = 1,
    what: str = "front-matter",
) -> YamlMapping:
    """Parse ``text`` (which starts at ``base_offset`` / line ``base_line`` of its file); a
    ``TixError`` with the line and column of what is wrong."""
    mapping = read_plain_mapping(text, base_offset=base_offset, base_line=base_line)
    if mapping is not None:
        return mapping
    from tix.yamlnodes import compose_mapping  # PyYAML, for what is not written plainly

    return compose_mapping(text, path=path, base_offset=base_offset, base_line=base_line, what=what)


# Characters the plain reader leaves to PyYAML: those YAML does not print, tabs, the byte
# order mark and the line breaks of YAML 1.1 other than \n and \r (\x85, \u2028, \u2029).
# (Listed rather than what it takes, which is 5 ms to compile.)
_NOT_PLAIN_TEXT = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
# ``key:`` at the left margin, then spaces and the value, or nothing. A key that starts with
# an indicator, holds a quote, a flow or comment character, or ends in a space is PyYAML's.
_ENTRY = re.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}'\"]*):(?: +|$)")
_MAX_KEY_LENGTH = 1024  # YAML's limit on an implicit key
# What may follow a value on its line: spaces, then maybe a comment.
_AFTER_VALUE = re.compile(r"(?: +(?:#.*)?)?")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')  # no escapes
_FLOW_LIST = re.compile(r"\[([^\[\]{}#'\":?]*)\]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")

# YAML 1.1's implicit types, as PyYAML resolves a plain scalar (``yaml.resolver``); only
# values that start with one of these characters can be anything but text. (Dates need no
# rule: tix keeps them as written, as text.)
_MAY_BE_TYPED = frozenset("yYnNtTfFoO-+0123456789.~<=")
_NUMBER_FIRST = frozenset("-+0123456789.")
_BOOL = re.compile(r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF")
_TRUE = frozenset({"yes", "true", "on"})
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
_INT = re.compile(
    r"[-+]?0b[0-1_]+"
    r"|[-+]?0[0-7_]+"
    r"|[-+]?(?:0|[1-9][0-9_]*)"
    r"|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_NULL = re.compile(r"~|null|Null|NULL")
# The numbers made here; PyYAML makes the others (octal, hex, sexagesimal, underscores, inf).
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?")


class _NotPlain(Exception):
    """The text is not written plainly enough to be read here: PyYAML reads it."""


def read_plain_mapping(
    text: str, *, base_offset: int = 0, base_line: int = 1
) -> YamlMapping | None:
    """``text`` read as PyYAML would (see the module), or ``None`` when it is not written
    plainly and only PyYAML may read it."""
    if _NOT_PLAIN_TEXT.search(text) or text.count("\r") != text.count("\r\n"):
        return None
    entries: list[YamlEntry] = []
    keys: set[str] = set()
    items = 0  # in flow lists
    end = base_offset  # of the line before, in the file
    try:
        for number, line in enumerate(text.split("\n"), base_line):
            start, end = end, end + len(line) + 1
            if line[-1:] == "\r":
                line = line[:-1]
            if not line.strip(" ") or line[0] == "#":
                continue  # a blank or comment line
            entry = _ENTRY.match(line)
            if entry is None or line.startswith("..."):
                return None
            key = entry[1]
            if key[-1] == " " or len(key) > _MAX_KEY_LENGTH or key in keys:
                return None
            if key[0] in _MAY_BE_TYPED and _plain_scalar(key) != (key, None):
                return None  # a key YAML reads as a number, true...
            keys.add(key)
            value, written, (low, high), size = _value(line, entry.end(), len(key) + 1)
            items += size
            entries.append(
                YamlEntry(
                    key,
                    value,
                    (start, start + len(key)),
                    (start + low, start + high),
                    number,
                    1,
                    written,
                )
            )
    except _NotPlain:
        return None
    if 2 * len(entries) + items > NODE_BUDGET:
        return None
    return YamlMapping(entries)


def _value(line: str, at: int, colon_end: int) -> tuple[Any, str | None, tuple[int, int], int]:
    """The value that starts at ``at`` of ``line``: what it means, how it is written when
    YAML reads it as a boolean or a number, its span in the line, and how many list items
    it holds. ``_NotPlain`` when it is not written plainly."""
    rest = line[at:]
    if not rest or rest[0] == "#":  # no value: YAML's null, placed just after the colon
        return None, None, (colon_end, colon_end), 0
    first = rest[0]
    if first in "'\"[":
        quoted = (
            _SINGLE_QUOTED if first == "'" else _DOUBLE_QUOTED if first == '"' else _FLOW_LIST
        ).match(rest)
        if quoted is None or not _AFTER_VALUE.fullmatch(rest, quoted.end()):
            raise _NotPlain
        span = (at, at + quoted.end())
        if first == "'":
            return quoted[1].replace("''", "'"), None, span, 0
        if first == '"':
            return quoted[1], None, span, 0
        items = _flow_items(quoted[1])
        return items, None, span, len(items)
    if first in _INDICATORS:
        raise _NotPlain
    comment = rest.find(" #")
    plain = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ": " in plain or plain.endswith(":"):
        raise _NotPlain  # YAML refuses it
    value, written = _plain_scalar(plain)
    return value, written, (at, at + len(plain)), 0


def _flow_items(inside: str) -> list[Any]:
    """The values of a flow list, ``inside`` its brackets (a trailing comma allowed)."""
    if not inside.strip(" "):
        return []
    items = [item.strip(" ") for item in inside.split(",")]
    if not items[-1]:  # after a trailing comma
        items.pop()
    values = []
    for item in items:
        if not item or item[0] in _INDICATORS:
            raise _NotPlain
        values.append(_plain_scalar(item)[0])
    return values


def _plain_scalar(text: str) -> tuple[Any, str | None]:
    """What a plain scalar means to PyYAML, and ``text`` itself when that is a boolean or a
    number. ``_NotPlain`` for the numbers and tags left to PyYAML."""
    first = text[0]
    if first not in _MAY_BE_TYPED:
        return text, None
    if first in _NUMBER_FIRST:
        if _FLOAT.fullmatch(text):
            if _DECIMAL_FLOAT.fullmatch(text):
                return float(text), text
            raise _NotPlain
        if _INT.fullmatch(text):
            if _DECIMAL.fullmatch(text):
                return int(text), text
            raise _NotPlain
        return text, None  # text, or a date: tix keeps dates as written, so text either way
    if _BOOL.fullmatch(text):
        return text.lower() in _TRUE, text
    if _NULL.fullmatch(text):
        return None, None
    if text in ("<<", "="):  # merge keys and the value tag
        raise _NotPlain
    return text, None
