"""Read YAML files into plain values that remember the line and column of every node.

PyYAML's composer gives each node a start mark; the values are rebuilt from the node tree so that
a finding can point at the line of the key or value it is about. Only the I/O is here: checking is
in check.py, over the values this module returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from schemactl.errors import ExitCode, SchemactlError
from schemactl.snapshot.model import JsonValue

if TYPE_CHECKING:
    import yaml

PathKey = tuple[str | int, ...]


class ContractFileError(SchemactlError):
    """A contract or mapping file is missing, unreadable, not valid YAML or not the expected shape."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class YamlDocument:
    """A YAML file as plain JSON-like values, with the position of every node by its path.

    Mapping keys are the scalar text as written (`200:` and `"200":` are both "200"); the position
    of a mapping entry is the position of its key.
    """

    path: Path
    display: str
    data: JsonValue
    positions: Mapping[PathKey, Position]

    def position(self, path: PathKey) -> Position:
        """Where `path` is, or its nearest ancestor that has a position (1:1 for the document)."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def get(self, path: PathKey) -> JsonValue:
        """The value at `path`, or None when any step is missing."""
        value: JsonValue = self.data
        for step in path:
            if isinstance(step, str) and isinstance(value, dict):
                value = value.get(step)
            elif isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
                value = value[step]
            else:
                return None
        return value


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the project when inside it (like the linter)."""
    from schemactl.paths import shown

    return shown(path)


def load_yaml(path: Path) -> YamlDocument:
    """Read and compose one YAML file; ContractFileError (exit 2) when missing or not valid YAML."""
    display = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContractFileError("no such file", file=display) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractFileError(f"cannot read: {exc}", file=display) from exc
    return parse_yaml(text, path, display)


def parse_yaml(text: str, path: Path, display: str) -> YamlDocument:
    """Compose `text` (one document) into a YamlDocument; ContractFileError with the line on a syntax error."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ContractFileError(f"invalid YAML: {what}", file=display, line=line) from exc
    except yaml.YAMLError as exc:
        raise ContractFileError(f"invalid YAML: {exc}", file=display) from exc
    positions: dict[PathKey, Position] = {}
    if node is None:
        return YamlDocument(path, display, None, positions)
    builder = _Builder(display, positions)
    return YamlDocument(path, display, builder.value(node, ()), positions)


class _Builder:
    def __init__(self, display: str, positions: dict[PathKey, Position]) -> None:
        import yaml

        self.display = display
        self.positions = positions
        self.constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, path: PathKey) -> JsonValue:
        import yaml

        self.positions.setdefault(path, _position(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, JsonValue] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    raise ContractFileError(
                        "invalid YAML: a mapping key must be a plain scalar",
                        file=self.display,
                        line=key_node.start_mark.line + 1,
                    )
                if key in result:
                    raise ContractFileError(
                        f"invalid YAML: duplicate key {key!r}", file=self.display, line=key_node.start_mark.line + 1
                    )
                self.positions[(*path, key)] = _position(key_node)
                result[key] = self.value(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            items: Sequence[yaml.Node] = node.value
            return [self.value(item, (*path, index)) for index, item in enumerate(items)]
        constructed = self.constructor.construct_object(node, deep=True)
        if constructed is None or isinstance(constructed, bool | int | float | str):
            return constructed
        return str(node.value)  # timestamps, binary: keep the text as written


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
