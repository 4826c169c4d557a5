"""Issue 30 item 7: no identifier (``level_gap``, ``one_to_one``) and no configuration syntax
(``matching.rules``, ``previous: ../slug``, backticks) in what a client reads: every sentence,
table cell and header, chart text and headline of every page of every bundled program (the views,
quick), and every client page the batch writes (``test_raw_reprs``'s shared build, slow).
Criteria, rules, formats and metrics are named from their registries."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from workbench import present, views
from workbench.io import load_program

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"
PROGRAMS = sorted(p for p in SAMPLES.iterdir() if (p / "program.yaml").exists())

SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
CONFIG = {
    "dotted key": re.compile(r"(?<![\w./])[a-z_]+\.[a-z_]+(?![\w(])(?!\.\w)"),
    "key: value": re.compile(r"(?<![\w])[a-z]+_[a-z_]*:\s"),
    "backtick": re.compile(r"`"),
    "relative path": re.compile(r"\.\./"),
}
# what may look like config syntax yet is the client's words
ALLOWED = {"e.g", "i.e"}


def client_text_problems(text: str) -> list[tuple[str, str]]:
    """``(kind, token)`` for every identifier or piece of configuration syntax in ``text``."""
    found = [("identifier", m.group(0)) for m in SNAKE.finditer(text or "")]
    for kind, pattern in CONFIG.items():
        found += [(kind, m.group(0)) for m in pattern.finditer(text or "") if m.group(0) not in ALLOWED]
    return found


def test_the_scan_finds_identifiers_and_config_syntax():
    text = ("Never matched: level_gap below the minimum; set matching.rules in `program.yaml`; "
            "previous_round: ../pilot; one_to_one")
    kinds = {kind for kind, _ in client_text_problems(text)}
    assert kinds == {"identifier", "dotted key", "key: value", "backtick", "relative path"}
    assert client_text_problems("A one-to-one program, e.g. 25 mentees; 1.5 cadences; 43 %.") == []


def page_texts(page) -> list[str]:
    """What a reader of ``page`` sees, as the notebook shows it: sentences, table headers (in
    plain words) and cells, footnotes, chart titles, captions and alt texts, headlines."""
    out = []
    for section in page.sections.values():
        out.append(section.text or "")
        frame = section.frame()
        if isinstance(frame, pd.DataFrame) and not section.key.endswith("_export"):
            shown, _ = present.plain_frame(frame, index=section.index)
            out += [str(c) for c in shown.columns]
            out += [str(v) for v in shown.to_numpy().ravel()]
        footnote = getattr(section.table, "footnote", "")
        out.append(footnote if isinstance(footnote, str) else "")
        if section.chart is not None:
            out += [section.chart.alt, section.chart.caption, getattr(section.chart, "title", "")]
    out += [str(text) for text, _ in page.headlines.values()]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("program_dir", PROGRAMS, ids=lambda p: p.name)
def test_no_identifier_or_config_syntax_in_any_page_of_a_bundled_program(program_dir):
    program = load_program(program_dir)
    problems = {}
    for name, build in views.PAGES.items():
        page = build(program)
        for text in page_texts(page):
            for kind, token in client_text_problems(text):
                problems.setdefault(name, set()).add(f"{kind}: {token!r} in {text[:90]!r}")
    headlines = views.client_headlines(program)
    for label, value in headlines.items():
        for kind, token in client_text_problems(f"{label} {value[0] if isinstance(value, tuple) else value}"):
            problems.setdefault("headlines", set()).add(f"{kind}: {token!r}")
    assert problems == {}


def test_criteria_are_named_from_the_registry():
    from workbench.scoring.criteria import CRITERIA
    from workbench.views.stage3 import criterion_label
    for kind, entry in CRITERIA.items():
        label = criterion_label(kind)
        assert client_text_problems(label) == [], kind
        if entry.named_by == "kind":   # a criterion named by its kind reads its registry label
            assert entry.label and label == entry.label, kind


def test_rules_and_formats_read_in_words():
    from workbench.scoring.formats import FORMATS
    from workbench.scoring.rules import RULES
    for rule in RULES:
        for value in (1, 2, 3.5):
            text = rule.describe(value if rule.kind == "value" else True)
            assert client_text_problems(text) == [] and "(s)" not in text, rule.key
        assert client_text_problems(rule.help) == [], rule.key
    for key, entry in FORMATS.items():
        assert client_text_problems(entry.label) == [], key
