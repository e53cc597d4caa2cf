"""Finding a workspace's root and reading its configuration.

The root is found the way git finds a repository: from the starting folder upwards, the
first folder holding ``.tix.yaml`` (or ``.tix.yml``), or a ``pyproject.toml`` with a
``[tool.tix]`` table. Without either, the starting folder is the workspace and every default
applies. Configuration errors name the file and, for YAML, the line of the key at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tix.errors import Code, TixError
from tix.model import Config

CONFIG_NAMES = (".tix.yaml", ".tix.yml")


@dataclass(frozen=True)
class ConfigSource:
    """Where a workspace's configuration came from (``path`` is ``None`` for defaults)."""

    root: Path
    path: Path | None


def find_root(start: Path) -> ConfigSource:
    """The workspace containing ``start``: the nearest folder upwards with tix config."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return ConfigSource(folder, candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tix_table(pyproject):
            return ConfigSource(folder, pyproject)
    return ConfigSource(start, None)


def _has_tix_table(pyproject: Path) -> bool:
    import tomllib  # here: most workspaces have no pyproject.toml

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge; a broken pyproject simply holds no tix config
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("tix"), dict)


def load_config(source: ConfigSource, *, use_cache: bool = True) -> Config:
    """The validated ``Config`` of ``source`` (defaults when it has no file).

    A config file once validated is kept, validated, beside the index (keyed by the file's
    bytes and the tix version): reading it back skips YAML and Pydantic, most of what a
    command costs before it reads a ticket. ``use_cache=False`` validates the file again."""
    if source.path is None:
        return Config()
    display = _display(source.path)
    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        raise TixError(
            f"cannot read config: {exc.strerror}", path=display, code=Code.CONFIG
        ) from None
    from tix.workspace.cache import read_validated_config, save_validated_config

    if use_cache:
        known = read_validated_config(source.root, source.path.name, raw)
        if known is not None:
            return known
    lines: dict[str, int] = {}
    if source.path.name == "pyproject.toml":
        data = _read_pyproject(raw, display)
    else:
        data, lines = _read_yaml(raw, display)
    config = _validate(data, lines, display)
    if use_cache:
        save_validated_config(source.root, source.path.name, raw, config)
    return config


def _display(path: Path) -> str:
    """The config path as a user would type it: relative to the current folder if inside."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_yaml(data: bytes, display: str) -> tuple[dict[str, Any], dict[str, int]]:
    from tix.document import Document
    from tix.yamlmap import load_mapping

    try:
        doc = Document.from_bytes(data, path=display)
        mapping = load_mapping(doc.text, path=display, what="config")
    except TixError as exc:
        exc.code = Code.CONFIG  # whatever is wrong with it, it is the config that is broken
        raise
    return mapping.as_dict(), {entry.key: entry.line for entry in mapping.entries}


def _read_pyproject(raw: bytes, display: str) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TixError(f"cannot read config: {exc}", path=display, code=Code.CONFIG) from None
    table = data.get("tool", {}).get("tix", {})
    return dict(table)


def _validate(data: dict[str, Any], lines: dict[str, int], display: str) -> Config:
    from tix.configcheck import ConfigProblem

    try:
        return Config.from_mapping(data)
    except ConfigProblem as problem:
        top = str(problem.location[0]) if problem.location else None
        raise TixError(
            f"invalid config: {problem}",
            path=display,
            line=lines.get(top) if top else None,
            col=1 if top in lines else None,
            code=Code.CONFIG,
        ) from None
