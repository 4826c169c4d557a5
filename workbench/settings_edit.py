"""Change a few settings of ``program.yaml`` in place, leaving every other byte as it was.

A consultant's ``program.yaml`` carries comments, a key order, quoting and line endings that the
client and the consultant chose; rewriting the file from the model would lose all of them. This
module edits the text itself: each setting to change is located in the YAML node tree (PyYAML's
composer keeps every node's position), and only the characters of that value are replaced. A key
that is not in the file yet is inserted as one new line at the end of its section, at the
section's indentation. So the saved file differs from the original only on the changed lines.

The edited text is parsed and validated again before anything is written; the write is atomic
(a temporary file in the same folder, then a rename) and keeps the file's permission bits, and
its owner where the system allows.

Example
-------
>>> text = "# my comment\\nmatching:\\n  objective: 'total'\\n  criteria:\\n  - kind: overlap\\n"
>>> print(edit_text(text, [Edit(("matching", "objective"), "fair"),
...                        Edit(("matching", "criteria", 0, "weight"), 2.5)]), end="")
# my comment
matching:
  objective: 'fair'
  criteria:
  - kind: overlap
    weight: 2.5
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import yaml

from .atomic import atomic_write

__all__ = ["Edit", "edit_text", "edit_file", "backup_file"]

Key = Union[str, int]


@dataclass(frozen=True)
class Edit:
    """Set the value at ``path`` (mapping keys and list positions) to ``value`` (None, a bool,
    a number or text); ``integer`` writes a whole number (``3``, never ``3.0``)."""
    path: tuple
    value: Any
    integer: bool = False


# ------------------------------------------------------------------------------ scalar text

_PLAIN_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .-]*$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar_text(value: Any, like: str = "", integer: bool = False) -> str:
    """``value`` as a YAML scalar, in the style of the text it replaces (``like``): the same
    quotes for text, the same spelling for booleans and null, no ``.0`` where a whole number was."""
    if value is None:
        return like if like in ("~", "null", "Null", "NULL") else "null"
    if isinstance(value, bool):
        for yes, no in (("true", "false"), ("True", "False"), ("TRUE", "FALSE"), ("yes", "no"),
                        ("Yes", "No"), ("on", "off")):
            if like in (yes, no):
                return yes if value else no
        return "true" if value else "false"
    if isinstance(value, int) or integer:
        return str(int(round(float(value))))
    if isinstance(value, float):
        if value.is_integer() and like and re.fullmatch(r"[-+]?\d+", like.strip()):
            return str(int(value))
        return repr(float(value))
    text = str(value)
    quote = like[:1] if like[:1] in ("'", '"') else ""
    if not quote and (not _PLAIN_SAFE.match(text) or text.lower() in _YAML11_WORDS):
        quote = "'"
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    if quote == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


# ------------------------------------------------------------------------------ node search

def _find(node, key: Key):
    """The (key node, value node) of ``key`` in a mapping node, or the item of a sequence."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        return next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return (None, node.value[key])
    return None


def _last_leaf(node):
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node


def _line_end(text: str, index: int) -> int:
    """Index just after the line holding ``index - 1`` (where a new line can start)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _nested(path: tuple, value_text: str, indent: int, step: int, newline: str) -> str:
    """Block lines setting ``path`` (keys only) to ``value_text`` at ``indent``."""
    lines = []
    for depth, key in enumerate(path):
        pad = " " * (indent + depth * step)
        last = depth == len(path) - 1
        lines.append(f"{pad}{key}: {value_text}" if last else f"{pad}{key}:")
    return newline.join(lines) + newline


def _indent_step(root) -> int:
    """The file's indentation step (2 when it cannot tell)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(v, yaml.MappingNode) and v.value and not v.flow_style:
                    step = v.value[0][0].start_mark.column - k.start_mark.column
                    if step > 0:
                        return step
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return 2


class EditError(ValueError):
    """The edit cannot be made in place (the file's structure does not hold the key's parent)."""


def _one_edit(text: str, root, edit: Edit, newline: str) -> tuple[int, int, str]:
    """(start, end, replacement) for one edit of ``text``."""
    node, path = root, tuple(edit.path)
    for depth, key in enumerate(path):
        hit = _find(node, key)
        if hit is not None:
            node = hit[1]
            continue
        # the key is not there: insert it (and the missing sections above it) in ``node``
        rest = path[depth:]
        if any(not isinstance(k, str) for k in rest):
            raise EditError(f"{'.'.join(map(str, path))}: list item {rest} is not in the file")
        value = scalar_text(edit.value, integer=edit.integer)
        if isinstance(node, yaml.MappingNode) and node.flow_style:
            if len(rest) > 1:
                raise EditError(f"{'.'.join(map(str, path[:depth]))} is written on one line; "
                                "add the section by hand")
            close = node.end_mark.index - 1
            sep = ", " if node.value else ""
            return close, close, f"{sep}{rest[0]}: {value}"
        if isinstance(node, yaml.MappingNode) and node.value:
            indent = node.value[0][0].start_mark.column
            at = _line_end(text, _last_leaf(node).end_mark.index)
            prefix = "" if at == 0 or text[at - 1] == "\n" else newline
            return at, at, prefix + _nested(rest, value, indent, _indent_step(root), newline)
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null") and depth > 0:
            # ``matching:`` with nothing under it: the section starts on the next line
            parent_key = _find_key_node(root, path[:depth])
            indent = (parent_key.start_mark.column if parent_key is not None else 0) + _indent_step(root)
            start, end = node.start_mark.index, node.end_mark.index
            return start, end, newline + _nested(rest, value, indent, _indent_step(root), newline).rstrip("\r\n")
        raise EditError(f"{'.'.join(map(str, path[:depth])) or 'the file'} is not a section of keys")
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"{'.'.join(map(str, path))} holds a section or a list, not a value")
    start, end = node.start_mark.index, node.end_mark.index
    like = text[start:end]
    new = scalar_text(edit.value, like, edit.integer)
    if start == end:             # ``key:`` with an empty value
        new = " " + new if start > 0 and text[start - 1] == ":" else new
    return start, end, new


def _find_key_node(root, path: tuple):
    node, key_node = root, None
    for key in path:
        hit = _find(node, key)
        if hit is None:
            return None
        key_node, node = hit
    return key_node


def edit_text(text: str, edits: list[Edit]) -> str:
    """``text`` with each edit applied; every other character is kept."""
    newline = "\r\n" if "\r\n" in text else "\n"
    for edit in edits:           # one at a time: an insertion shifts the positions after it
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            raise EditError("the file is empty")
        start, end, new = _one_edit(text, root, edit, newline)
        text = text[:start] + new + text[end:]
    return text


# ------------------------------------------------------------------------------ files

def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was written in (UTF-8 with or without BOM, else cp1252)."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def backup_file(path: Path) -> Path:
    """Copy ``path`` to ``<name>.<timestamp>.bak`` beside it (metadata kept); returns the copy."""
    import datetime as dt
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = path.with_name(f"{path.name}.{stamp}.bak")
    shutil.copy2(path, backup)
    return backup


def write_like(path: Path, text: str, encoding: str) -> None:
    """Replace ``path`` by ``text`` atomically, keeping its permission bits (and owner if allowed)."""
    atomic_write(path, text, encoding=encoding, newline="", keep_owner=True, fsync=True)


def edit_file(path: str | Path, edits: list[Edit], check=None) -> Path:
    """Apply ``edits`` to the file at ``path`` in place, after a backup; returns the backup's path.

    ``check(new_text)`` may raise to refuse the result (nothing is written then).
    """
    path = Path(path)
    text, encoding = read_text(path)
    new = edit_text(text, edits)
    if check is not None:
        check(new)
    backup = backup_file(path)
    if new != text:
        write_like(path, new, encoding)
    return backup
