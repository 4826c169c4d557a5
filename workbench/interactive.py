"""Interactive weight tuning: move a slider, see the new matching and what changed, at once.

Everything is a plain function over a :class:`TuningState` (tests call them directly); the
:class:`TuningPanel` widget only wires ipywidgets to them.

- :func:`initial_state` reads the saved weights, rules, capacity, minimum score and objective;
- :class:`Tuner` keeps the scored problem cached: a weight, objective or minimum-score change
  re-solves only (no re-scoring); a rule or capacity change rebuilds the allowed pairs;
- :func:`summarize`, :func:`changes`, :func:`explain_mentee`, :func:`coverage_by` build the view;
- :func:`save_weights` writes the weights into ``program.yaml`` (keeping a backup of the file).

Example
-------
>>> from workbench.io import load_program                          # doctest: +SKIP
>>> prog = load_program("data/programs/leadership-accelerator")    # doctest: +SKIP
>>> tuner = Tuner(prog)                                            # doctest: +SKIP
>>> view = tuner.update(tuner.state.with_weight("overlap", 5.0))   # doctest: +SKIP
>>> view["summary"]["matched_share"], len(view["changes"])         # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

from .config_yaml import read_config, write_config
from .matchview import best_possible, current_round
from .program import Program
from .scoring import MatchOutcome, diff_matchings, match_program, rematch

BOOL_RULES = ("no_reporting_line", "no_shared_manager", "no_same_department", "no_repeat_pairs")
VALUE_RULES = ("max_timezone_gap", "min_level_gap")


@dataclass(frozen=True)
class TuningState:
    """What the analyst can change. ``rules`` maps a rule name to on/off; value rules keep the
    program's value and are only switched on or off. ``min_share`` is the minimum pair score as a
    share of the best possible (0 = none)."""
    weights: dict
    rules: dict
    capacity: Optional[int] = None
    min_share: float = 0.0
    objective: str = "total"

    def with_weight(self, name: str, value: float) -> "TuningState":
        return dataclasses.replace(self, weights={**self.weights, name: float(value)})

    def with_rule(self, name: str, on: bool) -> "TuningState":
        return dataclasses.replace(self, rules={**self.rules, name: bool(on)})

    def structural_key(self) -> tuple:
        """What forces re-scoring the allowed pairs (rules, capacity) rather than a re-solve."""
        return tuple(sorted(self.rules.items())), self.capacity


def initial_state(program: Program) -> TuningState:
    """The saved settings of ``program.yaml``."""
    m = program.config.matching
    rules = m.rules.model_dump()
    on = {r: bool(rules[r]) for r in BOOL_RULES}
    on.update({r: rules[r] is not None for r in VALUE_RULES})
    total = sum(c.weight for c in m.criteria) or 1.0
    share = 0.0 if m.min_score is None else float(m.min_score) / total
    return TuningState({c.name: float(c.weight) for c in m.criteria}, on, None, share, m.objective)


def _with_rules(program: Program, state: TuningState) -> Program:
    m = program.config.matching
    saved = m.rules.model_dump()
    update = {r: state.rules.get(r, saved[r]) for r in BOOL_RULES}
    # a value rule switched on without a saved value gets a sensible default
    defaults = {"max_timezone_gap": 6.0, "min_level_gap": 1}
    for r in VALUE_RULES:
        update[r] = (saved[r] if saved[r] is not None else defaults[r]) if state.rules.get(r) else None
    rules = m.rules.model_copy(update=update)
    config = program.config.model_copy(update={"matching": m.model_copy(update={"rules": rules})})
    return dataclasses.replace(program, config=config)


def min_score_of(state: TuningState) -> Optional[float]:
    return None if state.min_share <= 0 else state.min_share * (sum(state.weights.values()) or 1.0)


class Tuner:
    """Holds the program, the baseline (saved settings) matching and a cache for fast re-solves."""

    def __init__(self, program: Program, state: Optional[TuningState] = None):
        self.program = current_round(program)
        self.saved = initial_state(program)
        self.state = state or self.saved
        self.baseline = self._solve_full(self.saved)
        self._cache_key, self._cache = self.saved.structural_key(), self.baseline
        self.outcome = self.baseline if self.state == self.saved else self.solve(self.state)

    def _solve_full(self, state: TuningState) -> MatchOutcome:
        return match_program(_with_rules(self.program, state), weights=state.weights,
                             objective=state.objective, min_score=min_score_of(state),
                             capacity=state.capacity)

    def solve(self, state: TuningState) -> MatchOutcome:
        """The matching for ``state``: a re-solve on cached scores unless rules or capacity changed."""
        if state.structural_key() != self._cache_key:
            self._cache_key, self._cache = state.structural_key(), self._solve_full(state)
            return self._cache
        return rematch(self._cache, weights=state.weights, objective=state.objective,
                       min_score=min_score_of(state) if state.min_share > 0 else -float("inf"))

    def update(self, state: TuningState) -> dict:
        """Apply a new state; return the view (summary, changes, coverage)."""
        self.state = state
        self.outcome = self.solve(state)
        return view(self.program, self.baseline, self.outcome)

    def reset(self) -> dict:
        return self.update(self.saved)


def summarize(outcome: MatchOutcome) -> dict:
    """Matched share, mean and lowest pair score (as shares of the best possible)."""
    s, best = outcome.summary, best_possible(outcome)
    return {"matched": s["matched"], "mentees": s["mentees"], "matched_share": s["matched_share"],
            "mean_score": s["mean_score"] / best if s["matched"] else float("nan"),
            "lowest_score": s["lowest_score"] / best if s["matched"] else float("nan")}


def changes(baseline: MatchOutcome, current: MatchOutcome) -> pd.DataFrame:
    """Mentees whose mentor changed against the baseline, with how much each gained or lost
    (scores re-valued with the *current* weights, so the comparison is like for like)."""
    diff = diff_matchings(baseline, current)
    diff = diff[diff["change"] != "same mentor"].copy()
    total = current.breakdown.total
    best = best_possible(current)

    def value(mentee, mentor):
        if pd.isna(mentor) or mentor not in total.columns or mentee not in total.index:
            return float("nan")
        return float(total.at[mentee, mentor]) / best
    diff["old_score"] = [value(a, b) for a, b in zip(diff["mentee"], diff["old_mentor"])]
    diff["new_score"] = [value(a, b) for a, b in zip(diff["mentee"], diff["new_mentor"])]
    diff["gain"] = diff["new_score"].fillna(0) - diff["old_score"].fillna(0)
    return diff.sort_values("gain").reset_index(drop=True)


def coverage_by(program: Program, outcome: MatchOutcome, by: str = "department") -> pd.DataFrame:
    """Matched share of mentees per segment (segments under the minimum group size merged)."""
    from .matchview import coverage
    return coverage(program, outcome, by, program.config.min_group_size)


def explain_mentee(outcome: MatchOutcome, mentee) -> dict:
    """A mentee's pair: each criterion's contribution, the best alternative and why not."""
    pairs = outcome.pairs.set_index("mentee")
    best = best_possible(outcome)
    if mentee in pairs.index:
        row = pairs.loc[mentee]
        contrib = {c.removeprefix("contrib_"): float(row[c]) / best for c in pairs.columns
                   if c.startswith("contrib_")}
        return {"mentee": mentee, "mentor": row["mentor"], "score": float(row["score"]) / best,
                "contributions": contrib, "alternative": row.get("alternative"),
                "alternative_reason": row.get("alternative_reason")}
    un = outcome.unmatched.set_index("mentee")
    if mentee in un.index:
        r = un.loc[mentee]
        return {"mentee": mentee, "mentor": None, "reason": r["reason"],
                "alternative": r.get("alternative"), "alternative_reason": r.get("alternative_reason")}
    raise KeyError(f"{mentee!r} is not a mentee of this program")


def view(program: Program, baseline: MatchOutcome, current: MatchOutcome) -> dict:
    return {"summary": summarize(current), "baseline": summarize(baseline),
            "changes": changes(baseline, current), "coverage": coverage_by(program, current)}


def save_weights(program_dir: str | Path, state: TuningState) -> Path:
    """Write the state's weights, minimum score and objective into ``program.yaml``; the previous
    file is kept as ``program.yaml.<timestamp>.bak``. Returns the backup's path."""
    path = Path(program_dir) / "program.yaml"
    cfg = read_config(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = path.with_name(f"program.yaml.{stamp}.bak")
    shutil.copy2(path, backup)
    criteria = [c.model_copy(update={"weight": state.weights.get(c.name, c.weight)})
                for c in cfg.matching.criteria]
    matching = cfg.matching.model_copy(update={
        "criteria": criteria, "objective": state.objective,
        "min_score": min_score_of(state)})
    write_config(cfg.model_copy(update={"matching": matching}), path)
    return backup


# --- presentation (HTML snippets for the widgets) ---------------------------------------------

def summary_html(v: dict) -> str:
    s, b = v["summary"], v["baseline"]

    def delta(key):
        d = s[key] - b[key]
        return "" if abs(d) < 1e-9 else f" <small>({d:+.1%})</small>"
    return (f"<div class='wb-summary'><b>Matched</b> {s['matched']} of {s['mentees']} "
            f"({s['matched_share']:.0%}){delta('matched_share')} &nbsp; "
            f"<b>Mean pair score</b> {s['mean_score']:.1%}{delta('mean_score')} &nbsp; "
            f"<b>Lowest pair</b> {s['lowest_score']:.1%}{delta('lowest_score')}</div>")


def changes_html(v: dict, limit: int = 12) -> str:
    ch = v["changes"]
    if ch.empty:
        return "<div class='wb-diff'>Same matching as the saved weights.</div>"
    gained, lost = int((ch["gain"] > 1e-9).sum()), int((ch["gain"] < -1e-9).sum())
    rows = "".join(
        f"<tr><td>{html.escape(str(r.mentee))}</td><td>{html.escape(str(r.old_mentor))}</td>"
        f"<td>{html.escape(str(r.new_mentor))}</td><td>{r.gain:+.1%}</td></tr>"
        for r in ch.head(limit).itertuples())
    return (f"<div class='wb-diff'><b>{len(ch)} mentee(s) change mentor</b>: {gained} gain, {lost} lose "
            f"(scores under the new weights).<table><tr><th>mentee</th><th>saved</th><th>now</th>"
            f"<th>gain</th></tr>{rows}</table></div>")


def explanation_html(e: dict) -> str:
    if e.get("mentor") is None:
        return (f"<div class='wb-explain'>{html.escape(str(e['mentee']))} has no mentor: "
                f"{html.escape(str(e.get('reason')))}.</div>")
    parts = ", ".join(f"{k} {v:.0%}" for k, v in e["contributions"].items() if v > 0)
    alt = e.get("alternative")
    alt_text = "" if alt is None or pd.isna(alt) else \
        f" Best alternative: {html.escape(str(alt))} ({html.escape(str(e.get('alternative_reason')))})."
    return (f"<div class='wb-explain'>{html.escape(str(e['mentee']))} → {html.escape(str(e['mentor']))}: "
            f"score {e['score']:.0%} = {parts}.{alt_text}</div>")


@dataclass
class TuningPanel:
    """The ipywidgets panel: sliders, switches, buttons; callbacks call the functions above."""
    program: Program
    program_dir: Optional[str] = None
    tuner: Tuner = field(init=False)

    def __post_init__(self):
        import ipywidgets as w
        self.tuner = Tuner(self.program)
        st = self.tuner.state
        self.sliders = {name: w.FloatSlider(value=val, min=0, max=5, step=0.5, description=name,
                                            continuous_update=False)
                        for name, val in st.weights.items()}
        self.switches = {name: w.Checkbox(value=on, description=name.replace("_", " "))
                         for name, on in st.rules.items()}
        self.capacity = w.IntSlider(value=int(self.tuner.baseline.capacity.max()), min=1, max=10,
                                    description="capacity", continuous_update=False)
        self.min_share = w.FloatSlider(value=st.min_share, min=0, max=0.9, step=0.05,
                                       description="min score", continuous_update=False)
        self.objective = w.ToggleButtons(options=[("Most total score", "total"),
                                                  ("Fairest weakest pair", "fair")], value=st.objective)
        self.save = w.Button(description="Save these weights", button_style="success")
        self.reset = w.Button(description="Reset")
        mentees = list(self.tuner.outcome.pairs["mentee"]) + list(self.tuner.outcome.unmatched["mentee"])
        self.pick = w.Dropdown(options=sorted(map(str, mentees)), description="explain")
        self.summary, self.diff, self.explain = w.HTML(), w.HTML(), w.HTML()
        self.status = w.HTML()
        for c in (*self.sliders.values(), *self.switches.values(), self.capacity, self.min_share,
                  self.objective):
            c.observe(self.on_change, names="value")
        self.pick.observe(lambda _: self.show_explanation(), names="value")
        self.save.on_click(self.on_save)
        self.reset.on_click(self.on_reset)
        self.widget = w.VBox([
            w.HTML("<b>Weights</b>"), w.VBox(list(self.sliders.values())),
            w.HTML("<b>Hard rules</b>"), w.VBox(list(self.switches.values())),
            w.HBox([self.capacity, self.min_share]), self.objective,
            w.HBox([self.save, self.reset, self.status]), self.summary, self.diff,
            self.pick, self.explain])
        self.widget.add_class("wb-tuning")
        self.render(view(self.tuner.program, self.tuner.baseline, self.tuner.outcome))

    def current_state(self) -> TuningState:
        return TuningState({n: s.value for n, s in self.sliders.items()},
                           {n: c.value for n, c in self.switches.items()},
                           self.capacity.value, self.min_share.value, self.objective.value)

    def on_change(self, _=None):
        self.render(self.tuner.update(self.current_state()))

    def render(self, v: dict):
        self.summary.value = summary_html(v)
        self.diff.value = changes_html(v)
        self.show_explanation()

    def show_explanation(self):
        if self.pick.value is not None:
            self.explain.value = explanation_html(explain_mentee(self.tuner.outcome, self.pick.value))

    def on_save(self, _=None):
        if self.program_dir is None:
            self.status.value = "No program folder given: nothing saved."
            return
        backup = save_weights(self.program_dir, self.tuner.state)
        self.status.value = f"Saved; previous file kept as {backup.name}"

    def on_reset(self, _=None):
        for n, s in self.sliders.items():
            s.unobserve(self.on_change, names="value")
            s.value = self.tuner.saved.weights[n]
            s.observe(self.on_change, names="value")
        self.render(self.tuner.reset())
