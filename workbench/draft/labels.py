"""Labels that are not ours, mapped to ours for a ``values`` map: role and status labels in the
client's language, and role answers in any phrasing (``I would like a mentor`` is a mentee,
``I would like to mentor someone`` and ``Mentor*in`` are mentors)."""
from __future__ import annotations

import difflib
import re

import pandas as pd

from ..lexicon import LABELS
from .content import present
from .names import fold

# answers to "how would you like to take part?" (folded to ascii, lower case)
_MENTOR_PHRASES = re.compile(
    r"\b(?:be|become|being|as|serve as|act as|join as|work as)\s+(?:an?\s+)?(?:mentor|coach|tutor)\b"
    r"|\bto (?:mentor|coach)\b|\b(?:mentor|coach) (?:someone|somebody|others|a colleague|colleagues|a mentee|mentees)\b"
    r"|\bmentor\s*[*:/_]?\s*in(?:nen)?\b|\bmentor\s*\(\s*in\s*\)|\bmentora?\b.*\b(?:share|give|offer|teach)"
    r"|\b(?:share|give|offer|pass on)\b.*\b(?:experience|expertise|knowledge)\b|\bcomo mentora?\b"
    r"|\ben tant que mentor\b|\bals mentor")
_MENTEE_PHRASES = re.compile(
    r"\b(?:mentee|mentees|mentoree?|protegee?|coachee|lernende|mentorad[oa]|tutee|menti)\b"
    r"|\bbe(?:ing)? (?:mentored|coached)\b|\b(?:a|an|my|find|get|have|need|want|receive|looking for) (?:a )?mentor\b"
    r"|\b(?:receive|get) (?:mentoring|coaching)\b|\b(?:learn|grow) from\b|\bun mentor\b|\beinen? mentor")
# the same in other languages: to be a mentor (nl, sv, da/no, it, pt, pl, de) ...
_MENTOR_OTHER = re.compile(
    r"\bmentor (?:zijn|worden|vara|bli|vaere|blive|essere)\b|\b(?:wil|vill|vil) (?:graag )?mentor\b"
    r"|\b(?:zijn|worden|vara|bli|essere|diventare|ser|tornar me|zostac|byc|sein|werden) (?:een |en |un |una |um |uma )?mentor"
    r"|\bfare (?:da|il|la) mentor|\bmentorem\b|\bjako mentor\b|\bcome mentor\b|\bcomo mentor\b"
    r"|\bals mentor\b|\bsom mentor\b|\bmentor (?:voor|for|per|para|dla) ")
# ... and to have, find or be guided by one
_MENTEE_OTHER = re.compile(
    r"\b(?:zoek|zoeken|krijgen|hebben|ha|fa|hitta|avere|trovare|ter|encontrar|procuro|miec|znalezc|"
    r"haben|finden|suche|vorrei|cerco|quero|gostaria de)\s+(?:graag\s+)?(?:(?:een|en|ett|un|una|um|uma|"
    r"einen|eine)\s+)?mentor\w*|\bseguit[oa] da\b|\bbegeleid\b"
    r"|\b(?:adept|adepter|podopieczn\w*|mentorowan\w*|mentorato|mentorata|mentorad[oa]s?)\b")
_PEER_PHRASES = re.compile(r"\b(?:peer|buddy|binome|tandem partner)\b")


def role_of(answer: str):
    """Our role for an answer in any phrasing, or None (e.g. 'Both')."""
    # gender endings of Romance languages ('um(a) mentor(a)', 'mentor/a') dropped first
    low = re.sub(r"\((?:a|o|as|os|e)\)|(?<=[a-z])/(?:a|o)\b", "", fold(answer).lower())
    n = " ".join(re.sub(r"[^a-z*:/_()]+", " ", low).split())
    mentor = bool(_MENTOR_PHRASES.search(n) or _MENTOR_OTHER.search(n))
    mentee = bool(_MENTEE_PHRASES.search(n) or _MENTEE_OTHER.search(n))
    if mentor and mentee and _MENTOR_OTHER.search(n) and not _MENTEE_OTHER.search(n) \
            and not re.search(r"\b(?:mentee|mentored)\b", n):
        return "mentor"
    if mentor and mentee and _MENTEE_OTHER.search(n) and not _MENTOR_OTHER.search(n):
        return "mentee"
    if mentor and not mentee:
        return "mentor"
    if mentee and not mentor:
        return "mentee"
    if mentor and mentee:
        # "be a mentor" also contains "a mentor": the verb decides
        return "mentor" if re.search(r"\b(?:be|become|as|to)\s+(?:an?\s+)?mentor\b|\bmentor (?:someone|others)", n) \
            and not re.search(r"\b(?:mentee|mentored)\b", n) else None
    if _PEER_PHRASES.search(n):
        return "peer"
    return None


# beside lexicon.LABELS: status words seen in trackers and platforms
EXTRA_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {"active": ("activa", "activo", "en curso", "aktiv", "in progress", "matched", "en cours",
                          "actief", "lopend", "loopt", "attivo", "attiva", "in corso", "ativa",
                          "em andamento", "aktiv", "aktywna", "aktywny", "w trakcie", "trwa"),
               "completed": ("finalizada", "finalizado", "completada", "completado", "terminada", "cerrada",
                             "complete", "graduated", "beendet", "fini", "terminee",
                             "afgerond", "voltooid", "beeindigd", "concluso", "conclusa", "completato",
                             "completata", "concluida", "avslutat", "klar",
                             "zakonczona", "zakonczony", "ukonczona", "closed", "chiuso", "chiusa",
                             "gesloten", "fechado", "fechada", "zamknieta", "stangd"),
               "ended_early": ("cancelada", "cancelado", "abandonada", "interrumpida", "ended", "terminated",
                               "rematched", "annule", "annulee", "vorzeitig beendet", "gestopt", "afgebroken",
                               "interrotto", "interrotta", "annullato", "interrompido", "interrompida",
                               "avbruten", "avbrutet", "przerwana", "przerwany", "anulowana")},
}


def _words_for(choice_col: str) -> dict:
    ours = {k: tuple(v) for k, v in LABELS.get(choice_col, {}).items()}
    for k, v in EXTRA_LABELS.get(choice_col, {}).items():
        ours[k] = ours.get(k, ()) + v
    return ours


def _norm(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", fold(text).lower()).split())


def _label_map(choice_col: str, s: pd.Series) -> tuple[dict, list]:
    """client label -> our choice, and the labels not recognised."""
    ours = _words_for(choice_col)
    found, unknown = {}, []
    for v in sorted(set(present(s))):
        n = _norm(v)
        if v.lower() in ours:
            continue          # ours already (any case)
        hit = next((choice for choice, words in ours.items() if v.strip().lower() in words), None)
        if hit is None:
            hit = next((choice for choice, words in ours.items() if n in {_norm(w) for w in words}), None)
        if hit is None:       # "a mentor", "as a mentee", "une mentorée": the label after the article
            bare = re.sub(r"^(?:as|als|comme|como|come)?\s*(?:an?|the|une?|eine?|el|la|il|een|de)?\s+", "",
                          " " + v.strip().lower()).strip()
            if bare != v.strip().lower():
                hit = next((choice for choice, words in ours.items() if bare in words or _norm(bare) in
                            {_norm(w) for w in words}), None)
        if hit is None and choice_col == "role":
            hit = role_of(v)
        if hit is None:
            hit = next((choice for choice, words in ours.items() if any(n.startswith(w) or w.startswith(n)
                                                                         for w in words if len(w) > 3)), None)
        if hit is None and len(n) >= 5:   # a near spelling in another language: 'ativo', 'avslutad'
            near = difflib.get_close_matches(n, [_norm(w) for ws in ours.values() for w in ws if len(w) >= 5],
                                             n=1, cutoff=0.8)
            if near:
                hit = next(c for c, ws in ours.items() if near[0] in {_norm(w) for w in ws})
        if hit:
            found[v] = hit
        else:
            unknown.append(v)
    return found, unknown


def label_share(choice_col: str, distinct) -> float:
    """Share of the distinct labels that are ours or map to ours (0 when fewer than two kinds)."""
    distinct = sorted(distinct)
    if not distinct or len(distinct) > 12:
        return 0.0
    found, unknown = _label_map(choice_col, pd.Series(distinct))
    ours = LABELS.get(choice_col, {})
    known = len(found) + sum(v.lower() in ours for v in distinct)
    kinds = set(found.values()) | {v.lower() for v in distinct if v.lower() in ours}
    if len(kinds) < 2 and choice_col == "role":
        return 0.0        # one role only: not enough to call it the role column
    return known / len(distinct)


_MENTOR_PLURAL = re.compile(r"^(?:mentors?|mentores|mentoren|mentori|mentorzy|mentorer|mentoras|coaches)$")


def part_role(name: str):
    """The role a sheet or file name gives all its rows ('Mentees', 'Mentores', 'mentors.csv'), or None."""
    ws = re.sub(r"[^a-z]+", " ", fold(name).lower()).split()
    roles = {r for r in (role_of(w) for w in ws) if r in ("mentee", "mentor")}
    roles |= {"mentor" for w in ws if _MENTOR_PLURAL.match(w)}
    return next(iter(roles)) if len(roles) == 1 else None
