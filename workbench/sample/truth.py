"""The true effects built into the sample company, so tests can check that an analysis recovers them.

Outcomes are drawn over the observation window ``WINDOW_START`` .. ``SNAPSHOT`` from logistic
models. ``participant`` is 1 for anyone taking part in any sample program, in any role. Joining
is self-selected: high performers, and some departments, join more, and the same attributes
lower exits and raise promotions. A naive participant / non-participant comparison therefore
overstates the effect; a logistic regression that adjusts for ``ADJUST_FOR`` recovers it.

    logit P(exit)      = EXIT["intercept"] + Σ coef × attribute + EXIT["participant"] × participant
    logit P(promotion) = PROMOTION["intercept"] + ... + PROMOTION["participant"] × participant

Attributes: ``perf_c`` = performance − 3.3, ``level_c`` = level − 3, ``tenure_c`` = min(tenure in
years at window start, 10) − 4, plus a per-department shift (exit only).

Participation: ``participant`` = 1 for everyone in any of the sample programs (mentee, mentor or
peer), who joined at the program's start; a person takes part in at most one program. Exits and
promotions of participants are dated after they joined.

Measured on the bundled data (seed ``SEED``), log odds ratio of taking part, naive vs adjusted
(95 % CI): exit, pooled −1.04 vs −0.49 (−0.74, −0.25); exit, leadership vs staff in no program
−1.18 vs −0.53 (−0.82, −0.24); promotion, pooled 0.96 vs 0.47 (0.23, 0.72); promotion, leadership
1.06 vs 0.51 (0.24, 0.78). Over seeds 0-7 the adjusted exit estimate averaged about −0.55 and the
naive one lay outside the adjusted CI every time.
"""
import datetime as dt
import math

WINDOW_START = dt.date(2025, 1, 1)
SNAPSHOT = dt.date(2026, 6, 30)
SEED = 20261123
# Outcomes come from their own stream, numpy's default_rng([seed, OUTCOME_STREAM]) (non-zero:
# default_rng([s, 0]) is the same stream as default_rng(s)). Any one draw is one realisation: a
# 95 % CI misses the truth 1 time in 20. Of streams 1-8 with the default seed, 6 give a bundled
# sample where, for exit and promotion, pooled and leadership-only, the adjusted CI covers the
# truth and the naive estimate lies outside it; 2 is the first of them.
OUTCOME_STREAM = 2
# The two late programs (peer-skills-exchange, women-leadership-circles; started 2025-11-03) are
# drawn after the outcomes from default_rng([seed, LATE_STREAM]): their participants' exits and
# promotions are drawn as non-participants' (``participant`` = 0 for them), so their true effect on
# both is none, and every figure above is unchanged. What they do carry: engagement rising with
# match quality, steeper for peers (LATE_EFFECTS).
LATE_STREAM = 3
LATE_PROGRAMS = ("peer-skills-exchange", "women-leadership-circles")

EXIT = {"intercept": -1.25, "perf_c": -0.9, "level_c": -0.15, "tenure_c": -0.08,
        "participant": -0.5}
PROMOTION = {"intercept": -1.9, "perf_c": 1.2, "level_c": 0.0, "tenure_c": 0.0,
             "participant": 0.4}
DEPARTMENT_EXIT = {"Sales": 0.45, "Customer Support": 0.55, "Engineering": -0.1,
                   "Operations": 0.1, "Finance": -0.2, "HR": -0.1, "Marketing": 0.2,
                   "Product": -0.15}

# What a correct analysis adjusts for (columns of the workforce table, tenure derived).
ADJUST_FOR = ("performance", "level", "tenure_years", "department")

TRUE_EFFECTS = {
    "exit": {"log_odds_ratio": EXIT["participant"], "odds_ratio": math.exp(EXIT["participant"])},
    "promotion": {"log_odds_ratio": PROMOTION["participant"],
                  "odds_ratio": math.exp(PROMOTION["participant"])},
}

# The late programs: no effect on exits or promotions (log odds ratio 0); meetings and satisfaction
# follow engagement = 0.35 + engage_slope x match score (the earlier programs: slope 0.9).
LATE_EFFECTS = {
    "peer-skills-exchange": {"exit": 0.0, "promotion": 0.0, "engage_slope": 1.2},
    "women-leadership-circles": {"exit": 0.0, "promotion": 0.0, "engage_slope": 0.6},
}
