"""A survey export downloaded again names the responses imported before that it no longer
holds (edited or deleted in the survey tool): said and kept, or deleted in the import's
transaction when the user asks (``drop_vanished``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pexdesk.core.domain.models import Response
from pexdesk.core.repositories import feedback, mapper
from pexdesk.core.safety import journal
from pexdesk.core.services.importing import (ResponseImportOptions, commit_responses,
                                             plan_responses, read_file)
from pexdesk.core.services.importing.vanished import Vanished
from tests.survey_data import (ADDED_ROW, EDITED_ROW, EXPORT, EXPORT_ROWS, REDOWNLOADED_ROWS,
                               write_export)


def plan_of(con, path: Path, campaign: str = "Enquête 2024", *, drop: bool = False):
    return plan_responses(con, read_file(path),
                          ResponseImportOptions(campaign=campaign, drop_vanished=drop))


def import_file(con, path: Path, campaign: str = "Enquête 2024", *, drop: bool = False):
    plan = plan_of(con, path, campaign, drop=drop)
    return plan, commit_responses(con, plan)


def import_events(con) -> list[str]:
    return [e.detail for e in journal.entries(con) if e.action == "IMPORT"]


def answers_of(con, response_ids) -> int:
    return con.execute(f"SELECT count(*) FROM answer WHERE response_id IN "
                       f"({', '.join('?' for _ in response_ids)})", response_ids).fetchone()[0]


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
    assert (plan.already_count, result.imported, result.dropped) == (4, 2, ())
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


# --- deleting them with the import (drop_vanished) -------------------------------------------

def test_dropping_deletes_the_vanished_responses_and_their_answers_with_the_import(con,
                                                                                  tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    gone = (ids["Réponse 2"], ids["Réponse 5"])
    assert answers_of(con, gone) == 4
    plan, result = import_file(con, write_export(tmp_path, REDOWNLOADED_ROWS), drop=True)
    assert plan.dropped == gone and result.dropped == gone
    assert (result.imported, result.changed) == (2, True)
    assert sorted(numbers(con)) == ["Nouvelle", "Réponse 1", "Réponse 2 corrigée", "Réponse 3",
                                    "Réponse 4", "Réponse 6"]  # the campaign matches the file
    assert answers_of(con, gone) == 0
    line = (f"2 réponses importées auparavant de « {EXPORT} », absentes de ce fichier "
            "(modifiées ou supprimées dans l'outil d'enquête), ont été supprimées de la "
            f"campagne : n° {gone[0]} et n° {gone[1]}.")
    assert line in result.lines()
    assert not any("supprimez l'ancienne" in text for text in result.lines())
    assert import_events(con)[-1].endswith(
        "2 réponses importées dans la campagne « Enquête 2024 », 2 réponses antérieures "
        f"absentes du fichier supprimées (n° {gone[0]} et n° {gone[1]}) ; 0 ligne ignorée, "
        "0 ligne rejetée, 4 déjà importées")


def test_the_journal_numbers_every_deleted_response(con, tmp_path):
    rows = [f"{day:02d}/04/2024 10:00:00,,CAF,35,4,4,4,R{day}" for day in range(1, 10)]
    import_file(con, write_export(tmp_path, rows))
    gone = sorted(number for comment, number in numbers(con).items() if comment != "R1")
    _, result = import_file(con, write_export(tmp_path, rows[:1]), drop=True)
    assert result.dropped == tuple(gone) and len(gone) == 8
    named = [f"n° {number}" for number in gone]
    assert f"{', '.join(named[:5])} … et 3 autres" in result.skipped_lines[-1]
    assert f"({', '.join(named[:-1])} et {named[-1]})" in import_events(con)[-1]


def test_the_plan_says_what_the_import_will_delete_and_writes_nothing(con, tmp_path,
                                                                      row_counts):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    before = row_counts(con)
    plan = plan_of(con, write_export(tmp_path, REDOWNLOADED_ROWS), drop=True)
    assert plan.dropped == (ids["Réponse 2"], ids["Réponse 5"])
    assert (f"2 réponses importées auparavant de « {EXPORT} » ne figurent plus dans ce "
            f"fichier (n° {ids['Réponse 2']} et n° {ids['Réponse 5']}) : modifiées ou "
            "supprimées dans l'outil d'enquête. Elles seront supprimées de la campagne par "
            "cet import.") in plan.preview_lines()
    assert plan.preview_lines()[-1] == "Import possible : 2 réponses seront importées."
    assert row_counts(con) == before


def test_without_vanished_responses_the_option_changes_nothing(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS[:3]))
    plan, result = import_file(con, write_export(tmp_path, EXPORT_ROWS), drop=True)
    assert (plan.vanished, plan.dropped, result.dropped, result.imported) == (None, (), (), 3)
    assert len(numbers(con)) == 6


def test_a_download_that_only_lost_rows_is_imported_to_delete_them(con, tmp_path):
    """Nothing new in the file: without the option there is nothing to write; with it the
    import deletes the response and records the file."""
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    shorter = write_export(tmp_path, EXPORT_ROWS[:4] + EXPORT_ROWS[5:])
    assert not plan_of(con, shorter).writes
    plan = plan_of(con, shorter, drop=True)
    assert plan.writes and plan.preview_lines()[-1] == (
        "Import possible : aucune nouvelle réponse ; 1 réponse antérieure sera supprimée.")
    result = commit_responses(con, plan)
    assert (result.imported, result.dropped) == (0, (ids["Réponse 5"],))
    assert "Réponse 5" not in numbers(con) and len(numbers(con)) == 5
    assert (f"1 réponse importée auparavant de « {EXPORT} », absente de ce fichier (modifiée "
            "ou supprimée dans l'outil d'enquête), a été supprimée de la campagne : "
            f"n° {ids['Réponse 5']}.") in result.lines()
    assert plan_of(con, shorter, drop=True).previous is not None  # the same file again


def test_a_failure_while_importing_undoes_the_deletion(con, tmp_path, row_counts,
                                                       monkeypatch):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    before, events = row_counts(con), import_events(con)
    plan = plan_of(con, write_export(tmp_path, REDOWNLOADED_ROWS), drop=True)

    def fail(con, records, **kwargs):
        deleted = con.execute("SELECT count(*) FROM response WHERE id IN (?, ?)",
                              (ids["Réponse 2"], ids["Réponse 5"])).fetchone()[0] == 0
        raise OSError(f"disque plein (réponses déjà supprimées : {deleted})")

    monkeypatch.setattr(mapper, "insert_many", fail)
    with pytest.raises(OSError, match=r"déjà supprimées : True"):
        commit_responses(con, plan)
    assert row_counts(con) == before and import_events(con) == events
    assert {"Réponse 2", "Réponse 5"} <= set(numbers(con))


def test_a_response_deleted_by_hand_since_the_preview_is_not_counted(con, tmp_path):
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    ids = numbers(con)
    plan = plan_of(con, write_export(tmp_path, REDOWNLOADED_ROWS), drop=True)
    feedback.delete_response(con, ids["Réponse 2"])
    result = commit_responses(con, plan)
    assert result.dropped == (ids["Réponse 5"],)
    assert result.skipped_lines[-1].startswith("1 réponse importée auparavant")
    assert import_events(con)[-1].split(" ; ")[0].endswith(
        f"1 réponse antérieure absente du fichier supprimée (n° {ids['Réponse 5']})")


def test_a_dropped_row_found_again_in_a_later_download_comes_back(con, tmp_path):
    """Dropping is not a purge: a row filtered out of one download and back in the next
    is imported again."""
    import_file(con, write_export(tmp_path, EXPORT_ROWS))
    import_file(con, write_export(tmp_path, EXPORT_ROWS[:4] + EXPORT_ROWS[5:]), drop=True)
    _, result = import_file(con, write_export(tmp_path, [*EXPORT_ROWS, ADDED_ROW]), drop=True)
    assert (result.imported, result.dropped) == (2, ())
    assert {"Réponse 5", "Nouvelle"} <= set(numbers(con)) and len(numbers(con)) == 7
