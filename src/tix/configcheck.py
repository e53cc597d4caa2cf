"""Validating a configuration file's contents into a ``Config``.

A config file is a mapping read from YAML or TOML; this module turns it into the dataclasses
of ``tix.model`` or says, with the path of the setting at fault (``statuses.2.category``),
why it cannot. Pydantic checks the types, from the dataclasses' own annotations, so that the
models are written once; what types cannot say is checked here: the shorthand forms (a status
or priority given as its key, one glob instead of a list), bounds, that ``id_pattern``
compiles, that field names and status keys are known, that no status is listed twice.

Only commands run in a workspace with a config file import this (and Pydantic); a workspace
on defaults never does.
"""

from __future__ import annotations

import re
from typing import Any

from tix.model import Config, builtin_category


class ConfigProblem(ValueError):
    """What is wrong with a configuration: ``location`` is the path to the setting at fault
    (``("statuses", 2, "category")``), empty when the fault is not in one setting."""

    def __init__(self, location: tuple[str | int, ...], message: str = "") -> None:
        where = ".".join(map(str, location))
        if not message:
            text = f"unknown setting {where!r}"
        else:
            text = f"{where}: {message}" if where else message
        super().__init__(text)
        self.location = location


def validate_config(data: dict[str, Any]) -> Config:
    """The ``Config`` that ``data`` describes, or ``ConfigProblem``."""
    from pydantic import TypeAdapter, ValidationError

    if not isinstance(data, dict):
        raise ConfigProblem((), "the configuration must be a mapping of settings")
    if "declared" in data:
        raise ConfigProblem(("declared",))  # tix sets it
    expanded = _expand_shorthand(data)
    try:
        config = TypeAdapter(Config).validate_python(expanded)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = tuple(error["loc"])
        if error["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
            raise ConfigProblem(location) from None
        raise ConfigProblem(location, error["msg"].removeprefix("Value error, ")) from None
    _check(config)
    config.declared = frozenset(data)
    return config


def _expand_shorthand(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the short forms written out: ``tickets: "*.md"`` as a list, a status
    given as its key (its category inferred from the built-in status of that name), a
    priority given as its key (numbers read as text)."""
    expanded = dict(data)
    for key in ("tickets", "exclude"):
        if isinstance(expanded.get(key), str):
            expanded[key] = [expanded[key]]
    statuses = expanded.get("statuses")
    if isinstance(statuses, list):
        expanded["statuses"] = [_status(item) for item in statuses]
    priorities = expanded.get("priorities")
    if isinstance(priorities, list):
        expanded["priorities"] = [_priority(item) for item in priorities]
    return expanded


def _status(item: Any) -> Any:
    if isinstance(item, str):
        item = {"key": item}
    if isinstance(item, dict) and "category" not in item and isinstance(item.get("key"), str):
        inferred = builtin_category(item["key"])
        if inferred is not None:
            item = {**item, "category": inferred}
    return item


def _priority(item: Any) -> Any:
    if isinstance(item, str | int) and not isinstance(item, bool):
        return {"key": str(item)}
    if isinstance(item, dict) and isinstance(item.get("key"), int):
        return {**item, "key": str(item["key"])}
    return item


def _check(config: Config) -> None:
    """What the types do not say."""
    from tix.fields import CANONICAL_FIELDS

    for number, status in enumerate(config.statuses):
        if status.wip_limit is not None and status.wip_limit < 1:
            raise ConfigProblem(("statuses", number, "wip_limit"), "must be at least 1")
    if config.board.max_cards < 0:
        raise ConfigProblem(("board", "max_cards"), "must be 0 (every card) or more")
    if config.max_file_bytes <= 0:
        raise ConfigProblem(("max_file_bytes",), "must be more than 0")
    try:
        compiled = re.compile(config.id_pattern)
    except re.error as exc:
        raise ConfigProblem(("id_pattern",), f"not a valid regular expression: {exc}") from None
    if compiled.match(""):
        raise ConfigProblem(("id_pattern",), "must not match an empty string")
    unknown = sorted(set(config.fields) - set(CANONICAL_FIELDS))
    if unknown:
        raise ConfigProblem(
            ("fields",),
            f"unknown field {unknown[0]!r}; known fields: {', '.join(CANONICAL_FIELDS)}",
        )
    if not config.statuses:
        raise ConfigProblem(("statuses",), "at least one status is needed")
    keys = [status.key for status in config.statuses]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ConfigProblem(("statuses",), f"key {duplicates[0]!r} is listed twice")
    for key in config.status_aliases:
        if key not in keys:
            raise ConfigProblem(
                ("status_aliases",), f"no status {key!r} (statuses: {', '.join(keys)})"
            )
    if config.default_status not in keys:
        raise ConfigProblem(("default_status",), f"no status {config.default_status!r}")


__all__ = ["ConfigProblem", "validate_config"]
