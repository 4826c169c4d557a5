"""The ipywidgets tuning panel: every callback is a thin wrapper over the pure functions.

Controls: a weight slider per criterion, a switch per rule (value rules with their number),
capacity (default: each mentor's own), minimum score in points (its share of the best shown
beside it), objective. Buttons: Save (writes exactly what is shown; it becomes the new saved
state), Reset (back to everything saved), Pin as A (compare scenario A with the controls as B).
"""
from __future__ import annotations

import base64
from typing import Optional

from ..exports import neutralize
from ..program import Program
from .html import FILTERS, changes_html, compare_html, explanation_html, summary_html
from .save import ALL_ZERO, save_settings
from .frontier import at_point, frontier_html, labels, points
from .state import RULE_CONTROLS, TuningState, all_zero
from .tuner import Tuner, control_notes
from .views import compare, explain_mentee

__all__ = ["TuningPanel"]

WEIGHT_MAX = 5.0
CAPACITY_MAX = 10
WIDE = {"description_width": "initial"}


class TuningPanel:
    """``TuningPanel(program, program_dir).widget`` is the panel; ``program_dir`` enables Save."""

    _points = None

    def __init__(self, program: Program, program_dir: Optional[str] = None):
        import ipywidgets as w
        self.w = w
        self.program, self.program_dir = program, program_dir
        self.tuner = Tuner(program)
        self.notes = control_notes(self.tuner)
        self.pinned = None           # (state, outcome) of scenario A
        self.page, self._quiet = 0, False
        st = self.tuner.saved
        layout = w.Layout(width="420px")
        self.sliders = {n: w.FloatSlider(value=v, min=0, max=max(WEIGHT_MAX, v), step=0.5,
                                         description=n, style=WIDE, layout=layout, continuous_update=False)
                        for n, v in st.weights.items()}
        self.switches, self.values = {}, {}
        for name, c in RULE_CONTROLS.items():
            on = st.rules.get(name) not in (None, False)
            self.switches[name] = w.Checkbox(value=on, description=c.label, indent=False,
                                             layout=w.Layout(width="auto"))
            if c.kind == "value":
                start = st.rules.get(name) if st.rules.get(name) is not None else c.default_on
                box = w.BoundedIntText if c.integer else w.BoundedFloatText
                self.values[name] = box(value=start, min=0, max=max(100, start), step=1 if c.integer else 0.5,
                                        layout=w.Layout(width="80px"), disabled=not on)
        # 0 stands for "no override" (a Dropdown value of None would mean "nothing selected")
        cap_options = [("each mentor's own", 0)] + [(str(i), i) for i in range(1, CAPACITY_MAX + 1)]
        self.capacity = w.Dropdown(options=cap_options, value=st.capacity or 0, description="capacity",
                                   style=WIDE, disabled="capacity" in self.notes)
        self.min_score = w.FloatSlider(value=st.min_score or 0.0, min=0,
                                       max=max(st.total_weight, st.min_score or 0.0, 1.0), step=0.1,
                                       description="minimum score (points)", style=WIDE,
                                       layout=layout, continuous_update=False)
        self.min_share = w.HTML()
        self.objective = w.ToggleButtons(options=[("Most total score", "total"),
                                                  ("Fairest weakest pair", "fair")], value=st.objective,
                                         style={"button_width": "auto"})
        self.frontier = w.Dropdown(options=[], description="frontier point", style=WIDE,
                                   layout=w.Layout(width="640px"))
        self.use_point = w.Button(description="Use this point", layout=w.Layout(width="auto"))
        self.show_frontier = w.Button(description="Frontier under these settings", layout=w.Layout(width="auto"))
        self.frontier_table = w.HTML()
        self.use_point.on_click(self.on_point)
        self.show_frontier.on_click(lambda _: self.render_frontier())   # on demand: 10 exact solves
        self.save = w.Button(description="Save these settings", button_style="success",
                             layout=w.Layout(width="auto"), disabled=program_dir is None)
        self.reset = w.Button(description="Reset to saved", layout=w.Layout(width="auto"))
        self.pin = w.Button(description="Pin as scenario A", layout=w.Layout(width="auto"))
        self.unpin = w.Button(description="Clear A", layout=w.Layout(width="auto"), disabled=True)
        self.status = w.HTML()
        self.summary, self.diff, self.explain, self.comparison = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.filter = w.Dropdown(options=list(FILTERS), value="all", description="show", style=WIDE)
        self.search = w.Text(placeholder="search id or name", layout=w.Layout(width="200px"))
        self.prev = w.Button(description="◀", layout=w.Layout(width="40px"))
        self.next = w.Button(description="▶", layout=w.Layout(width="40px"))
        self.export = w.Button(description="Export all changes (CSV)", layout=w.Layout(width="auto"))
        self.download = w.HTML()
        names = self.tuner.context.names
        mentees = sorted(map(str, list(self.tuner.baseline.pairs["mentee"]) +
                             list(self.tuner.baseline.unmatched["mentee"])))
        self._pick_ids = {(f"{m} — {names[m]}" if names.get(m) else m): m for m in mentees}
        self.pick = w.Combobox(options=list(self._pick_ids), placeholder="mentee id or name",
                               description="explain", ensure_option=True, style=WIDE)
        for c in (*self.sliders.values(), *self.switches.values(), *self.values.values(),
                  self.capacity, self.min_score, self.objective):
            c.observe(self.on_change, names="value")
        for c in (self.filter, self.search):
            c.observe(self.on_page_control, names="value")
        self.pick.observe(lambda _: self.show_explanation(), names="value")
        self.save.on_click(self.on_save)
        self.reset.on_click(self.on_reset)
        self.pin.on_click(self.on_pin)
        self.unpin.on_click(self.on_unpin)
        self.prev.on_click(lambda _: self.turn(-1))
        self.next.on_click(lambda _: self.turn(+1))
        self.export.on_click(self.on_export)
        self.widget = w.VBox([
            w.HTML("<b>Weights</b>"), w.VBox(list(self.sliders.values())),
            w.HTML("<b>Hard rules</b>"), w.VBox([self._rule_row(n) for n in RULE_CONTROLS]),
            self._noted("capacity", self.capacity), w.HBox([self.min_score, self.min_share]),
            self._noted("objective", self.objective),
            w.HBox([self.show_frontier, self.frontier, self.use_point]), self.frontier_table,
            w.HBox([self.save, self.reset, self.pin, self.unpin]), self.status,
            self.summary, w.HBox([self.filter, self.search, self.prev, self.next, self.export]),
            self.download, self.diff, self.comparison, self.pick, self.explain])
        self.widget.add_class("wb-tuning")
        self._warm_up()
        self.view = self.tuner.view()
        self.render()

    def _warm_up(self):
        """One re-solve and view before the panel shows, so the analyst's first move is as fast
        as the next ones (first calls of the solver and view code paths)."""
        name, value = next(iter(self.tuner.saved.weights.items()), (None, 0.0))
        if name is not None:
            changes_html(self.tuner.update(self.tuner.saved.with_weight(name, value + 0.5)))
            self.tuner.reset()

    # ------------------------------------------------------------------ layout helpers
    def _note(self, key: str):
        text = self.notes.get(key)
        return self.w.HTML(f"<small class='wb-note' style='margin-left:1em;color:#666'>{text}</small>"
                           if text else "")

    def _noted(self, key: str, control):
        return self.w.HBox([control, self._note(key)])

    def _rule_row(self, name: str):
        parts = [self.switches[name]]
        if name in self.values:
            parts += [self.values[name], self.w.HTML(f"<small>{RULE_CONTROLS[name].unit}</small>")]
        return self.w.HBox(parts + [self._note(name)])

    # ------------------------------------------------------------------ state <-> widgets
    def current_state(self) -> TuningState:
        state = self.tuner.state
        for n, s in self.sliders.items():
            state = state.with_weight(n, s.value)
        for n, c in self.switches.items():
            value = c.value if n not in self.values else (self.values[n].value if c.value else None)
            state = state.with_rule(n, value)
        return (state.with_capacity(self.capacity.value or None).with_min_score(self.min_score.value)
                .with_objective(self.objective.value))

    def show_state(self, state: TuningState) -> None:
        """Put ``state`` into the controls without firing a re-solve per control."""
        self._quiet = True
        try:
            for n, s in self.sliders.items():
                s.value = state.weights[n]
            for n, c in self.switches.items():
                v = state.rules.get(n)
                c.value = v not in (None, False)
                if n in self.values:
                    if v is not None:
                        self.values[n].value = v
                    self.values[n].disabled = v is None
            self.capacity.value = state.capacity or 0
            self.min_score.max = max(self.min_score.max, state.min_score or 0.0)
            self.min_score.value = state.min_score or 0.0
            self.objective.value = state.objective
        finally:
            self._quiet = False

    # ------------------------------------------------------------------ callbacks
    def on_change(self, _=None):
        if self._quiet:
            return
        for n, box in self.values.items():
            box.disabled = not self.switches[n].value
        state = self.current_state()
        if all_zero(state):
            self.save.disabled = True
            self.status.value = f"<span class='wb-warn'>Not solved: {ALL_ZERO}.</span>"
            return
        self.save.disabled = self.program_dir is None
        self.status.value = ""
        self.min_score.max = max(self.min_score.max, state.total_weight)
        self.view = self.tuner.update(state)
        self.page = 0
        self.render()

    def on_point(self, _=None):
        """Set the objective and minimum score of the picked frontier point (Save keeps them)."""
        if self.frontier.value is None or self._points is None or self._points.empty:
            return
        self.show_state(at_point(self.current_state(), self._points.iloc[self.frontier.value]))
        self.frontier_table.value = frontier_html(self._points, self.frontier.value)   # the chart marks it
        self.on_change()

    def render_frontier(self):
        self._points = points(self.tuner)
        self.frontier.options = labels(self._points)
        self.frontier_table.value = frontier_html(self._points, self.frontier.value)

    def on_page_control(self, _=None):
        self.page = 0
        self.render_diff()

    def turn(self, step: int):
        self.page = max(0, self.page + step)
        self.render_diff()

    def on_save(self, _=None):
        if self.program_dir is None:
            self.status.value = "No program folder given: nothing saved."
            return
        try:
            backup = save_settings(self.program_dir, self.tuner.state)
        except Exception as exc:   # shown to the analyst, the panel stays usable
            self.status.value = f"<span class='wb-warn'>Not saved: {exc}</span>"
            return
        self.view = self.tuner.rebase()
        self.status.value = f"Saved; the previous file is kept as {backup.name}. These settings are now the saved ones."
        self.render()

    def on_reset(self, _=None):
        self.show_state(self.tuner.saved)
        self.view = self.tuner.reset()
        self.save.disabled = self.program_dir is None
        self.status.value = "Back to the saved settings."
        self.render()

    def on_pin(self, _=None):
        self.pinned = (self.tuner.state, self.tuner.outcome)
        self.unpin.disabled = False
        self.render_compare()

    def on_unpin(self, _=None):
        self.pinned = None
        self.unpin.disabled = True
        self.render_compare()

    def on_export(self, _=None):
        ch = neutralize(self.view["changes"])
        data = base64.b64encode(ch.to_csv(index=False).encode("utf-8")).decode("ascii")
        self.download.value = (f"<a download='matching_changes.csv' href='data:text/csv;base64,{data}'>"
                               f"Download the {len(ch)} changes (CSV, analyst only)</a>")

    # ------------------------------------------------------------------ rendering
    def render(self):
        total = self.tuner.state.total_weight
        share = (self.min_score.value / total) if total else 0.0
        self.min_share.value = (f"<small>of {total:g} points: {share:.0%} of the best possible</small>"
                                if self.min_score.value else "<small>no minimum</small>")
        self.summary.value = summary_html(self.view)
        self.download.value = ""
        self.render_diff()
        self.render_compare()
        self.show_explanation()

    def render_diff(self):
        self.diff.value = changes_html(self.view, self.filter.value, self.search.value, self.page)

    def render_compare(self):
        if self.pinned is None:
            self.comparison.value = compare_html(None)
            return
        cmp = compare(self.tuner.context, dict(self.tuner.saved.weights), self.pinned[1], self.tuner.outcome)
        self.comparison.value = compare_html(cmp)

    def show_explanation(self):
        mentee = self._pick_ids.get(self.pick.value)
        if mentee is not None:
            self.explain.value = explanation_html(
                explain_mentee(self.tuner.explained(), mentee, self.tuner.context.names))
