"""Deterministic sample data: one company, six mentoring programs, their true effects.

``write_samples(out, seed)`` writes ``out/<slug>/`` for each program (``program.yaml`` plus the
client's tables) and returns the folders; the same seed gives byte-identical files. The true
effects of taking part are in :mod:`workbench.sample.truth`.

Example
-------
>>> from pathlib import Path
>>> folders = write_samples(Path("samples"), seed=1)     # doctest: +SKIP
>>> [f.name for f in folders]                                  # doctest: +SKIP
['onboarding-pilot', 'leadership-accelerator', 'reverse-digital', 'peer-skills-exchange', 'women-leadership-circles', 'onboarding-round-2']
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import truth
from .company import LOCATIONS, draw_outcomes, make_workforce
from .programs import (add_preferences, historical_late, historical_match, make_activity, make_late_people,
                       make_people, select_late, select_participants, select_round)
from .specs import LATE_SPECS, READINESS, ROUND_SPECS, SPECS, Spec
from ..exports import _FIXED_DATE, _deterministic_xlsx

__all__ = ["write_samples", "generate", "truth"]

LIST_COLUMNS = ("skills", "wants", "offers", "languages", "preferences")


def generate(seed: int = truth.SAMPLE_SEED) -> tuple[pd.DataFrame, dict[str, dict[str, pd.DataFrame]]]:
    """The workforce (with outcomes) and each program's tables, in the workbench's own columns.

    People sign up first (their joining dates), then outcomes are drawn with participation
    counted from joining (:func:`.company.draw_outcomes`), then the pairs meet."""
    rng = np.random.default_rng(seed)
    wf = make_workforce(rng)
    chosen = select_participants(rng, wf)
    languages = [tuple(LOCATIONS[loc][2]) for loc in wf["location"]]
    participant = np.zeros(len(wf))
    joined = pd.Series(pd.NaT, index=wf.index, dtype="datetime64[ns]")
    position = pd.Series(np.arange(len(wf)), index=wf["employee_id"])
    people_of = {}
    for spec in SPECS:
        mentees, mentors = chosen[spec.slug]
        people = make_people(rng, spec, wf, mentees, mentors, languages)
        if any(c["kind"] == "preference" for c in spec.criteria):
            people = add_preferences(rng, people)
        people_of[spec.slug] = people
        pos = position[people["person_id"]].to_numpy()
        participant[pos] = 1
        joined.iloc[pos] = pd.to_datetime(people["joined"]).to_numpy()
    # outcomes from their own stream (see truth.OUTCOME_STREAM), the rest from the main one
    outcome_rng = np.random.default_rng([seed, truth.OUTCOME_STREAM])
    wf = draw_outcomes(outcome_rng, wf, participant, joined)
    exits = wf.set_index("employee_id")["exit_date"]
    programs = {}
    for spec in SPECS:
        people = people_of[spec.slug]
        pairs = historical_match(rng, spec, people, wf)
        signed = people.set_index("person_id")["joined"]
        pairs["joined"] = [max(signed[a], signed[b]) for a, b in zip(pairs["mentee_id"], pairs["mentor_id"])]
        rel, chk, srv = make_activity(rng, spec, pairs, exits)
        programs[spec.slug] = {"people": people, "relationships": rel, "checkins": chk,
                               "surveys": srv}
    # the late programs: their own stream, after the outcomes (see truth.LATE_STREAM)
    late_rng = np.random.default_rng([seed, truth.LATE_STREAM])
    late = select_late(late_rng, wf, participant.astype(bool))
    for spec in LATE_SPECS:
        members, leads = late[spec.slug]
        people = make_late_people(late_rng, spec, wf, members, leads, languages)
        pairs = historical_late(late_rng, spec, people, wf)
        rel, chk, srv = make_activity(late_rng, spec, pairs, exits)
        programs[spec.slug] = {"people": people, "relationships": rel, "checkins": chk,
                               "surveys": srv}
    # the pilot's second round: its own stream, after the late programs (see truth.ROUND_STREAM)
    round_rng = np.random.default_rng([seed, truth.ROUND_STREAM])
    taken = participant.astype(bool) | wf["employee_id"].isin(
        pd.concat([programs[s.slug]["people"]["person_id"] for s in LATE_SPECS])).to_numpy()
    for spec in ROUND_SPECS:
        mentees, mentors = select_round(round_rng, wf, taken, spec)
        people = make_people(round_rng, spec, wf, mentees, mentors, languages)
        pairs = historical_match(round_rng, spec, people, wf)
        signed = people.set_index("person_id")["joined"]
        pairs["joined"] = [max(signed[a], signed[b]) for a, b in zip(pairs["mentee_id"], pairs["mentor_id"])]
        rel, chk, srv = make_activity(round_rng, spec, pairs, exits)
        programs[spec.slug] = {"people": people, "relationships": rel, "checkins": chk,
                               "surveys": srv}
    return wf, programs


# --- writing ------------------------------------------------------------------------------------

def _text(frame: pd.DataFrame, sep: str = ";", date_format: str | None = None) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        first = out[col].dropna()
        first = first.iloc[0] if len(first) else None
        if col in LIST_COLUMNS or isinstance(first, tuple):
            out[col] = out[col].map(lambda v: sep.join(v) if isinstance(v, tuple) else (v or ""))
        elif isinstance(first, dt.date):
            fmt = date_format or "%Y-%m-%d"
            out[col] = out[col].map(lambda v: v.strftime(fmt) if isinstance(v, dt.date) else "")
        elif col == "capacity":
            out[col] = out[col].map(lambda v: "" if v is None or pd.isna(v) else str(int(v)))
        elif out[col].dtype == bool:
            out[col] = out[col].map({True: "yes", False: "no"})
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
        props = writer.book.properties
        props.created = props.modified = _FIXED_DATE
        props.creator = props.lastModifiedBy = "HRIS export"
    path.write_bytes(_deterministic_xlsx(buf.getvalue()))


CANONICAL_FILES = {"workforce": "workforce.csv", "people": "people.csv",
                   "relationships": "relationships.csv", "checkins": "checkins.csv",
                   "surveys": "surveys.csv"}

# The leadership client's own export: their column names and labels, mapped in program.yaml.
CLIENT_COLUMNS = {
    "workforce": {"Emp No": "employee_id", "Dept": "department", "Grade": "level",
                  "Start Date": "hire_date", "Office": "location", "UTC Offset": "timezone",
                  "Line Manager": "manager_id", "Rating": "performance", "Gender": "gender",
                  "Skills": "skills", "Leaving Date": "exit_date", "Last Promotion": "promotion_date",
                  "Engagement score": "engagement"},
    "people": {"Employee": "person_id", "Role": "role", "Signed Up": "joined",
               "Wants to learn": "wants", "Can teach": "offers", "Max mentees": "capacity",
               "Languages": "languages", "Preferred mentors": "preferences"},
    "relationships": {"Match ID": "relationship_id", "Mentee": "mentee_id", "Mentor": "mentor_id",
                      "Started": "start_date", "Ended": "end_date", "Status": "status",
                      "Cycle": "round", "Healthy?": "healthy", "Score": "match_score"},
    "checkins": {"Match ID": "relationship_id", "Meeting date": "date", "Duration (min)": "minutes"},
    "surveys": {"Employee": "person_id", "Match ID": "relationship_id", "Submitted": "date",
                "How satisfied (1-5)": "satisfaction", "Goal progress %": "goal_progress"},
}
CLIENT_ONLY = {"engagement"}   # client columns that are not canonical workbench columns
CLIENT_FILES = {"workforce": ("hr_snapshot.xlsx", "Employees"),
                "people": ("participants.xlsx", "Participants"),
                "relationships": ("matches.xlsx", "Matches"),
                "checkins": ("meetings.csv", None), "surveys": ("pulse_survey.csv", None)}
CLIENT_VALUES = {
    "workforce": {"department": {"Cust. Support": "Customer Support"}},
    "people": {"role": {"Mentor": "mentor", "Mentee": "mentee"}},
    "relationships": {"status": {"Live": "active", "Finished": "completed", "Dropped": "ended_early"}},
}
_CLIENT_LABELS = {"department": {"Customer Support": "Cust. Support"},
                  "role": {"mentor": "Mentor", "mentee": "Mentee"},
                  "status": {"active": "Live", "completed": "Finished", "ended_early": "Dropped"}}


def _config(spec: Spec) -> dict:
    cfg = {
        "client": "Northwind Logistics", "program": spec.program, "purposes": spec.purposes,
        "charter": {**spec.charter, **READINESS.get(spec.slug, {})}, "format": spec.format, "mentor_capacity": spec.mentor_capacity,
        "cadence": spec.cadence, "start_date": spec.start.isoformat(),
        "end_date": spec.end.isoformat(), "snapshot_date": truth.SNAPSHOT.isoformat(),
        "min_group_size": 5, "kpis": spec.kpis,
        **({"circle_size": spec.extra["circle_size"]} if "circle_size" in spec.extra else {}),
        **({"previous": spec.extra["previous"]} if "previous" in spec.extra else {}),
        **({"roi": spec.extra["roi"]} if "roi" in spec.extra else {}),
        "matching": {"objective": "total", "min_score": None, "keep_healthy": True,
                     "criteria": spec.criteria, "rules": spec.rules},
        "evaluation": {"adjust_for": list(truth.ADJUST_FOR)},
    }
    if spec.client_export:
        tables = {}
        for name, (file, sheet) in CLIENT_FILES.items():
            src = {"file": file}
            if sheet:
                src["sheet"] = sheet
            # the client's own columns (engagement) are kept as extra columns, so the evaluation
            # can adjust for them
            src["columns"] = {k: v for k, v in CLIENT_COLUMNS[name].items() if v not in CLIENT_ONLY}
            extra = {k: {"name": v, "kind": "float"} for k, v in CLIENT_COLUMNS[name].items() if v in CLIENT_ONLY}
            if extra:
                src["extra_columns"] = extra
            if name in CLIENT_VALUES:
                src["values"] = CLIENT_VALUES[name]
            src["date_order"] = "dayfirst"
            if name in ("workforce", "people"):
                src["list_separator"] = ","
            tables[name] = src
    else:
        tables = {name: {"file": file} for name, file in CANONICAL_FILES.items()}
        tables["workforce"]["extra_columns"] = {c: {"name": c, "kind": "float"} for c in sorted(CLIENT_ONLY)}
    cfg["tables"] = tables
    return cfg


def _write_program(folder: Path, spec: Spec, wf: pd.DataFrame, tables: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    frames = {"workforce": wf, **tables}
    if spec.client_export:
        for name, frame in frames.items():
            out = frame.copy()
            for col, labels in _CLIENT_LABELS.items():
                if col in out:
                    out[col] = out[col].replace(labels)
            out = _text(out, sep=", " if name in ("workforce", "people") else ";",
                        date_format="%d/%m/%Y")
            out = out.rename(columns={v: k for k, v in CLIENT_COLUMNS[name].items()})
            file, sheet = CLIENT_FILES[name]
            if sheet:
                _write_xlsx(out, folder / file, sheet)
            else:
                _write_csv(out, folder / file)
    else:
        for name, frame in frames.items():
            _write_csv(_text(frame), folder / CANONICAL_FILES[name])
    text = yaml.safe_dump(_config(spec), sort_keys=False, allow_unicode=True, width=100)
    header = (f"# {spec.program}: sample program generated by `python -m workbench sample`.\n"
              "# Every key is documented in docs/program.md.\n")
    (folder / "program.yaml").write_text(header + text, encoding="utf-8")


def write_samples(out: Path, seed: int = truth.SAMPLE_SEED) -> list[Path]:
    """Generate the sample company and programs into ``out/<slug>/``; return the folders."""
    wf, programs = generate(seed)
    folders = []
    for spec in SPECS + LATE_SPECS + ROUND_SPECS:
        folder = Path(out) / spec.slug
        _write_program(folder, spec, wf, programs[spec.slug])
        folders.append(folder)
    return folders
