"""Executive summary (issue 16 item 1): every sentence from published figures, hidden ones left out."""
import pandas as pd

from workbench.present import KeyFigure as K
from workbench.report.summary import build_summary, logo_data_uri, summary_html

HEADS = {"Client": "Acme", "Program": "Pilot", "Format": "one-to-one", "Participants": K.count("", 60),
         "Mentees / mentor seats": K.ratio("", 40, 30), "Recommended format": "group",
         "Mentees matched": K.share("", 0.75), "Mean pair score": K.share("", 0.81),
         "Pairs on track": K.withheld("", "small group"),
         "Needs short of mentor seats": K.count("", 2), "Pairs at risk": K.count("", 4)}

def outcome_rows(*rows) -> pd.DataFrame:
    """Rows of exports/outcomes.csv: (outcome, estimator, estimate, ci_low, ci_high, conclusion)."""
    return pd.DataFrame([{"outcome": o, "population": "mentees", "estimator": e, "measure": "odds_ratio",
                          "estimate": v, "ci_low": lo, "ci_high": hi, "conclusion": c}
                         for o, e, v, lo, hi, c in rows])


OUTCOMES = outcome_rows(
    ("left", "raw", 0.5, 0.3, 0.9, "clear benefit"),
    ("left", "weighting", 0.94, 0.66, 1.34, "no clear difference"),
    ("promoted", "weighting", None, None, None, "cannot conclude: fewer than 5 mentees were promoted"))
CARD = pd.DataFrame({"kpi": ["Retention", "Satisfaction", "Cadence"],
                     "status": ["on track", "too early to tell", "off track"]})
WEIGHTS = pd.DataFrame({"criterion": ["overlap", "location"], "current": [3.0, 2.0], "suggested": [4.5, 2.0]})
PLAN = pd.DataFrame({"kpi": ["Retention"], "design": ["randomise the waitlist"], "participants_needed": [903]})


def test_findings_actions_and_open_questions():
    s = build_summary(HEADS, {"outcomes": OUTCOMES, "kpi_scorecard": CARD,
                              "weight_suggestions": WEIGHTS, "evidence_plan": PLAN})
    text = [f.text for f in s.findings]
    assert text[0].startswith("40 mentees for 30 mentor seats: mentees outnumber the seats")
    assert "75 % of the mentees still with the company" in text[1] and "81 %" in text[1]
    assert not any("track" in t and "cadence" in t for t in text)      # a hidden figure: no sentence
    # the preferred estimator's answer, never the raw one's
    assert "No clear difference between mentees and comparable colleagues in leaving the company " \
           "(odds ratio 0.94 (0.66–1.34))." in text
    assert not any("did better" in t for t in text)
    assert "KPIs: 1 of 3 met or on track; 1 off track; 1 too early to tell." in text
    assert s.chips == [("Retention", "on track"), ("Satisfaction", "too early to tell"), ("Cadence", "off track")]
    actions = [a.text for a in s.actions]
    assert any(a.startswith("Raise the weight of “skills wanted and offered” from 3 to 4.5") for a in actions)
    assert not any("location" in a for a in actions)                   # unchanged weight: no advice
    assert any("10 more mentor seats" in a for a in actions)
    assert any("4 pairs at risk" in a for a in actions)
    assert any("2 needs that have fewer mentor seats" in a for a in actions)
    assert any("Consider group mentoring" in a for a in actions)
    assert any("903 participants" in a and "draw by lot who of those waiting starts now" in a for a in actions)
    cannot = [c.text for c in s.cannot]
    assert any("promotion cannot be concluded yet: fewer than 5 mentees were promoted" in c for c in cannot)
    assert any(c.startswith("Satisfaction: too early to tell") for c in cannot)
    assert all(i.link and i.link.endswith(".html") for i in s.findings + s.actions + s.cannot)


def test_nothing_published_nothing_claimed():
    s = build_summary({"Client": "Acme"}, {})
    assert s.findings == [] and s.actions == [] and s.cannot == []
    page = summary_html(s, client="Acme", program="Pilot", date="1 Dec 2026", pages=[])
    assert "too little published data" in page


def test_page_escapes_and_embeds_the_logo(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    uri = logo_data_uri(tmp_path, "logo.svg")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert logo_data_uri(tmp_path, "../outside.png") is None and logo_data_uri(tmp_path, "none.png") is None
    s = build_summary({"Mentees matched": K.share("", 0.9), "Format": "<b>9</b>"}, {})
    page = summary_html(s, client="<script>x</script>", program="P & Q", date="d",
                        pages=[("1. Goals", "01_goal_setting.html")], logo=uri, pdf="report.pdf",
                        figures={"<i>k</i>": "<i>v</i>"})
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "P &amp; Q" in page
    assert "&lt;b&gt;9&lt;/b&gt;" in page and "<i>" not in page
    assert '<img src="data:image/svg+xml;base64,' in page and 'href="report.pdf"' in page


def test_the_matching_finding_gives_the_reasons_for_the_rest():
    """Reasons from page 3's protected export, the most common first; a hidden count is not printed."""
    from workbench.report.summary import build_summary
    unmatched = pd.DataFrame({"reason": ["every allowed partner full", "left the company", "Total"],
                              "mentees": ["hidden", "9", "12"]})
    s = build_summary({"Mentees matched": K.share("", 0.7), "Mean pair score": K.share("", 0.94)},
                      {"unmatched_reasons": unmatched})
    text = s.findings[0].text
    assert text == ("The proposed matching gives 70 % of the mentees still with the company a mentor, "
                    "with a mean pair score of 94 %; the rest: every allowed partner full.")
    assert "hidden" not in text and "12" not in text


def test_on_track_is_a_share_of_the_current_pairs_and_none_current_is_a_sentence():
    s = build_summary({"Pairs on track": K.share("", 0.92)}, {})
    assert s.findings[0].text.startswith("92 % of the current pairs meet at the planned cadence")
    none = K.absent("", "No pair is current (every pair has ended): there is no share to report.")
    s = build_summary({"Pairs on track": none}, {})
    assert [f.text for f in s.findings] == [none.reason]
    assert not any("0 %" in f.text for f in s.findings)


def test_a_hidden_count_is_never_a_zero():
    s = build_summary({"Needs short of mentor seats": K.withheld("", "seats hidden")}, {})
    assert any("hidden" in a.text and "short" in a.text for a in s.actions)
    assert build_summary({"Needs short of mentor seats": K.count("", 0)}, {}).actions == []


def test_match_rate_and_coverage_are_two_figures_with_two_names():
    s = build_summary({"Match rate": K.share("", 0.95), "Mentees matched": K.share("", 0.75)}, {})
    text = [f.text for f in s.findings]
    assert text[0].startswith("95 % of the mentees still with the company were matched with a mentor in the "
                              "program's pairs")
    assert text[1].startswith("The proposed matching gives 75 %")
    peer = build_summary({"Format": "peer", "Match rate": K.share("", 1.0)}, {})   # a peer has a partner
    assert peer.findings[0].text.startswith("100 % of the peers still with the company were matched with a partner")


def test_hidden_kpis_are_counted_apart_and_the_on_track_kpi_is_explained():
    card = pd.DataFrame({"kpi": ["A", "B", "C"],
                         "status": ["met", "hidden (small group)", "hidden (small group)"]})
    s = build_summary({}, {"kpi_scorecard": card, "outcomes": OUTCOMES})
    assert "KPIs: 1 of 1 measurable met or on track, 2 hidden (small group)." in [f.text for f in s.findings]
    assert not any("not measurable" in c.text for c in s.cannot)
    assert "comparable colleagues" in s.kpi_note
    assert s.kpi_note in summary_html(s, client="c", program="p", date="d", pages=[])


def test_each_outcome_row_keeps_its_own_conclusion_and_the_summary_reads_the_adjusted_pair():
    from workbench.report.summary import overall
    rows = pd.DataFrame({"estimator": ["raw", "regression", "weighting"],
                         "conclusion": ["clear harm", "clear benefit", "clear benefit"]})
    assert overall(rows) == "clear benefit"
    rows["conclusion"] = ["clear harm", "no clear difference", "clear benefit"]
    assert overall(rows) == "no clear difference"
    rows["conclusion"] = ["clear harm", "clear harm", "clear benefit"]
    assert overall(rows).startswith("cannot conclude")


def test_the_page_ends_with_a_glossary_of_each_key_figure():
    s = build_summary({"Pairs on track": K.share("", 0.5, definition="Current pairs meeting as planned.")}, {})
    page = summary_html(s, client="c", program="p", date="d", pages=[])
    assert "Glossary" in page and "Current pairs meeting as planned." in page
    assert page.index("Glossary") > page.index("The report")


def test_no_recruiting_advice_when_the_format_run_fits_the_supply():
    """women-leadership-circles: 36 mentees for 7 seats in circles, which fit that supply: the
    summary says so and does not also ask for 29 more mentor seats."""
    heads = {**HEADS, "Format": "circles", "Recommended format": "circles",
             "Mentees / mentor seats": K.ratio("", 36, 7)}
    s = build_summary(heads, {})
    assert s.findings[0].text.startswith("36 mentees for 7 mentor seats: mentees outnumber the seats, "
                                         "and mentoring circles fits that supply, as chosen")
    assert not any("more mentor seats" in a.text for a in s.actions)
    heads["Format"] = "one-to-one"     # the format run does not fit: the advice names the one that does
    assert any(a.text.startswith("Recruit 29 more mentor seats, or run the circles format")
               for a in build_summary(heads, {}).actions)


def test_the_summary_and_page_4_count_kpis_too_early_to_tell_from_one_tally():
    """The count "too early to tell" is computed once (kpi.scorecard.kpi_tally): the summary's
    sentence and page 4's key figure say the same number on a bundled program, and the tally
    counts what a hand count does."""
    import re
    from pathlib import Path
    from workbench.io import load_program
    from workbench.kpi.scorecard import kpi_tally
    from workbench.views import kpi_review
    program = load_program(Path(__file__).resolve().parents[1] / "data" / "programs" / "women-leadership-circles")
    page = kpi_review(program)
    card = page["kpi_scorecard_export"].frame()
    head = page.headlines["KPIs met or on track"][0]
    s = build_summary({}, {"kpi_scorecard": card})
    sentence = next(f.text for f in s.findings if f.text.startswith("KPIs:"))
    early = int((card["status"] == "too early to tell").sum())
    assert early and kpi_tally(card["status"]).early == early
    assert f"({early} too early to tell)" in head and f"; {early} too early to tell." in sentence
    assert any(f.where == "KPIs too early to tell" and f.value == early
               for f in page.headlines["KPIs met or on track"][1])
    t = kpi_tally(["met", "off track", "too early to tell", "too early to tell", "hidden (small group)"])
    assert (t.good, t.measurable, t.hidden, t.early, t.off) == (1, 4, 1, 2, 1)
    assert re.fullmatch(r"1 of 4 measurable \(2 too early to tell\), 1 hidden", t.headline)


def test_no_clear_difference_with_one_clear_estimate_says_both():
    """leadership-accelerator's promotion: the weighting's interval excludes 1, the regression's
    does not. The finding says both, never one interval that excludes 1 under "no clear difference"."""
    rows = outcome_rows(("promoted", "raw", 1.98, 1.47, 2.65, "clear benefit"),
                        ("promoted", "regression", 1.72, 0.99, 2.96, "no clear difference"),
                        ("promoted", "weighting", 1.88, 1.07, 3.28, "clear benefit"))
    text = [f.text for f in build_summary({}, {"outcomes": rows}).findings]
    assert ("No clear difference between mentees and comparable colleagues in promotion: the weighting "
            "finds higher odds (odds ratio 1.88 (1.07–3.28)) but the interval of the regression includes 1 "
            "(odds ratio 1.72 (0.99–2.96)); a difference is called clear only when both adjusted "
            "estimates agree.") in text


def test_a_peer_program_summary_speaks_of_peers():
    """peer-skills-exchange: no separate mentor supply, and a short need invites peers."""
    heads = {"Format": "peer", "Recommended format": "peer", "Mentees / mentor seats": K.ratio("", 40, 40),
             "Needs short of mentor seats": K.count("", 1)}
    s = build_summary(heads, {})
    assert s.findings[0].text.startswith("40 peers pair up among themselves")
    assert any(a.text.startswith("Invite peers who can offer the 1 need") for a in s.actions)
    assert not any("Recruit mentors" in a.text for a in s.actions)
