"""The docs/program.md tables of the matching registries, generated from the entries.

``docs/program.md`` holds each table between ``<!-- registry:NAME -->`` and
``<!-- /registry:NAME -->``; a test fails when a block differs from :func:`tables` (the docs and a
registry disagree). ``python -m workbench.scoring.registry_docs docs/program.md`` rewrites them.

>>> print(tables()["formats"].splitlines()[0])
| format | what it is | who is matched | capacity means | solver | result | notebook 03 shows |
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .criteria import CRITERIA
from .formats import FORMATS
from .rules import RULES, SELF

__all__ = ["tables", "update", "BLOCK"]

BLOCK = re.compile(r"(<!-- registry:(\w+) -->\n)(.*?)(<!-- /registry:\2 -->)", re.S)


def _row(cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _roles(roles) -> str:
    return " or ".join(f"`{r}`" for r in roles)


def tables() -> dict[str, str]:
    """Markdown table per registry: ``formats``, ``criteria``, ``rules``."""
    formats = [_row(["format", "what it is", "who is matched", "capacity means", "solver", "result",
                     "notebook 03 shows"]), _row(["---"] * 7)]
    for f in FORMATS.values():
        who = (f"{_roles(f.members)} with each other" if f.same_pool else
               f"{_roles(f.members)} to {_roles(f.partners)}" if f.page == "pairs" else
               f"{_roles(f.members)} into circles, led by {_roles(f.partners)}")
        formats.append(_row([f"`{f.key}`", f.doc, who, f.capacity, f.solver, f.result, f.shows]))
    criteria = [_row(["kind", "score", "keys it reads", "shown as"]), _row(["---"] * 4)]
    for c in CRITERIA.values():
        keys = ", ".join(f"`{p}`" + (" (required)" if p in c.needs else "") for p in c.params) or "none"
        criteria.append(_row([f"`{c.kind}`", c.doc, keys, re.sub(r"\{(\w+)(?::\w+)?\}", r"*\1*", c.meaning)]))
    rules = [_row(["key", "type", "default", "never matched", "a pair it forbids shows"]), _row(["---"] * 5)]
    for r in RULES:
        kind = "yes/no" if r.kind == "switch" else (
            ("hours" if r.type is float else "whole number") + (f" ≥ {r.minimum:g}" if r.minimum is not None else ""))
        default = {True: "yes", False: "no", None: "none"}.get(r.default, r.default)
        rules.append(_row([f"`{r.key}`", kind, default, r.text.replace("{v}", "N"), f"`{r.reason}`: {r.help}"]))
    rules.append(_row(["(always)", "", "", "a person with themselves", f"`{SELF[0]}`: {SELF[1]}"]))
    return {"formats": "\n".join(formats) + "\n", "criteria": "\n".join(criteria) + "\n",
            "rules": "\n".join(rules) + "\n"}


def update(text: str) -> str:
    """``text`` with every registry block replaced by its generated table."""
    t = tables()
    return BLOCK.sub(lambda m: m.group(1) + t[m.group(2)] + m.group(4), text)


if __name__ == "__main__":  # pragma: no cover
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/program.md")
    path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
