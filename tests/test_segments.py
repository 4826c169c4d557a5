from workbench import goals, segments

from program_factory import make_program


def _program():
    wf = [{"employee_id": f"T{i}", "level": 1, "skills": ()} for i in range(12)]
    wf += [{"employee_id": f"M{i}", "level": 4, "skills": ("python",)} for i in range(3)]
    wf += [{"employee_id": "X1", "level": 5, "skills": ("negotiation",)}]
    people = [{"person_id": f"T{i}", "role": "mentee",
               "wants": ("python", "cloud") if i < 6 else ("negotiation", "forecasting")}
              for i in range(12)]
    people += [{"person_id": f"M{i}", "role": "mentor", "offers": ("python", "cloud"), "capacity": 2}
               for i in range(3)]
    return make_program(people, wf, fmt="group", capacity=2)


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
    sentence = segments.interpret_demand(goals.demand_supply(prog, "department"), k=5)
    assert "Eng (6 seats short)" in sentence


def test_tracks_on_sample_program(sample_programs):
    tracks = segments.suggest_tracks(sample_programs["leadership-accelerator"])
    assert 2 <= len(tracks) <= 6 and tracks["mentees"].sum() == 500
