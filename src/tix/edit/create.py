"""New tickets, written the way the tickets already there are written.

``next_id`` continues the workspace's numbering: ``DANUBE-032`` after ``DANUBE-031`` (same
prefix, same zero padding), ``9.5`` after ``9.4``.

A ticket added to a file of many tickets copies the last ticket of that file (or of the
epic asked for): the same heading level and separator, the same field lines in the same
order with the same bold style and trailing spaces, the same sub-sections left empty, the
same separator lines after it. Fields the new ticket does not set keep the template's "none"
words (``None``, ``Unassigned``) or are left empty. A table row copies the last row, cell
padding included. A ticket in a file of its own is native front-matter, in the key order and
body layout of the other front-matter tickets of its folder.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tix.dialects import ParseContext
from tix.dialects.fieldlines import fields_on_line
from tix.dialects.tables import split_row
from tix.document import Document, Edit, Line
from tix.edit.frontmatter import front_matter_entry
from tix.edit.tables import cell_edit, column_widths, escape_cell
from tix.edit.textfields import DEFAULT_NAMES, LineStyle, field_lines
from tix.fields import CANONICAL_FIELDS, as_number, is_none_word
from tix.markdown import heading_of, is_thematic_break, scan
from tix.model import Ticket

_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)(?P<suffix>\D*)$")


def next_id(family_sample: str, all_ids: Sequence[str]) -> str:
    """The id after the highest of ``all_ids`` numbered like ``family_sample``."""
    match = _NUMBERED.match(family_sample)
    if match is None:
        raise ValueError(f"{family_sample!r} has no number to continue")
    prefix, suffix, digits = match.group("prefix"), match.group("suffix"), match.group("number")
    highest = 0
    for ticket_id in all_ids:
        other = _NUMBERED.match(ticket_id)
        if other and other.group("prefix") == prefix and other.group("suffix") == suffix:
            highest = max(highest, int(other.group("number")))
    width = len(digits) if digits.startswith("0") else 0
    return f"{prefix}{highest + 1:0{width}d}{suffix}"


def slug(title: str, limit: int = 48) -> str:
    """``add-audit-log`` from ``Add audit log!``: ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    text = "-".join(words)
    return text[:limit].rstrip("-")


@dataclass
class NewTicket:
    """What a new ticket says, in text (field name -> value as it will be written)."""

    ticket_id: str
    title: str
    values: dict[str, str]
    extra: dict[str, str]


def section_ticket_edit(
    doc: Document, context: ParseContext, template: Ticket, new: NewTicket
) -> Edit:
    """Append ``new`` after the section of ``template``, copying its layout."""
    heading_span = template.spans["heading"]
    first = doc.line_number(heading_span[0])
    end_offset = template.spans["body"][1]
    last = doc.line_number(end_offset - 1) if end_offset > heading_span[0] else first
    hits = field_lines(doc, context, template)
    field_line_numbers = {hit.line.number for hit in hits}
    # A reason for being blocked belongs to that ticket's state, not to the file's layout.
    reasons = {hit.line.number for hit in hits if hit.name == "blocked_reason"}
    if new.values.get("blocked_reason"):
        reasons.clear()
    nothing = _none_words(doc, context)
    heading_line = doc.line(first)
    out: list[str] = [
        _heading(heading_line.content, template, new) + (heading_line.ending or doc.newline)
    ]
    pending = dict(new.values)
    if not _heading_has_title(heading_line.content, template):
        pending["title"] = new.title  # ``#### TICKET-006`` + ``**Summary:**``: a title field
    pending_extra = dict(new.extra)
    last_field_index: int | None = None
    blank = False
    for scanned in scan(doc, first + 1, last):
        line = scanned.line
        ending = line.ending or doc.newline
        if line.number in reasons and not scanned.in_code:
            continue
        if line.number in field_line_numbers and not scanned.in_code:
            out.append(_field_line(line, context, pending, pending_extra, nothing) + ending)
            last_field_index = len(out)
            blank = False
        elif not scanned.in_code and (heading_of(line) or is_thematic_break(line)):
            out.append(line.content + ending)
            blank = False
        elif not line.content.strip():
            if not blank:
                out.append(ending)
            blank = True
    leftovers = [(DEFAULT_NAMES.get(n, n), v) for n, v in pending.items() if v]
    leftovers += list(pending_extra.items())
    if leftovers:
        style = LineStyle.of(hits[-1], doc) if hits else LineStyle(ending=doc.newline)
        spaced = any(b.line.number - a.line.number == 2 for a, b in itertools.pairwise(hits))
        lines = [style.render(name, value) for name, value in leftovers]
        if spaced:
            lines = [style.ending + line for line in lines]
        where = last_field_index if last_field_index is not None else 1
        out[where:where] = lines
    text = "".join(out)
    if end_offset > 0 and not doc.text[:end_offset].endswith(("\n", "\r")):
        text = doc.newline + doc.newline + text  # the file ended without a line break
    elif end_offset > 0 and doc.line(doc.line_number(end_offset - 1)).content.strip():
        text = doc.newline + text  # keep a blank line between the tickets
    return Edit(end_offset, end_offset, text)


def _heading_has_title(content: str, template: Ticket) -> bool:
    rest = content[content.index(template.id) + len(template.id) :]
    return bool(template.title) and rest.rstrip().endswith(template.title)


def _heading(content: str, template: Ticket, new: NewTicket) -> str:
    position = content.index(template.id)
    prefix = content[:position]
    rest = content[position + len(template.id) :]
    if _heading_has_title(content, template):
        separator = rest[: len(rest.rstrip()) - len(template.title)]
        return f"{prefix}{new.ticket_id}{separator}{new.title}"
    return f"{prefix}{new.ticket_id}{rest}"


def _none_words(doc: Document, context: ParseContext) -> dict[str, str]:
    """How the file says "nothing" in each field (``None`` for dependencies, ...)."""
    found: dict[str, str] = {}
    for scanned in scan(doc):
        if scanned.in_code or "**" not in scanned.line.content:
            continue
        for hit in fields_on_line(scanned.line, context.field_names):
            if hit.name is not None and hit.value and is_none_word(hit.value):
                found.setdefault(hit.name, hit.value)
    return found


def _field_line(
    line: Line,
    context: ParseContext,
    values: dict[str, str],
    extra: dict[str, str],
    nothing: Mapping[str, str],
) -> str:
    """The template's field line with the new ticket's values (or the file's "nothing")."""
    content = line.content
    hits = fields_on_line(line, context.field_names)
    pieces: list[str] = []
    cursor = line.start
    for hit in hits:
        old = content[hit.value_span[0] - line.start : hit.value_span[1] - line.start]
        if hit.name is not None and hit.name in values:
            value = values.pop(hit.name)
        elif hit.name is None and hit.written in extra:
            value = extra.pop(hit.written)
        elif hit.name is not None and hit.name in nothing:
            value = nothing[hit.name]  # the file's way of saying "nothing" for this field
        elif is_none_word(old) and old:
            value = old
        else:
            value = ""
        start = hit.value_span[0]
        if not value:  # no value: no space after the name either
            while start > cursor and content[start - line.start - 1] in " \t":
                start -= 1
        pieces.append(content[cursor - line.start : start - line.start])
        pieces.append(value)
        cursor = hit.value_span[1]
    pieces.append(content[cursor - line.start :])
    return "".join(pieces)


def table_row_edit(doc: Document, template: Ticket, columns: Mapping[str, str]) -> Edit:
    """A row after ``template``'s row: the same cells (and widths, in an aligned table), with
    the new ticket's values and every other cell empty."""
    row = doc.line(doc.line_number(template.spans["row"][0]))
    row_doc = Document(row.content + "\n")
    widths = column_widths(doc, row)
    names = {
        span: name
        for name, span in template.spans.items()
        if ":" not in name and "." not in name and name not in ("row", "ticket", "body")
    }
    edits = []
    for cell in split_row(row) or []:
        name = names.get((cell.start, cell.end))
        local = (cell.start - row.start, cell.end - row.start)
        edits.append(
            cell_edit(
                row_doc, local, escape_cell(columns.get(name, "") if name else ""), widths=widths
            )
        )
    text = row_doc.apply(edits).text.removesuffix("\n")
    ending = row.ending or doc.newline
    if not row.ending:
        return Edit(row.end, row.end, ending + text)
    return Edit(row.next_start, row.next_start, text + ending)


def frontmatter_text(
    new: NewTicket,
    template: Ticket | None,
    template_doc: Document | None,
    newline: str,
    body_text: str | None = None,
) -> str:
    """A native ticket file: front-matter in the template's key order, then ``body_text``, or
    the template's headings as an empty body."""
    order = list(CANONICAL_FIELDS)
    if template is not None:
        keyed = sorted(
            (span[0], name.removesuffix(".key"))
            for name, span in template.spans.items()
            if name.endswith(".key") and not name.startswith("extra:")
        )
        known = [name for _, name in keyed]
        order = known + [name for name in order if name not in known]
    values = {"id": new.ticket_id, "title": new.title, **new.values}
    lines = ["---"]
    for name in order:
        if values.get(name):
            text = values[name]
            if name == "points" and as_number(text) is not None:
                lines.append(f"{name}: {text}")  # a number stays a number
                continue
            lines.append(front_matter_entry(name, _yaml_field(name, text)))
    lines += [front_matter_entry(name, value) for name, value in new.extra.items()]
    lines.append("---")
    if body_text is not None:
        text = body_text.replace("\r\n", "\n").strip("\n")
        return (
            newline.join(lines)
            + newline
            + (newline + newline.join(text.split("\n")) + newline if text else "")
        )
    body = ["", "## Acceptance Criteria"]
    if template is not None and template_doc is not None:
        start = template.spans["body"][0]
        headings = [
            s.line.content
            for s in scan(template_doc, template_doc.line_number(start))
            if not s.in_code and heading_of(s.line) is not None
        ]
        if headings:
            body = []
            for heading in headings:
                body += ["", heading]
    return newline.join(lines + body) + newline


def _yaml_field(name: str, value: str) -> str | list[str]:
    if name in ("labels", "depends_on"):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value
