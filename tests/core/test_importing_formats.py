"""Recognising the survey tool (shared/survey.md §1.7), its bookkeeping columns, and
grouped questions; KoboToolbox and SurveyMonkey exports end to end."""

from __future__ import annotations

import pytest

from pexdesk.core.repositories import feedback
from pexdesk.core.services.importing import (Role, Tool, commit_responses, detect_layout,
                                             plan_responses, read_bytes)
from pexdesk.core.services.importing.survey_formats import ColumnKind, split_header
from tests.conftest import SURVEYS

META, PERSONAL, DATE, QUESTION, COMPLETION = (ColumnKind.METADATA, ColumnKind.PERSONAL,
                                              ColumnKind.DATE, ColumnKind.QUESTION,
                                              ColumnKind.COMPLETION)


def layout_of(text: str):
    return detect_layout(read_bytes(text.encode("utf-8"), "x.csv"))


def kinds(layout) -> list[tuple[str, ColumnKind]]:
    return [(c.name, c.kind) for c in layout.columns]


@pytest.mark.parametrize("header, tool", [
    ("id,submitdate,lastpage,startlanguage,Q1", Tool.LIMESURVEY),
    ("Response ID,Date submitted,Last page,Q1", Tool.LIMESURVEY),
    ("ID de la réponse,Date de soumission,Dernière page,Q1", Tool.LIMESURVEY),
    ("Timestamp,Q1,Q2", Tool.GOOGLE_FORMS),
    ("Horodateur,Q1,Q2", Tool.GOOGLE_FORMS),
    ("ID,Start time,Completion time,Email,Name,Q1", Tool.MICROSOFT_FORMS),
    ("ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,Q1", Tool.MICROSOFT_FORMS),
    ("start,end,Q1,_id,_uuid,_submission_time,_index", Tool.KOBOTOOLBOX),
    ("Catégorie,Département,Q1", Tool.GENERIC),
    ("Q1,Timestamp", Tool.GENERIC),  # Google's timestamp comes first or it is not Google
])
def test_tool_signatures(header, tool):
    assert layout_of(header + "\n" + ",".join("x" * len(header.split(","))) + "\n").tool == tool


def test_microsoft_forms_metadata_by_position_even_when_a_question_is_called_email():
    layout = layout_of("ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,"
                       "Heure de la dernière modification,Email,Total points\n1,a,b,c,d,e,f,g\n")
    assert kinds(layout) == [
        ("ID", META), ("Heure de début", META), ("Heure de fin", DATE),
        ("Adresse de messagerie", PERSONAL), ("Nom", PERSONAL),
        ("Heure de la dernière modification", META),
        ("Email", PERSONAL),  # a question asking for an e-mail: still never stored
        ("Total points", META)]


def test_limesurvey_code_headings():
    layout = layout_of("id,submitdate,lastpage,startlanguage,seed,token,startdate,datestamp,"
                       "ipaddr,refurl,G1Q1,G1Q2[SQ001],G1Q2[other],interviewtime,groupTime12,"
                       "G1Q1Time\n1\n")
    assert layout.code_headings
    assert kinds(layout) == [
        ("id", META), ("submitdate", COMPLETION), ("lastpage", META), ("startlanguage", META),
        ("seed", META), ("token", PERSONAL), ("startdate", META), ("datestamp", META),
        ("ipaddr", PERSONAL), ("refurl", META), ("G1Q1", QUESTION), ("G1Q2[SQ001]", QUESTION),
        ("G1Q2[other]", QUESTION), ("interviewtime", META), ("groupTime12", META),
        ("G1Q1Time", META)]
    assert (layout.columns[11].question, layout.columns[11].sub) == ("G1Q2", "SQ001")


def test_google_forms_email_column_and_grid_rows():
    layout = layout_of('Horodateur,Adresse e-mail,"Évaluez [Diagnostic]","Évaluez [Animation]",'
                       "Votre nom\n1\n")
    assert kinds(layout) == [("Horodateur", DATE), ("Adresse e-mail", PERSONAL),
                             ("Évaluez [Diagnostic]", QUESTION), ("Évaluez [Animation]", QUESTION),
                             ("Votre nom", PERSONAL)]
    assert [c.label for c in layout.columns[2:4]] == ["Diagnostic", "Animation"]


@pytest.mark.parametrize("header, expected", [
    ("Question [Sous-question]", ("Question", "Sous-question")),
    ("Q2[SQ001]", ("Q2", "SQ001")),
    ("Évaluez les missions : [Diagnostic de la mise en œuvre de la PEX] ",
     ("Évaluez les missions :", "Diagnostic de la mise en œuvre de la PEX")),
    ("Note [sur 5] [Diagnostic]", ("Note [sur 5]", "Diagnostic")),
    ("Sans crochet", ("", "")), ("[Seulement]", ("", "")), ("Vide []", ("", "")),
])
def test_split_header(header, expected):
    assert split_header(header.strip()) == expected


def test_microsoft_forms_likert_statements_are_split_only_between_siblings():
    layout = layout_of("ID,Start time,Completion time,Email,Name,"
                       "Notez les missions.Diagnostic de la PEX,Notez les missions.Animation,"
                       "M. le Préfet est-il associé ?,3.1 Diagnostic,3.2 Animation\n1\n")
    split = [(c.question, c.sub) for c in layout.columns[5:]]
    assert split == [("Notez les missions", "Diagnostic de la PEX"),
                     ("Notez les missions", "Animation"), ("", ""), ("", ""), ("", "")]


def test_duplicate_and_blank_headers_get_unique_names():
    layout = layout_of("Note,,note,Note\n1,2,3,4\n")
    assert [c.name for c in layout.columns] == ["Note", "Colonne 2", "note (2)", "Note (3)"]


# --- KoboToolbox and SurveyMonkey, end to end --------------------------------------------------

KOBO = (
    "start;end;today;username;Type de structure;Département;Satisfaction globale;"
    "missions/Diagnostic;missions/Animation;Vous représentez/CAF;Commentaires;_id;_uuid;"
    "_submission_time;_validation_status;_index\n"
    "2024-06-03T09:00:00.000+02:00;2024-06-03T09:05:00.000+02:00;2024-06-03;agent1;CAF;35;"
    "Satisfait;Très satisfait;Satisfait;1;;101;a1b2;2024-06-03T07:05:10;;1\n"
    "2024-06-04T10:00:00.000+02:00;2024-06-04T10:07:00.000+02:00;2024-06-04;agent1;"
    "Bailleur social;Finistère;Très satisfait;Non concerné;Plutôt satisfait;0;Bien;102;c3d4;"
    "2024-06-04T08:07:10;;2\n")


def test_kobotoolbox_export(con):
    sheet = read_bytes(KOBO.encode("utf-8"), "kobo.csv")
    plan = plan_responses(con, sheet)
    assert plan.layout.tool == Tool.KOBOTOOLBOX
    roles = {c.name: c.role for c in plan.columns}
    assert roles["end"] == Role.DATE and roles["_submission_time"] == Role.IGNORED
    assert roles["username"] == Role.IGNORED and roles["Vous représentez/CAF"] == Role.IGNORED
    assert [i.label for i in plan.items] == ["Diagnostic", "Animation"]
    result = commit_responses(con, plan)
    rows = [(r.responded_on.isoformat(), r.category_code, r.department_code, r.overall_score,
             r.comment) for r in feedback.responses_of(con, result.campaign.id)]
    assert rows == [("2024-06-03", "CAF", "35", 4, ""),
                    ("2024-06-04", "BAILSOC", "29", 5, "Bien")]


MONKEY = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,Vous représentez,Département,Globalement satisfait ?,"
    "Notez les missions,,Commentaires\n"
    ",,,,,,,,,Response,Response,Response,Diagnostic,Animation,Open-Ended Response\n"
    "114,42,03/04/2024 10:00,03/04/2024 10:05,198.51.100.7,a@b.fr,Anne,Bé,,CAF,35,"
    "4 - Satisfait,5 - Très satisfait,3 - Ni satisfait ni insatisfait,Merci\n")


def test_surveymonkey_two_header_rows(con):
    plan = plan_responses(con, read_bytes(MONKEY.encode("utf-8"), "monkey.csv"))
    assert plan.layout.tool == Tool.SURVEYMONKEY and plan.layout.header_rows == 2
    assert [(c.name, c.role) for c in plan.columns][3:] == [
        ("End Date", Role.DATE), ("IP Address", Role.IGNORED), ("Email Address", Role.IGNORED),
        ("First Name", Role.IGNORED), ("Last Name", Role.IGNORED),
        ("Custom Data 1", Role.IGNORED), ("Vous représentez", Role.CATEGORY),
        ("Département", Role.DEPARTMENT), ("Globalement satisfait ?", Role.OVERALL),
        ("Notez les missions [Diagnostic]", Role.ITEM),
        ("Notez les missions [Animation]", Role.ITEM), ("Commentaires", Role.COMMENT)]
    assert plan.row_numbers == [3]  # data start on the third row of the file
    result = commit_responses(con, plan)
    response = feedback.responses_of(con, result.campaign.id)[0]
    assert (response.origin_row, response.overall_score, response.comment) == (3, 4, "Merci")
    assert "Anne" not in repr(response) and "a@b.fr" not in repr(response)


def test_fixture_layouts(microsoft_forms_xlsx):
    from pexdesk.core.services.importing import read_file

    expected = {"google_forms.csv": Tool.GOOGLE_FORMS, "limesurvey_codes.csv": Tool.LIMESURVEY,
                "limesurvey_fulltext.csv": Tool.LIMESURVEY, "generic.tsv": Tool.GENERIC,
                "invalid.csv": Tool.GENERIC}
    for name, tool in expected.items():
        assert detect_layout(read_file(SURVEYS / name)).tool == tool, name
    assert detect_layout(read_file(microsoft_forms_xlsx)).tool == Tool.MICROSOFT_FORMS
