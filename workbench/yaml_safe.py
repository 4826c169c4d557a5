"""The YAML loader for ``program.yaml``: safe, line-keeping, and strict about what it accepts.

It refuses, while it parses (one pass), what a plain ``yaml.safe_load`` would accept silently:
a key given twice (the second would win: a second ``min_group_size: 1`` would lower the privacy
threshold unnoticed), tags (``!!python/object``, ``!foo``), anchors and aliases (a few lines can
expand to gigabytes) and nesting deeper than :data:`MAX_DEPTH` (a ``RecursionError`` otherwise).
"""
from __future__ import annotations

import yaml

DOCS = "see docs/program.md"


MAX_DEPTH = 40          # nesting levels a program.yaml may use (it needs about six)

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


class YamlRefused(yaml.MarkedYAMLError):
    """A construct program.yaml may not use, found while the file is parsed (with its line)."""

    def __init__(self, mark, what: str, fix: str):
        super().__init__(problem=what, problem_mark=mark)
        self.what, self.fix = what, fix


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible date (2025-13-06) as text so pydantic reports it and
    refuses, while it parses: a key given twice (naming both lines), tags such as
    ``!!python/object`` (plain values only), anchors and aliases (``&a`` / ``*a``, which can
    multiply a small file into a huge one) and nesting deeper than :data:`MAX_DEPTH`."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused(event.start_mark, f"the alias *{event.anchor} repeats another part of the file",
                              "write the value out in full: anchors (&) and aliases (*) are not supported")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlRefused(self.peek_event().start_mark, f"the file nests more than {MAX_DEPTH} levels deep",
                                  f"a program.yaml needs a few levels only ({DOCS})")
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace('tag:yaml.org,2002:', '!!')
            raise YamlRefused(node.start_mark, f"the value is marked with the tag {tag!r}",
                              "program.yaml takes plain values only: remove the tag (the word starting with !)")
        return node

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        seen: dict = {}
        for key, _ in node.value:
            k = getattr(key, "value", None)
            if isinstance(k, str) and k in seen:
                first = seen[k]
                raise YamlRefused(key.start_mark,
                                  f"the key {k!r} is given twice (lines {first + 1} and {key.start_mark.line + 1}); "
                                  "the second would silently win",
                                  "keep one of the two and delete the other")
            if isinstance(k, str):
                seen[k] = key.start_mark.line
        return node


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
