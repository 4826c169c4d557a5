"""Recognition by name: a client's header split into words (at capitals, underscores and
punctuation, accents removed) and compared with our names and :data:`~workbench.lexicon.SYNONYMS`.

``EmpID`` -> ``emp id``, ``DateofHire`` -> ``dateof hire`` (compared without spaces too, so it
is ``date of hire``), ``Employee_Name`` -> ``employee name`` (a name, never an id).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lexicon import SYNONYMS
from ..schema import TABLES

# wording seen in HR systems, form builders and trackers, beside lexicon.SYNONYMS
EXTRA: dict[tuple[str, str], tuple[str, ...]] = {
    ("workforce", "employee_id"): ("personeelsnummer", "medewerkernummer", "matricola", "numero dipendente",
                                   "matricula", "numero do funcionario", "employee #", "employee no.",
                                   "emp id", "empid", "employee no", "employee num", "worker id", "staff no",
                                   "personnel no", "pers nr", "personal nr", "employee code", "badge",
                                   "numero employe", "n employe", "id empleado", "numero de empleado",
                                   "mitarbeiter id", "mitarbeiternummer", "employeenumber", "employee number"),
    ("workforce", "department"): ("afdeling", "reparto", "dipartimento", "setor", "supervisory organization",
                                  "organization", "cost center", "cost centre", "kostenstelle", "dept name",
                                  "department name", "org unit", "organisation unit", "organization unit",
                                  "business unit", "bereich", "departement", "area", "unidad"),
    ("workforce", "level"): ("functieniveau", "schaal", "salarisschaal", "livello", "nivel hierarquico",
                             "management level", "job level", "joblevel", "career level", "grade level",
                             "pay grade", "stufe", "karrierestufe", "categoria", "grado",
                             "niveau hierarchique"),
    ("workforce", "hire_date"): ("datum in dienst", "in dienst", "indiensttreding", "data assunzione",
                                 "data di assunzione", "data de admissao", "admissao", "date of hire",
                                 "dateofhire", "hire dt", "original hire date", "start dt", "seniority date",
                                 "eintritt", "date embauche", "date d embauche", "fecha de ingreso",
                                 "fecha ingreso", "employment start", "hired on"),
    ("workforce", "location"): ("vestiging", "standplaats", "sede di lavoro", "localidade", "work location",
                                "office location", "arbeitsort", "sede", "oficina", "country", "state"),
    ("workforce", "manager_id"): ("leidinggevende", "manager nummer", "codice responsabile", "gestor",
                                  "manager id", "managerid", "supervisor id", "manager employee id",
                                  "reports to id", "manager number", "id responsable", "vorgesetzter id",
                                  "id jefe", "jefe"),
    ("workforce", "performance"): ("performance rating", "performancerating", "perf rating", "last rating",
                                   "beurteilung", "note", "evaluacion"),
    ("workforce", "gender"): ("geslacht", "sesso", "genero", "sexo"),
    ("workforce", "exit_date"): ("datum uit dienst", "uit dienst", "data cessazione", "data de demissao",
                                 "date of termination", "dateoftermination", "term date", "termination",
                                 "end of employment", "austritt", "fecha de baja", "date de depart", "leaving",
                                 "separation date"),
    ("workforce", "promotion_date"): ("last promotion date", "date of last promotion", "letzte beforderung"),
    ("people", "person_id"): ("personeelsnummer", "matricola", "employee #", "emp id", "employee number",
                              "employee no", "staff id", "personnel number", "what is your employee number",
                              "your employee id", "mitarbeiter id", "personalnummer", "numero d employe",
                              "id empleado", "participant id", "member id", "user id"),
    ("people", "role"): ("ik doe mee als", "apply as", "applying as", "signing up as", "ruolo", "papel",
                         "partecipo come", "how would you like to take part", "take part as", "participate as",
                         "i want to be", "i would like to be", "role in the program", "teilnahme als",
                         "ich mochte", "je souhaite etre", "participer en tant que", "rol", "quiero ser",
                         "rolle im programm", "member type", "user type", "registered as"),
    ("people", "joined"): ("aangemeld op", "submitted on", "data iscrizione", "data de inscricao", "timestamp",
                           "start time", "completion time", "submitted at", "created at", "registered",
                           "joined at", "date of registration", "angemeldet am", "fecha de inscripcion",
                           "sign up"),
    ("people", "wants"): ("skills i d like to grow", "like to grow", "want to grow", "leerdoelen", "obiettivi",
                          "topics", "which topics", "what would you like to learn", "development areas",
                          "goals", "themen", "lernziele", "sujets", "temas", "areas of interest",
                          "mentoring topics", "would you like to develop", "areas to develop", "develop"),
    ("people", "offers"): ("skills i can share", "can share", "i can share", "kan delen", "posso offrire",
                           "what can you offer", "could you share", "areas of expertise", "skills to share",
                           "kann anbieten", "expertise", "peut offrir", "puede ensenar"),
    ("people", "capacity"): ("how many mentees", "number of mentees", "mentee capacity", "max mentees",
                             "maximum mentees", "wie viele mentees", "combien de mentores",
                             "nombre de mentores", "cuantos mentorados", "mentees"),
    ("people", "languages"): ("language", "spoken languages", "idiomas", "langue", "sprache"),
    ("relationships", "relationship_id"): ("pair no", "pair number", "tandem", "tandem id", "tandem nr",
                                           "binome", "id binome", "pareja", "id pareja", "match no", "matchid",
                                           "pairid", "relationship", "connection id", "connection",
                                           "mentorship id", "mentoring id"),
    ("relationships", "mentee_id"): ("mentee employee id", "mentee no", "mentee number", "mentoree",
                                     "mentorado", "mentee nr"),
    ("relationships", "mentor_id"): ("mentor employee id", "mentor no", "mentor number", "mentor nr",
                                     "mentor in", "mentora"),
    ("relationships", "start_date"): ("paired on", "matched on", "match date", "start", "beginn",
                                      "date de debut", "fecha de inicio", "inicio", "since"),
    ("relationships", "end_date"): ("ended on", "date de fin", "fecha de fin", "fin", "until"),
    ("relationships", "status"): ("pair status", "match status", "estado", "etat"),
    ("checkins", "relationship_id"): ("pair no", "pair number", "tandem", "tandem nr", "binome", "pareja",
                                      "pairid", "matchid", "relationship", "connection id", "connection",
                                      "mentorship id"),
    ("checkins", "date"): ("check in date", "checkin date", "meeting", "met", "datum", "fecha", "session",
                           "date of meeting", "termin"),
    ("checkins", "minutes"): ("duration min", "mins", "duration minutes", "dauer", "duree", "duracion",
                              "length min", "time spent"),
    ("surveys", "person_id"): ("employee number", "emp id", "your employee id", "personalnummer",
                               "participant", "participant id"),
    ("surveys", "date"): ("timestamp", "submitted at", "completion time", "response date", "datum"),
    ("surveys", "satisfaction"): ("overall satisfaction", "how satisfied are you", "zufriedenheit",
                                  "satisfaction globale", "satisfaccion"),
    ("surveys", "goal_progress"): ("progress on goals", "goals reached", "zielerreichung", "progres"),
}

# the same in Dutch, Italian, Portuguese, Polish and Swedish (and a few more export wordings)
for _key, _more in {
    ('workforce', 'employee_id'): ('anstallningsnr', 'numero funcionario', 'numero de funcionario', 'codice dipendente', 'werknemer id', 'nr pracownika', 'id pracownika'),
    ('workforce', 'department'): ('avdelning', 'dzial', 'departamento', 'afdelingsnaam', 'unita organizzativa',
                                  'organisatorische eenheid', 'eenheid', 'unidade', 'unidade organizacional', 'enhet',
                                  'avdeling', 'jednostka organizacyjna', 'komorka organizacyjna', 'divisione', 'direcao', 'direccion',
                                  'direzione', 'direktion'),
    ('workforce', 'level'): ('niva', 'lonniva', 'karriarniva', 'poziom', 'poziom stanowiska', 'nivel', 'trede',
                             'inquadramento', 'funktionsniva'),
    ('workforce', 'hire_date'): ('anstallningsdatum', 'data zatrudnienia', 'data di inizio rapporto', 'startdatum anstallning', 'data de contratacao'),
    ('workforce', 'location'): ('kontor', 'lokalizacja', 'escritorio', 'ort', 'miejsce pracy'),
    ('workforce', 'manager_id'): ('chef id', 'id przelozonego', 'przelozony id', 'responsabile id', 'id gestor', 'id responsabile', 'leidinggevende id', 'narmaste chef id'),
    ('workforce', 'exit_date'): ('data zwolnienia', 'data rozwiazania', 'slutdatum', 'data di cessazione', 'data de saida', 'datum uit dienst'),
    ('people', 'person_id'): ('numero funcionario', 'numero de funcionario', 'codice dipendente', 'medewerkernummer', 'werknemer id', 'id pracownika', 'anstallningsnr'),
    ('people', 'role'): ('deelnemen als', 'partecipare come', 'rola', 'delta som', 'como deseja participar', 'participar como', 'funcao no programa', 'roll'),
    ('people', 'joined'): ('carimbo de data hora', 'marca temporal', 'horodateur', 'zeitstempel', 'aanmelddatum', 'data di iscrizione', 'data de inscricao', 'data zgloszenia', 'anmalningsdatum', 'tidsstempel'),
    ('people', 'wants'): ('ontwikkelen', 'temi', 'utvecklingsomraden', 'rozwijac', 'cele rozwojowe', 'desenvolver', 'obszary rozwoju', 'aree di crescita'),
    ('people', 'offers'): ('kan ik delen', 'kennis delen', 'competenze', 'posso condividere', 'kompetenser', 'kan dela med mig', 'mocne strony', 'posso partilhar', 'areas de especialidade'),
    ('people', 'capacity'): ('adepter', 'hoeveel mentees', 'quanti mentee', 'quantos mentorados', 'liczba podopiecznych', 'antal adepter'),
    ('relationships', 'relationship_id'): ('id par', 'paar', 'koppel', 'koppel id', 'coppia', 'id coppia', 'para', 'id pary', 'duo', 'numero par'),
    ('relationships', 'mentee_id'): ('mentorato', 'podopieczny', 'mentee id', 'mentorado id'),
    ('relationships', 'start_date'): ('data inizio', 'data rozpoczecia', 'begindatum', 'data de inicio', 'inizio'),
    ('relationships', 'end_date'): ('slutdatum', 'einddatum', 'data fine', 'data zakonczenia', 'data de fim'),
    ('relationships', 'status'): ('stato', 'status'),
    ('checkins', 'relationship_id'): ('paar', 'koppel', 'koppel id', 'coppia', 'id coppia', 'para', 'id pary', 'parnummer'),
    ('checkins', 'date'): ('spotkanie', 'data spotkania', 'incontro', 'encontro', 'afspraak', 'data incontro', 'data do encontro'),
    ('checkins', 'minutes'): ('minuten', 'minuti', 'minutos', 'minuty', 'czas trwania', 'duur', 'durata'),
}.items():
    EXTRA[_key] = EXTRA.get(_key, ()) + _more

# words that make a column a person's name or address: never an id, a date or a number
NAME_WORDS = {"name", "names", "imie", "nazwisko", "namn", "fornamn", "efternamn", "nom", "prenom", "vorname", "nachname", "nombre", "apellido", "apellidos",
              "surname", "fullname", "naam", "achternaam", "voornaam", "nome", "cognome", "sobrenome"}
MAIL_WORDS = {"email", "mail", "e", "courriel", "correo", "mailadres", "emailadres", "postadress", "epost"}
ID_WORDS = {"id", "no", "nr", "number", "num", "code", "matricule", "nummer", "numero", "n"}
STOP = {"of", "the", "a", "an", "de", "d", "du", "des", "la", "le", "l", "der", "die", "das", "en", "in",
        "for", "to", "your", "you", "my", "do", "is", "are", "what", "which", "s", "el", "los", "las", "y",
        "et", "und", "and", "on", "at", "please", "would", "like", "could"}

# file and sheet names that say which table they hold
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "workforce": ("hr", "hris", "employees", "employee", "staff", "personnel", "workforce", "headcount",
                  "snapshot", "personal", "personalstamm", "mitarbeiter", "effectif", "effectifs", "plantilla",
                  "empleados", "roster", "census", "hrdataset", "personeel", "dipendenti",
                  "personale", "funcionarios", "colaboradores", "pracownicy", "anstallda", "workers"),
    "people": ("participants", "participant", "signup", "sign", "registrations", "registration", "enrolment",
               "enrollment", "inscriptions", "inscription", "anmeldungen", "anmeldung", "teilnehmende",
               "inscripciones", "members", "users", "applications", "responses", "form", "aanmelding",
               "aanmeldingen", "inscricoes", "anmalningar", "mentori", "deelnemers", "partecipanti", "participantes",
               "uczestnicy", "deltagare"),
    "relationships": ("pairs", "pair", "matches", "match", "tandems", "tandem", "binomes", "parejas",
                      "relationships", "pairings", "connections", "koppels", "coppie", "pary"),
    "checkins": ("checkins", "check", "meetings", "meeting", "sessions", "treffen", "rencontres",
                 "reuniones", "log", "touchpoints", "bijeenkomsten", "incontri", "encontros",
                 "spotkania", "moten"),
    "surveys": ("survey", "surveys", "pulse", "feedback", "umfrage", "enquete", "encuesta", "evaluation"),
}


_NO_DECOMPOSE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss",
                               "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE", "ı": "i"})


def fold(text) -> str:
    """ASCII without accents; letters NFKD does not split (ł, ø, æ, ß) written as their base letters."""
    return unicodedata.normalize("NFKD", str(text).translate(_NO_DECOMPOSE)).encode("ascii", "ignore").decode()


@lru_cache(maxsize=4096)
def words(header: str) -> tuple[str, ...]:
    """Lower-case words of a header, split at capitals, digits, underscores and punctuation."""
    s = fold(header)
    s = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", s)
    return tuple(w for w in re.split(r"[^a-z0-9%]+", s.lower()) if w)


def phrase(header: str) -> str:
    return " ".join(words(header))


def content_words(header: str) -> tuple[str, ...]:
    return tuple(w for w in words(header) if w not in STOP)


def synonyms(table: str, column: str) -> tuple[str, ...]:
    own = phrase(column.replace("_", " "))
    return tuple(dict.fromkeys((own,) + tuple(phrase(s) for s in SYNONYMS.get((table, column), ()))
                               + tuple(phrase(s) for s in EXTRA.get((table, column), ()))))


def is_name_header(header: str) -> bool:
    w = set(words(header))
    return bool(w & NAME_WORDS) or bool(w & MAIL_WORDS - {"e"}) or "e mail" in phrase(header)


@lru_cache(maxsize=16384)
def name_score(header: str, table: str, column: str) -> tuple[int, str]:
    """3: the name is ours or a synonym; 2: the same words (without filler words or spaces);
    1: a synonym's words appear in it; 0: nothing. With the synonym that matched."""
    p = phrase(header)
    compact = p.replace(" ", "")
    cw = content_words(header)
    best = (0, "")
    for syn in synonyms(table, column):
        if not syn:
            continue
        if p == syn or compact == syn.replace(" ", ""):
            return 3, syn
        sw = tuple(w for w in syn.split() if w not in STOP)
        if sw and (sw == cw or "".join(sw) == "".join(cw)):
            best = max(best, (2, syn))
        elif (len(syn) > 3 or " " in syn) and re.search(rf"(?:^| ){re.escape(syn)}(?: |$)", p):
            best = max(best, (1, syn))
    return best


def table_hint(name: str) -> set:
    """Our tables a file or sheet name points to ('Check-ins' -> checkins)."""
    w = set(words(name)) | {phrase(name).replace(" ", "")}
    return {t for t, ws in TABLE_WORDS.items() if w & set(ws)}


ALL_NAMES = {s for t in TABLES.values() for c in t.columns for s in synonyms(t.name, c.name)}
