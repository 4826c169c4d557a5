from workbench import goals, segments

from workbench.views.stage1 import demand_table

from program_factory import make_program


def _program(k=5):
    wf = [{"employee_id": f"T{i}", "level": 1, "skills": ()} for i in range(12)]
    wf += [{"employee_id": f"M{i}", "level": 4, "skills": ("python",)} for i in range(3)]
    wf += [{"employee_id": "X1", "level": 5, "skills": ("negotiation",)}]
    people = [{"person_id": f"T{i}", "role": "mentee",
               "wants": ("python", "cloud") if i < 6 else ("negotiation", "forecasting")}
              for i in range(12)]
    people += [{"person_id": f"M{i}", "role": "mentor", "offers": ("python", "cloud"), "capacity": 2}
               for i in range(3)]
    return make_program(people, wf, fmt="group", capacity=2, min_group_size=k)


def test_unmet_needs_names_the_gap_and_recruiting_pool():
    unmet = segments.unmet_needs(_program())
    assert set(unmet.index) == {"negotiation", "forecasting"}
    assert unmet.loc["negotiation", "seats short"] == 6
    assert unmet.loc["negotiation", "candidates"] == 1          # X1 lists it and is senior enough
    assert unmet.loc["negotiation", "mentors to recruit"] == 3  # capacity 2 per mentor
    assert "python" not in unmet.index                          # 6 wanting, 6 seats


def test_tracks_separate_two_clear_needs_groups():
    tracks = segments.suggest_tracks(_program(), k=2)
    assert sorted(tracks["mentees"]) == [6, 6]
    tops = set(tracks["top_needs"])
    assert any("python" in t for t in tops) and any("negotiation" in t for t in tops)
    fit = dict(zip(tracks["top_needs"].str.contains("python"), tracks["mentors_who_fit"]))
    assert fit[True] == 3 and fit[False] == 0


def test_profile_counts_and_interpretation():
    prog = _program()
    counts = segments.profile_counts(prog, "career_stage")
    assert counts.loc["early", "mentees"] == 12 and counts.loc["mid", "mentors"] == 3
    # three mentors: at k = 5 their seats and the gap are hidden; at k = 2 the gap is said
    assert "Eng" not in segments.interpret_demand(demand_table(prog, "test"))
    sentence = segments.interpret_demand(demand_table(_program(k=2), "test"))
    assert "Eng (6 seats short)" in sentence


def test_demand_sentence_never_names_a_hidden_segment():
    # HR: 8 mentees, one mentor with 2 seats -> 6 short, but its mentors (1) and seats are hidden
    wf = [{"employee_id": f"H{i}", "department": "HR", "level": 1} for i in range(8)]
    wf += [{"employee_id": f"E{i}", "department": "Eng", "level": 1} for i in range(20)]
    wf += [{"employee_id": "HM", "department": "HR", "level": 4}]
    wf += [{"employee_id": f"EM{i}", "department": "Eng", "level": 4} for i in range(6)]
    people = [{"person_id": r["employee_id"], "role": "mentor" if "M" in r["employee_id"] else "mentee",
               "capacity": 2 if "M" in r["employee_id"] else None} for r in wf]
    prog = make_program(people, wf, fmt="group", capacity=2)
    raw = goals.demand_supply(prog, "department")
    assert raw.loc["HR", "gap"] == 6                 # the figure exists ...
    table = demand_table(prog, "test")
    assert table.text("HR", "gap") == "hidden"
    sentence = segments.interpret_demand(table)
    assert "HR" not in sentence and "6 seats" not in sentence   # ... and is never printed


def test_tracks_on_sample_program(sample_programs):
    tracks = segments.suggest_tracks(sample_programs["leadership-accelerator"])
    assert 2 <= len(tracks) <= 6 and tracks["mentees"].sum() == 500
