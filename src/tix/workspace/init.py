"""``tix init``: look at a folder and write the configuration that describes it.

``survey`` loads the folder as tix sees it with no configuration and records what it found:
the ticket styles in use, the index documents and templates to leave out, the status emoji
the folder's legends explain, the id pattern, status words tix did not understand, and a
table mapping milestones to epics.
``render_config`` turns that into a commented ``.tix.yaml`` a person can read and edit.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tix.errors import TixError
from tix.markdown import scan
from tix.model import DEFAULT_ID_PATTERN, Milestone, Status, fold
from tix.vocabulary import strip_markup
from tix.workspace import Workspace
from tix.workspace.config import CONFIG_NAMES, ConfigSource
from tix.workspace.files import atomic_write

# A template's first line names a placeholder id: "# TICKET-XXX: [Feature Title]".
_TEMPLATE_ID = re.compile(r"\A(?:\ufeff)?\s*#\s+[A-Z][A-Z0-9]*[-_]X{2,}\b")
_TEMPLATE_FOLDERS = frozenset({"template", "templates", "_templates"})


@dataclass
class Survey:
    """What ``tix init`` found in a folder."""

    root: Path
    tickets: int = 0
    styles: Counter[str] = field(default_factory=Counter)
    index_documents: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    legend_files: list[str] = field(default_factory=list)
    unknown_statuses: Counter[str] = field(default_factory=Counter)
    ids_outside_pattern: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    milestones_from: str | None = None  # the file whose table maps milestones to epics


def survey(root: Path) -> Survey:
    """Load ``root`` with the default configuration and describe what is there."""
    workspace = Workspace.from_source(ConfigSource(root.resolve(), None))
    catalog = workspace.load()
    found = Survey(root=workspace.root, tickets=len(catalog.tickets))
    files_by_style: dict[str, set[str]] = {}
    for ticket in catalog.tickets:
        files_by_style.setdefault(ticket.dialect, set()).add(ticket.path)
        if workspace.knowledge.statuses.get(ticket.status) is None:
            found.unknown_statuses[ticket.status] += 1
        if not workspace.knowledge.id_pattern.fullmatch(ticket.id):
            found.ids_outside_pattern.append(ticket.id)
    found.styles = Counter({style: len(paths) for style, paths in files_by_style.items()})
    found.index_documents = list(catalog.index_documents)
    found.templates = _templates(workspace)
    legend: dict[str, list[str]] = {}
    for emoji, key in workspace.knowledge.legend:
        legend.setdefault(key, []).append(emoji)
    found.statuses = [
        dataclasses.replace(
            status,
            aliases=(
                *status.aliases,
                *(e for e in legend.get(status.key, []) if e not in status.aliases),
            ),
        )
        for status in workspace.knowledge.statuses.statuses
    ]
    found.legend_files = list(workspace.legend_files)
    found.problems = [str(problem) for problem in catalog.problems]
    epics = {fold(name) for t in catalog.tickets for name in (t.epic, t.epic_label) if name}
    found.milestones_from, found.milestones = _milestone_table(workspace, epics)
    return found


_MILESTONE_HEADERS = {"milestone": "milestone", "epic": "epics", "epics": "epics"}
_TARGET_HEADERS = frozenset({"target", "due", "date", "when", "deadline", "weeks", "timeline"})
_KEY_AND_NAME = re.compile(r"^(?P<key>[^\s:]+?)(?::\s*|\s+[-–—]\s+)(?P<name>.+)$")


def _cells_of(milestones: list[Milestone]) -> list[str]:
    """Each milestone's cell as written: its key and name put back together."""
    return [f"{m.key}: {m.name}" if m.name else m.key for m in milestones]


def _milestone_table(workspace: Workspace, epics: set[str]) -> tuple[str | None, list[Milestone]]:
    """The first table in the workspace's files with a Milestone and an Epic(s) column
    whose epics are the workspace's (danube's README: ``| M1: Foundation | Epic 1 |
    Week 1-2 |``), as milestones in its order; ``(None, [])`` when there is none."""
    from tix.dialects.tables import is_delimiter, split_row
    from tix.workspace.discovery import discover

    for relpath in discover(workspace.root, workspace.config.tickets, []).files:
        try:
            doc = workspace.read_document(relpath)
        except TixError:
            continue
        if "|" not in doc.text or "milestone" not in doc.text.casefold():
            continue
        lines = [s.line for s in scan(doc) if not s.in_code]
        for at, line in enumerate(lines[:-1]):
            header = split_row(line)
            below = split_row(lines[at + 1])
            if not header or not below or not is_delimiter(below):
                continue
            names = [fold(cell.text).replace(" ", "") for cell in header]
            columns = {
                _MILESTONE_HEADERS[n]: i for i, n in enumerate(names) if n in _MILESTONE_HEADERS
            }
            if set(columns) != {"milestone", "epics"}:
                continue
            target = next((i for i, n in enumerate(names) if n in _TARGET_HEADERS), None)
            found: list[Milestone] = []
            for row_line in lines[at + 2 :]:
                row = split_row(row_line)
                if not row or len(row) != len(header):
                    break
                cells = [strip_markup(cell.text) for cell in row]
                written = cells[columns["milestone"]]
                if not written:
                    continue
                named = _KEY_AND_NAME.match(written)
                key, name = (named["key"], named["name"].strip()) if named else (written, None)
                row_epics = [e.strip() for e in re.split(r"[,;&]|\band\b", cells[columns["epics"]])]
                found.append(
                    Milestone(
                        key=key,
                        name=name,
                        target=(cells[target] or None) if target is not None else None,
                        epics=[e for e in row_epics if e],
                    )
                )
            keys = [m.key for m in found]
            if len(set(keys)) < len(keys):  # "M1 - Alpha", "M1 - Beta": the cells are the keys
                found = [
                    dataclasses.replace(m, key=k, name=None)
                    for m, k in zip(found, _cells_of(found), strict=True)
                ]
                if len({m.key for m in found}) < len(found):
                    continue
            if any(fold(e) in epics for m in found for e in m.epics):
                return relpath, found
    return None, []


def _templates(workspace: Workspace) -> list[str]:
    """Template folders, and files whose H1 names a placeholder id (``TICKET-XXX``)."""
    from tix.workspace.discovery import discover

    folders: set[str] = set()
    files: list[str] = []
    for relpath, path in discover(workspace.root, workspace.config.tickets, []).files.items():
        parts = relpath.split("/")
        template_parts = [
            i for i, part in enumerate(parts[:-1]) if part.casefold() in _TEMPLATE_FOLDERS
        ]
        if template_parts:
            folders.add("/".join(parts[: template_parts[0] + 1]) + "/")
            continue
        try:
            with open(path, "rb") as stream:
                head = stream.read(512).decode("utf-8", "replace")
        except OSError:
            continue
        if _TEMPLATE_ID.search(head):
            files.append(relpath)
    return sorted(folders) + sorted(files)


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_config(found: Survey, today: str) -> str:
    """The commented ``.tix.yaml`` for ``found``."""
    lines = [
        f"# tix configuration, written by `tix init` on {today}.",
        "# Every key is optional; docs/configuration.md explains each one.",
        "#",
    ]
    if found.tickets:
        styles = ", ".join(
            f"{style} ({count} file{'s' * (count != 1)})"
            for style, count in sorted(found.styles.items())
        )
        lines.append(
            f"# Found {found.tickets} ticket{'s' * (found.tickets != 1)}. Styles: {styles}."
        )
    else:
        lines.append(
            "# Found no tickets yet: `tix new` (or a Markdown file with front-matter) adds one."
        )
    lines += [
        "",
        "# Where tickets live. Without this key every Markdown file is looked at, and a file is",
        "# a ticket only when it names an id; with it, files there are tickets even without one.",
        "# tickets:",
        '#   - "**/*.md"',
        "",
    ]
    excluded = [*found.index_documents, *found.templates]
    if excluded:
        lines.append("exclude:")
        if found.index_documents:
            lines.append("  # index documents: they only repeat tickets kept in files of their own")
            lines += [f"  - {_yaml_string(path)}" for path in found.index_documents]
        if found.templates:
            lines.append("  # ticket templates")
            lines += [f"  - {_yaml_string(path)}" for path in found.templates]
    else:
        lines += ["# Files never read as tickets:", "# exclude:", '#   - "templates/"']
    lines.append("")
    lines.append("# How ticket ids look (used to read ids from file names and headings).")
    if found.ids_outside_pattern:
        sample = ", ".join(found.ids_outside_pattern[:5])
        lines.append(f"# These ids do not match the default pattern: {sample}")
    lines.append(f"# id_pattern: {_yaml_string(DEFAULT_ID_PATTERN)}")
    lines.append("")
    if found.legend_files:
        sources = ", ".join(found.legend_files)
        lines.append(f"# The workflow, with the emoji this folder's legend uses ({sources}).")
    else:
        lines.append(
            "# The workflow, in order; emoji are what tix shows and writes for each status."
        )
    lines.append("statuses:")
    for status in found.statuses:
        lines.append(f"  - key: {status.key}")
        lines.append(f"    label: {_yaml_string(status.label)}")
        if status.emoji:
            lines.append(f"    emoji: {_yaml_string(status.emoji)}")
        lines.append(f"    category: {status.category}")
        if status.aliases:
            aliases = ", ".join(_yaml_string(alias) for alias in status.aliases)
            lines.append(f"    aliases: [{aliases}]")
    if found.milestones:
        lines.append("")
        lines.append(
            f"# Milestones, from the table in {found.milestones_from}: each covers the tickets of"
        )
        lines.append("# its epics that name no milestone themselves (tix rollup milestone).")
        lines.append("milestones:")
        for milestone in found.milestones:
            parts = [f"key: {_yaml_string(milestone.key)}"]
            if milestone.name:
                parts.append(f"name: {_yaml_string(milestone.name)}")
            if milestone.target:
                parts.append(f"target: {_yaml_string(milestone.target)}")
            epics = ", ".join(_yaml_string(e) for e in milestone.epics)
            parts.append(f"epics: [{epics}]")
            lines.append(f"  - {{{', '.join(parts)}}}")
    if found.unknown_statuses:
        lines.append("")
        lines.append(
            "# Statuses written in tickets that tix does not understand; add each as an alias"
        )
        lines.append("# of the status it means:")
        lines.append("# status_aliases:")
        for written, count in found.unknown_statuses.most_common():
            lines.append(f"#   done: [{_yaml_string(written)}]   # {count} tickets")
    return "\n".join(lines) + "\n"


def existing_config(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (folder / name).exists():
            return folder / name
    return None


def write_config(folder: Path, text: str) -> Path:
    path = folder / CONFIG_NAMES[0]
    atomic_write(path, text.encode("utf-8"))
    return path
