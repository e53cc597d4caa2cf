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

import errno
import os
import re
from collections.abc import Callable, Iterable
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


def _any_of(patterns: tuple[str, ...]) -> Callable[[str], object] | None:
    """One matcher for several globs (one regular expression: a walk asks it per file);
    ``None`` for no globs at all."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{compile_glob(p).pattern})" for p in patterns)).match


@dataclass
class Discovery:
    """The candidate files (``relpath -> absolute path``, with the ``os.stat`` of each), and
    what was skipped with a reason."""

    files: dict[str, str] = field(default_factory=dict)
    stats: dict[str, os.stat_result] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def discover(root: Path, include: Iterable[str], exclude: Iterable[str]) -> Discovery:
    """Files under ``root`` matching ``include`` and not ``exclude``, sorted by path."""
    included, excluded = _any_of(tuple(include)), _any_of(tuple(exclude))
    found = Discovery()
    files, stats = found.files, found.stats
    real_root = root.resolve()
    # Depth first with os.scandir: one system call per folder, and each file's stat at hand.
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)  # in any order: the files are sorted once at the end
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            relpath = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    venv = os.path.join(entry.path, "pyvenv.cfg")  # noqa: PTH118 (no Path: speed)
                    if entry.name not in SKIPPED_FOLDERS and not os.path.exists(venv):  # noqa: PTH110
                        subfolders.append((entry.path, relpath + "/"))
                    continue
                if included is None or not included(relpath):
                    continue
                if excluded is not None and excluded(relpath):
                    continue
                wrong = _link_problem(Path(entry.path), real_root) if entry.is_symlink() else None
                if wrong is not None:
                    found.problems.append(
                        Problem(relpath, 1, 1, Code.UNREADABLE, Severity.WARNING, wrong)
                    )
                    continue
                stat = entry.stat()
            except OSError:
                continue  # vanished meanwhile, or a dangling link: nothing to read
            if not entry.is_file():
                continue
            files[relpath] = entry.path
            stats[relpath] = stat
        stack.extend(sorted(subfolders, reverse=True))
    found.files = dict(sorted(files.items()))
    return found


def _link_problem(path: Path, root: Path) -> str | None:
    """Why the link ``path`` is not followed (it leads outside the workspace, nowhere, or
    round in a loop), or ``None`` when it leads to a file inside."""
    try:
        path.resolve(strict=True).relative_to(root)
    except FileNotFoundError:
        return "link points to nothing (the file it names does not exist); not followed"
    except RuntimeError:
        return "link leads round in a loop; not followed"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link leads round in a loop; not followed"
        return f"link cannot be followed: {exc.strerror or exc}"
    except ValueError:
        return "link points outside the workspace; not followed"
    return None
