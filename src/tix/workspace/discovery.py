"""Which files of a workspace may hold tickets.

Walks the workspace root without following folder links, skipping folders no one keeps
tickets in (version control, virtual environments, ``node_modules``, caches, build output),
and keeps the files that match the configured ``tickets`` globs and no ``exclude`` glob.

Globs are matched against the path relative to the root, with ``/`` separators: ``*`` stays
within one folder, ``**`` spans any number of folders, and a pattern without ``/`` matches
the file name at any depth (``README.md`` excludes every README), as in ``.gitignore``.
A file link that points outside the workspace is not followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tix.errors import Code, Problem, Severity

SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".tix",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".idea",
        ".vscode",
        ".cache",
        ".eggs",
        "site-packages",
        "dist",
        "build",
        "target",
        ".next",
        ".terraform",
        "bower_components",
    }
)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A regular expression for one workspace glob (see the module docstring)."""
    pattern = pattern.strip().removeprefix("./").lstrip("/")
    if pattern.endswith("/"):
        pattern += "**"
    if "/" not in pattern:
        pattern = "**/" + pattern
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[" and "]" in pattern[index + 2 :]:
            close = pattern.index("]", index + 2)
            body = pattern[index + 1 : close]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            index = close + 1
        else:
            out.append(re.escape(char))
            index += 1
    return re.compile("".join(out) + r"\Z")


def matches_any(relpath: str, patterns: Iterable[str]) -> bool:
    return any(compile_glob(pattern).match(relpath) for pattern in patterns)


@dataclass
class Discovery:
    """The candidate files (``relpath -> absolute path``) and what was skipped with a reason."""

    files: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def discover(root: Path, include: Iterable[str], exclude: Iterable[str]) -> Discovery:
    """Files under ``root`` matching ``include`` and not ``exclude``, sorted by path."""
    include, exclude = tuple(include), tuple(exclude)
    found = Discovery()
    real_root = root.resolve()
    for folder, subfolders, filenames in os.walk(root, followlinks=False):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS and not (Path(folder, name, "pyvenv.cfg")).exists()
        )
        rel_folder = Path(folder).relative_to(root).as_posix()
        for name in sorted(filenames):
            relpath = name if rel_folder == "." else f"{rel_folder}/{name}"
            if not matches_any(relpath, include) or matches_any(relpath, exclude):
                continue
            path = Path(folder, name)
            if path.is_symlink() and not _inside(path, real_root):
                found.problems.append(
                    Problem(
                        relpath,
                        1,
                        1,
                        Code.UNREADABLE,
                        Severity.WARNING,
                        "link points outside the workspace; not followed",
                    )
                )
                continue
            found.files[relpath] = path
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False
    return True
