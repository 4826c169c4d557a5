"""program.yaml: every problem with its line, dotted key path and a plain-English fix; round trip."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.config import ProgramConfig
from workbench.config_yaml import read_config, write_config
from workbench.problems import InputError

LINE = re.compile(r"^[^:]+:\d*:[^:]*: .+; .+$")

BASE = """\
client: Acme
program: Onboarding pilot
purposes: [onboarding, retention]
format: one_to_one
start_date: 2025-01-06
snapshot_date: 2026-06-30
kpis:
  - name: Retention
    metric: retention
    target: 0.9
    due: 2026-06-30
matching:
  criteria:
    - {kind: same, field: department, weight: 2}
    - kind: level_gap
  rules:
    no_reporting_line: true
tables:
  workforce: {file: hr.csv}
  people: {file: people.csv, date_order: dayfirst}
"""


def errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "program.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        read_config(path)
    lines = [str(p) for p in err.value.problems]
    for line in lines:
        assert LINE.match(line), line
        assert "Input should" not in line and "http" not in line and "pydantic" not in line, line
    return lines


def test_valid_config_reads(tmp_path):
    (tmp_path / "program.yaml").write_text(BASE)
    cfg = read_config(tmp_path / "program.yaml")
    assert cfg.purposes == ["onboarding", "retention"] and cfg.tables["people"].date_order == "dayfirst"
    assert read_config(tmp_path) == cfg      # a folder works too


def test_typo_at_top_level(tmp_path):
    found = errors(tmp_path, BASE.replace("purposes:", "purpse:"))
    assert found == [found[0]] and found[0].startswith(
        "program.yaml:3:purpse: unknown key 'purpse'; did you mean 'purposes'?")


def test_typo_nested(tmp_path):
    found = errors(tmp_path, BASE.replace("no_reporting_line", "no_reporting_lne"))
    assert len(found) == 1
    assert found[0].startswith("program.yaml:17:matching.rules.no_reporting_lne: unknown key 'no_reporting_lne'; "
                               "did you mean 'no_reporting_line'?")


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    found = errors(tmp_path, BASE + "colour: blue\n")
    assert found[0].startswith("program.yaml:21:colour: unknown key 'colour'; remove it")
    assert "client, program, purposes" in found[0]


def test_unknown_enum_values_list_the_allowed_ones(tmp_path):
    text = (BASE.replace("metric: retention", "metric: nps")
            .replace("[onboarding, retention]", "[onboarding, retension]")
            .replace("format: one_to_one", "format: mob"))
    found = errors(tmp_path, text)
    assert found[0].startswith("program.yaml:3:purposes[1]: 'retension' is not a known purpose "
                               "(did you mean 'retention'?); use one of: retention, onboarding")
    assert found[1].startswith("program.yaml:4:format: 'mob' is not a known format; use one of: one_to_one, group")
    assert found[2].startswith("program.yaml:9:kpis[0].metric: 'nps' is not a known metric; use one of: retention,")
    assert "participation" in found[2]


def test_every_problem_collected_with_its_line(tmp_path):
    text = (BASE.replace("target: 0.9", "target: high").replace("start_date: 2025-01-06", "start_date: 2025-13-06")
            .replace("    - kind: level_gap", "    - kind: level_gap\n      min_gap: 4\n      max_gap: 2")
            .replace("people: {file: people.csv, date_order: dayfirst}", "people: {file: people.csv, date_order: euro}")
            + "mentor_capacity: 0\ncadence: sometimes\n")
    found = errors(tmp_path, text)
    by_key = {f.split(":")[2]: f for f in found}
    assert by_key["start_date"].startswith("program.yaml:5:start_date: '2025-13-06' is not a date")
    assert by_key["kpis[0].target"].startswith("program.yaml:10:kpis[0].target: 'high' is not a number")
    assert by_key["matching.criteria[1]"].startswith("program.yaml:15:matching.criteria[1]: min_gap must not exceed max_gap")
    assert "dayfirst" in by_key["tables.people.date_order"]
    assert by_key["mentor_capacity"].startswith("program.yaml:23:mentor_capacity: 0 is too small; mentor_capacity must be at least 1")
    assert by_key["cadence"].startswith("program.yaml:24:cadence: unknown cadence 'sometimes'")
    assert [int(f.split(":")[1]) for f in found] == sorted(int(f.split(":")[1]) for f in found)


def test_missing_required_keys(tmp_path):
    found = errors(tmp_path, BASE.replace("client: Acme\n", "").replace("    due: 2026-06-30\n", ""))
    assert any(f.startswith("program.yaml:1:client: required key 'client' is missing") for f in found)
    assert any(f.startswith("program.yaml:7:kpis[0].due: required key 'due' is missing") for f in found)


def test_tables_problems(tmp_path):
    found = errors(tmp_path, BASE.replace("people: {file", "peple: {file"))
    assert found[0].startswith("program.yaml:20:tables.peple: unknown table 'peple'; did you mean 'people'?")
    found = errors(tmp_path, BASE.replace("workforce: {file: hr.csv}", "workforce: {fil: hr.csv}"))
    assert found[0].startswith("program.yaml:19:tables.workforce.fil: unknown key 'fil'; did you mean 'file'?")


def test_yaml_syntax_errors(tmp_path):
    found = errors(tmp_path, BASE.replace("format: one_to_one", "format one_to_one\n  x: [1"))
    assert found[0].startswith("program.yaml:4:: invalid YAML")
    found = errors(tmp_path, BASE.replace("program: Onboarding pilot", "\tprogram: Onboarding pilot"))
    assert found[0].startswith("program.yaml:2:: invalid YAML")
    assert errors(tmp_path, "")[0].startswith("program.yaml::: program.yaml is empty")
    assert errors(tmp_path, "- a\n- b\n")[0].startswith("program.yaml:1:: program.yaml is not a set")


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        read_config(tmp_path / "program.yaml")
    assert str(err.value).startswith("program.yaml::: no program.yaml in the folder")
    with pytest.raises(InputError) as err:
        read_config(tmp_path / "nope" / "program.yaml")
    assert "program folder 'nope' not found" in str(err.value)


def test_latin1_yaml_is_read(tmp_path):
    (tmp_path / "program.yaml").write_bytes(BASE.replace("Acme", "Société Générale").encode("latin-1"))
    assert read_config(tmp_path / "program.yaml").client == "Société Générale"


def test_write_config_round_trip(tmp_path):
    (tmp_path / "program.yaml").write_text(BASE)
    cfg = read_config(tmp_path / "program.yaml")
    out = write_config(cfg, tmp_path / "out" / "program.yaml")
    assert read_config(out) == cfg
    text = out.read_text()
    assert text.startswith("client: Acme\n") and "cadence" not in text     # defaults left out
    data = yaml.safe_load(BASE)
    write_config(data, tmp_path / "dict.yaml")
    assert read_config(tmp_path / "dict.yaml") == cfg
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_write_config_refuses_an_invalid_dict(tmp_path):
    data = yaml.safe_load(BASE)
    data["purpse"] = data.pop("purposes")
    with pytest.raises(InputError) as err:
        write_config(data, tmp_path / "program.yaml")
    assert "unknown key 'purpse'; did you mean 'purposes'?" in str(err.value)
    assert not (tmp_path / "program.yaml").exists()


TOP_KEYS = ["client", "program", "purposes", "format", "start_date", "snapshot_date", "kpis", "matching", "tables"]


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(TOP_KEYS), cut=st.integers(0, 10))
def test_any_misspelt_top_level_key_is_named_on_its_line(tmp_path_factory, key, cut):
    """Dropping one letter of any top-level key gives one 'unknown key' line that suggests it."""
    i = cut % len(key)
    typo = key[:i] + key[i + 1:]
    lines = BASE.splitlines()
    line_no = next(n for n, l in enumerate(lines, 1) if l.startswith(key + ":"))
    text = BASE.replace(f"\n{key}:", f"\n{typo}:") if line_no > 1 else typo + BASE[len(key):]
    found = errors(tmp_path_factory.mktemp("c"), text)
    hit = [f for f in found if f.startswith(f"program.yaml:{line_no}:{typo}: unknown key {typo!r}")]
    assert len(hit) == 1, found
    assert f"did you mean {key!r}?" in hit[0]
    assert not any(f"required key {key!r}" in f for f in found)


def _doc_example() -> str:
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "docs" / "program.md").read_text()
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_docs_example_is_a_valid_program_yaml(tmp_path):
    (tmp_path / "program.yaml").write_text(_doc_example())
    cfg = read_config(tmp_path)
    assert set(cfg.tables) == {"workforce", "people", "relationships", "checkins", "surveys"}


def test_docs_mention_every_key_and_metric():
    from pathlib import Path
    from pydantic import BaseModel
    from workbench import config
    text = (Path(__file__).resolve().parent.parent / "docs" / "program.md").read_text()
    models = [m for m in vars(config).values() if isinstance(m, type) and issubclass(m, BaseModel)
              and m.__module__ == config.__name__ and m is not config._Strict]
    missing = [f"{m.__name__}.{f}" for m in models for f in m.model_fields if f"`{f}`" not in text]
    from workbench.metrics import METRICS
    missing += [f"metric {m}" for m in METRICS if f"`{m}`" not in text]
    assert not missing, missing


# --------------------------------------------------------------- issue 15: hostile program.yaml

def test_duplicate_key_names_both_lines(tmp_path):
    found = errors(tmp_path, BASE + "min_group_size: 5\nmin_group_size: 1\n")
    assert found == ["program.yaml:22:: the key 'min_group_size' is given twice (lines 21 and 22); the second "
                     "would silently win; keep one of the two and delete the other"]
    nested = BASE.replace("    no_reporting_line: true", "    no_reporting_line: true\n    no_reporting_line: false")
    assert "given twice (lines 17 and 18)" in errors(tmp_path, nested)[0]


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system [ls]", "!!python/name:os.system", "!custom x",
                                   "!!binary aGk=", "!!set {a: null}"])
def test_tags_are_refused_in_plain_words(tmp_path, value):
    found = errors(tmp_path, BASE.replace("client: Acme", f"client: {value}"))
    assert len(found) == 1 and found[0].startswith("program.yaml:1::") and "plain values only" in found[0]
    assert "indentation" not in found[0]


def test_depth_aliases_and_size_are_limited(tmp_path):
    assert "nests more than 40 levels" in errors(tmp_path, "a: " + "[" * 20000 + "]" * 20000 + "\n")[0]
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "aliases (*) are not supported" in errors(tmp_path, bomb)[0]
    assert "over the limit of 1 MB" in errors(tmp_path, BASE + "# " + "x" * (2 ** 20) + "\n")[0]


def test_utf16_yaml_is_read(tmp_path):
    for enc in ("utf-16", "utf-16-le"):
        (tmp_path / "program.yaml").write_bytes(BASE.replace("Acme", "Société").encode(enc))
        assert read_config(tmp_path / "program.yaml").client == "Société"


def test_values_maps_accept_numbers_and_yes_no(tmp_path):
    text = BASE.replace("workforce: {file: hr.csv}",
                        "workforce: {file: hr.csv, values: {level: {G1: 1, 2: 2.0}, healthy: {Ja: yes, Nein: false}}}")
    (tmp_path / "program.yaml").write_text(text)
    values = read_config(tmp_path / "program.yaml").tables["workforce"].values
    assert values == {"level": {"G1": "1", "2": "2"}, "healthy": {"Ja": "yes", "Nein": "no"}}


# ------------------------------------------------- issue 33: registries validated at use, live

def test_an_entry_registered_at_run_time_is_seen_everywhere(tmp_path, monkeypatch):
    """A metric, criterion, rule and format added at run time: program.yaml naming them validates,
    the tuning panel's controls list the rule, the scorecard measures the metric, the matching
    applies the rule; taken out again, the same file is refused line by line with a suggestion."""
    import numpy as np

    from program_factory import kpi_program
    from workbench.interactive import RULE_CONTROLS as CONTROLS
    from workbench.kpi.scorecard import scorecard
    from workbench.metrics import Measurement, MetricSpec, registered_metric
    from workbench.scoring.criteria import CRITERIA, CriterionKind
    from workbench.scoring.formats import FORMATS
    from workbench.scoring.rules import Rule, allowed_mask, registered_rule
    from workbench.tuning.state import initial_state

    metric = MetricSpec("pairs_running", "share of pairs still running", "relationships", "0–1", 0, 1, True,
                        "how", "none", None, lambda program, kpi: Measurement(0.75, 0.6, 0.9, 30, "trial"))
    rule = Rule("no_same_site", "switch", False, "a mentor on the mentee's own site", "same_site",
                "same site", lambda on, ctx: np.ones(ctx.shape, dtype=bool))
    kind = CriterionKind("same_site_score", "same site", "1 on the same site",
                         lambda c, a, b, reverse: np.zeros((len(a), len(b))))
    text = (BASE.replace("format: one_to_one", "format: one_to_one_trial")
            .replace("metric: retention", "metric: pairs_running")
            .replace("kind: level_gap", "kind: same_site_score")
            .replace("no_reporting_line: true", "no_same_site: true"))
    (tmp_path / "program.yaml").write_text(text)
    with registered_metric(metric), registered_rule(rule):
        monkeypatch.setitem(CRITERIA, kind.kind, kind)
        monkeypatch.setitem(FORMATS, "one_to_one_trial", FORMATS["one_to_one"])
        cfg = read_config(tmp_path)
        assert (cfg.format, cfg.kpis[0].metric, cfg.matching.criteria[1].kind) == (
            "one_to_one_trial", "pairs_running", "same_site_score")
        assert cfg.matching.rules.no_same_site is True and cfg.matching.rules.no_reporting_line is True
        assert "no_same_site" in CONTROLS and CONTROLS["no_same_site"].code == "same_site"
        program = kpi_program(kpis=[{"name": "Running", "metric": "pairs_running", "target": 0.5,
                                     "due": "2026-06-30"}])
        program = program.__class__(**{**program.__dict__, "config": program.config.model_copy(
            update={"matching": cfg.matching})})
        assert initial_state(program).rules["no_same_site"] is True
        assert scorecard(program).table.iloc[0]["current"] == 0.75
        mask = allowed_mask(program.mentees.set_index("person_id"), program.mentors.set_index("person_id"),
                            program.config.matching.rules)
        assert set(mask.counts()) == {"same_site"}       # the matching applies the new rule
        monkeypatch.undo()
    assert "no_same_site" not in CONTROLS
    found = errors(tmp_path, text.replace("one_to_one_trial", "one_to_one"))
    assert any(f.startswith("program.yaml:9:kpis[0].metric: 'pairs_running' is not a known metric; use one of:")
               for f in found), found
    assert any(f.startswith("program.yaml:15:matching.criteria[1].kind: 'same_site_score' is not a known "
                            "criterion kind; use one of: same,") for f in found), found
    assert any(f.startswith("program.yaml:17:matching.rules.no_same_site: unknown key 'no_same_site'; did you "
                            "mean 'no_same_department'?") for f in found), found
    found = errors(tmp_path, text)
    assert any(f.startswith("program.yaml:4:format: 'one_to_one_trial' is not a known format "
                            "(did you mean 'one_to_one'?); use one of:") for f in found), found


def test_rules_values_are_checked_per_key_against_the_registry(tmp_path):
    found = errors(tmp_path, BASE.replace("no_reporting_line: true", "max_timezone_gap: -2\n    min_level_gap: two"))
    assert found[0].startswith("program.yaml:17:matching.rules.max_timezone_gap: -2 is too small; "
                               "max_timezone_gap must be at least 0"), found
    assert found[1].startswith("program.yaml:18:matching.rules.min_level_gap: 'two' is not a whole number"), found
    cfg = ProgramConfig.model_validate(yaml.safe_load(BASE))
    assert cfg.matching.rules.model_dump() == {"no_reporting_line": True, "no_shared_manager": False,
                                               "no_same_department": False, "max_timezone_gap": None,
                                               "min_level_gap": None, "no_repeat_pairs": True}
