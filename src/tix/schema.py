"""The JSON Schema of a native ticket's front-matter, for editors and ``check-jsonschema``.

It is generated from a Pydantic model of the front-matter keys, then given the workspace's
own vocabulary: ``status`` and ``priority`` must be one of the workspace's keys, labels or
aliases, matched as tix matches them (any case, any separator, an emoji in front): the usual
forms are listed for editors to offer, and a pattern takes the rest. Keys tix does not model
are allowed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tix.model import Config


class FrontMatter(BaseModel):
    """The keys of a native ticket's front-matter."""

    model_config = ConfigDict(extra="allow", title="tix ticket front-matter")

    id: str | int | None = Field(None, description="The ticket's id; else from the file name.")
    title: str | None = Field(None, description="A short title; else the body's first heading.")
    status: str | None = Field(
        None, description="A status of the workspace (key, label, alias or emoji)."
    )
    blocked_reason: str | None = Field(None, description="Why a blocked ticket is blocked.")
    priority: str | int | None = Field(None, description="A priority of the workspace.")
    assignee: str | list[str] | None = Field(None, description="Who works on it: a name or a list.")
    type: str | None = None
    epic: str | None = None
    epic_title: str | None = Field(None, description="The epic's name, shown beside its key.")
    sprint: str | int | None = None
    milestone: str | None = None
    parent: str | None = None
    aliases: list[str] | str | None = Field(None, description="Other ids the ticket answers to.")
    labels: list[str] | str | None = Field(
        None, description="A list, or words separated by commas."
    )
    depends_on: list[str | int] | str | None = Field(
        None, description="Ids of the tickets this one waits on."
    )
    estimate: str | int | float | None = Field(
        None, description="As written: 4h, 2-3 hours, 1 day."
    )
    points: int | float | None = Field(None, description="Story points.")


def _forms(*words: str) -> list[str]:
    found: list[str] = []
    for word in words:
        for form in (word, word.casefold(), word.casefold().replace(" ", "-")):
            if form not in found:
                found.append(form)
    return found


def front_matter_schema(config: Config) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ticket's front-matter in this workspace."""
    schema = FrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.pop("required", None)
    schema["anyOf"] = [{"required": ["id"]}, {"required": ["status"]}]  # what makes a ticket
    statuses: list[str] = []
    for status in config.statuses:
        statuses += _forms(status.key, status.label, *status.aliases)
        if status.emoji:
            statuses.append(status.emoji)
    for words in config.status_aliases.values():
        statuses += _forms(*words)
    priorities: list[str] = []
    for priority in config.priorities:
        priorities += _forms(priority.key, priority.label or priority.key, *priority.aliases)
    properties = schema["properties"]
    properties["status"] = _vocabulary(properties["status"]["description"], statuses)
    properties["priority"] = _vocabulary(properties["priority"]["description"], priorities)
    properties["points"] = {
        "description": properties["points"]["description"],
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": "^[0-9]"}],  # 5, "5 pts"
    }
    return schema


def _vocabulary(description: str, words: list[str]) -> dict[str, Any]:
    """A value that is one of ``words`` as tix matches them: the usual forms listed (editors
    offer them), and a pattern that takes any case, ``-``, ``_`` or a space between words,
    an emoji in front (``🔴 Todo``, ``TODO``, ``in_progress``) and a note after
    (``Blocked - Awaiting Budget Approval``, ``High (P1)``)."""
    forms = list(dict.fromkeys(words))
    alternatives = "|".join(sorted({_any_case(word) for word in forms}, key=len, reverse=True))
    return {
        "description": description,
        "anyOf": [
            {"enum": forms},
            {"type": "string", "pattern": f"^(?:[^ A-Za-z0-9]+ +)?(?:{alternatives}){_NOTE}$"},
        ],
    }


# What may follow a status or priority, as tix reads it: a reason or note after a dash or a
# colon (``Blocked - Awaiting Budget Approval``), or in parentheses (``High (P1)``).
_NOTE = "(?: *(?:[-–—:] |\\().*)?"
_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def _any_case(word: str) -> str:
    """A regular expression (in the syntax JSON Schema shares with JavaScript and Python) for
    ``word`` in any case, with ``-``, ``_``, a space or nothing between its parts."""
    out = []
    for char in word.casefold():
        if char in " -_":
            out.append("[-_ ]?")
        elif char.upper() != char:
            out.append(f"[{char}{char.upper()}]")
        elif char in _SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
