"""Build the held-out client folders of the ``init`` benchmark (benchmarks/init_holdout/).

Written before any change to ``workbench/draft/`` that they measure, and never used to tune it
by name: they differ from init_corpus/ in language (Dutch, Italian, Portuguese, Polish, Swedish
headers and role answers), in the HR system whose export shape they follow, and in how the files
are written. Each folder holds the files as a client would send them and ``truth.json`` (the
mapping a consultant would write by hand; in ``tables.*.file``/``sheet`` a list means any of
them is right: a people table split over two sheets or files can only be read from one).

Export shapes, from public documentation:
- SAP SuccessFactors "User Data File" (UDF): STATUS, USERID, USERNAME, FIRSTNAME, LASTNAME,
  EMAIL, MANAGER, HR, DEPARTMENT, JOBCODE, DIVISION, LOCATION, TIMEZONE, HIREDATE, ... with a
  second header row of labels.
- Personio employee export (id, first/last name, position, department, office, hire date,
  termination date, supervisor).
- HiBob employee fields as listed by the Fivetran HiBob connector (employee_id_in_company,
  display_name, email, department, site, title, reports_to_id_in_company, start_date).
- Workday custom "Worker Data" report fields as required by faros-ai's Workday source
  (Employee_ID, Full_Name, Manager_ID, Manager_Name, Team_Name, Start_Date, Termination_Date,
  Location, Email, Employee_Type).
- ADP Workforce Now export wording (Associate ID, Payroll Name, Home Department Description,
  Job Title Description, Reports To Associate ID, Location Description, Hire Date).
- Google Forms response exports (a timestamp column named in the form's language, e-mail
  address, long question headers).

First runs, each batch before any change made on it: batch 1 (no prefix) 8/15 tables, 27/48
required mappings right; b2- 12/13, 34/38; b3- 8/8, 26/28. All three were looked at afterwards:
the next batch's first run is the honest figure.

Run: ``python benchmarks/make_init_holdout.py`` (rewrites init_holdout/*/).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from init_folders import day, fresh, names, rng, save_truth, write_all, write_csv, write_xlsx  # noqa: E402

OUT = Path(__file__).resolve().parent / "init_holdout"
DEPTS = ["Finance", "Logistics", "Sales", "IT", "Customer Service", "HR"]


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def gform_ts(d: dt.date, r, order="dmy") -> str:
    h, m, s = int(r.integers(8, 18)), int(r.integers(0, 60)), int(r.integers(0, 60))
    if order == "dmy":
        return f"{d.day:02d}/{d.month:02d}/{d.year} {h:02d}:{m:02d}:{s:02d}"
    if order == "iso":
        return f"{d.isoformat()} {h:02d}:{m:02d}:{s:02d}"
    return f"{d.month}/{d.day}/{d.year} {h}:{m:02d}:{s:02d}"


def staff(r, n, first_id, mgr_every=8):
    """(ids, names, managers (ids of the first few), departments, hire dates)."""
    ids = [first_id + i for i in range(n)]
    ppl = names(r, n)
    heads = ids[:max(2, n // mgr_every)]
    mgr = [("" if i < len(heads) else heads[int(r.integers(0, len(heads)))]) for i in range(n)]
    dept = [DEPTS[int(r.integers(0, len(DEPTS)))] for _ in range(n)]
    hire = [day(r, dt.date(2005, 1, 1), 7000) for _ in range(n)]
    return ids, ppl, mgr, dept, hire


# ---------------------------------------------------------------- Dutch: HR export + Google Forms
def build_nl():
    r = rng()
    f = fresh(OUT / "nl-medewerkers-google-forms")
    ids, ppl, mgr, dept, hire = staff(r, 90, 30001)
    afd = {"Finance": "Financiën", "Logistics": "Logistiek", "Sales": "Verkoop", "IT": "ICT",
           "Customer Service": "Klantenservice", "HR": "P&O"}
    rows = [[i, f"{a} {b}", afd[d], ["Medewerker", "Senior medewerker", "Teamleider", "Adviseur"][i % 4],
             f"Schaal {int(r.integers(6, 13))}", h.strftime("%d-%m-%Y"), m, ["Utrecht", "Zwolle", "Breda"][i % 3]]
            for i, (a, b), d, h, m in zip(ids, ppl, dept, hire, mgr)]
    write_csv(f / "medewerkers_export.csv", ["Medewerker ID", "Volledige naam", "Afdeling", "Functie", "Schaal",
                                             "Datum indiensttreding", "Manager ID", "Werklocatie"],
              rows, encoding="cp1252", sep=";")
    signups = []
    for k, i in enumerate(ids[5:45]):
        mentor = k % 3 == 0
        signups.append([gform_ts(day(r, dt.date(2026, 9, 1), 40), r),
                        f"{ppl[i - 30001][0].lower()}.{k}@bedrijf.nl", i,
                        "Ik wil graag mentor zijn" if mentor else "Ik zoek een mentor",
                        ", ".join(sorted({"Leiderschap", "Presenteren", "Loopbaan", "Data"} - {"Data" if k % 2 else
                                                                                         "Presenteren"}))])
    write_csv(f / "Aanmelding mentorprogramma (Reacties) - Formulierreacties 1.csv",
              ["Tijdstempel", "E-mailadres", "Wat is je personeelsnummer?", "Hoe wil je deelnemen aan het programma?",
               "Op welke onderwerpen wil je groeien?"], signups)
    save_truth(f, {
        "workforce": {"file": "medewerkers_export.csv", "sheet": None, "columns": {
            "employee_id": "Medewerker ID", "department": "Afdeling", "level": "Schaal",
            "hire_date": "Datum indiensttreding", "manager_id": "Manager ID", "location": "Werklocatie"}},
        "people": {"file": "Aanmelding mentorprogramma (Reacties) - Formulierreacties 1.csv", "sheet": None,
                   "columns": {"person_id": "Wat is je personeelsnummer?",
                               "role": "Hoe wil je deelnemen aan het programma?", "joined": "Tijdstempel",
                               "wants": "Op welke onderwerpen wil je groeien?"}}},
        names_cols=["Volledige naam", "E-mailadres"])


# ------------------------------------------- Italian: SAP SuccessFactors UDF + an Italian sign-up
def build_it():
    r = rng()
    f = fresh(OUT / "it-successfactors-iscrizioni")
    ids, ppl, mgr, dept, hire = staff(r, 80, 500)
    uid = [f"U{i:05d}" for i in ids]
    muid = ["NO_MANAGER" if not m else f"U{m:05d}" for m in mgr]
    head = ["STATUS", "USERID", "USERNAME", "FIRSTNAME", "LASTNAME", "EMAIL", "MANAGER", "HR", "DEPARTMENT",
            "JOBCODE", "DIVISION", "LOCATION", "TIMEZONE", "HIREDATE"]
    labels = ["Status", "User ID", "Username", "First Name", "Last Name", "Email", "Manager", "Human Resource",
              "Department", "Job Code", "Division", "Location", "Time Zone", "Hire Date"]
    sedi = ["Milano", "Torino", "Bologna"]
    rep = {"Finance": "Amministrazione", "Logistics": "Logistica", "Sales": "Vendite", "IT": "Sistemi Informativi",
           "Customer Service": "Assistenza Clienti", "HR": "Risorse Umane"}
    rows = [["active", u, f"{a.lower()}.{b.lower()}", a, b, f"{a.lower()}.{b.lower()}@azienda.it", m, "U00500",
             rep[d], f"JC-{int(r.integers(1, 9))}", "Italia", sedi[k % 3], "Europe/Rome", h.strftime("%m/%d/%Y")]
            for k, (u, (a, b), m, d, h) in enumerate(zip(uid, ppl, muid, dept, hire))]
    # the UDF's second row: the labels
    import csv as _csv
    import io as _io
    buf = _io.StringIO()
    w = _csv.writer(buf, lineterminator="\r\n")
    w.writerow(head)
    w.writerow(labels)
    w.writerows(rows)
    (f / "SF_UserDataFile_2026-11-20.csv").write_bytes(buf.getvalue().encode("utf-8"))
    iscr = []
    for k, u in enumerate(uid[10:40]):
        iscr.append([dt.datetime(2026, 10, 1 + k % 25, 9, k).strftime("%d/%m/%Y %H.%M.%S"), u,
                     "Voglio fare da mentor a un collega" if k % 4 == 0 else "Vorrei essere seguito da un mentor",
                     "; ".join(["Leadership", "Comunicazione", "Carriera"][: 1 + k % 3])])
    write_xlsx(f / "Iscrizioni mentoring.xlsx", {"Risposte": (["Programma di mentoring 2026 - iscrizioni", ""],
                                                               ["Informazioni cronologiche", "Matricola",
                                                                "Come desideri partecipare?",
                                                                "Temi su cui vorresti crescere"], iscr)})
    save_truth(f, {
        "workforce": {"file": "SF_UserDataFile_2026-11-20.csv", "sheet": None, "columns": {
            # the UDF has two header rows: either one read as the header is right
            "employee_id": ["USERID", "User ID"], "department": ["DEPARTMENT", "Department"], "level": None,
            "hire_date": ["HIREDATE", "Hire Date"], "manager_id": ["MANAGER", "Manager"],
            "location": ["LOCATION", "Location"]}},
        "people": {"file": "Iscrizioni mentoring.xlsx", "sheet": "Risposte", "columns": {
            "person_id": "Matricola", "role": "Come desideri partecipare?", "joined": "Informazioni cronologiche",
            "wants": "Temi su cui vorresti crescere"}}},
        names_cols=["USERNAME", "FIRSTNAME", "LASTNAME", "EMAIL"])


# ------------------- Portuguese: Personio export + a tracker with Mentores / Mentorados / Pares sheets
def build_pt():
    r = rng()
    f = fresh(OUT / "pt-personio-acompanhamento")
    ids, ppl, mgr, dept, hire = staff(r, 70, 1001)
    setor = {"Finance": "Financeiro", "Logistics": "Logística", "Sales": "Comercial", "IT": "Tecnologia",
             "Customer Service": "Atendimento", "HR": "Pessoas"}
    rows = []
    for k, (i, (a, b), d, h) in enumerate(zip(ids, ppl, dept, hire)):
        term = day(r, dt.date(2025, 1, 1), 600) if k % 9 == 0 else None
        rows.append([i, a, b, f"{a.lower()}@empresa.pt", "inactive" if term else "active",
                     ["Analista", "Analista Sénior", "Coordenador", "Diretor"][k % 4], setor[d],
                     ["Lisboa", "Porto"][k % 2], serial(h), serial(term) if term else "",
                     f"{ppl[0][0]} {ppl[0][1]}" if k else ""])
    write_xlsx(f / "Personio_export_2026-11-15.xlsx", {"Employees": ([], [
        "ID", "First name", "Last name", "Email", "Status", "Position", "Department", "Office", "Hire date",
        "Termination date", "Supervisor"], rows)})
    mentors = [[ids[k], f"{ppl[k][0]} {ppl[k][1]}", "Liderança, Negociação", 1 + k % 3] for k in range(2, 14)]
    mentees = [[ids[k], f"{ppl[k][0]} {ppl[k][1]}", "Comunicação, Carreira", f"2026-09-{1 + k % 28:02d}"]
               for k in range(20, 44)]
    pares = [[f"P{n + 1:02d}", mentees[n][0], mentors[n % 12][0], f"2026-10-{1 + n:02d}",
              "Ativo" if n % 5 else "Concluído"] for n in range(20)]
    write_xlsx(f / "Acompanhamento mentoria.xlsx", {
        "Mentores": (["Programa de mentoria 2026"], ["Nº funcionário", "Nome", "Temas", "Nº de mentorados"], mentors),
        "Mentorados": (["Programa de mentoria 2026"], ["Nº funcionário", "Nome", "Objetivos", "Data de inscrição"],
                       mentees),
        "Pares": ([], ["Par", "Mentorado", "Mentor", "Início", "Estado"], pares)})
    save_truth(f, {
        "workforce": {"file": "Personio_export_2026-11-15.xlsx", "sheet": "Employees", "columns": {
            "employee_id": "ID", "department": "Department", "level": None, "hire_date": "Hire date",
            "exit_date": "Termination date", "location": "Office"}},
        "people": {"file": "Acompanhamento mentoria.xlsx", "sheet": ["Mentorados", "Mentores"], "columns": {
            "person_id": "Nº funcionário", "role": None,
            "joined": ["Data de inscrição", None], "wants": ["Objetivos", None], "offers": ["Temas", None],
            "capacity": ["Nº de mentorados", None]}},
        "relationships": {"file": "Acompanhamento mentoria.xlsx", "sheet": "Pares", "columns": {
            "relationship_id": "Par", "mentee_id": "Mentorado", "mentor_id": "Mentor", "start_date": "Início",
            "status": "Estado"}}},
        unused=[], names_cols=["First name", "Last name", "Email", "Nome", "Supervisor"])


# ---------------------------------------- Polish: HiBob export (UTF-16, tabs) + a Google Forms sign-up
def build_pl():
    r = rng()
    f = fresh(OUT / "pl-hibob-formularz")
    ids, ppl, mgr, dept, hire = staff(r, 75, 7001)
    dz = {"Finance": "Finanse", "Logistics": "Logistyka", "Sales": "Sprzedaż", "IT": "IT",
          "Customer Service": "Obsługa klienta", "HR": "Kadry"}
    rows = [[i, f"{a} {b}", f"{a.lower()}.{b.lower()}@firma.pl", dz[d], ["Warszawa", "Kraków", "Gdańsk"][k % 3],
             ["Specjalista", "Starszy specjalista", "Kierownik"][k % 3], h.isoformat(), m]
            for k, (i, (a, b), d, h, m) in enumerate(zip(ids, ppl, dept, hire, mgr))]
    write_csv(f / "bob_people_export.csv", ["employee_id_in_company", "display_name", "email", "department", "site",
                                           "title", "start_date", "reports_to_id_in_company"],
              rows, encoding="utf-16", sep="\t")
    zg = []
    for k, i in enumerate(ids[3:40]):
        mentor = k % 3 == 1
        zg.append([gform_ts(day(r, dt.date(2026, 9, 10), 30), r, "iso"), f"osoba{k}@firma.pl", i,
                   "Chcę zostać mentorem" if mentor else "Chcę mieć mentora",
                   (1 + k % 3) if mentor else ""])
    write_csv(f / "Zgłoszenia do programu mentoringowego.csv",
              ["Sygnatura czasowa", "Adres e-mail", "Numer pracownika",
               "W jakiej roli chcesz wziąć udział w programie?", "Ilu podopiecznych możesz przyjąć?"], zg)
    save_truth(f, {
        "workforce": {"file": "bob_people_export.csv", "sheet": None, "columns": {
            "employee_id": "employee_id_in_company", "department": "department", "level": None,
            "hire_date": "start_date", "location": "site", "manager_id": "reports_to_id_in_company"}},
        "people": {"file": "Zgłoszenia do programu mentoringowego.csv", "sheet": None, "columns": {
            "person_id": "Numer pracownika", "role": "W jakiej roli chcesz wziąć udział w programie?",
            "joined": "Sygnatura czasowa", "capacity": "Ilu podopiecznych możesz przyjąć?"}}},
        names_cols=["display_name", "email", "Adres e-mail"])


# --------------------------- Swedish: Workday report + long Google Forms headers + pairs and meetings
def build_sv():
    r = rng()
    f = fresh(OUT / "sv-workday-parlista")
    ids, ppl, mgr, dept, hire = staff(r, 85, 40100)
    wid = [f"W{i}" for i in ids]
    rows = []
    for k, (w, (a, b), m, d, h) in enumerate(zip(wid, ppl, mgr, dept, hire)):
        term = day(r, dt.date(2025, 3, 1), 500) if k % 11 == 0 else None
        rows.append([w, f"{a} {b}", f"W{m}" if m else "", f"{ppl[0][0]} {ppl[0][1]}" if m else "", d,
                     h.isoformat(), term.isoformat() if term else "", ["Stockholm", "Göteborg", "Malmö"][k % 3],
                     f"{a.lower()}@foretag.se", "Regular", f"Level {int(r.integers(2, 10))}"])
    write_xlsx(f / "Worker_Data_Report.xlsx", {"Worker Data": ([], [
        "Employee_ID", "Full_Name", "Manager_ID", "Manager_Name", "Team_Name", "Start_Date", "Termination_Date",
        "Location", "Email", "Employee_Type", "Management_Level"], rows)})
    form = []
    for k, w in enumerate(wid[8:50]):
        form.append([gform_ts(day(r, dt.date(2026, 8, 20), 20), r, "iso"), f"p{k}@foretag.se", w,
                     "Jag vill ha en mentor" if k % 3 else "Jag vill vara mentor för någon",
                     ", ".join(["Ledarskap", "Karriär", "Kommunikation"][: 1 + k % 3])])
    write_csv(f / "Anmälan till mentorprogrammet (svar).csv",
              ["Tidstämpel", "E-postadress", "Vad är ditt anställningsnummer? (står på lönebeskedet)",
               "Hur vill du delta i mentorprogrammet under hösten?",
               "Vilka områden vill du utvecklas inom? Välj alla som passar."], form)
    pairs = [[f"PAR-{n + 1:03d}", wid[9 + 3 * n], wid[8 + 3 * n], f"2026-09-{1 + n:02d}",
              "Pågående" if n % 4 else "Avslutad"] for n in range(12)]
    write_csv(f / "parlista.csv", ["Par-ID", "Adept", "Mentor", "Startdatum", "Status"], pairs, sep=";")
    meet = [[f"PAR-{1 + n % 12:03d}", (dt.date(2026, 9, 15) + dt.timedelta(days=3 * n)).isoformat(), 30 + 15 * (n % 4)]
            for n in range(40)]
    write_csv(f / "träffar.csv", ["Par-ID", "Datum för träff", "Minuter"], meet, sep=";")
    save_truth(f, {
        "workforce": {"file": "Worker_Data_Report.xlsx", "sheet": "Worker Data", "columns": {
            "employee_id": "Employee_ID", "department": "Team_Name", "level": "Management_Level",
            "hire_date": "Start_Date", "exit_date": "Termination_Date", "manager_id": "Manager_ID",
            "location": "Location"}},
        "people": {"file": "Anmälan till mentorprogrammet (svar).csv", "sheet": None, "columns": {
            "person_id": "Vad är ditt anställningsnummer? (står på lönebeskedet)",
            "role": "Hur vill du delta i mentorprogrammet under hösten?", "joined": "Tidstämpel",
            "wants": "Vilka områden vill du utvecklas inom? Välj alla som passar."}},
        "relationships": {"file": "parlista.csv", "sheet": None, "columns": {
            "relationship_id": "Par-ID", "mentee_id": "Adept", "mentor_id": "Mentor", "start_date": "Startdatum",
            "status": "Status"}},
        "checkins": {"file": "träffar.csv", "sheet": None, "columns": {
            "relationship_id": "Par-ID", "date": "Datum för träff", "minutes": "Minuter"}}},
        names_cols=["Full_Name", "Manager_Name", "Email", "E-postadress"])


# ------------------ US: ADP export with Excel-serial dates, mentors and mentees in two files
def build_us():
    r = rng()
    f = fresh(OUT / "us-adp-mentors-mentees")
    ids, ppl, mgr, dept, hire = staff(r, 100, 0)
    aid = [f"K7{i:05d}" for i in ids]
    rows = [[a, f"{b}, {c}", d, ["Associate", "Senior Associate", "Supervisor", "Manager"][k % 4],
             f"JG{int(r.integers(3, 11)):02d}", serial(h), f"K7{m:05d}" if m != "" else "",
             ["Dallas", "Austin"][k % 2]]
            for k, (a, (c, b), d, h, m) in enumerate(zip(aid, ppl, dept, hire, mgr))]
    write_csv(f / "ADP_export.csv", ["Associate ID", "Payroll Name", "Home Department Description",
                                     "Job Title Description", "Job Grade", "Hire Date", "Reports To Associate ID",
                                     "Location Description"], rows, bom=True)
    mentors = [[aid[k], f"{ppl[k][0]} {ppl[k][1]}", ["Finance; Leadership", "Sales; Networking"][k % 2], 2,
                f"10/{1 + k}/2026"] for k in range(3, 15)]
    mentees = [[aid[k], f"{ppl[k][0]} {ppl[k][1]}", ["Leadership", "Career growth; Networking"][k % 2],
                f"10/{1 + k % 28}/2026"] for k in range(30, 60)]
    write_csv(f / "mentors.csv", ["Associate ID", "Name", "Expertise", "Max mentees", "Date added"], mentors)
    write_csv(f / "mentees.csv", ["Associate ID", "Name", "Development goals", "Date added"], mentees)
    save_truth(f, {
        "workforce": {"file": "ADP_export.csv", "sheet": None, "columns": {
            "employee_id": "Associate ID", "department": "Home Department Description", "level": "Job Grade",
            "hire_date": "Hire Date", "manager_id": "Reports To Associate ID", "location": "Location Description"}},
        "people": {"file": ["mentees.csv", "mentors.csv"], "sheet": None, "columns": {
            "person_id": "Associate ID", "role": None, "joined": ["Date added", None],
            "wants": ["Development goals", None], "offers": ["Expertise", None], "capacity": ["Max mentees", None]}}},
        names_cols=["Payroll Name", "Name"])


# ------------------------------------------------------------------------------------ second batch
# Written after the draft changes of the first batch (which was looked at while changing the code),
# and run once, unchanged: the fresh figure. Folder names start with b2-.

def build_b2_br():
    r = rng()
    f = fresh(OUT / "b2-br-rh-forms")
    ids, ppl, mgr, dept, hire = staff(r, 80, 2201)
    area = {"Finance": "Financeiro", "Logistics": "Suprimentos", "Sales": "Comercial", "IT": "TI",
            "Customer Service": "Atendimento", "HR": "Gente e Gestão"}
    rows = [[i, f"{a} {b}", area[d], ["Analista", "Assistente", "Gerente"][k % 3],
             ["Júnior", "Pleno", "Sênior"][k % 3], h.strftime("%d/%m/%Y"), m]
            for k, (i, (a, b), d, h, m) in enumerate(zip(ids, ppl, dept, hire, mgr))]
    write_csv(f / "colaboradores_ativos.csv", ["Matrícula", "Nome completo", "Área", "Cargo", "Nível",
                                               "Data de admissão", "Matrícula do gestor"], rows,
              encoding="cp1252", sep=";")
    form = []
    for k, i in enumerate(ids[4:36]):
        t = dt.datetime(2026, 10, 2 + k % 20, 10, k)
        form.append([k + 1, t.strftime("%m/%d/%y %H:%M:%S"), (t + dt.timedelta(minutes=3)).strftime("%m/%d/%y %H:%M:%S"),
                     f"c{k}@empresa.com.br", f"{ppl[i - 2201][0]}", i, "Mentor(a)" if k % 4 == 0 else "Mentorado(a)",
                     ";".join(["Liderança", "Finanças", "Comunicação"][: 1 + k % 3]) + ";"])
    write_xlsx(f / "Programa de Mentoria(1-32).xlsx", {"Sheet1": ([], [
        "ID", "Hora de início", "Hora de conclusão", "Email", "Nome", "Qual é a sua matrícula?",
        "Você quer participar como:", "Quais competências você quer desenvolver?"], form)})
    save_truth(f, {
        "workforce": {"file": "colaboradores_ativos.csv", "sheet": None, "columns": {
            "employee_id": "Matrícula", "department": "Área", "level": None, "hire_date": "Data de admissão",
            "manager_id": "Matrícula do gestor"}},
        "people": {"file": "Programa de Mentoria(1-32).xlsx", "sheet": "Sheet1", "columns": {
            "person_id": "Qual é a sua matrícula?", "role": "Você quer participar como:",
            "joined": ["Hora de início", "Hora de conclusão"],
            "wants": "Quais competências você quer desenvolver?"}}},
        names_cols=["Nome completo", "Nome", "Email"])


def build_b2_it():
    r = rng()
    f = fresh(OUT / "b2-it-anagrafica-abbinamenti")
    ids, ppl, mgr, dept, hire = staff(r, 70, 900)
    cod = [f"D{i:04d}" for i in ids]
    uo = {"Finance": "Amministrazione e Finanza", "Logistics": "Magazzino", "Sales": "Commerciale",
          "IT": "ICT", "Customer Service": "Customer Care", "HR": "Personale"}
    rows = [[c, b, a, uo[d], int(r.integers(2, 8)), dt.datetime(h.year, h.month, h.day),
             f"D{m:04d}" if m != "" else ""] for c, (a, b), d, h, m in zip(cod, ppl, dept, hire, mgr)]
    write_xlsx(f / "Anagrafica dipendenti.xlsx", {
        "Anagrafica": (["Estrazione anagrafica al 30/11/2026", ""], ["Cod. dipendente", "Cognome", "Nome",
                                                                     "Unità organizzativa", "Livello CCNL",
                                                                     "Data assunzione", "Responsabile (cod.)"], rows),
        "Note": ([], ["Nota"], [["Dati riservati"]])})
    mentor = [[cod[k], f"{ppl[k][0]} {ppl[k][1]}", "Negoziazione; Leadership"] for k in range(1, 11)]
    mentee = [[cod[k], f"{ppl[k][0]} {ppl[k][1]}", "Public speaking"] for k in range(20, 40)]
    coppie = [[f"C-{n + 1}", mentee[n][0], mentor[n % 10][0], f"{1 + n}/10/2026", "In corso" if n % 3 else "Chiusa"]
              for n in range(20)]
    inc = [[f"C-{1 + n % 20}", f"{1 + n % 28}/11/2026", [30, 45, 60][n % 3]] for n in range(45)]
    write_xlsx(f / "Abbinamenti 2026.xlsx", {
        "Mentor": ([], ["Codice", "Nominativo", "Competenze"], mentor),
        "Mentee": ([], ["Codice", "Nominativo", "Competenze"], mentee),
        "Coppie": ([], ["ID coppia", "Mentee (cod.)", "Mentor (cod.)", "Dal", "Stato"], coppie),
        "Incontri": ([], ["ID coppia", "Giorno", "Durata (min)"], inc)})
    save_truth(f, {
        "workforce": {"file": "Anagrafica dipendenti.xlsx", "sheet": "Anagrafica", "columns": {
            "employee_id": "Cod. dipendente", "department": "Unità organizzativa", "level": "Livello CCNL",
            "hire_date": "Data assunzione", "manager_id": "Responsabile (cod.)"}},
        "people": {"file": "Abbinamenti 2026.xlsx", "sheet": ["Mentee", "Mentor"], "columns": {
            "person_id": "Codice", "role": None, "wants": ["Competenze", None], "offers": ["Competenze", None]}},
        "relationships": {"file": "Abbinamenti 2026.xlsx", "sheet": "Coppie", "columns": {
            "relationship_id": "ID coppia", "mentee_id": "Mentee (cod.)", "mentor_id": "Mentor (cod.)",
            "start_date": "Dal", "status": "Stato"}},
        "checkins": {"file": "Abbinamenti 2026.xlsx", "sheet": "Incontri", "columns": {
            "relationship_id": "ID coppia", "date": "Giorno", "minutes": "Durata (min)"}}},
        unused=["Anagrafica dipendenti.xlsx:Note"], names_cols=["Cognome", "Nome", "Nominativo"])


def build_b2_pl():
    r = rng()
    f = fresh(OUT / "b2-pl-kadry-zgloszenia")
    ids, ppl, mgr, dept, hire = staff(r, 90, 100)
    nr = [f"{i:06d}" for i in ids]
    dz = {"Finance": "Księgowość", "Logistics": "Magazyn", "Sales": "Handel", "IT": "Informatyka",
          "Customer Service": "Biuro obsługi", "HR": "Kadry i płace"}
    rows = [[n, f"{a} {b}", dz[d], ["Referent", "Specjalista", "Kierownik"][k % 3], f"K{int(r.integers(3, 10))}",
             h.strftime("%d.%m.%Y"), f"{m:06d}" if m != "" else ""]
            for k, (n, (a, b), d, h, m) in enumerate(zip(nr, ppl, dept, hire, mgr))]
    write_csv(f / "kadry_eksport.csv", ["Nr ewidencyjny", "Imię i nazwisko", "Dział", "Stanowisko",
                                        "Kategoria zaszeregowania", "Data zatrudnienia", "Przełożony (nr)"],
              rows, sep=";", bom=True)
    form = [[gform_ts(day(r, dt.date(2026, 9, 1), 30), r), nr[k], "Mentor" if k % 5 == 0 else "Mentee",
             ", ".join(["Zarządzanie", "Excel", "Negocjacje"][: 1 + k % 3])] for k in range(5, 45)]
    write_csv(f / "Formularz zgłoszeniowy (Odpowiedzi) - Odpowiedzi na formularz 1.csv",
              ["Sygnatura czasowa", "Twój numer ewidencyjny", "Chcę wziąć udział jako…", "Czego chcesz się nauczyć?"],
              form)
    save_truth(f, {
        "workforce": {"file": "kadry_eksport.csv", "sheet": None, "columns": {
            "employee_id": "Nr ewidencyjny", "department": "Dział", "level": "Kategoria zaszeregowania",
            "hire_date": "Data zatrudnienia", "manager_id": "Przełożony (nr)"}},
        "people": {"file": "Formularz zgłoszeniowy (Odpowiedzi) - Odpowiedzi na formularz 1.csv", "sheet": None,
                   "columns": {"person_id": "Twój numer ewidencyjny", "role": "Chcę wziąć udział jako…",
                               "joined": "Sygnatura czasowa", "wants": "Czego chcesz się nauczyć?"}}},
        names_cols=["Imię i nazwisko"])


def build_b2_sv():
    r = rng()
    f = fresh(OUT / "b2-sv-hr-matchningar")
    ids, ppl, mgr, dept, hire = staff(r, 80, 5000)
    avd = {"Finance": "Ekonomi", "Logistics": "Lager", "Sales": "Försäljning", "IT": "IT", "Customer Service": "Kundtjänst",
           "HR": "Personal"}
    rows = [[i, f"{a} {b}", avd[d], ["Handläggare", "Samordnare", "Chef"][k % 3], f"Nivå {int(r.integers(2, 9))}",
             h.isoformat(), m, ["Umeå", "Luleå"][k % 2]]
            for k, (i, (a, b), d, h, m) in enumerate(zip(ids, ppl, dept, hire, mgr))]
    write_csv(f / "personal.txt", ["Anst.nr", "Namn", "Avdelning", "Befattning", "Lönenivå", "Anställd från",
                                   "Chef anst.nr", "Ort"], rows, encoding="utf-16", sep="\t")
    form = [[gform_ts(day(r, dt.date(2026, 8, 25), 20), r, "iso"), ids[k], "Mentor" if k % 4 == 0 else "Adept",
             "; ".join(["Ledarskap", "Projektledning"][: 1 + k % 2])] for k in range(6, 40)]
    write_csv(f / "intresseanmälan.csv", ["Tidsstämpel", "Anställningsnummer", "Vill du vara mentor eller adept?",
                                         "Vad vill du lära dig? (välj flera)"], form)
    par = [[n + 1, ids[7 + 4 * n], ids[6 + 4 * n] if (6 + 4 * n) % 4 == 0 else ids[8], f"2026-09-{1 + n:02d}", "",
            ["Aktiv", "Klar", "Avbruten"][n % 3]] for n in range(8)]
    write_xlsx(f / "Matchningar.xlsx", {"Par": ([], ["Nr", "Adept (anst.nr)", "Mentor (anst.nr)", "Start", "Slut",
                                                     "Läge"], par)})
    save_truth(f, {
        "workforce": {"file": "personal.txt", "sheet": None, "columns": {
            "employee_id": "Anst.nr", "department": "Avdelning", "level": "Lönenivå", "hire_date": "Anställd från",
            "manager_id": "Chef anst.nr", "location": "Ort"}},
        "people": {"file": "intresseanmälan.csv", "sheet": None, "columns": {
            "person_id": "Anställningsnummer", "role": "Vill du vara mentor eller adept?", "joined": "Tidsstämpel",
            "wants": "Vad vill du lära dig? (välj flera)"}},
        "relationships": {"file": "Matchningar.xlsx", "sheet": "Par", "columns": {
            "relationship_id": "Nr", "mentee_id": "Adept (anst.nr)", "mentor_id": "Mentor (anst.nr)",
            "start_date": "Start", "end_date": ["Slut", None], "status": "Läge"}}},
        names_cols=["Namn"])


def build_b2_nl():
    r = rng()
    f = fresh(OUT / "b2-nl-afas-msforms")
    ids, ppl, mgr, dept, hire = staff(r, 60, 1)
    rows = [[i, f"{b}, {a}", d, ["Medewerker", "Specialist", "Manager"][k % 3], f"{int(r.integers(4, 12)):02d}",
             h.strftime("%d-%m-%Y"), m, "Holding BV"]
            for k, (i, (a, b), d, h, m) in enumerate(zip(ids, ppl, dept, hire, mgr))]
    write_xlsx(f / "AFAS medewerkers.xlsx", {"Medewerkers": ([], ["Medewerker", "Naam", "Organisatorische eenheid",
                                                                  "Functie", "Salarisschaal", "Datum in dienst",
                                                                  "Leidinggevende", "Werkgever"], rows)})
    form = []
    for k, i in enumerate(ids[3:33]):
        t = dt.datetime(2026, 9, 1 + k % 25, 9, k)
        mentor = k % 3 == 0
        form.append([k + 1, t.strftime("%d-%m-%Y %H:%M:%S"), (t + dt.timedelta(minutes=4)).strftime("%d-%m-%Y %H:%M:%S"),
                     f"m{k}@bedrijf.nl", ppl[i - 1][0], i, "Mentor" if mentor else "Mentee", 2 if mentor else ""])
    write_xlsx(f / "Inschrijving mentoring(1-30).xlsx", {"Form1": ([], [
        "Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Personeelsnummer",
        "Wat wil je in het programma zijn?", "Hoeveel mentees kun je begeleiden?"], form)})
    save_truth(f, {
        "workforce": {"file": "AFAS medewerkers.xlsx", "sheet": "Medewerkers", "columns": {
            "employee_id": "Medewerker", "department": "Organisatorische eenheid", "level": "Salarisschaal",
            "hire_date": "Datum in dienst", "manager_id": "Leidinggevende"}},
        "people": {"file": "Inschrijving mentoring(1-30).xlsx", "sheet": "Form1", "columns": {
            "person_id": "Personeelsnummer", "role": "Wat wil je in het programma zijn?",
            "joined": ["Begintijd", "Tijd van voltooien"], "capacity": "Hoeveel mentees kun je begeleiden?"}}},
        names_cols=["Naam", "E-mail"])


# ------------------------------------------------------------------------------------- third batch
# Written after the changes made on the second batch, run once, unchanged. Names start with b3-.

def build_b3_pt():
    r = rng()
    f = fresh(OUT / "b3-pt-mecanografico-forms")
    ids, ppl, mgr, dept, hire = staff(r, 75, 3100)
    dire = {"Finance": "Direção Financeira", "Logistics": "Direção de Operações", "Sales": "Direção Comercial",
            "IT": "Direção de Sistemas", "Customer Service": "Apoio ao Cliente", "HR": "Recursos Humanos"}
    rows = [[i, f"{a} {b}", dire[d], ["Técnico Superior", "Assistente Técnico", "Coordenador"][k % 3],
             h.strftime("%d-%m-%Y"), m] for k, (i, (a, b), d, h, m) in enumerate(zip(ids, ppl, dept, hire, mgr))]
    write_xlsx(f / "Mapa de pessoal.xlsx", {"Pessoal": (["Mapa de pessoal a 31-10-2026", ""], [
        "Nº Mecanográfico", "Nome", "Direção", "Categoria Profissional", "Data de Admissão", "Chefia direta (nº)"],
        rows)})
    form = [[gform_ts(day(r, dt.date(2026, 9, 5), 25), r), f"x{k}@empresa.pt", ids[k],
             "Quero ser mentor(a)" if k % 4 == 1 else "Procuro um(a) mentor(a)",
             ", ".join(["Liderança", "Gestão do tempo", "Finanças"][: 1 + k % 3])] for k in range(10, 40)]
    write_csv(f / "Inscrição Mentoria (respostas) - Respostas ao formulário 1.csv",
              ["Carimbo de data/hora", "Endereço de email", "Nº mecanográfico", "Em que papel gostaria de participar?",
               "Que temas gostaria de trabalhar?"], form)
    save_truth(f, {
        "workforce": {"file": "Mapa de pessoal.xlsx", "sheet": "Pessoal", "columns": {
            "employee_id": "Nº Mecanográfico", "department": "Direção", "level": None,
            "hire_date": "Data de Admissão", "manager_id": "Chefia direta (nº)"}},
        "people": {"file": "Inscrição Mentoria (respostas) - Respostas ao formulário 1.csv", "sheet": None,
                   "columns": {"person_id": "Nº mecanográfico", "role": "Em que papel gostaria de participar?",
                               "joined": "Carimbo de data/hora", "wants": "Que temas gostaria de trabalhar?"}}},
        names_cols=["Nome", "Endereço de email"])


def build_b3_it():
    r = rng()
    f = fresh(OUT / "b3-it-reparti-coppie")
    ids, ppl, mgr, dept, hire = staff(r, 65, 40)
    rep = {"Finance": "Contabilità", "Logistics": "Spedizioni", "Sales": "Vendite", "IT": "Informatica",
           "Customer Service": "Servizio Clienti", "HR": "Personale"}
    rows = [[i, f"{b} {a}", rep[d], int(r.integers(1, 7)), h.strftime("%d/%m/%Y"), m]
            for i, (a, b), d, h, m in zip(ids, ppl, dept, hire, mgr)]
    write_csv(f / "organico.csv", ["Matricola", "Cognome e nome", "Reparto", "Livello", "Data di assunzione",
                                   "Matricola responsabile"], rows, encoding="cp1252", sep=";")
    ades = [[ids[k], "Mentor" if k % 4 == 0 else "Mentee", 2 if k % 4 == 0 else ""] for k in range(8, 40)]
    write_xlsx(f / "adesioni.xlsx", {"Foglio1": ([], ["Matricola", "Ruolo", "Disponibilità (n. mentee)"], ades)})
    mentors = [a[0] for a in ades if a[1] == "Mentor"]
    mentees = [a[0] for a in ades if a[1] == "Mentee"]
    coppie = [[n + 1, mentees[n], mentors[n % len(mentors)], f"{1 + n:02d}/10/2026",
               ["Attiva", "Conclusa", "Interrotta"][n % 3]] for n in range(15)]
    write_csv(f / "coppie.csv", ["N. coppia", "Mentee", "Mentor", "Avvio", "Esito"], coppie, encoding="cp1252",
              sep=";")
    save_truth(f, {
        "workforce": {"file": "organico.csv", "sheet": None, "columns": {
            "employee_id": "Matricola", "department": "Reparto", "level": "Livello",
            "hire_date": "Data di assunzione", "manager_id": "Matricola responsabile"}},
        "people": {"file": "adesioni.xlsx", "sheet": "Foglio1", "columns": {
            "person_id": "Matricola", "role": "Ruolo", "capacity": "Disponibilità (n. mentee)"}},
        "relationships": {"file": "coppie.csv", "sheet": None, "columns": {
            "relationship_id": "N. coppia", "mentee_id": "Mentee", "mentor_id": "Mentor", "start_date": "Avvio",
            "status": "Esito"}}},
        names_cols=["Cognome e nome"])


def build_b3_pl():
    r = rng()
    f = fresh(OUT / "b3-pl-jeden-skoroszyt")
    ids, ppl, mgr, dept, hire = staff(r, 60, 700)
    kom = {"Finance": "Finanse", "Logistics": "Logistyka", "Sales": "Sprzedaż", "IT": "IT",
           "Customer Service": "Obsługa klienta", "HR": "Kadry"}
    rows = [[i, f"{b} {a}", kom[d], f"G{int(r.integers(2, 8))}", dt.datetime(h.year, h.month, h.day),
             m] for i, (a, b), d, h, m in zip(ids, ppl, dept, hire, mgr)]
    mentorzy = [[ids[k], "Zarządzanie; Sprzedaż"] for k in range(2, 10)]
    mentorowani = [[ids[k], "Komunikacja"] for k in range(20, 36)]
    pary = [[f"PR{n + 1}", mentorowani[n][0], mentorzy[n % 8][0], dt.datetime(2026, 10, 1 + n),
             ["aktywna", "zakończona"][n % 2]] for n in range(16)]
    write_xlsx(f / "Mentoring 2026.xlsx", {
        "Pracownicy": ([], ["ID pracownika", "Nazwisko i imię", "Komórka organizacyjna", "Grupa zaszeregowania",
                            "Data przyjęcia", "ID przełożonego"], rows),
        "Mentorzy": ([], ["ID pracownika", "Obszary wiedzy"], mentorzy),
        "Mentorowani": ([], ["ID pracownika", "Cele"], mentorowani),
        "Pary": ([], ["Nr pary", "ID mentorowanego", "ID mentora", "Data rozpoczęcia", "Status"], pary)})
    save_truth(f, {
        "workforce": {"file": "Mentoring 2026.xlsx", "sheet": "Pracownicy", "columns": {
            "employee_id": "ID pracownika", "department": "Komórka organizacyjna", "level": "Grupa zaszeregowania",
            "hire_date": "Data przyjęcia", "manager_id": "ID przełożonego"}},
        "people": {"file": "Mentoring 2026.xlsx", "sheet": ["Mentorowani", "Mentorzy"], "columns": {
            "person_id": "ID pracownika", "role": None, "wants": ["Cele", None],
            "offers": ["Obszary wiedzy", None]}},
        "relationships": {"file": "Mentoring 2026.xlsx", "sheet": "Pary", "columns": {
            "relationship_id": "Nr pary", "mentee_id": "ID mentorowanego", "mentor_id": "ID mentora",
            "start_date": "Data rozpoczęcia", "status": "Status"}}},
        names_cols=["Nazwisko i imię"])


BUILDERS = [build_nl, build_it, build_pt, build_pl, build_sv, build_us,
            build_b2_br, build_b2_it, build_b2_pl, build_b2_sv, build_b2_nl,
            build_b3_pt, build_b3_it, build_b3_pl]


def main():
    write_all(BUILDERS, OUT)


if __name__ == "__main__":
    main()
