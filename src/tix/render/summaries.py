"""The compact JSON text of ticket summaries, written straight from the tickets.

``tix list --json`` into a pipe prints every ticket's ``Ticket.summary()``; at 10,000 tickets
making those dicts and handing them to ``json.dumps`` took about 60 ms (Python 3.11's C encoder
keeps every key, colon, value and comma as a string of its own before joining them). This
module writes the same text, byte for byte, from the tickets' fields: each string through the
C string encoder ``json.dumps`` itself uses, each object from one format string, about half
the time. A ticket whose fields hold something other than what the model declares (a string,
``None``, a list of strings, a number) is written from its summary by ``json.dumps`` instead,
so the text is always what ``json.dumps([t.summary() for t in tickets])`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring  # C, as json.dumps(ensure_ascii=False) uses it

from tix.model import Ticket

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def summaries_json(tickets: Iterable[Ticket]) -> str:
    """``json.dumps([t.summary() for t in tickets], ensure_ascii=False,
    separators=(",", ":"))``, made faster."""
    return "[" + ",".join(map(summary_json, tickets)) + "]"


def summary_json(ticket: Ticket) -> str:
    """The compact JSON object of ``ticket.summary()``."""
    text = encode_basestring  # raises TypeError for anything but a str
    try:
        return (
            f'{{"id":{text(ticket.id)},"title":{text(ticket.title)},'
            f'"status":{text(ticket.status)},"status_text":{_optional(ticket.status_text)},'
            f'"priority":{_optional(ticket.priority)},"assignee":{_optional(ticket.assignee)},'
            f'"epic":{_optional(ticket.epic)},"sprint":{_optional(ticket.sprint)},'
            f'"milestone":{_optional(ticket.milestone)},'
            f'"labels":{_texts(ticket.labels)},"depends_on":{_texts(ticket.depends_on)},'
            f'"estimate":{_optional(ticket.estimate)},"points":{_number(ticket.points)},'
            f'"path":{text(ticket.path)},"line":{_whole(ticket.line)},'
            f'"dialect":{text(ticket.dialect)},"criteria_total":{len(ticket.criteria)},'
            f'"criteria_done":{ticket.criteria_done}}}'
        )
    except TypeError:  # a field of another type than declared: let json.dumps decide
        return _dumps(ticket.summary())


def _optional(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _texts(values: list[str]) -> str:
    return "[" + ",".join(map(encode_basestring, values)) + "]" if values else "[]"


def _whole(value: int) -> str:
    if type(value) is not int:  # a bool or a float is written otherwise
        raise TypeError(value)
    return str(value)


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    return str(value) if type(value) is int else _dumps(value)
