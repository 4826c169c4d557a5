"""Names and labels clients use for ours, in a few languages: what ``init`` recognises.

One entry per workbench column (``SYNONYMS``) and per fixed choice (``LABELS``); names are
lower case with accents and punctuation removed (``Date d'entrée`` -> ``date d entree``);
labels keep their accents (``Mentoré`` is a mentee in French, ``Mentore`` a mentor in Italian).
Add a client's wording here, with a test in tests/test_draft.py.
"""
from __future__ import annotations

# (table, column) -> names clients use for it (lower case, accents and punctuation removed)
SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("workforce", "employee_id"): ("employee id", "emp no", "employee number", "staff id", "personnel number",
                                   "matricule", "personalnummer", "id", "employee"),
    ("workforce", "department"): ("dept", "department", "service", "abteilung", "division", "team", "departamento"),
    ("workforce", "level"): ("level", "grade", "band", "job level", "entgeltgruppe", "niveau", "echelon", "nivel"),
    ("workforce", "hire_date"): ("hire date", "start date", "date of hire", "joined", "date d entree",
                                 "eintrittsdatum", "fecha de alta", "hired"),
    ("workforce", "location"): ("location", "office", "site", "city", "standort", "lieu", "ubicacion"),
    ("workforce", "timezone"): ("timezone", "time zone", "utc offset", "tz"),
    ("workforce", "manager_id"): ("manager", "line manager", "manager id", "reports to", "supervisor",
                                  "responsable", "vorgesetzter", "manager no"),
    ("workforce", "performance"): ("performance", "rating", "performance rating", "evaluation", "leistung"),
    ("workforce", "gender"): ("gender", "sex", "genre", "geschlecht", "sexe"),
    ("workforce", "skills"): ("skills", "competences", "kompetenzen"),
    ("workforce", "exit_date"): ("exit date", "leaving date", "termination date", "left", "date de sortie",
                                 "austrittsdatum"),
    ("workforce", "promotion_date"): ("promotion date", "last promotion", "promoted"),
    ("people", "person_id"): ("person id", "employee", "employee id", "emp no", "matricule", "participant",
                              "personalnummer", "id"),
    ("people", "role"): ("role", "rolle", "participant role", "type"),
    ("people", "joined"): ("joined", "signed up", "sign up date", "enrolled", "inscrit le", "date d inscription",
                           "anmeldung", "registration date"),
    ("people", "wants"): ("wants", "wants to learn", "learning goals", "interests", "souhaite apprendre"),
    ("people", "offers"): ("offers", "can teach", "expertise", "peut enseigner"),
    ("people", "capacity"): ("capacity", "max mentees", "capacite", "kapazitat", "slots"),
    ("people", "languages"): ("languages", "langues", "sprachen"),
    ("people", "track"): ("track", "cohort", "parcours"),
    ("people", "preferences"): ("preferences", "preferred mentors", "preferred", "wishes"),
    ("relationships", "relationship_id"): ("relationship id", "match id", "pair id", "match", "pair"),
    ("relationships", "mentee_id"): ("mentee", "mentee id", "mentore", "protege", "coachee"),
    ("relationships", "mentor_id"): ("mentor", "mentor id", "tuteur", "coach"),
    ("relationships", "start_date"): ("start date", "started", "start", "debut", "beginn"),
    ("relationships", "end_date"): ("end date", "ended", "end", "fin", "ende"),
    ("relationships", "status"): ("status", "state", "statut"),
    ("relationships", "round"): ("round", "cycle", "wave"),
    ("relationships", "healthy"): ("healthy", "healthy?", "is healthy"),
    ("relationships", "match_score"): ("match score", "score"),
    ("checkins", "relationship_id"): ("relationship id", "match id", "pair id", "match", "pair"),
    ("checkins", "date"): ("date", "meeting date", "met on", "session date"),
    ("checkins", "minutes"): ("minutes", "duration", "duration min", "length"),
    ("surveys", "person_id"): ("person id", "employee", "respondent", "employee id"),
    ("surveys", "relationship_id"): ("relationship id", "match id", "pair id", "match"),
    ("surveys", "date"): ("date", "submitted", "answered", "survey date"),
    ("surveys", "satisfaction"): ("satisfaction", "how satisfied", "how satisfied 1 5", "rating"),
    ("surveys", "goal_progress"): ("goal progress", "progress", "goal progress %"),
    ("preferences", "person_id"): ("person id", "participant", "ranked by", "chooser", "employee id"),
    ("preferences", "partner_id"): ("partner id", "partner", "preferred partner", "choice", "preferred"),
    ("preferences", "rank"): ("rank", "preference rank", "choice rank", "order", "priority"),
}

# labels a client uses for our fixed choices, by choice (same normalisation)
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "role": {"mentee": ("mentee", "mentoré", "mentorée", "protégé", "protégée", "protege", "coachee", "lernende",
                        "mentorado", "mentorada", "tutee", "menti", "mentee/in"),
             "mentor": ("mentor", "mentore", "mentorin", "tuteur", "tutrice", "coach", "tutor", "mentora"),
             "peer": ("peer", "pair", "buddy", "binome")},
    "status": {"active": ("active", "live", "ongoing", "open", "en cours", "actif", "laufend", "running"),
               "completed": ("completed", "finished", "done", "closed", "termine", "abgeschlossen"),
               "ended_early": ("ended early", "dropped", "cancelled", "canceled", "stopped", "abandonne",
                               "abgebrochen", "withdrawn")},
}
