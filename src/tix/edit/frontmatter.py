"""Edits for native front-matter tickets: one YAML value at a time, in its own span.

Comments, key order, quoting style and the body are never touched. A value is written in the
quoting style it had (plain, ``'single'`` or ``"double"``), falling back to double quotes only
when a plain value would read differently. A flow list (``[a, b]``) stays a flow list and a
block list (``- a`` lines) stays a block list with its indentation. A new key goes after the
key it belongs with (``blocked_reason`` after ``status``) or at the end of the front-matter;
a removed key takes its whole line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tix.document import Document, Edit
from tix.edit.textfields import FieldValue
from tix.model import Ticket
from tix.yamlmap import read_plain_mapping

_AFTER = {"blocked_reason": "status"}


def frontmatter_edits(
    doc: Document, ticket: Ticket, changes: Mapping[str, FieldValue]
) -> list[Edit]:
    edits: list[Edit] = []
    inserts: dict[int, list[str]] = {}
    for name, value in changes.items():
        span = ticket.spans.get(name)
        key_span = ticket.spans.get(f"{name}.key")
        if span is not None and key_span is not None:
            if value is None:
                edits.append(_remove_entry(doc, key_span, span))
            else:
                if isinstance(value, list) and doc.text[span[0] : span[1]].startswith("-"):
                    span = _with_last_comment(doc, span)  # it goes with the last item
                if name == "points" and isinstance(value, str) and _is_number(value):
                    text = value  # a number, as YAML reads it, whatever was there before
                else:
                    text = yaml_value(value, doc.text[span[0] : span[1]], doc, span[0])
                if span[0] == span[1] and doc.text[span[0] - 1 : span[0]] == ":":
                    text = " " + text  # "priority:" had no value at all
                edits.append(Edit(*span, text))
        elif value is not None:
            anchor = ticket.spans.get(_AFTER.get(name, ""))
            if anchor is not None:
                position = doc.line(doc.line_number(anchor[1])).next_start
            else:
                position = ticket.spans["front_matter"][1]
            line = doc.line(doc.line_number(max(position - 1, 0)))
            ending = line.ending or doc.newline
            key = name.removeprefix("extra:")
            if name == "points" and isinstance(value, str) and _is_number(value):
                text = value
            else:
                text = yaml_value(value, "", doc, position)
            inserts.setdefault(position, []).append(f"{key}: {text}{ending}")
    edits.extend(Edit(position, position, "".join(lines)) for position, lines in inserts.items())
    return edits


def _remove_entry(doc: Document, key_span: tuple[int, int], value_span: tuple[int, int]) -> Edit:
    first = doc.line(doc.line_number(key_span[0]))
    last = doc.line(doc.line_number(max(value_span[1] - 1, value_span[0])))
    return Edit(first.start, last.next_start, "")


def yaml_value(value: FieldValue, original: str, doc: Document, offset: int) -> str:
    """YAML text for ``value``, in the style of the ``original`` text it replaces. A list's
    items that were there already keep their text (quotes, and in a block list their line
    with its comment); new items are written like the first one."""
    if isinstance(value, list):
        if original.lstrip().startswith("-"):
            line = doc.line(doc.line_number(offset))
            indent = " " * (offset - line.start)
            ending = line.ending or doc.newline
            kept = _block_items(original)
            style = next(iter(kept.values()), "- ")[2:3] if kept else ""
            items = [kept.get(item) or f"- {_scalar(item, style, in_list=True)}" for item in value]
            return (ending + indent).join(items) if items else "[]"
        if original and not original.startswith("["):
            return _scalar(", ".join(value), original)
        kept = _flow_items(original)
        style = next(iter(kept.values()), "")[:1]
        written = [kept.get(item) or _scalar(item, style, in_list=True) for item in value]
        return "[" + ", ".join(written) + "]"
    return _scalar(value or "", original)


def list_items(original: str) -> list[str] | None:
    """The items of a YAML list (flow or block) as their values, in order: ``None`` when
    ``original`` is no list tix can read item by item."""
    if original.lstrip().startswith("-"):
        kept = _block_items(original)
    elif original.startswith("["):
        kept = _flow_items(original)
    else:
        return None
    return list(kept) or None


def _with_last_comment(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    """A block list's span with the comment after its last item (``- auth  # why``)."""
    line = doc.line(doc.line_number(max(span[1] - 1, span[0])))
    rest = doc.text[span[1] : line.end]
    return (span[0], line.end) if rest.strip().startswith("#") else span


def _item_value(written: str) -> str | None:
    """The text a list item written as ``written`` stands for, or ``None`` when it is not one
    plain or quoted scalar (a nested list or mapping, an alias: rewritten, not kept)."""
    reading = _reading(written, in_list=True)
    if isinstance(reading, dict) and isinstance(reading.get("k"), list) and len(reading["k"]) == 1:
        item = reading["k"][0]
        return item if isinstance(item, str) else str(item)
    return None


def _block_items(original: str) -> dict[str, str]:
    """Each item of a block list (``- a  # note`` lines) by its value: its line as written,
    from the ``-``, comment included."""
    kept: dict[str, str] = {}
    for line in original.splitlines():
        content = line.strip()
        if not content.startswith("- "):
            return {}  # a nested or folded item: nothing is kept as written
        value, _, _ = content[2:].partition(" #")
        item = _item_value(value.strip())
        if item is None:
            return {}
        kept.setdefault(item, content)
    return kept


def _flow_items(original: str) -> dict[str, str]:
    """Each item of a one-line flow list (``["X-2", 'X-3']``) by its value, as written."""
    if not (original.startswith("[") and original.endswith("]")) or "\n" in original:
        return {}
    kept: dict[str, str] = {}
    for part in _split_flow(original[1:-1]):
        item = _item_value(part)
        if item is None:
            return {}
        kept.setdefault(item, part)
    return kept


def _split_flow(inner: str) -> list[str]:
    """The items of a flow list's inside, split at commas outside quotes."""
    parts, current, quote = [], "", ""
    for char in inner:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current += char
        elif char == ",":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    return parts


def _is_number(text: str) -> bool:
    """Whether ``text`` written plain reads as that number (``3``, ``2.5``)."""
    reading = _reading(text)
    value = reading.get("k") if isinstance(reading, dict) else None
    return isinstance(value, int | float) and not isinstance(value, bool) and str(value) == text


def front_matter_entry(key: str, value: object) -> str:
    """One ``key: value`` line of a new front-matter: the key quoted only when it would not
    read back plain (``"Note: internal"``), numbers and booleans as YAML writes them, a
    mapping as JSON (which YAML reads), a list as a flow list, text plain when it can be."""
    written_key = key if _plain_is_safe(key, False) else json.dumps(key, ensure_ascii=False)
    if isinstance(value, bool):
        return f"{written_key}: {str(value).lower()}"
    if isinstance(value, int | float):
        return f"{written_key}: {value}"
    if isinstance(value, dict):
        return f"{written_key}: {json.dumps(value, ensure_ascii=False, default=str)}"
    if isinstance(value, list):
        return f"{written_key}: {yaml_value([str(v) for v in value], '', Document(''), 0)}"
    return f"{written_key}: {yaml_value(str(value), '', Document(''), 0)}"


def _scalar(text: str, original: str, *, in_list: bool = False) -> str:
    if original.startswith("'") and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if original.startswith('"'):
        return json.dumps(text, ensure_ascii=False)
    if _plain_is_safe(text, in_list) or _same_number(text, original):
        return text
    return json.dumps(text, ensure_ascii=False)


_UNREADABLE = object()
_DIGITS = frozenset("0123456789")


def _reading(text: str, *, in_list: bool = False) -> Any:
    """What a YAML reader makes of ``k: text`` (or ``k: [text]``), ``_UNREADABLE`` when it
    refuses it. Read without PyYAML when it is written plainly (``tix.yamlmap``), but for
    a date, which that reader keeps as text and other YAML readers make a date of."""
    source = f"k: [{text}]" if in_list else f"k: {text}"
    if text[:1] not in _DIGITS:
        mapping = read_plain_mapping(source)
        if mapping is not None:
            return mapping.as_dict()
    import yaml

    try:
        return yaml.safe_load(source)
    except (yaml.YAMLError, ValueError):
        return _UNREADABLE


def _same_number(text: str, original: str) -> bool:
    """A number replacing a plain number stays a plain number (``points: 5`` -> ``8``)."""
    old, new = _reading(original), _reading(text)
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return False
    number = (int, float)
    old_value, new_value = old.get("k"), new.get("k")
    return (
        isinstance(old_value, number)
        and not isinstance(old_value, bool)
        and isinstance(new_value, number)
        and not isinstance(new_value, bool)
        and str(new_value) == text
    )


def _plain_is_safe(text: str, in_list: bool) -> bool:
    """Whether ``text`` written plain reads back as the same string."""
    if not text or text != text.strip():
        return False
    if _reading(text) != {"k": text}:
        return False
    return not in_list or _reading(text, in_list=True) == {"k": [text]}
