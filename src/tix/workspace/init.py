"""``tix init``: look at a folder and write the configuration that describes it.

``survey`` loads the folder as tix sees it with no configuration and records what it found:
the ticket styles in use, the index documents and templates to leave out, the status emoji
the folder's legends explain, the id pattern, and status words tix did not understand.
``render_config`` turns that into a commented ``.tix.yaml`` a person can read and edit.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tix.model import DEFAULT_ID_PATTERN, Status
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
    return found


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
            f"{style} ({count} files)" for style, count in sorted(found.styles.items())
        )
        lines.append(f"# Found {found.tickets} tickets. Styles: {styles}.")
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
