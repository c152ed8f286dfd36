"""YAML with line numbers: every value can be traced back to `file.yml:LINE` for messages."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .errors import EditionError, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


@dataclass
class Located:
    """Parsed YAML data plus the line of every node, keyed by its path (tuple of keys/indexes)."""

    path: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, key_path: tuple) -> int:
        """Line of the deepest node on `key_path` that exists (1-based)."""
        key_path = tuple(key_path)
        while key_path and key_path not in self.lines:
            key_path = key_path[:-1]
        return self.lines.get(key_path, 1)

    def where(self, key_path: tuple) -> str:
        return f"{self.path}:{self.line(key_path)}"


def _walk(node, key_path: tuple, lines: dict) -> None:
    lines[key_path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _walk(value_node, key_path + (key_node.value,), lines)
            lines[key_path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, key_path + (i,), lines)


def load(text: str, path: str) -> Located:
    try:
        # One parse gives both the node tree (for line numbers) and the data.
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 1
        raise EditionError(Problem(f"{path}:{line}", f"ongeldige YAML: {exc.problem}",
                                   "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel.")) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(path, data if data is not None else {}, lines)
