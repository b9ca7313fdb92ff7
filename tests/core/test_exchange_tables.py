"""Every list exported to XLSX and CSV on the demo base, read back and compared value by
value with the base; typed cells, frozen and styled header, BOM, marker column, atomic
writes, the journal."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from openpyxl.utils import get_column_letter

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind, Origin
from pexdesk.core.domain.models import Action, Campaign, IndicatorValue, Meeting, Partner, Response
from pexdesk.core.repositories import feedback, indicators, meetings, partners, roadmap
from pexdesk.core.safety import journal
from pexdesk.core.services import exchange
from pexdesk.core.services.exchange import xlsx as xlsx_writer
from pexdesk.core.services.exchange.cells import MARKER_HEADER, is_pexdesk_export

from tests.core.exchange_helpers import (TABLES, csv_value, expected_rows, read_csv, read_xlsx,
                                         xlsx_value)

TODAY = date.today()


def options() -> exchange.Options:
    return exchange.Options(today=TODAY)


# --- every table, both formats, every value --------------------------------------------------

@pytest.mark.parametrize("table", TABLES)
def test_xlsx_holds_every_value_of_the_base(demo_con, tmp_path, table):
    out = tmp_path / f"{table}.xlsx"
    result = exchange.export(demo_con, table, out, options(), record=False)
    headers, expected = expected_rows(demo_con, table, TODAY)
    assert expected, "the demo base has rows in every table"
    assert (result.count, result.format, result.path) == (len(expected), "XLSX", out)

    _, worksheet, rows = read_xlsx(out)
    assert [cell.value for cell in rows[0]] == headers
    assert len(rows) == len(expected) + 1
    for cells, values in zip(rows[1:], expected):
        assert [xlsx_value(cell, value) for cell, value in zip(cells, values)] == values
    assert worksheet.freeze_panes == "A2"


@pytest.mark.parametrize("table", TABLES)
def test_csv_holds_every_value_of_the_base(demo_con, tmp_path, table):
    out = tmp_path / f"{table}.csv"
    result = exchange.export(demo_con, table, out, options(), record=False)
    headers, expected = expected_rows(demo_con, table, TODAY)
    assert (result.count, result.format) == (len(expected), "CSV")

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    assert b"\r\n" in raw and raw.count(b";") > len(expected)
    rows = read_csv(out)
    assert rows[0] == headers
    assert len(rows) == len(expected) + 1
    for cells, values in zip(rows[1:], expected):
        assert len(cells) == len(headers)
        assert [csv_value(text, value) for text, value in zip(cells, values)] == values


def test_known_partner_row_exactly(demo_con, tmp_path):
    out_x, out_c = tmp_path / "p.xlsx", tmp_path / "p.csv"
    exchange.export(demo_con, "partners", out_x, record=False)
    exchange.export(demo_con, "partners", out_c, record=False)
    _, _, rows = read_xlsx(out_x)
    name = "Préfecture – bureau de la prévention des expulsions"
    row = next(r for r in rows if r[0].value == name)
    assert [c.value for c in row[:8]] == [
        name, "Préfecture / sous-préfecture", "PREF", None, "Oui",
        datetime(2024, 5, 15), "Oui", "Commission technique, Membre de droit"]
    assert row[5].number_format == "dd/mm/yyyy"
    assert row[10].value == ("Co-préside la CCAPEX ; instruit les demandes de concours de la "
                             "force publique.")
    assert isinstance(row[8].value, int) and isinstance(row[9].value, int)
    line = next(r for r in read_csv(out_c) if r[0] == name)
    assert line[:8] == [name, "Préfecture / sous-préfecture", "PREF", "", "Oui", "15/05/2024",
                        "Oui", "Commission technique, Membre de droit"]


def test_known_meeting_and_action_rows(demo_con, tmp_path):
    exchange.export(demo_con, "meetings", tmp_path / "m.csv", record=False)
    rows = read_csv(tmp_path / "m.csv")[1:]
    assert rows[0][:2] == ["06/07/2023", "Comité de pilotage de la charte"]
    # The commission technique meets on the second Tuesday of each month, from the demo's
    # first month (July 2023, 23 months before June 2025) on.
    first = next(row for row in rows if row[1] == "Commission technique")
    assert first[:2] == ["11/07/2023", "Commission technique"]
    assert int(first[5]) >= 14 and int(first[6]) <= int(first[5])

    exchange.export(demo_con, "actions", tmp_path / "a.xlsx", record=False)
    _, _, rows = read_xlsx(tmp_path / "a.xlsx")
    statuses = {row[3].value for row in rows[1:]}
    assert statuses <= {"À lancer", "En cours", "Réalisée", "Abandonnée"} and len(statuses) > 1
    assert all(cell.value in (None,) or isinstance(cell.value, int) for cell in
               (row[4] for row in rows[1:]))


def test_indicators_month_and_missing_values(demo_con, tmp_path):
    exchange.export(demo_con, "indicators", tmp_path / "i.xlsx", record=False)
    workbook, worksheet, rows = read_xlsx(tmp_path / "i.xlsx")
    months = {row[4].value for row in rows[1:]}
    assert min(months) == datetime(2023, 6, 1) and max(months) == datetime(2025, 5, 1)
    assert rows[1][4].number_format == "mmmm yyyy"
    missing = [row for row in rows[1:] if row[5].value == "nd"]
    assert missing and all(row[7].value for row in missing)  # « non disponible » explained
    assert all(row[5].data_type == "s" for row in missing)  # a string cell, never a formula
    assert all(isinstance(row[5].value, (int, float)) for row in rows[1:] if row not in missing)
    # The grid view: one row per indicator, one column per month, same numbers.
    grid = workbook.worksheets[1]
    assert grid.title == "Indicateurs par mois" and grid.freeze_panes == "A2"
    header = [cell.value for cell in next(grid.iter_rows(max_row=1))]
    assert header[:4] == ["Code de l'indicateur", "Indicateur", "Unité", "Département"]
    assert header[4] == "juin 2023" and len(header) == 4 + 24
    by_key = {(row[0].value, row[4].value): row[5].value for row in rows[1:]}
    for line in grid.iter_rows(min_row=2):
        for offset, cell in enumerate(line[4:]):
            month = datetime(2023 + (5 + offset) // 12, (5 + offset) % 12 + 1, 1)
            assert cell.value == by_key[(line[0].value, month)]


def test_a_value_not_available_is_nd_a_month_not_entered_is_empty(con, tmp_path):
    """« nd » (stored NULL, not available) and an empty cell (nothing entered) are told
    apart in both sheets and in CSV, as the import reads them back."""
    first, second = indicators.catalogue(con)[:2]
    indicators.set_values(con, [
        IndicatorValue(indicator_id=first.id, department_code="35", month=date(2025, 1, 1),
                       value=None, source="DDETS"),
        IndicatorValue(indicator_id=first.id, department_code="35", month=date(2025, 2, 1),
                       value=12.5, source="DDETS"),
        IndicatorValue(indicator_id=second.id, department_code="35", month=date(2025, 2, 1),
                       value=0, source="DDETS")])
    exchange.export(con, "indicators", tmp_path / "i.xlsx", record=False)
    workbook, _, rows = read_xlsx(tmp_path / "i.xlsx")
    assert [row[5].value for row in rows[1:]] == ["nd", 12.5, 0]
    grid = [[cell.value for cell in line] for line in workbook.worksheets[1].iter_rows()]
    assert grid[0][4:] == ["janv. 2025", "févr. 2025"]
    assert [line[4:] for line in grid[1:]] == [["nd", 12.5], [None, 0]]
    exchange.export(con, "indicators", tmp_path / "i.csv", record=False)
    assert [line[5] for line in read_csv(tmp_path / "i.csv")[1:]] == ["nd", "12,5", "0"]


def test_responses_one_column_per_item_with_nc(demo_con, tmp_path):
    exchange.export(demo_con, "responses", tmp_path / "r.xlsx", record=False)
    _, _, rows = read_xlsx(tmp_path / "r.xlsx")
    header = [c.value for c in rows[0]]
    items = [label for (label,) in demo_con.execute(
        "SELECT label FROM campaign_item ORDER BY position")]
    assert header[6:6 + len(items)] == items
    scores = [cell.value for row in rows[1:] for cell in row[6:6 + len(items)]]
    assert "NC" in scores and None in scores
    assert {s for s in scores if isinstance(s, int)} <= {1, 2, 3, 4, 5}
    assert {row[4].value for row in rows[1:]} == {"32"}  # the département stays text


def test_responses_of_one_campaign_or_all(base, tmp_path):
    """Two campaigns sharing one question and a response imported from a file."""
    con = base.con
    old = feedback.create_campaign(con, Campaign(name="Enquête 2024", period_start=date(2024, 1, 8)),
                                   [("Q1", "Animation des partenariats"), ("Q2", "Ancienne question")])
    new = feedback.create_campaign(con, Campaign(name="Enquête 2025", period_start=date(2025, 1, 6)),
                                   [("A", "Animation des partenariats"), ("B", "Nouvelle question")])
    old_items = {i.code: i.id for i in feedback.items_of(con, old.id)}
    new_items = {i.code: i.id for i in feedback.items_of(con, new.id)}
    feedback.add_response(con, Response(campaign_id=new.id, category_code="CAF",
                                        department_code="35", overall_score=4,
                                        answers={new_items["A"]: 5, new_items["B"]: "NC"}))
    feedback.add_response(con, Response(campaign_id=old.id, category_code="CD",
                                        department_code="35", responded_on=date(2024, 2, 1),
                                        origin=Origin.FICHIER,
                                        origin_file="C:\\Users\\cmartin\\Documents\\enquete.xlsx",
                                        origin_row=7, answers={old_items["Q1"]: 2}))
    every = exchange.export(con, "responses", tmp_path / "all.csv", record=False)
    rows = read_csv(tmp_path / "all.csv")
    assert every.count == 2
    assert rows[0][5:9] == ["Appréciation globale", "Animation des partenariats",
                            "Ancienne question", "Nouvelle question"]
    assert rows[1][:9] == ["Enquête 2024", "01/02/2024", "Conseil départemental", "CD", "35", "",
                           "2", "", ""]
    assert rows[1][10:13] == ["Fichier importé", "enquete.xlsx", "7"]  # no folder, no user name
    assert rows[2][:9] == ["Enquête 2025", "", "CAF", "CAF",
                           "35", "4", "5", "", "NC"]
    headers, expected = expected_rows(con, "responses", TODAY)
    assert rows[0] == headers
    assert [[csv_value(t, v) for t, v in zip(line, values)]
            for line, values in zip(rows[1:], expected)] == expected

    one = exchange.export(con, "responses", tmp_path / "one.csv",
                          exchange.Options(campaign=" enquête 2025 "), record=False)
    rows = read_csv(tmp_path / "one.csv")
    assert one.count == 1 and rows[0][5:8] == ["Appréciation globale",
                                               "Animation des partenariats", "Nouvelle question"]
    with pytest.raises(exchange.ExportError, match="Aucune campagne ne porte le nom « Enquête 1999 »"):
        exchange.export(con, "responses", tmp_path / "x.csv",
                        exchange.Options(campaign="Enquête 1999"), record=False)
    assert not (tmp_path / "x.csv").exists()


def test_empty_base_exports_headers_only(con, tmp_path):
    for table in ("partners", "meetings", "responses"):
        result = exchange.export(con, table, tmp_path / f"{table}.xlsx", record=False)
        _, worksheet, rows = read_xlsx(tmp_path / f"{table}.xlsx")
        assert result.count == 0 and len(rows) == 1 and worksheet.freeze_panes == "A2"


# --- the look of the XLSX file ---------------------------------------------------------------

def test_xlsx_header_is_styled_filtered_and_columns_have_widths(demo_con, tmp_path):
    out = tmp_path / "m.xlsx"
    exchange.export(demo_con, "meetings", out, record=False)
    workbook, worksheet, rows = read_xlsx(out)
    header = rows[0]
    assert all(cell.font.bold for cell in header)
    assert header[0].fill.fgColor.rgb.endswith("1F4E78")
    # 11 columns, 27 breakdown ones, 3 of the agenda and actions, 10 of the hours, chair
    # and voices, the marker
    assert worksheet.auto_filter.ref == f"A1:AZ{len(rows)}"
    widths = [worksheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert all(8 <= width <= 60 for width in widths)
    assert widths[10] == 60  # Notes
    assert rows[1][0].number_format == "dd/mm/yyyy"
    assert rows[1][5].number_format == "#,##0"
    assert worksheet.title == "Réunions"
    assert workbook.properties.creator == "pexdesk"
    assert {p.name: p.value for p in workbook.custom_doc_props} == {"pexdesk-export": "meetings;1"}


def test_the_agenda_and_the_actions_dealt_with_follow_the_breakdowns(con, tmp_path):
    """After the breakdowns' columns: the dossiers inscrits and ajournés, empty when not
    entered (which is not 0), and the actions as « code de l'axe – intitulé », in the
    roadmap's order, joined by « ; »."""
    axes = {axis.code: axis.id for axis in roadmap.axes(con)}
    dsf, charter = (roadmap.save_action(con, Action(axis_id=axes[code], title=title)).id
                    for code, title in (("FR5_DSF", "Circuit du DSF"),
                                        ("FR1_SUIVI", "Charte; nouvelle version")))
    meetings.save(con, Meeting(held_on=date(2026, 10, 13), kind=MeetingKind.TECHNIQUE,
                               dossiers_registered=12, dossiers_examined=10,
                               dossiers_adjourned=0), action_ids=[dsf, charter])
    meetings.save(con, Meeting(held_on=date(2026, 11, 10), kind=MeetingKind.PLENIERE))
    exchange.export(con, "meetings", tmp_path / "m.xlsx", record=False)
    exchange.export(con, "meetings", tmp_path / "m.csv", record=False)
    _, _, cells = read_xlsx(tmp_path / "m.xlsx")
    lines = read_csv(tmp_path / "m.csv")
    assert lines[0][-14:-10] == ["Dossiers inscrits à l'ordre du jour", "Dossiers ajournés",
                                 "Actions de la feuille de route abordées", "Heure de début"]
    assert lines[1][-14:-11] == ["12", "0", "FR1_SUIVI – Charte; nouvelle version ; "
                                              "FR5_DSF – Circuit du DSF"]
    assert lines[2][-14:-11] == ["", "", ""]
    assert [cell.value for cell in cells[1][-14:-11]] == [
        12, 0, "FR1_SUIVI – Charte; nouvelle version ; FR5_DSF – Circuit du DSF"]
    assert [cell.value for cell in cells[2][-14:-11]] == [None, None, None]


def test_the_hours_chair_secretariat_and_voices_come_last_before_the_marker(con, tmp_path):
    """Empty where not entered; those present by voice, each list in alphabetical order,
    those whose voice is not stated in a column of their own."""
    ids = {name: partners.save(con, Partner(name=name, category_code=code)).id
           for name, code in (("DDETS du Gers", "DDETS"), ("CAF du Gers", "CAF"),
                              ("ADIL du Gers", "ADIL"), ("Mairie d'Auch", "COMMUNE"),
                              ("Gers Habitat", "BAILSOC"))}
    voices = {ids["DDETS du Gers"]: "DELIBERATIVE", ids["CAF du Gers"]: "DELIBERATIVE",
              ids["ADIL du Gers"]: "CONSULTATIVE", ids["Mairie d'Auch"]: "INVITE"}
    meetings.save(con, Meeting(
        held_on=date(2026, 10, 13), kind=MeetingKind.TECHNIQUE, start_time=time(9, 30),
        end_time=time(12), chair_state="PRESENT", chair_metropolis="REPRESENTE",
        secretariat_partner_id=ids["DDETS du Gers"]), [*voices, ids["Gers Habitat"]],
        voices=voices)
    meetings.save(con, Meeting(held_on=date(2026, 11, 10), kind=MeetingKind.PLENIERE))
    exchange.export(con, "meetings", tmp_path / "m.csv", record=False)
    lines = read_csv(tmp_path / "m.csv")
    assert lines[0][-11:] == [
        "Heure de début", "Heure de fin", "Présidence – État (préfet)",
        "Présidence – Conseil départemental", "Présidence – Métropole", "Secrétariat",
        "Membres à voix délibérative", "Membres à voix consultative", "Invités",
        "Voix non précisée", MARKER_HEADER]
    assert lines[1][-11:-1] == ["09:30", "12:00", "présent", "", "représentée",
                                "DDETS du Gers", "CAF du Gers, DDETS du Gers", "ADIL du Gers",
                                "Mairie d'Auch", "Gers Habitat"]
    assert lines[2][-11:-1] == [""] * 10


def test_a_meeting_s_breakdown_follows_its_columns_each_with_its_rest(con, tmp_path):
    """After the columns the export always had, one per category in the reference's order
    and one « non ventilé » per breakdown: a partial breakdown leaves its rest there, a
    breakdown not entered leaves the whole total, a category without any reads 0."""
    meetings.save(con, Meeting(held_on=date(2026, 10, 13), kind=MeetingKind.TECHNIQUE,
                               dossiers_examined=10, opinions_issued=7),
                  breakdown={"ORIGIN": {"SIGNALEMENT_CP": 6, "MENAGE": 4},
                             "STAGE": {"ASSIGNATION": 5, "CFP_EXECUTE": 2}})
    meetings.save(con, Meeting(held_on=date(2026, 11, 10), kind=MeetingKind.TECHNIQUE,
                               dossiers_examined=3, opinions_issued=3))
    exchange.export(con, "meetings", tmp_path / "m.xlsx", record=False)
    exchange.export(con, "meetings", tmp_path / "m.csv", record=False)
    _, worksheet, cells = read_xlsx(tmp_path / "m.xlsx")
    lines = read_csv(tmp_path / "m.csv")
    header = lines[0]
    assert header[:11] == ["Date", "Type de réunion", "Territoire", "Modalité", "Lieu",
                           "Dossiers examinés", "Avis et recommandations émis", "Participants",
                           "Partenaires présents", "Suites à donner en cours", "Notes"]
    assert header[11:18] == [
        "Origine – Signalement de commandement de payer",
        "Origine – Saisine d'un bailleur personne morale", "Origine – Organisme payeur (CAF, MSA)",
        "Origine – Travailleur social", "Origine – Ménage lui-même", "Origine – Autre origine",
        "Origine – Non ventilé"]
    assert header[18] == "Stade – Précontentieux (impayés)"
    assert header[27:29] == ["Stade – Non ventilé", "Avis – Aide du FSL"]
    assert header[37] == "Avis – Non ventilé"
    assert [cell.value for cell in cells[0]] == header
    broken, bare = lines[1], lines[2]
    assert broken[11:18] == ["6", "0", "0", "0", "4", "0", "0"]
    assert broken[18:28] == ["0", "0", "5", "0", "0", "0", "0", "0", "2", "3"]
    assert broken[28:38] == ["0"] * 9 + ["7"]
    assert bare[11:38] == ["0"] * 6 + ["3"] + ["0"] * 9 + ["3"] + ["0"] * 9 + ["3"]
    assert [cell.value for cell in cells[1][11:38]] == [int(text) for text in broken[11:38]]
    assert all(cell.number_format == "#,##0" for cell in cells[1][11:38])
    assert all(8 <= worksheet.column_dimensions[get_column_letter(index)].width <= 20
               for index in range(12, 39))  # the header wraps: no column a sentence wide


@pytest.mark.parametrize("table", TABLES)
def test_every_export_carries_the_marker_column(demo_con, tmp_path, table):
    exchange.export(demo_con, table, tmp_path / "t.csv", record=False)
    exchange.export(demo_con, table, tmp_path / "t.xlsx", record=False)
    header = read_csv(tmp_path / "t.csv")[0]
    assert header[-1] == MARKER_HEADER and is_pexdesk_export(header)
    _, _, rows = read_xlsx(tmp_path / "t.xlsx")
    assert is_pexdesk_export([c.value for c in rows[0]])
    assert not is_pexdesk_export(["Horodateur", "Nom", "Appréciation globale"])


# --- atomic writes, destinations, options -----------------------------------------------------

def test_a_failed_export_leaves_no_file(demo_con, tmp_path, monkeypatch):
    def broken(table, handle):
        handle.write(b"PK\x03\x04 half a zip")
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(xlsx_writer, "write_xlsx", broken)
    with pytest.raises(RuntimeError):
        exchange.export(demo_con, "partners", tmp_path / "p.xlsx", record=False)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_intact(demo_con, tmp_path, monkeypatch):
    out = tmp_path / "p.xlsx"
    exchange.export(demo_con, "partners", out, record=False)
    before = out.read_bytes()

    def broken(table, handle):
        handle.write(b"garbage")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_writer, "write_xlsx", broken)
    with pytest.raises(exchange.ExportError, match="Impossible d'écrire .*rien n'a été exporté"):
        exchange.export(demo_con, "partners", out, record=False)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]


def test_export_replaces_an_existing_file_atomically(demo_con, tmp_path):
    out = tmp_path / "c.csv"
    out.write_text("ancien contenu")
    exchange.export(demo_con, "contacts", out, record=False)
    assert read_csv(out)[0][0] == "Organisation"
    assert [p.name for p in tmp_path.iterdir()] == ["c.csv"]


@pytest.mark.parametrize("table, name, message", [
    ("clients", "x.xlsx", "Table inconnue : « clients ». Tables exportables : partners, contacts, "
                          "meetings, actions, indicators, responses."),
    ("partners", "x.ics", "Format non pris en charge pour les partenaires : fichier « .ics ». "
                          "Extensions possibles : .xlsx (XLSX), .csv (CSV)."),
    ("partners", "x", "fichier sans extension"),
    ("actions", "x.vcf", "Format non pris en charge pour les actions de la feuille de route"),
    ("meetings", "x.pdf", "Extensions possibles : .xlsx (XLSX), .csv (CSV), .ics (iCalendar)."),
])
def test_unknown_table_or_format_is_refused_in_french(demo_con, tmp_path, table, name, message):
    with pytest.raises(exchange.ExportError) as error:
        exchange.export(demo_con, table, tmp_path / name, record=False)
    assert message in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_destination_folder_must_exist(demo_con, tmp_path):
    with pytest.raises(exchange.ExportError, match="n'existe pas"):
        exchange.export(demo_con, "partners", tmp_path / "absent" / "p.xlsx", record=False)
    with pytest.raises(exchange.ExportError, match="est un dossier"):
        exchange.export(demo_con, "partners", tmp_path, record=False)


def test_french_table_names_and_uppercase_extension(demo_con, tmp_path):
    result = exchange.export(demo_con, "Réunions", tmp_path / "R.XLSX", record=False)
    assert result.table == "meetings" and result.format == "XLSX"


def test_period_applies_to_meetings_and_indicators_only(demo_con, tmp_path):
    period = exchange.Options(first=date(2024, 1, 1), last=date(2024, 3, 31))
    meetings = exchange.export(demo_con, "meetings", tmp_path / "m.csv", period, record=False)
    days = [datetime.strptime(r[0], "%d/%m/%Y").date() for r in read_csv(tmp_path / "m.csv")[1:]]
    assert meetings.count == len(days) > 0
    assert all(date(2024, 1, 1) <= day <= date(2024, 3, 31) for day in days)
    assert meetings.count == demo_con.execute(
        "SELECT count(*) FROM meeting WHERE held_on BETWEEN '2024-01-01' AND '2024-03-31'"
    ).fetchone()[0]
    values = exchange.export(demo_con, "indicators", tmp_path / "i.csv", period, record=False)
    assert {r[4] for r in read_csv(tmp_path / "i.csv")[1:]} == {"01/01/2024", "01/02/2024",
                                                              "01/03/2024"}
    assert values.count > 0
    with pytest.raises(exchange.ExportError, match="ne s'appliquent qu'aux réunions"):
        exchange.export(demo_con, "partners", tmp_path / "p.csv", period, record=False)
    with pytest.raises(exchange.ExportError, match="période est inversée"):
        exchange.export(demo_con, "meetings", tmp_path / "m.csv",
                        exchange.Options(first=date(2024, 3, 1), last=date(2024, 1, 1)),
                        record=False)


def test_contacts_of_one_partner(demo_con, tmp_path):
    name = "Mairie de Montbrézac"
    result = exchange.export(demo_con, "contacts", tmp_path / "c.csv",
                             exchange.Options(partner="mairie de montbrézac"), record=False)
    rows = read_csv(tmp_path / "c.csv")[1:]
    assert result.count == len(rows) > 0 and {r[0] for r in rows} == {name}
    for typed in ("MAIRIE DE MONTBRÉZAC", "  mairie de montbrezac "):  # NOCASE folds ASCII only
        again = exchange.export(demo_con, "contacts", tmp_path / "c.csv",
                                exchange.Options(partner=typed), record=False)
        assert again.count == result.count
    with pytest.raises(exchange.ExportError, match="Aucun partenaire ne porte le nom « Inconnu »"):
        exchange.export(demo_con, "contacts", tmp_path / "x.csv",
                        exchange.Options(partner="Inconnu"), record=False)


# --- the journal ------------------------------------------------------------------------------

def test_export_is_recorded_in_the_journal(base, fill_data, tmp_path):
    fill_data(base.con, partner_count=3)
    out = tmp_path / "partenaires.xlsx"
    result = exchange.export(base.con, "partners", out)
    assert result.recorded
    entry = journal.entries(base.con, newest_first=True, limit=1)[0]
    assert entry.action == "EXPORT"
    assert entry.summary == f"partenaires (XLSX, 3 lignes) vers {out}"


def test_a_read_only_connection_exports_without_recording(demo, tmp_path):
    with Base.open(demo, read_only=True) as base:
        result = exchange.export(base.con, "actions", tmp_path / "a.csv")
    assert not result.recorded and (tmp_path / "a.csv").is_file()


def test_default_file_names_are_safe():
    assert exchange.default_file_name("partners", ".xlsx", today=date(2025, 3, 15)) == \
        "pexdesk partenaires 2025-03-15.xlsx"
    name = exchange.default_file_name("contacts", "vcf", detail="../../CON: Mairie <Montbrézac>",
                                      today=date(2025, 3, 15))
    assert name == "pexdesk contacts _CON_ Mairie _Montbrezac_ 2025-03-15.vcf"
    assert "/" not in name and "\\" not in name
