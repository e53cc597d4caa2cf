"""Front-matter read by PyYAML, for what the plain reader of ``tix.yamlmap`` leaves to it.

The YAML is composed into nodes (with libyaml's C loader when it is installed) and the nodes
converted here. That gives the exact span of each top-level value, which edits need, and
keeps reading safe: only the standard scalar, sequence and mapping tags are accepted
(``!!python/object`` and other custom tags are errors), a node budget stops alias bombs
("billion laughs") before they expand, and a text budget stops aliases repeating one long
string. Every failure is a ``TixError`` with the line and column in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tix.errors import Code, TixError
from tix.yamlmap import NODE_BUDGET, YamlEntry, YamlMapping

EXPANSION_BUDGET = 1_000_000  # characters that aliases may add to a front-matter's values
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR,
    _TIMESTAMP,
}
_READ_AS_NOT_TEXT = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_constructor = SafeConstructor()


class _Located:
    """Translates positions inside the YAML text to positions in the whole file."""

    def __init__(self, path: str | None, base_offset: int, base_line: int) -> None:
        self.path = path
        self.base_offset = base_offset
        self.base_line = base_line

    def error(self, message: str, mark: Any, code: Code, hint: str | None = None) -> TixError:
        line = self.base_line + mark.line if mark is not None else self.base_line
        col = mark.column + 1 if mark is not None else 1
        return TixError(message, path=self.path, line=line, col=col, code=code, hint=hint)

    def span(self, node: Node, text: str) -> tuple[int, int]:
        """The node's text; a block collection or block scalar ends before the line break
        the parser counts as part of it, so a replacement keeps the line structure."""
        start, end = node.start_mark.index, node.end_mark.index
        block = not isinstance(node, ScalarNode) or getattr(node, "style", None) in ("|", ">")
        if block:
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
        return (self.base_offset + start, self.base_offset + end)


def compose_mapping(
    text: str,
    *,
    path: str | None = None,
    base_offset: int = 0,
    base_line: int = 1,
    what: str = "front-matter",
) -> YamlMapping:
    """Parse ``text`` (which starts at ``base_offset`` / line ``base_line`` of its file)."""
    where = _Located(path, base_offset, base_line)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        raise where.error(
            f"YAML syntax error in {what}: {problem}", mark, Code.FRONT_MATTER_SYNTAX
        ) from None
    except yaml.YAMLError as exc:
        raise where.error(f"YAML error in {what}: {exc}", None, Code.FRONT_MATTER_SYNTAX) from None
    if root is None:
        return YamlMapping([])
    if not isinstance(root, MappingNode) or root.tag != _MAP:
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise where.error(
            f"{what} is {kind}, not a mapping of keys to values",
            root.start_mark,
            Code.FRONT_MATTER_SHAPE,
        )
    converter = _Converter(where, len(text))
    entries: list[YamlEntry] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = converter.key(key_node)
        if key in seen:
            raise where.error(
                f"key {key!r} appears twice in {what} (first on line {seen[key]})",
                key_node.start_mark,
                Code.FRONT_MATTER_SYNTAX,
            )
        line = base_line + key_node.start_mark.line
        seen[key] = line
        entries.append(
            YamlEntry(
                key=key,
                value=converter.value(value_node),
                key_span=where.span(key_node, text),
                value_span=where.span(value_node, text),
                line=line,
                col=key_node.start_mark.column + 1,
                written=value_node.value
                if isinstance(value_node, ScalarNode) and value_node.tag in _READ_AS_NOT_TEXT
                else None,
            )
        )
    return YamlMapping(entries)


class _Converter:
    """Node to Python conversion with a node budget and no custom tags."""

    def __init__(self, where: _Located, text_length: int) -> None:
        self.where = where
        self.remaining = NODE_BUDGET
        # Text budget: without aliases the values hold less text than the YAML itself, so
        # only aliases can spend past it (a 200 KB string repeated 5,000 times in a list).
        self.characters = text_length + EXPANSION_BUDGET
        self.active: set[int] = set()

    def _spend(self, node: Node) -> None:
        self.remaining -= 1
        if self.remaining < 0:
            raise self.where.error(
                "YAML expands to too many values (an alias bomb?); refusing to read it",
                node.start_mark,
                Code.FRONT_MATTER_UNSAFE,
            )

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.where.error(
                "keys must be plain text", node.start_mark, Code.FRONT_MATTER_SHAPE
            )
        if node.tag == "tag:yaml.org,2002:merge":
            raise self.where.error(
                "merge keys (<<) are not supported", node.start_mark, Code.FRONT_MATTER_UNSAFE
            )
        value = self.value(node)
        return "" if value is None else str(value)

    def value(self, node: Node) -> Any:
        self._spend(node)
        if isinstance(node, ScalarNode):
            self.characters -= len(node.value)
            if self.characters < 0:
                raise self.where.error(
                    "YAML expands to too much text (an alias bomb?); refusing to read it",
                    node.start_mark,
                    Code.FRONT_MATTER_UNSAFE,
                )
            return self._scalar(node)
        if id(node) in self.active:
            raise self.where.error(
                "YAML value refers to itself", node.start_mark, Code.FRONT_MATTER_UNSAFE
            )
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == _SEQ:
                return [self.value(item) for item in node.value]
            if isinstance(node, MappingNode) and node.tag == _MAP:
                result: dict[str, Any] = {}
                for key_node, value_node in node.value:
                    result[self.key(key_node)] = self.value(value_node)
                return result
        finally:
            self.active.discard(id(node))
        raise self._unsupported(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag == _TIMESTAMP:
            return node.value  # keep dates exactly as written
        if node.tag not in _SCALAR_TAGS:
            raise self._unsupported(node)
        construct: Callable[[SafeConstructor, ScalarNode], Any] = SafeConstructor.yaml_constructors[
            node.tag
        ]
        try:
            return construct(_constructor, node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def _unsupported(self, node: Node) -> TixError:
        return self.where.error(
            f"YAML tag {node.tag} is not allowed",
            node.start_mark,
            Code.FRONT_MATTER_UNSAFE,
            hint="tix reads plain values, lists and mappings only",
        )
