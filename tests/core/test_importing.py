"""Importing survey exports end to end: what lands in the base, the preview's problems,
all or nothing, re-import, existing campaigns, forced column roles."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.domain.models import Campaign
from pexdesk.core.errors import ImportRefusedError, NotFoundError, PexdeskError
from pexdesk.core.reference.questionnaire import ANIL_ITEMS
from pexdesk.core.repositories import feedback
from pexdesk.core.safety import journal, retention
from pexdesk.core.services.importing import (ResponseImportOptions, Role, RowStatus, Severity,
                                             Tool, commit_responses, plan_responses, read_bytes,
                                             read_file)
from tests.conftest import SURVEYS

NC = NOT_CONCERNED


def import_file(con, path: Path, **options):
    skip_invalid = options.pop("skip_invalid", False)
    plan = plan_responses(con, read_file(path), ResponseImportOptions(**options))
    return plan, commit_responses(con, plan, skip_invalid=skip_invalid)


def stored(con, campaign_name: str) -> list[tuple]:
    """(origin file, row, category, département, overall, date, comment, {item: score})."""
    campaign = feedback.find_campaign(con, campaign_name)
    labels = {item.id: item.label_text for item in feedback.items_of(con, campaign.id)}
    return [(r.origin, r.origin_file, r.origin_row, r.category_code, r.department_code,
             r.overall_score, r.responded_on, r.comment,
             {labels[item]: score for item, score in r.answers.items()})
            for r in feedback.responses_of(con, campaign.id)]


def item_labels(con, campaign_name: str) -> list[str]:
    campaign = feedback.find_campaign(con, campaign_name)
    return [item.label_text for item in feedback.items_of(con, campaign.id)]


def content(con) -> dict[str, list[tuple]]:
    """Every row of every table: a refused import must leave this unchanged."""
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: [tuple(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}


# --- each tool's export: exactly what is stored ---------------------------------------------------

DIAG = "Diagnostic de la mise en œuvre de la PEX"
ANIM = "Animation des partenariats"
SOUS = "Déploiement de sous-CCAPEX"
FDR = "Élaboration d'une feuille de route"
CARTO = "Identification / partage du rôle de chacun (cartographie)"


def test_google_forms_csv_windows_1252_semicolons(con):
    plan, result = import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête 2024")
    assert plan.layout.tool == Tool.GOOGLE_FORMS
    assert (plan.sheet.encoding, plan.sheet.delimiter) == ("cp1252", ";")
    assert (result.commit.rows_read, result.imported, result.commit.rejected_rows) == (7, 7, 0)
    assert item_labels(con, "Enquête 2024") == [DIAG, ANIM, SOUS, FDR]
    g = "google_forms.csv"
    assert stored(con, "Enquête 2024") == [
        ("FICHIER", g, 2, "BAILSOC", "35", 4, date(2024, 3, 14), "RAS",
         {DIAG: 5, ANIM: 4, SOUS: NC}),
        ("FICHIER", g, 3, "CAF", "35", 5, date(2024, 3, 15), "", {DIAG: 4, ANIM: 5, FDR: 3}),
        ("FICHIER", g, 4, "CD", "22", 3, date(2024, 3, 16),
         "Plus de réunions en sous-préfecture ; merci.", {DIAG: 4, SOUS: NC, FDR: 2}),
        ("FICHIER", g, 5, "CJ", "29", 5, date(2024, 3, 18), "", {}),
        ("FICHIER", g, 6, "CCAS", "2B", 4, date(2024, 3, 20), "Réunions utiles.",
         {DIAG: 4, ANIM: 5, SOUS: NC, FDR: 4}),
        ("FICHIER", g, 7, "ASSO_INS", "35", 2, date(2024, 3, 21),
         "Trop de réunions, pas assez de décisions.", {DIAG: 2, ANIM: 3, FDR: 4}),
        ("FICHIER", g, 8, "PREF", "974", 5, date(2024, 3, 22), "", {DIAG: 5, SOUS: NC}),
    ]
    # The generic label « Association » is classed, with a warning in the preview.
    assert [p.text() for p in plan.warnings] == [
        "ligne 7, colonne « Vous représentez » : libellé générique « Association » classé en "
        "« Association d'insertion / logement » : à vérifier."]
    campaign = feedback.find_campaign(con, "Enquête 2024")
    assert (campaign.period_start, campaign.period_end) == (date(2024, 3, 14), date(2024, 3, 22))


def test_responses_from_other_departements_are_imported_side_by_side(con):
    """The base is Ille-et-Vilaine's; a regional file's other départements are kept."""
    plan, result = import_file(con, SURVEYS / "google_forms.csv")
    assert result.imported == 7
    assert plan.other_departments() == {"22": 1, "29": 1, "2B": 1, "974": 1}
    rows = con.execute("SELECT department_code, count(*) FROM response GROUP BY 1 ORDER BY 1")
    assert [tuple(r) for r in rows] == [("22", 1), ("29", 1), ("2B", 1), ("35", 3), ("974", 1)]
    assert ("Réponses d'autres départements que celui de la base (importées) : "
            "Haute-Corse (2B) : 1, Côtes-d'Armor (22) : 1, Finistère (29) : 1, "
            "La Réunion (974) : 1.") in plan.preview_lines()  # INSEE order


def test_limesurvey_code_headings_with_bom_timings_and_an_unfinished_response(con):
    plan, result = import_file(con, SURVEYS / "limesurvey_codes.csv", campaign="Lime")
    assert plan.layout.tool == Tool.LIMESURVEY and plan.layout.code_headings
    assert plan.sheet.encoding == "utf-8-sig"
    roles = {c.name: c.role for c in plan.columns}
    assert roles["TYPESTRUCT"] == Role.CATEGORY  # recognised by its content
    assert (roles["DEPT"], roles["GLOBAL"], roles["COMMENT"], roles["submitdate"]) == (
        Role.DEPARTMENT, Role.OVERALL, Role.COMMENT, Role.DATE)
    for name in ("id", "token", "ipaddr", "interviewtime", "groupTime8106", "TYPESTRUCTTime",
                 "MISSION[other]"):
        assert roles[name] == Role.IGNORED, name
    # Row 4 was never submitted (empty submitdate): left out, neither imported nor rejected.
    assert plan.row_status == [RowStatus.VALID, RowStatus.VALID, RowStatus.IGNORED,
                               RowStatus.VALID, RowStatus.VALID, RowStatus.VALID]
    assert (result.commit.rows_read, result.imported, result.commit.ignored_rows) == (6, 5, 1)
    assert result.lines()[0] == ("6 lignes lues, 5 réponses importées, 0 rejetée, "
                                 "1 ignorée (réponses incomplètes).")
    campaign = feedback.find_campaign(con, "Lime")
    assert [(i.code, i.label_text) for i in feedback.items_of(con, campaign.id)] == [
        ("MISSION[CARTO]", "CARTO"), ("MISSION[DIAG]", "DIAG"), ("MISSION[ANIM]", "ANIM"),
        ("MISSION[SOUSCCAPEX]", "SOUSCCAPEX")]
    lime = "limesurvey_codes.csv"
    assert stored(con, "Lime") == [
        ("FICHIER", lime, 2, "BAILSOC", "35", 4, date(2024, 3, 14),
         "Très bonne animation des réunions.\nÀ poursuivre en 2025.",
         {"CARTO": 5, "DIAG": 4, "ANIM": 4, "SOUSCCAPEX": NC}),
        ("FICHIER", lime, 3, "CAF", "29", 5, date(2024, 3, 15), "",
         {"CARTO": 4, "DIAG": 5, "SOUSCCAPEX": 3}),
        ("FICHIER", lime, 5, "CD", "56", 3, date(2024, 3, 18),
         'Le "guichet unique" reste à construire.',
         {"CARTO": 2, "DIAG": 3, "ANIM": 4, "SOUSCCAPEX": NC}),
        ("FICHIER", lime, 6, "PREF", "2A", 5, date(2024, 3, 19), "",
         {"CARTO": 5, "DIAG": 5, "ANIM": 5, "SOUSCCAPEX": 4}),
        ("FICHIER", lime, 7, "CCAS", "35", 4, date(2024, 3, 20),
         "Réunions trop tôt le matin, sinon utile.", {"CARTO": 3, "DIAG": 4}),
    ]


def test_limesurvey_full_text_headings_split_into_sub_questions(con):
    plan, result = import_file(con, SURVEYS / "limesurvey_fulltext.csv", campaign="Lime 2")
    assert plan.layout.tool == Tool.LIMESURVEY and not plan.layout.code_headings
    assert result.imported == 4 and result.commit.ignored_rows == 1
    assert item_labels(con, "Lime 2") == [CARTO, DIAG, ANIM, "Réécriture de la charte"]
    lime = "limesurvey_fulltext.csv"
    assert stored(con, "Lime 2") == [
        ("FICHIER", lime, 2, "BAILSOC", "35", 5, date(2024, 5, 2),
         "Merci pour la cartographie des acteurs,\nelle circule chez nous.",
         {CARTO: 4, DIAG: 5, ANIM: 4, "Réécriture de la charte": NC}),
        ("FICHIER", lime, 3, "UDAF", "29", 4, date(2024, 5, 3), "",
         {CARTO: 3, DIAG: 4, ANIM: 4, "Réécriture de la charte": 2}),
        ("FICHIER", lime, 5, "CJ", "22", 4, date(2024, 5, 6), "RAS",
         {CARTO: NC, DIAG: 4, ANIM: 5}),  # « Satisfaite », « Très satisfaite »
        ("FICHIER", lime, 6, "BAILSOC", "35", 5, date(2024, 5, 7), "",
         {CARTO: 5, DIAG: 5, ANIM: 5, "Réécriture de la charte": 4}),
    ]


def test_microsoft_forms_xlsx(con, microsoft_forms_xlsx):
    plan, result = import_file(con, microsoft_forms_xlsx, campaign="MS")
    assert plan.layout.tool == Tool.MICROSOFT_FORMS
    roles = [(c.name, c.role, c.note) for c in plan.columns[:6]]
    assert roles == [
        ("ID", Role.IGNORED, "métadonnée de l'outil d'enquête"),
        ("Heure de début", Role.IGNORED, "métadonnée de l'outil d'enquête"),
        ("Heure de fin", Role.DATE, "date d'envoi de la réponse"),
        ("Adresse de messagerie", Role.IGNORED, "donnée nominative : jamais enregistrée"),
        ("Nom", Role.IGNORED, "donnée nominative : jamais enregistrée"),
        ("Heure de la dernière modification", Role.IGNORED, "métadonnée de l'outil d'enquête")]
    # The statement nobody answered is an item all the same, with n = 0.
    assert item_labels(con, "MS") == [CARTO, ANIM, SOUS]
    ms = "microsoft_forms.xlsx"
    assert stored(con, "MS") == [
        # Excel serial 45366.4375 (General format) is 15 March 2024.
        ("FICHIER", ms, 2, "BAILSOC", "35", 4, date(2024, 3, 15), "Animation très appréciée.",
         {CARTO: 5, ANIM: 4}),
        ("FICHIER", ms, 3, "CAF", "56", 5, date(2024, 3, 16), "", {CARTO: 4, ANIM: 5}),
        ("FICHIER", ms, 4, "DDETS", "29", 3, date(2024, 3, 18),
         "=SOMME(A1:A3) n'est pas une formule", {CARTO: NC, ANIM: 2}),
        ("FICHIER", ms, 5, "COMMUNE", "01", 4, date(2024, 3, 19), "", {CARTO: 4}),
        ("FICHIER", ms, 6, "METRO", "35", 5, date(2024, 3, 20), "Merci.", {CARTO: 5, ANIM: 5}),
    ]
    sous = feedback.items_of(con, feedback.find_campaign(con, "MS").id)[2]
    assert con.execute("SELECT count(*) FROM answer WHERE item_id = ?",
                       (sous.id,)).fetchone()[0] == 0


def test_names_and_emails_are_never_stored(con, microsoft_forms_xlsx):
    import_file(con, microsoft_forms_xlsx)
    import_file(con, SURVEYS / "google_forms.csv")
    import_file(con, SURVEYS / "limesurvey_codes.csv")
    dump = repr(content(con))
    for secret in ("claire.petit@exemple.fr", "Claire Petit", "marie.durand@exemple.fr",
                   "j.martin@exemple.fr", "anonymous", "k7Hd2pQx", "192.0.2.10"):
        assert secret not in dump


def test_plain_tab_separated_file(con):
    plan, result = import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    assert plan.layout.tool == Tool.GENERIC and plan.sheet.delimiter == "\t"
    assert result.imported == 5
    assert item_labels(con, "Tableau") == [
        CARTO, "DIAGNOSTIC DE LA MISE EN OEUVRE DE LA PEX", "animation des partenariats",
        "Formalisation et déploiement", "Qualité des supports"]
    assert [(r[3], r[4], r[5], r[7]) for r in stored(con, "Tableau")] == [
        ("BAILSOC", "35", 4, "Bonne dynamique."), ("CAF", "29", 5, ""), ("DDETS", "35", 4, ""),
        ("AVOCATS", "56", 3, "Peu associés aux travaux."), ("COMMUNE", "35", 5, "")]


# --- the preview: every problem by row and column, nothing written ------------------------------

INVALID_PROBLEMS = [
    "ligne 3, colonne « Département » : « Bretagne » n'est pas un département français "
    "(code INSEE, nom, ou « Nom (code) » attendu).",
    "ligne 4, colonne « Type de structure » : « Mairie de Rennes » n'est pas une catégorie de "
    "partenaire connue.",
    "ligne 5, colonne « Globalement, dans son ensemble » : « 6 » est hors de l'échelle de 1 à 5.",
    "ligne 5, colonne « Diagnostic » : « Très bien » n'est pas une note de 1 à 5 reconnue.",
    "ligne 6, colonne « Animation des partenariats » : « 4.5 » n'est pas une note entière de "
    "1 à 5.",
]


def test_preview_lists_every_problem_by_row_and_column(con, row_counts):
    before = row_counts(con)
    plan = plan_responses(con, read_file(SURVEYS / "invalid.csv"))
    assert [p.text() for p in plan.errors] == INVALID_PROBLEMS
    assert [(p.row, p.column) for p in plan.errors] == [
        (3, "Département"), (4, "Type de structure"), (5, "Globalement, dans son ensemble"),
        (5, "Diagnostic"), (6, "Animation des partenariats")]
    assert [p.text() for p in plan.warnings] == [
        "ligne 8, colonne « Type de structure » : libellé générique « Association » classé en "
        "« Association d'insertion / logement » : à vérifier."]
    assert (plan.rows_read, plan.valid_count, plan.invalid_count) == (7, 3, 4)
    assert not plan.importable() and plan.importable(skip_invalid=True)
    assert plan.refusal(skip_hint="option --skip-invalid") == (
        "Import impossible : 4 lignes invalides sur 7. Rien n'a été importé : corrigez le "
        "fichier, ou importez seulement les lignes valides (option --skip-invalid).")
    assert row_counts(con) == before


def test_cd_is_the_conseil_departemental_and_cdad_is_justice(con):
    plan = plan_responses(con, read_file(SURVEYS / "invalid.csv"))
    by_row = {r.row: r.category_code for r in plan.responses if r is not None}
    assert by_row[6] == "CD" and by_row[7] == "JUSTICE"


def test_an_invalid_row_blocks_the_whole_import(con):
    before = content(con)
    plan = plan_responses(con, read_file(SURVEYS / "invalid.csv"))
    with pytest.raises(ImportRefusedError) as error:
        commit_responses(con, plan)
    assert str(error.value).startswith("Import impossible : 4 lignes invalides sur 7.")
    assert content(con) == before


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(con):
    plan, result = import_file(con, SURVEYS / "invalid.csv", skip_invalid=True, campaign="V")
    assert (result.commit.rows_read, result.imported, result.commit.rejected_rows) == (7, 3, 4)
    assert [p.text() for p in result.commit.rejected] == INVALID_PROBLEMS
    assert result.lines()[0] == "7 lignes lues, 3 réponses importées, 4 rejetées :"
    assert result.lines()[1:6] == [f"  {text}" for text in INVALID_PROBLEMS]
    assert [(r[2], r[3], r[4], r[5], r[8]) for r in stored(con, "V")] == [
        (2, "BAILSOC", "35", 4, {"Animation des partenariats": 5, "Diagnostic": 4}),
        (7, "JUSTICE", "2A", 3, {"Animation des partenariats": 3, "Diagnostic": 3}),
        (8, "ASSO_INS", "35", None, {"Animation des partenariats": NC, "Diagnostic": NC}),
    ]


def test_a_failure_while_writing_undoes_everything(con, monkeypatch):
    """All or nothing even when the disk or the base refuses halfway: the campaign, its
    items and the first responses are rolled back with the rest."""
    from pexdesk.core.repositories import mapper

    before = content(con)
    plan = plan_responses(con, read_file(SURVEYS / "google_forms.csv"))
    real = mapper.insert_many

    def failing(con, records, **options):
        real(con, records[:3], **options)
        raise PexdeskError("panne simulée")

    monkeypatch.setattr(mapper, "insert_many", failing)
    with pytest.raises(PexdeskError, match="panne simulée"):
        commit_responses(con, plan)
    assert not con.in_transaction
    assert content(con) == before


# --- re-import ---------------------------------------------------------------------------------------

def test_importing_the_same_file_twice_adds_nothing(con):
    _, first = import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête 2024")
    after_first = content(con)
    plan, second = import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête 2024")
    assert first.imported == 7 and second.imported == 0
    assert plan.previous is not None and plan.importable()
    assert content(con) == after_first
    assert second.lines()[0].startswith("7 lignes lues. Ce fichier a déjà été importé le ")
    assert second.lines()[0].endswith("(google_forms.csv, 7 lignes importées, dans la campagne "
                                      "« Enquête 2024 ») : rien de nouveau à importer.")
    batches = con.execute("SELECT kind, file_name, rows_imported FROM import_batch").fetchall()
    assert [tuple(b) for b in batches] == [("REPONSES", "google_forms.csv", 7)]
    assert [entry.detail for entry in journal.entries(con) if entry.action == "IMPORT"] == [
        "google_forms.csv : 7 réponses importées dans la campagne « Enquête 2024 » ; "
        "0 ligne ignorée, 0 ligne rejetée"]


def test_same_content_renamed_or_resaved_in_utf8_with_commas_is_recognised(con, tmp_path):
    import_file(con, SURVEYS / "google_forms.csv")
    rows = list(csv.reader(io.StringIO((SURVEYS / "google_forms.csv").read_bytes()
                                       .decode("cp1252"), newline=""), delimiter=";"))
    resaved = tmp_path / "reponses (1).csv"
    with open(resaved, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    sheet = read_file(resaved)
    assert sheet.delimiter == ","
    assert sheet.sha256 == read_file(SURVEYS / "google_forms.csv").sha256
    plan = plan_responses(con, sheet, ResponseImportOptions(campaign="Autre campagne"))
    assert plan.previous is not None
    assert commit_responses(con, plan).imported == 0
    assert feedback.find_campaign(con, "Autre campagne") is None


def test_a_deleted_campaign_frees_its_file_for_a_new_import(con):
    _, first = import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    con.execute("DELETE FROM campaign WHERE id = ?", (first.campaign.id,))
    _, again = import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    assert again.imported == 5


def grown_export(tmp_path, name: str, *extra_rows: str) -> Path:
    """generic.tsv downloaded again after more partners answered."""
    path = tmp_path / name
    path.write_bytes((SURVEYS / "generic.tsv").read_bytes()
                     + "".join(row + "\n" for row in extra_rows).encode())
    return path


NEW_ROW = "CAF\t35\t2\t2\t2\t2\t2\t2\tNouvelle réponse"


def test_a_grown_export_imports_only_its_new_rows(con, tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    plan, result = import_file(con, grown_export(tmp_path, "tableau (1).tsv", NEW_ROW),
                               campaign="Tableau")
    assert (plan.already_count, plan.valid_count, result.imported) == (5, 1, 1)
    assert ("5 lignes déjà importées (campagne « Tableau »), ignorées ; 1 nouvelle réponse."
            in plan.preview_lines())
    assert result.lines()[:2] == [
        "6 lignes lues, 1 réponse importée, 0 rejetée.",
        "5 lignes déjà importées (campagne « Tableau »), ignorées ; 1 nouvelle réponse."]
    assert [r[7] for r in stored(con, "Tableau")].count("Nouvelle réponse") == 1
    assert len(stored(con, "Tableau")) == 6


def test_without_a_campaign_a_grown_export_goes_where_its_rows_are(con, tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    plan, result = import_file(con, grown_export(tmp_path, "generic.tsv", NEW_ROW))
    assert plan.campaign.name == "Tableau" and result.imported == 1
    assert [c.name for c in feedback.campaigns(con)] == ["Tableau"]


def test_new_rows_going_into_another_campaign_than_the_earlier_ones_are_flagged(con,
                                                                               tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    plan, result = import_file(con, grown_export(tmp_path, "generic (1).tsv", NEW_ROW),
                               campaign="generic (1)")
    assert result.imported == 1
    assert [p.text() for p in plan.warnings][-1] == (
        "les lignes de ce fichier déjà importées sont dans « Tableau » ; les nouvelles réponses "
        "iront dans « generic (1) ». Pour compléter la campagne de départ, choisissez-la comme "
        "campagne de destination.")


def test_an_export_with_no_new_row_adds_nothing_and_is_not_an_error(con, tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    before = content(con)
    rows = (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()
    reordered = tmp_path / "reordered.tsv"
    reordered.write_text("\n".join([rows[0], *reversed(rows[1:])]) + "\n", "utf-8")
    plan, result = import_file(con, reordered, campaign="Tableau")
    assert plan.importable() and plan.previous is None
    assert plan.preview_lines()[-2:] == [
        "5 lignes déjà importées (campagne « Tableau »), ignorées ; aucune nouvelle réponse.",
        "Rien de nouveau à importer."]
    assert result.imported == 0 and content(con) == before


def test_an_export_whose_columns_moved_adds_nothing(con, tmp_path):
    """A form edited after the first download (questions reordered) exports its columns in
    another order: the rows are still those imported."""
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    before = content(con)
    rows = [line.split("\t") for line in
            (SURVEYS / "generic.tsv").read_text("utf-8").splitlines()]
    moved = tmp_path / "moved.tsv"
    moved.write_text("\n".join("\t".join([*row[1:], row[0]]) for row in rows) + "\n", "utf-8")
    plan, result = import_file(con, moved, campaign="Tableau")
    assert result.imported == 0 and content(con) == before


def test_identical_rows_of_a_table_without_timestamps_are_two_responses(con, tmp_path):
    import_file(con, grown_export(tmp_path, "twice.tsv", NEW_ROW, NEW_ROW), campaign="Tableau")
    plan, result = import_file(con, grown_export(tmp_path, "thrice.tsv", NEW_ROW, NEW_ROW,
                                                 NEW_ROW), campaign="Tableau")
    assert (plan.already_count, result.imported) == (7, 1)
    assert [r[7] for r in stored(con, "Tableau")].count("Nouvelle réponse") == 3


def test_a_name_or_e_mail_never_enters_the_row_digest(con):
    import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête 2024")
    sheet = read_file(SURVEYS / "google_forms.csv")
    renamed = sheet.records[1][:1] + ("autre@exemple.fr",) + sheet.records[1][2:]
    changed = replace(sheet, records=(sheet.records[0], renamed, *sheet.records[2:]),
                      sha256="autre contenu")
    plan = plan_responses(con, changed, ResponseImportOptions(campaign="Enquête 2024"))
    assert plan.already_count == 7 and plan.valid_count == 0


def test_responses_imported_before_row_digests_are_recognised_by_row_and_content(con,
                                                                                 tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    con.execute("UPDATE response SET row_digest = NULL")  # as imported by schema 3
    plan, result = import_file(con, grown_export(tmp_path, "grown.tsv", NEW_ROW),
                               campaign="Tableau")
    assert (plan.already_count, result.imported) == (5, 1)
    assert len(stored(con, "Tableau")) == 6


def purge_two_old_responses(con) -> None:
    """Date two of the imported responses back to 2015, then purge what is over 3 years."""
    con.execute("UPDATE response SET responded_on = '2015-01-01' WHERE id IN "
                "(SELECT id FROM response ORDER BY id LIMIT 2)")
    plan = retention.plan_purge(con, 3)
    assert len(plan.responses) == 2
    retention.purge(con, plan)


def test_rows_a_retention_purge_deleted_are_never_imported_again(con, tmp_path):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    purge_two_old_responses(con)
    plan, result = import_file(con, grown_export(tmp_path, "tableau (1).tsv", NEW_ROW),
                               campaign="Tableau")
    assert (plan.already_count, plan.purged_count, plan.valid_count) == (3, 2, 1)
    expected = ("2 lignes dont les réponses ont été supprimées par une purge des données "
                "anciennes : ignorées, elles ne seront pas importées à nouveau.")
    assert expected in plan.preview_lines() and expected in result.lines()
    assert result.imported == 1 and len(stored(con, "Tableau")) == 4


def test_replacing_rows_does_not_bring_purged_ones_back(con):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    purge_two_old_responses(con)
    plan, result = import_file(con, SURVEYS / "generic.tsv", replace=True)
    assert (len(plan.replaced), plan.purged_count, result.imported) == (3, 2, 3)
    assert len(stored(con, "Tableau")) == 3


def test_an_export_whose_only_rows_were_purged_has_nothing_new(con, tmp_path):
    two_rows = tmp_path / "deux.tsv"
    two_rows.write_text("\n".join((SURVEYS / "generic.tsv").read_text("utf-8")
                                  .splitlines()[:3]) + "\n", "utf-8")
    import_file(con, two_rows, campaign="Tableau")
    purge_two_old_responses(con)
    before = content(con)
    plan, result = import_file(con, two_rows, campaign="Tableau", replace=True)
    assert plan.importable() and plan.preview_lines()[-1] == "Rien de nouveau à importer."
    assert result.imported == 0 and content(con) == before


def test_a_purge_keeps_digests_only(con):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    digests = [r[0] for r in con.execute("SELECT row_digest FROM response ORDER BY id LIMIT 2")]
    purge_two_old_responses(con)
    kept = con.execute("SELECT row_digest, purged_on FROM purged_response "
                       "ORDER BY row_digest").fetchall()
    assert [row[0] for row in kept] == sorted(digests)
    assert [row[1] for row in kept] == [date.today().isoformat()] * 2


def test_replace_imports_again_with_other_column_choices_in_one_go(con):
    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau",
                roles={"Appréciation globale": Role.COMMENT})
    assert {r[5] for r in stored(con, "Tableau")} == {None}
    plan, again = import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    assert plan.previous is not None and again.imported == 0
    plan, result = import_file(con, SURVEYS / "generic.tsv", replace=True)
    assert plan.campaign.name == "Tableau" and len(plan.replaced) == 5
    assert ("5 réponses importées auparavant de ces lignes (campagne « Tableau ») : seront "
            "remplacées par celles de ce fichier (les modifications faites depuis dans "
            "l'application seront perdues).") in plan.preview_lines()
    assert result.imported == 5
    assert sorted(r[5] for r in stored(con, "Tableau")) == [3, 4, 4, 5, 5]
    batches = con.execute("SELECT file_name, rows_imported FROM import_batch").fetchall()
    assert [tuple(b) for b in batches] == [("generic.tsv", 5)]
    assert [entry.detail for entry in journal.entries(con) if entry.action == "IMPORT"][-1] == (
        "generic.tsv : 5 réponses importées (dont 5 remplacées) dans la campagne « Tableau » ; "
        "0 ligne ignorée, 0 ligne rejetée")


def test_replace_that_fails_keeps_the_earlier_responses(con, monkeypatch):
    from pexdesk.core.repositories import mapper

    import_file(con, SURVEYS / "generic.tsv", campaign="Tableau")
    before = content(con)
    plan = plan_responses(con, read_file(SURVEYS / "generic.tsv"),
                          ResponseImportOptions(replace=True))

    def failing(*args, **kwargs):
        raise PexdeskError("panne simulée")

    monkeypatch.setattr(mapper, "insert_many", failing)
    with pytest.raises(PexdeskError, match="panne simulée"):
        commit_responses(con, plan)
    assert content(con) == before


# --- existing campaign: matching by normalised label -----------------------------------------------

def test_existing_campaign_columns_matched_by_normalised_label(con):
    campaign = feedback.create_campaign(con, Campaign(name="Enquête ANIL"),
                                        [(i.code, i.label) for i in ANIL_ITEMS])
    plan, result = import_file(con, SURVEYS / "generic.tsv", campaign="enquête anil")
    assert plan.campaign.id == campaign.id
    matched = {c.name: plan.items[c.item].label for c in plan.columns if c.item is not None}
    assert matched == {
        CARTO: CARTO,
        "DIAGNOSTIC DE LA MISE EN OEUVRE DE LA PEX": DIAG,  # case, accents, « œ »
        "animation des partenariats": ANIM,
        "Formalisation et déploiement": "Formalisation et déploiement"}
    assert [c.name for c in plan.unmatched] == ["Qualité des supports"]
    assert [p.text() for p in plan.warnings] == [
        "colonne « Qualité des supports » : aucune question de la campagne « Enquête ANIL » ne "
        "correspond : colonne non importée."]
    assert ("  « Qualité des supports » → aucune question correspondante dans la campagne : "
            "non importée") in plan.preview_lines()
    assert result.imported == 5 and not result.created_campaign
    assert [i.label_text for i in feedback.items_of(con, campaign.id)] == [
        i.label for i in ANIL_ITEMS]  # no item added
    first = stored(con, "Enquête ANIL")[0]
    assert first[8] == {CARTO: 4, DIAG: 5, ANIM: 4, "Formalisation et déploiement": 3}


def test_existing_campaign_without_any_matching_column_is_refused(con):
    feedback.create_campaign(con, Campaign(name="Autre"), ["Qualité de l'accueil"])
    plan = plan_responses(con, read_file(SURVEYS / "invalid.csv"),
                          ResponseImportOptions(campaign="Autre", roles={
                              "Globalement, dans son ensemble": Role.ITEM}))
    assert "Aucune colonne ne correspond aux questions de la campagne « Autre » : rien à " \
           "importer." in [p.message for p in plan.fatal]
    assert not plan.importable(skip_invalid=True)


def test_campaign_picked_by_id_must_exist(con):
    with pytest.raises(NotFoundError):
        plan_responses(con, read_file(SURVEYS / "generic.tsv"),
                       ResponseImportOptions(campaign_id=999))


def test_default_campaign_name_is_the_file_name_made_unique(con, tmp_path):
    feedback.create_campaign(con, Campaign(name="generic"), [])
    plan = plan_responses(con, read_file(SURVEYS / "generic.tsv"))
    assert plan.campaign is None and plan.campaign_name == "generic (2)"


def test_the_plan_is_checked_again_at_commit(con):
    """A campaign changed between the preview and the commit: refused, nothing written."""
    campaign = feedback.create_campaign(con, Campaign(name="Enquête ANIL"),
                                        [(i.code, i.label) for i in ANIL_ITEMS])
    plan = plan_responses(con, read_file(SURVEYS / "generic.tsv"),
                          ResponseImportOptions(campaign="Enquête ANIL"))
    con.execute("DELETE FROM campaign_item WHERE campaign_id = ? AND code = 'M_DIAG'",
                (campaign.id,))
    before = content(con)
    with pytest.raises(ImportRefusedError, match="a changé depuis l'aperçu"):
        commit_responses(con, plan)
    assert content(con) == before


# --- column roles: by wording, by content, or chosen -------------------------------------------------

def test_roles_chosen_by_the_user_win(con, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("Q1;Q2;Q3;Q4;Q5\nBailleur social;35;4;5;Rien à signaler\nCAF;29;3;4;À revoir\n",
                    encoding="utf-8")
    plan = plan_responses(con, read_file(path))
    roles = {c.name: c.role for c in plan.columns}
    assert roles == {"Q1": Role.CATEGORY, "Q2": Role.DEPARTMENT, "Q3": Role.ITEM,
                     "Q4": Role.ITEM, "Q5": Role.IGNORED}
    options = ResponseImportOptions(roles={"q3": Role.OVERALL, "Q5": Role.COMMENT})
    plan = plan_responses(con, read_file(path), options)
    assert {c.name: (c.role, c.forced) for c in plan.columns} == {
        "Q1": (Role.CATEGORY, False), "Q2": (Role.DEPARTMENT, False), "Q3": (Role.OVERALL, True),
        "Q4": (Role.ITEM, False), "Q5": (Role.COMMENT, True)}
    result = commit_responses(con, plan)
    assert [(r.overall_score, r.comment) for r in feedback.responses_of(con, result.campaign.id)] \
        == [(4, "Rien à signaler"), (3, "À revoir")]


def test_a_column_the_user_names_must_exist_and_be_unambiguous(con):
    sheet = read_file(SURVEYS / "google_forms.csv")
    with pytest.raises(ImportRefusedError, match="Aucune colonne « Région » dans le fichier"):
        plan_responses(con, sheet, ResponseImportOptions(roles={"Région": Role.DEPARTMENT}))
    with pytest.raises(ImportRefusedError, match="Plusieurs colonnes correspondent à « Évaluez »"):
        plan_responses(con, sheet, ResponseImportOptions(roles={"Évaluez": Role.OVERALL}))
    plan = plan_responses(con, sheet, ResponseImportOptions(roles={"global": Role.OVERALL}))
    assert plan.column(Role.OVERALL).name.startswith("Globalement")


def test_a_personal_column_cannot_be_imported(con):
    plan = plan_responses(con, read_file(SURVEYS / "google_forms.csv"),
                          ResponseImportOptions(roles={"Adresse e-mail": Role.COMMENT}))
    assert [p.text() for p in plan.fatal] == [
        "colonne « Adresse e-mail » : cette colonne contient des données nominatives (nom, "
        "e-mail…) : elle n'est jamais importée."]
    assert plan.column(Role.COMMENT).name == "Commentaires"


def test_without_a_category_column_nothing_is_imported(con, tmp_path):
    path = tmp_path / "sans_categorie.csv"
    path.write_text("Département,Animation des partenariats\n35,4\n29,5\n", encoding="utf-8")
    plan = plan_responses(con, read_file(path))
    assert [p.message for p in plan.fatal] == [
        "Aucune colonne ne donne la catégorie de partenaire (par exemple « Type de structure » "
        "ou « Vous représentez ») : désignez-la."]
    plan = plan_responses(con, read_file(path), ResponseImportOptions(category_hint="ici"))
    assert plan.fatal[0].message.endswith(" : désignez-la (ici).")
    plan = plan_responses(con, read_file(path),
                          ResponseImportOptions(roles={0: Role.CATEGORY, 1: Role.ITEM}))
    assert "« 35 » n'est pas une catégorie de partenaire connue." in [p.message for p in plan.errors]


def test_without_a_departement_column_responses_go_to_the_base_departement(con, tmp_path):
    path = tmp_path / "sans_departement.csv"
    path.write_text("Vous représentez,Animation des partenariats\nCAF,4\nUDAF,\n",
                    encoding="utf-8")
    plan, result = import_file(con, path)
    assert [p.text() for p in plan.warnings] == [
        "Aucune colonne « Département » : toutes les réponses sont rattachées au département "
        "de la base, Ille-et-Vilaine (35)."]
    assert result.imported == 2
    assert [r.department_code for r in feedback.responses_of(con, result.campaign.id)] == ["35", "35"]


def test_blank_category_and_departement_cells_get_defaults_with_warnings(con, tmp_path):
    path = tmp_path / "vides.csv"
    path.write_text("Type de structure;Département;Note globale\n;;4\n", encoding="utf-8")
    plan, result = import_file(con, path)
    assert [p.text() for p in plan.warnings] == [
        "ligne 2, colonne « Type de structure » : catégorie non renseignée : réponse classée "
        "« Autre partenaire ».",
        "ligne 2, colonne « Département » : département non renseigné : réponse rattachée au "
        "département de la base, Ille-et-Vilaine (35)."]
    response = feedback.responses_of(con, result.campaign.id)[0]
    assert (response.category_code, response.department_code, response.overall_score) == (
        "AUTRE", "35", 4)


def test_a_column_on_another_scale_is_refused_not_guessed(con, tmp_path):
    path = tmp_path / "echelle.csv"
    path.write_text("Vous représentez,Qualité de l'animation\nCAF,Très bon\nCCAS,Excellent\n"
                    "UDAF,Bon\n", encoding="utf-8")
    plan = plan_responses(con, read_file(path))
    assert [p.text() for p in plan.fatal] == [
        "colonne « Qualité de l'animation » : la colonne emploie à la fois « Très bon » et "
        "« Excellent » : ce n'est pas l'échelle « Très insatisfait … Très satisfait ». "
        "Remplacez ses libellés par des notes de 1 à 5 avant l'import."]


def test_two_grids_with_the_same_rows_keep_their_question_in_the_label(con, tmp_path):
    path = tmp_path / "grilles.csv"
    path.write_text(
        "Vous représentez,Satisfaction [Diagnostic],Satisfaction [Animation],"
        "Utilité [Diagnostic],Utilité [Animation]\nCAF,4,5,3,2\n", encoding="utf-8")
    _, result = import_file(con, path, campaign="Grilles")
    assert item_labels(con, "Grilles") == [
        "Satisfaction [Diagnostic]", "Satisfaction [Animation]", "Utilité [Diagnostic]",
        "Utilité [Animation]"]


def test_wider_rows_than_the_header_are_invalid(con, tmp_path):
    path = tmp_path / "large.csv"
    path.write_text("Vous représentez;Département;Note globale\nCAF;35;4;en trop\n",
                    encoding="utf-8")
    plan = plan_responses(con, read_file(path))
    assert [p.text() for p in plan.errors] == [
        "ligne 2 : la ligne compte 4 cellules pour 3 colonnes (séparateur ou guillemet en trop ?)."]


def test_future_and_unreadable_dates_are_reported(con, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("Date,Vous représentez,Note globale\n12/03/2024,CAF,4\n31/02/2024,CAF,4\n"
                    "01/01/2099,CAF,4\n", encoding="utf-8")
    plan = plan_responses(con, read_file(path), ResponseImportOptions(today=date(2025, 1, 1)))
    assert [p.text() for p in plan.errors] == [
        "ligne 3, colonne « Date » : « 31/02/2024 » n'est pas une date reconnue.",
        "ligne 4, colonne « Date » : « Date de réponse » : la date 1er janvier 2099 est dans "
        "le futur."]


BAD_OVERALL = ("Horodateur;Catégorie;Département;Appréciation globale de la mission;"
               "Animation des partenariats;Commentaire\n"
               + "".join(f"2025-03-0{day} 10:00:00;CAF;35;{score};4;\n"
                         for day, score in enumerate(["0", "6", "4,5", "quatre", "-1", "3"],
                                                     start=1)))


def test_a_column_titled_as_the_overall_score_is_one_even_when_most_values_are_wrong(con):
    before = content(con)
    plan = plan_responses(con, read_bytes(BAD_OVERALL.encode(), "notes.csv"))
    assert plan.column(Role.OVERALL).name == "Appréciation globale de la mission"
    assert [p.text() for p in plan.errors] == [
        "ligne 2, colonne « Appréciation globale de la mission » : « 0 » est hors de l'échelle "
        "de 1 à 5.",
        "ligne 3, colonne « Appréciation globale de la mission » : « 6 » est hors de l'échelle "
        "de 1 à 5.",
        "ligne 4, colonne « Appréciation globale de la mission » : « 4,5 » n'est pas une note "
        "entière de 1 à 5.",
        "ligne 5, colonne « Appréciation globale de la mission » : « quatre » n'est pas une note "
        "de 1 à 5 reconnue.",
        "ligne 6, colonne « Appréciation globale de la mission » : « -1 » n'est pas une note de "
        "1 à 5 reconnue."]
    assert not plan.importable()
    with pytest.raises(ImportRefusedError):
        commit_responses(con, plan)
    assert content(con) == before


def test_a_column_titled_as_a_known_question_is_one_even_when_most_values_are_wrong(con):
    text = BAD_OVERALL.replace("Appréciation globale de la mission", "Diagnostic de la mise "
                                                                     "en oeuvre de la PEX")
    plan = plan_responses(con, read_bytes(text.encode(), "notes.csv"))
    column = next(c for c in plan.columns if c.name.startswith("Diagnostic"))
    assert (column.role, column.note) == (Role.ITEM, "reconnue par son intitulé")
    assert plan.invalid_count == 5 and not plan.importable()


def test_a_column_of_numbers_that_are_not_scores_is_flagged_not_silently_dropped(con):
    text = BAD_OVERALL.replace("Appréciation globale de la mission", "Nombre de dossiers")
    plan = plan_responses(con, read_bytes(text.encode(), "notes.csv"))
    column = next(c for c in plan.columns if c.name == "Nombre de dossiers")
    assert (column.role, column.note) == (Role.IGNORED, "nombres, pas des notes de 1 à 5")
    assert [p.text() for p in plan.warnings] == [
        "colonne « Nombre de dossiers » : des nombres qui ne sont pas des notes de 1 à 5 "
        "(« 0 », « 6 », « 4,5 ») : colonne non importée. Si c'est une question notée, ramenez "
        "ses valeurs à des notes entières de 1 à 5 ; sinon, ignorez cet avertissement."]
    assert "  « Nombre de dossiers » → Non importée (nombres, pas des notes de 1 à 5)" in \
        plan.preview_lines()


def test_sentences_under_an_overall_header_stay_a_comment(con):
    text = ("Catégorie,Appréciation globale (vos remarques),Note\n"
            "CAF,Une mission très utile pour tout le réseau des partenaires locaux,4\n")
    plan = plan_responses(con, read_bytes(text.encode(), "remarques.csv"))
    assert plan.column(Role.COMMENT).name == "Appréciation globale (vos remarques)"
    assert plan.column(Role.OVERALL) is None


def test_two_scored_columns_with_the_same_header_are_refused_naming_both(con):
    text = ("Catégorie,Note globale,Note globale,Remarques,Remarques\n"
            "CAF,4,1,a,b\n")
    plan = plan_responses(con, read_bytes(text.encode(), "doublons.csv"))
    assert [p.text() for p in plan.fatal] == [
        "les colonnes B (n° 2), C (n° 3) portent le même intitulé « Note globale » : renommez "
        "ou supprimez l'une d'elles (impossible de deviner laquelle compte)."]
    assert not plan.importable()


def test_repeated_comment_headers_are_fine(con):
    text = "Catégorie,Note globale,Remarques,Remarques\nCAF,4,a,b\n"
    plan = plan_responses(con, read_bytes(text.encode(), "doublons.csv"))
    assert plan.fatal == [] and plan.importable()


def test_a_comment_too_long_is_reported_with_grouped_digits(con):
    text = f"Catégorie,Note globale,Commentaire\nCAF,4,{'x' * 20_001}\n"
    plan = plan_responses(con, read_bytes(text.encode(), "long.csv"))
    assert [p.text() for p in plan.errors] == [
        "ligne 2, colonne « Commentaire » : « Commentaire » ne doit pas dépasser "
        "20\u202f000 caractères (actuellement 20\u202f001)."]


def test_a_header_without_rows_is_not_importable(con):
    sheet = read_bytes("Vous représentez,Note globale\n".encode(), "vide.csv")
    plan = plan_responses(con, sheet)
    assert "vide.csv ne contient aucune réponse (seulement la ligne d'en-tête)." in [
        p.message for p in plan.fatal]
    with pytest.raises(ImportRefusedError):
        commit_responses(con, plan, skip_invalid=True)


def test_commit_needs_the_base_that_made_the_plan_to_be_writable(base, tmp_path):
    """A read-only base: StorageError (French), nothing written."""
    from pexdesk.core.db.base import Base
    from pexdesk.core.errors import StorageError

    base.close()
    with Base.open(base.path, read_only=True) as read_only:
        plan = plan_responses(read_only.con, read_file(SURVEYS / "generic.tsv"))
        with pytest.raises(StorageError):
            commit_responses(read_only.con, plan)


def test_warnings_do_not_block(con):
    plan = plan_responses(con, read_file(SURVEYS / "google_forms.csv"))
    assert plan.warnings and all(p.severity == Severity.WARNING for p in plan.warnings)
    assert plan.importable()


def test_fixture_files_are_what_the_tests_think(tmp_path):
    """Guards the fixtures' quirks against an editor « fixing » them."""
    google = (SURVEYS / "google_forms.csv").read_bytes()
    assert b"\xe9" in google and b";" in google and b"\r\n" in google  # cp1252 « é »
    lime = (SURVEYS / "limesurvey_codes.csv").read_bytes()
    assert lime.startswith(b"\xef\xbb\xbf\"id\",\"submitdate\",\"lastpage\"")
    copy = tmp_path / "copie.csv"
    shutil.copy(SURVEYS / "limesurvey_codes.csv", copy)
    assert read_file(copy).sha256 == read_file(SURVEYS / "limesurvey_codes.csv").sha256


def test_insert_many_validates_every_record_unless_already_checked(con):
    from pexdesk.core.domain.models import Response
    from pexdesk.core.errors import ValidationError
    from pexdesk.core.repositories import mapper

    campaign = feedback.create_campaign(con, Campaign(name="Saisie"), ["Diagnostic"])
    good = Response(campaign_id=campaign.id, category_code="CAF", department_code="35")
    bad = Response(campaign_id=campaign.id, category_code="CAF", department_code="20")
    with pytest.raises(ValidationError, match="n'est pas un code de département français"):
        mapper.insert_many(con, [good, bad])
    assert feedback.responses_of(con, campaign.id) == []
    # Already checked: the schema still refuses what it can see (a missing département).
    with pytest.raises(ValidationError, match="fait référence à un élément qui n'existe pas"):
        mapper.insert_many(con, [Response(campaign_id=campaign.id, category_code="CAF",
                                          department_code="35"), bad], checked=True)
    assert feedback.responses_of(con, campaign.id) == []
    stored = mapper.insert_many(con, [good], checked=True)
    assert stored[0].id and stored[0].uuid and stored[0].created_at.endswith("Z")


def test_wizard_ties_an_unmatched_column_to_an_item_of_the_campaign(con):
    """What a wizard does when the user picks the item of an unmatched column."""
    campaign = feedback.create_campaign(con, Campaign(name="Enquête ANIL"),
                                        [(i.code, i.label) for i in ANIL_ITEMS])
    items = {item.code: item.id for item in feedback.items_of(con, campaign.id)}
    sheet = read_file(SURVEYS / "generic.tsv")
    options = ResponseImportOptions(campaign="Enquête ANIL")
    assert [c.name for c in plan_responses(con, sheet, options).unmatched] == [
        "Qualité des supports"]
    options = options.with_item("Qualité des supports", items["M_CHARTE"])
    plan = plan_responses(con, sheet, options)
    assert plan.unmatched == [] and plan.warnings == []
    assert [(plan.columns[i.column].name, i.label) for i in plan.items] == [
        (CARTO, CARTO), ("DIAGNOSTIC DE LA MISE EN OEUVRE DE LA PEX", DIAG),
        ("animation des partenariats", ANIM),
        ("Formalisation et déploiement", "Formalisation et déploiement"),
        ("Qualité des supports", "Réécriture de la charte")]
    # A tie wins over a label match: the label's column is then left out, and says so.
    plan = plan_responses(con, sheet, ResponseImportOptions(campaign="Enquête ANIL").with_item(
        "Qualité des supports", items["M_ANIM"]))
    assert [p.text() for p in plan.warnings] == [
        "colonne « animation des partenariats » : la question « Animation des partenariats » "
        "est déjà remplie par la colonne « Qualité des supports » : colonne non importée."]
    with pytest.raises(ImportRefusedError, match="ne peut être remplie que par une colonne"):
        plan_responses(con, sheet, ResponseImportOptions(campaign="Enquête ANIL", items={
            "Qualité des supports": items["M_ANIM"], "Remarques": items["M_ANIM"]}))
    with pytest.raises(ImportRefusedError, match="n'a pas de question n° 999"):
        plan_responses(con, sheet, options.with_item("Remarques", 999))


def test_comments_keep_their_text_but_lose_control_characters(con, tmp_path):
    path = tmp_path / "texte.csv"
    path.write_bytes('Vous représentez;Note globale;Commentaires\r\n'
                     'CAF;4;"Merci\u202f! Très\u00a0bien.\x07\r\nÀ suivre\u2026"\r\n'
                     .encode("utf-8"))
    _, result = import_file(con, path)
    comment = feedback.responses_of(con, result.campaign.id)[0].comment
    assert comment == "Merci\u202f! Très\u00a0bien.\nÀ suivre\u2026"


def test_an_untitled_score_column_is_imported_under_the_name_the_preview_shows(con, tmp_path):
    """The empty header cell beside a merged one: the preview's « Colonne 4 » is the item's
    label, so that the commit does what the preview promised, and the preview says why."""
    path = tmp_path / "sans_titre.csv"
    path.write_text("Type de structure;Département;Appréciation globale;;Commentaires\n"
                    "CAF;32;4;5;ok\nCCAS;32;3;2;\n", encoding="utf-8")
    plan, result = import_file(con, path, campaign="Sans titre")
    assert [item.label for item in plan.items] == ["Colonne 4"]
    assert [(p.column, p.severity) for p in plan.file_problems] == [
        ("Colonne 4", Severity.WARNING)]
    assert "n'a pas d'intitulé" in plan.file_problems[0].message
    assert result.imported == 2
    assert [r[8] for r in stored(con, "Sans titre")] == [{"Colonne 4": 5}, {"Colonne 4": 2}]


# --- pexdesk's own responses export ------------------------------------------------------------

def export_responses(con, path: Path) -> Path:
    from pexdesk.core.services import exchange
    exchange.export(con, "responses", path, record=False)
    return path


def test_pexdesk_own_export_reimported_adds_nothing_its_responses_are_in_the_base(con, tmp_path):
    import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête")
    before = content(con)
    plan, result = import_file(con, export_responses(con, tmp_path / "reponses.xlsx"))
    assert plan.layout.tool == Tool.PEXDESK
    assert plan.already_count == plan.rows_read > 0 and plan.valid_count == 0
    assert plan.campaign.name == "Enquête"
    assert any("sont déjà dans la base" in p.message for p in plan.warnings)
    assert result.imported == 0 and content(con) == before


def test_pexdesk_export_from_another_base_goes_into_the_campaign_it_names(con, tmp_path):
    import_file(con, SURVEYS / "google_forms.csv", campaign="Enquête")
    path = export_responses(con, tmp_path / "reponses.xlsx")
    count = con.execute("SELECT count(*) FROM response").fetchone()[0]
    feedback_campaign = feedback.find_campaign(con, "Enquête")
    con.execute("DELETE FROM response")  # another base: none of these responses
    con.execute("DELETE FROM campaign WHERE id = ?", (feedback_campaign.id,))
    plan, result = import_file(con, path)
    assert plan.already_count == 0 and plan.campaign_name == "Enquête"
    assert result.imported == count


def test_pexdesk_export_mixing_new_responses_of_several_campaigns_is_refused(con, tmp_path):
    import_file(con, SURVEYS / "google_forms.csv", campaign="Un")
    import_file(con, SURVEYS / "generic.tsv", campaign="Deux")
    path = export_responses(con, tmp_path / "reponses.xlsx")
    con.execute("DELETE FROM response")
    plan = plan_responses(con, read_file(path), ResponseImportOptions())
    assert not plan.importable()
    assert "exportez les réponses campagne par campagne" in plan.refusal()


def test_a_title_line_above_the_header_is_left_out(con, tmp_path):
    """A title and a blank line above the header: the header is found below them, instead
    of the title becoming a one-column header that rejects every row."""
    path = tmp_path / "titre.csv"
    path.write_bytes("Enquête partenaires PEX 2024 – export du 02/04/2024\n\n"
                     "Type de structure;Département;Appréciation globale;Animation\n"
                     "CAF;32;4;5\nCCAS;32;3;\n".encode("cp1252"))
    plan, result = import_file(con, path, campaign="Titre")
    assert plan.layout.title_rows == 1 and plan.row_numbers == [4, 5]
    assert [p.text() for p in plan.warnings] == [
        "la ligne 1, au-dessus de l'en-tête (ligne 3), est un titre : ignorée."]
    assert result.imported == 2


def test_a_row_wider_than_the_header_is_counted_in_real_plurals(con, tmp_path):
    path = tmp_path / "large.csv"
    path.write_text("Type de structure;Note\nCAF;4;5;6\nCCAS;3\n", encoding="utf-8")
    plan = plan_responses(con, read_file(path), ResponseImportOptions(
        roles={0: Role.CATEGORY, 1: Role.ITEM}))
    assert plan.errors[0].message.startswith("la ligne compte 4 cellules pour 2 colonnes ")
    assert "1 colonnes" not in plan.errors[0].message
