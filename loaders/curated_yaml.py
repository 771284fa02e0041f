"""YAML for the researcher's curation files, with the line of every mapping and key.

The alias table, judgements and review files are edited by hand, so every
error must name the file and line. PyYAML's composer keeps marks on its nodes;
this reader turns the node tree into plain values whose mappings and lists
remember their lines. Dates stay text (the callers check them, as the record
loader does), and anchors/aliases are refused: a hand-edited table needs
none, and expanding them is how "billion laughs" inputs blow up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import LoadError


class LineMap(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its line."""

    line: int = 1


class _Loader(yaml.SafeLoader):
    # Dates as text: `date: 2026-02-31` must become our one-line error, not a
    # ValueError from inside PyYAML.
    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse one YAML document into LineMap/LineList/scalars; None if empty.

    Raises LoadError (file, line, problem) for unreadable files, syntax
    errors, several documents, duplicate keys, anchors and aliases.
    """
    spath = str(path)
    if text is None:
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise LoadError(spath, None, f"cannot read file: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise LoadError(spath, None, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return _convert(spath, loader, node, set()) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, (getattr(exc, "context", None), getattr(exc, "problem", None))))
        raise LoadError(spath, line, f"YAML: {problem or ' '.join(str(exc).split())}") from None
    except RecursionError:
        raise LoadError(spath, None, "YAML: nested too deeply") from None
    finally:
        loader.dispose()


def _convert(path: str, loader: _Loader, node: yaml.Node, seen: set) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen or getattr(node, "anchor", None):
        raise LoadError(path, line, "YAML anchors and aliases (& and *) are not supported here; write the value out")
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_convert(path, loader, item, seen) for item in node.value)
        out.line = line
        return out
    mapping = LineMap()
    mapping.line, mapping.key_lines = line, {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise LoadError(path, key_node.start_mark.line + 1, "a key must be plain text")
        key = loader.construct_object(key_node)
        if key in mapping:
            raise LoadError(path, key_node.start_mark.line + 1, f"field '{key}': given twice")
        mapping[key] = _convert(path, loader, value_node, seen)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping
