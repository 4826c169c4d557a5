"""What the evaluation says (issue 34.4): every estimate's sentence states its direction as the
figures show it, with its interval and p-value, reads as an association unless the comparison was
randomised, and the E-value sentence names the directions a confounder would need."""
import math

import pytest

from workbench.evaluation import conclude
from workbench.evaluation.estimators import Estimate
from workbench.evaluation.evaluate import OUTCOMES, OutcomeEvaluation


def est(name, lo, hi, p=0.01, measure="odds_ratio"):
    return Estimate(name, measure, n_treated=200, n_control=800, estimate=math.sqrt(lo * hi), ci=(lo, hi),
                    p_value=p, adjusted_for=("level", "tenure_years"))


def evaluation(outcome, reg, wt, cox=None, randomised=False):
    raw = Estimate("raw", "odds_ratio", n_treated=200, n_control=800, estimate=0.7, ci=(0.5, 0.9),
                   p_value=0.01, rate_treated=0.10, rate_control=0.15)
    conclusion, reason = conclude([reg, wt], OUTCOMES[outcome].good)
    return OutcomeEvaluation(outcome, "mentees", "", raw, reg, wt, cox, None, conclusion, reason,
                             True, (), randomised)


def test_fewer_exits_clear_benefit_says_lower_odds_with_p_values_and_association():
    ev = evaluation("left", est("regression", 0.4, 0.8, 0.002), est("weighting", 0.45, 0.9, 0.02))
    text = ev.sentence()
    assert ev.conclusion == "clear benefit"
    assert "mentees had lower odds of leaving than comparable non-participants" in text
    assert "95 % CI 0.40–0.80, p = 0.002" in text and "0.45–0.90, p = 0.020" in text
    assert "associations in observational data" in text and "not proof that the program caused" in text
    assert "higher odds" not in text and "lowered" not in text


def test_e_value_for_fewer_exits_needs_a_confounder_that_lowers_leaving():
    ev = evaluation("left", est("regression", 0.4, 0.8), est("weighting", 0.45, 0.9))
    text = ev.sentence()
    assert "more likely to join and less likely to leave" in text
    assert "raise the chances of both joining and leaving" not in text
    point, limit = ev.e_values(ev.regression)
    assert f"factor of {point:.1f}" in text and f"factor of {limit:.1f} would move" in text


def test_more_exits_clear_harm_says_higher_odds_and_a_confounder_raising_leaving():
    ev = evaluation("left", est("regression", 1.3, 2.0), est("weighting", 1.2, 2.2))
    text = ev.sentence()
    assert ev.conclusion == "clear harm"
    assert "had higher odds of leaving" in text and "more likely to join and more likely to leave" in text


def test_promotion_benefit_reads_higher_odds_and_the_confounder_raises_promotion():
    ev = evaluation("promoted", est("regression", 1.3, 2.0), est("weighting", 1.2, 2.2))
    text = ev.sentence()
    assert ev.conclusion == "clear benefit"
    assert "had higher odds of promotion" in text and "more likely to be promoted" in text


def test_no_clear_difference_keeps_the_point_direction_and_says_one_is_compatible():
    ev = evaluation("left", est("regression", 0.6, 1.2, 0.3), est("weighting", 0.7, 1.1, 0.2))
    text = ev.sentence()
    assert ev.conclusion == "no clear difference"
    assert "lower odds of leaving" in text and "compatible with no difference" in text
    assert "E-value" not in text                     # nothing to explain away
    mixed = evaluation("left", est("regression", 0.6, 1.2), est("weighting", 0.9, 1.5))
    assert "point in different directions" in mixed.sentence()


def test_cox_sentence_prints_its_p_value_and_direction_and_explains_a_lone_interval():
    cox = est("cox", 0.47, 0.9957, 0.047, measure="hazard_ratio")
    ev = evaluation("left", est("regression", 0.6, 1.2, 0.3), est("weighting", 0.7, 1.1, 0.2), cox)
    text = ev.sentence()
    assert "hazard ratio 0.68 (95 % CI 0.47–1.00, p = 0.047)" in text
    assert "left at a lower rate while in the program" in text
    assert "this interval excludes 1, but the conclusion rests on both adjusted odds ratios" in text
    up = evaluation("left", est("regression", 0.6, 1.2), est("weighting", 0.7, 1.1),
                    est("cox", 0.9, 1.6, 0.3, measure="hazard_ratio"))
    assert "left at a higher rate" in up.sentence() and "the interval includes 1" in up.sentence()


def test_randomised_comparisons_read_as_effects_and_need_no_e_value():
    ev = evaluation("left", est("regression", 0.4, 0.8), est("weighting", 0.45, 0.9),
                    est("cox", 0.5, 0.9, measure="hazard_ratio"), randomised=True)
    text = ev.sentence()
    assert "taking part lowered the odds of leaving" in text
    assert "taking part made mentees leave at a lower rate" in text
    assert "observational" not in text and "E-value" not in text


@pytest.mark.parametrize("lo,hi", [(0.3, 0.6), (0.5, 0.99), (1.01, 1.8), (1.5, 3.0)])
def test_direction_word_always_matches_the_estimate(lo, hi):
    ev = evaluation("left", est("regression", lo, hi), est("weighting", lo, hi))
    word = "lower" if math.sqrt(lo * hi) < 1 else "higher"
    assert f"had {word} odds of leaving" in ev.sentence()
