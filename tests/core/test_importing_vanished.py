"""A survey export downloaded again names the responses imported before that it no longer
holds (edited or deleted in the survey tool): said, never deleted."""

from __future__ import annotations

from pathlib import Path

from pexdesk.core.domain.models import Response
from pexdesk.core.repositories import feedback
from pexdesk.core.safety import journal
from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                             plan_responses, read_file)
from pexdesk.core.services.importing.vanished import Vanished
from tests.survey_data import (ADDED_ROW, EDITED_ROW, EXPORT, EXPORT_ROWS, REDOWNLOADED_ROWS,
                               write_export)


def plan_of(con, path: Path, campaign: str = "Enquête 2024"):
    return plan_responses(con, read_file(path), ResponseImportOptions(campaign=campaign))


def import_file(con, path: Path, campaign: str = "Enquête 2024"):
    plan = plan_of(con, path, campaign)
    return plan, commit_responses(con, plan)


def numbers(con) -> dict[str, int]:
    """Response number (id) by comment."""
    return {comment: number for number, comment in con.execute("SELECT id, comment FROM response")}


def test_an_edited_and_a_deleted_row_are_named_by_their_response_numbers(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    plan, result = import_file(con, write_export(tmp_path, REDOWNLOADED_ROWS))
    assert plan.vanished == Vanished((EXPORT,), (ids["Réponse 2"], ids["Réponse 5"]))
    line = (f"2 réponses importées auparavant de « {EXPORT} » ne figurent plus dans ce "
            f"fichier (n° {ids['Réponse 2']} et n° {ids['Réponse 5']}) : modifiées ou "
            "supprimées dans l'outil d'enquête. Une réponse modifiée est importée comme une "
            "nouvelle réponse : supprimez l'ancienne dans Retours des partenaires si besoin.")
    assert line in plan.preview_lines() and line in result.lines()
    assert (plan.already_count, result.imported) == (4, 2)
    comments = set(numbers(con))
    assert {"Réponse 2 corrigée", "Nouvelle", "Réponse 2", "Réponse 5"} <= comments  # kept
    assert len(comments) == 8
    assert [e.detail for e in journal.entries(con) if e.action == "IMPORT"][-1].endswith(
        "2 réponses importées dans la campagne « Enquête 2024 », 2 réponses antérieures "
        "absentes du fichier ; 0 ligne ignorée, 0 ligne rejetée, 4 déjà importées")


def test_the_dry_run_plan_writes_nothing(con, tmp_path, row_counts):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    before = row_counts(con)
    assert plan_of(con, write_export(tmp_path, REDOWNLOADED_ROWS)).vanished is not None
    assert row_counts(con) == before


def test_a_download_renamed_by_the_browser_is_still_the_same_export(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    plan = plan_of(con, write_export(tmp_path, EXPORT_ROWS[1:], "Enquête PEX (réponses) (1).csv"))
    assert plan.vanished.files == (EXPORT,) and len(plan.vanished.numbers) == 1
    assert "1 réponse importée auparavant de « Enquête PEX (réponses).csv » ne figure plus " \
           "dans ce fichier (n° 1) : modifiée ou supprimée dans l'outil d'enquête." \
           in plan.vanished.text()


def test_a_file_sharing_no_row_with_the_campaign_is_another_source(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    plan, result = import_file(con, write_export(tmp_path, [EDITED_ROW, ADDED_ROW],
                                                 "Autre enquête.csv"))
    assert plan.vanished is None and result.imported == 2
    assert not any("ne figure" in line for line in plan.preview_lines() + result.lines())


def test_responses_imported_from_another_file_are_not_concerned(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS[:3], "Département 35.csv"))
    import_file(con, write_export(tmp_path, EXPORT_ROWS[3:], "Département 22.csv"))
    plan = plan_of(con, write_export(tmp_path, EXPORT_ROWS[:2], "Département 35.csv"))
    assert len(plan.vanished.numbers) == 1 and plan.vanished.files == ("Département 35.csv",)


def test_responses_keyed_in_by_hand_are_never_reported(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    campaign = feedback.find_campaign(con, "Enquête 2024")
    feedback.add_response(con, Response(campaign_id=campaign.id, category_code="CAF",
                                        department_code="35", overall_score=4,
                                        comment="Saisie"))
    con.execute("UPDATE response SET row_digest = 'x', origin_file = ? "  # even so marked
                "WHERE comment = 'Saisie'", (EXPORT,))
    assert plan_of(con, write_export(tmp_path, EXPORT_ROWS)).vanished is None


def test_an_older_download_imported_again_says_nothing(con, tmp_path):
    """Its content was imported before: nothing is imported, and the rows the later
    download added were not edited or deleted."""
    older = write_export(tmp_path, EXPORT_ROWS[:3])
    import_file(con, older)
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    plan = plan_of(con, older)
    assert plan.previous is not None and plan.vanished is None


def test_many_vanished_responses_list_a_handful(con, tmp_path):
    rows = [f"{day:02d}/04/2024 10:00:00,,CAF,35,4,4,4,R{day}" for day in range(1, 10)]
    import_file(con, write_export(tmp_path, rows))
    text = plan_of(con, write_export(tmp_path, rows[:1])).vanished.text()
    assert "(n° 2, n° 3, n° 4, n° 5, n° 6 … et 3 autres)" in text
    assert text.startswith("8 réponses importées auparavant")
