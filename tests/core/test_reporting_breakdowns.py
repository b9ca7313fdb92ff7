"""The meetings' breakdowns in the « Bilan d'activité »: the period's dossiers by origin
and by stage and its avis by type are the sums of the base's breakdowns over the period's
meetings, the rest « non ventilé », the total the section's own figure; categories without
any are named rather than listed; a period whose relevés give no breakdown says so in a
sentence; a long category label wraps in its cell; a base read before the breakdowns
schema step has none to show."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base, _seed
from pexdesk.core.db.connection import connect
from pexdesk.core.db.migrate import bundled_steps, schema_version, upgrade
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_number, format_parts
from pexdesk.core.reference.breakdowns import DIMENSIONS, ORIGIN
from pexdesk.core.repositories import mapper, meetings
from pexdesk.core.repositories.meetings import BREAKDOWN_SINCE, breakdowns_stored
from pexdesk.core.services.exchange.tables import build_table
from pexdesk.core.services.reporting import data as report_data
from pexdesk.core.services.reporting.build import build_report, gather_report
from pexdesk.core.services.reporting.releve import gather_releve

TODAY = date.today()
HEADER = "Catégorie Nombre Part"
TITLES = {"ORIGIN": "Dossiers examinés par origine de la saisine",
          "STAGE": "Dossiers examinés par stade de la procédure",
          "OPINION": "Avis et recommandations émis par type"}
NOT_ENTERED = ("La ventilation des dossiers examinés (par origine de la saisine, par stade de "
               "la procédure) et des avis (par type) n'a été saisie pour aucune réunion de la "
               "période.")


def _shares(counts: list[int]) -> list[str]:
    """The parts the table prints, adding up to its « Total … 100,0 % »."""
    return [normalise(share) for share in format_parts(counts, 1)]


@pytest.fixture(scope="module")
def demo(demo_as_of_today):
    with Base.open(demo_as_of_today, read_only=True) as base:
        yield base


@pytest.fixture(scope="module")
def ccapex(demo_as_of_today, tmp_path_factory) -> str:
    """The CCAPEX section of the default bilan, alone."""
    out = tmp_path_factory.mktemp("ccapex") / "ccapex.pdf"
    return pdf_text(build_report(demo_as_of_today, "activite", None, None, ("ccapex",), out,
                                 today=TODAY))


def _sql_breakdown(con, period, dimension) -> tuple[dict[str, int], int]:
    """(category → sum over the period's meetings, the period's total it divides), read
    with SQL of the test's own."""
    sums = dict(con.execute(
        "SELECT b.category, sum(b.count) FROM meeting_breakdown b JOIN meeting m "
        "ON m.id = b.meeting_id WHERE b.dimension = ? AND m.held_on BETWEEN ? AND ? "
        "GROUP BY b.category", (dimension.code, period.first.isoformat(),
                                period.last.isoformat())))
    total = con.execute(f"SELECT coalesce(sum({dimension.total}), 0) FROM meeting "
                        "WHERE held_on BETWEEN ? AND ?",
                        (period.first.isoformat(), period.last.isoformat())).fetchone()[0]
    return sums, total


def test_each_table_equals_the_sums_of_the_period_s_breakdowns(demo, ccapex):
    period = gather_report(demo.con, today=TODAY).period
    unbroken = {}
    for dimension in DIMENSIONS:
        sums, total = _sql_breakdown(demo.con, period, dimension)
        rest = total - sum(sums.values())
        unbroken[dimension.code] = rest
        rows = [(label, sums[code]) for code, label in dimension.categories if sums.get(code)]
        if rest:
            rows.append(("Non ventilé", rest))
        shares = _shares([count for _, count in rows])
        assert sum(Decimal(share.split()[0].replace(",", ".")) for share in shares) == 100
        expected = [f"{label} {format_number(count)} {share}"
                    for (label, count), share in zip(rows, shares)]
        expected.append(f"Total {format_number(total)} 100,0 %")
        table = f"{TITLES[dimension.code]} {HEADER} " + " ".join(expected)
        assert table in ccapex
        missing = [label for code, label in dimension.categories if not sums.get(code)]
        if missing:
            assert f"sur la période, non {'reprises' if len(missing) > 1 else 'reprise'} " \
                   f"dans le tableau : {', '.join(missing)}." in ccapex
    assert unbroken["STAGE"] > 0  # the demo leaves some stages unbroken: the row is shown
    assert unbroken["ORIGIN"] == 0 and "Non ventilé" not in ccapex.split(TITLES["STAGE"])[0]


def test_the_totals_are_the_section_s_own_figures(demo, ccapex):
    data = gather_report(demo.con, today=TODAY)
    dossiers, opinions = data.ccapex.current.dossiers_examined, data.ccapex.current.opinions_issued
    assert (f"Elles ont examiné {format_number(dossiers)} dossiers et émis "
            f"{format_number(opinions)} avis et recommandations") in ccapex
    tables = ccapex.split("1.3 Dossiers et avis par catégorie")[1]
    assert tables.count(f"Total {format_number(dossiers)} 100,0 %") == 2
    assert tables.count(f"Total {format_number(opinions)} 100,0 %") == 1


def test_the_opening_counts_the_meetings_whose_relevé_gives_a_breakdown(demo, ccapex):
    period = gather_report(demo.con, today=TODAY).period
    days = (period.first.isoformat(), period.last.isoformat())
    counted = demo.con.execute("SELECT count(*) FROM meeting WHERE held_on BETWEEN ? AND ? "
                               "AND (dossiers_examined OR opinions_issued)", days).fetchone()[0]
    broken = demo.con.execute("SELECT count(DISTINCT b.meeting_id) FROM meeting_breakdown b "
                              "JOIN meeting m ON m.id = b.meeting_id "
                              "WHERE m.held_on BETWEEN ? AND ?", days).fetchone()[0]
    assert counted and broken
    which = f"les {counted} réunions" if broken == counted else f"{broken} des {counted} réunions"
    assert (f"Ventilation des dossiers et des avis saisie pour {which} de la période ayant "
            "examiné des dossiers ou émis des avis.") in ccapex


def test_the_avis_by_type_are_drawn_and_the_subsections_numbered(demo_as_of_today, ccapex,
                                                                  tmp_path):
    assert "Figure 2. Avis et recommandations émis par type, du " in ccapex
    out = build_report(demo_as_of_today, "activite", None, None, ("ccapex", "retours"),
                       tmp_path / "court.pdf", today=TODAY)
    reader = PdfReader(out)
    sub = [item["/Title"] for block in reader.outline if isinstance(block, list)
           for item in block]
    assert sub[:5] == ["1.1. Réunions par type et par mois", "1.2. Dossiers examinés et avis émis",
                       "1.3. Dossiers et avis par catégorie", "1.4. Sous-CCAPEX",
                       "1.5. Suites à donner"]
    assert "1.3. Dossiers et avis par catégorie" in normalise(page_texts(out)[1])


# --- bases of the test's own -------------------------------------------------------------------

HELD = TODAY - timedelta(days=20)


def _base(folder: Path) -> Base:
    return Base.create(folder / "base.db", Profile(
        department_code="32", adil_name="ADIL du Gers", officer_name="Camille Martin",
        mission_start=TODAY - timedelta(days=800)))


def _ccapex_text(folder: Path) -> str:
    return pdf_text(build_report(folder / "base.db", "activite", None, None, ("ccapex",),
                                 folder / "bilan.pdf", today=TODAY))


RUNNING_HEADER = re.compile(r"( ADIL du Gers · Gers \(32\) Bilan d'activité · [^·]* avec pexdesk "
                            r"Page \d+ / \d+)?")
"""What may follow a sub-section's last words when the next one starts a page."""


def _subsection(text: str) -> str:
    """What sub-section 1.3 says, up to the next one (the running header of a new page
    included, if it starts one)."""
    return text.split("1.3 Dossiers et avis par catégorie ")[1].split(" 1.4 Sous-CCAPEX")[0]


def test_dossiers_without_any_breakdown_read_one_sentence(tmp_path):
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE,
                                        dossiers_examined=14, opinions_issued=12))
        meetings.save(base.con, Meeting(held_on=HELD - timedelta(days=400),
                                        kind=MeetingKind.TECHNIQUE, dossiers_examined=5),
                      breakdown={"ORIGIN": {"MENAGE": 5}})  # the previous period's
    said = _subsection(_ccapex_text(tmp_path))
    assert said.startswith(NOT_ENTERED)
    assert RUNNING_HEADER.fullmatch(said[len(NOT_ENTERED):])  # and nothing else


def test_a_period_without_dossiers_says_so(tmp_path):
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.PLENIERE))
    said = _subsection(_ccapex_text(tmp_path))
    assert said.startswith("Aucun dossier examiné sur la période.")
    assert RUNNING_HEADER.fullmatch(said[len("Aucun dossier examiné sur la période."):])


def test_a_partial_breakdown_keeps_its_rest_and_a_missing_one_is_said(tmp_path):
    """One meeting of two broke its dossiers down by origin, partly, and its avis by
    type; none by stage."""
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE,
                                        dossiers_examined=10, opinions_issued=4),
                      breakdown={"ORIGIN": {"SIGNALEMENT_CP": 6, "AUTRE": 1},
                                 "OPINION": {"DALO": 4}})
        meetings.save(base.con, Meeting(held_on=HELD + timedelta(days=7),
                                        kind=MeetingKind.SOUS_CCAPEX, territory="Nord",
                                        dossiers_examined=6, opinions_issued=4))
    text = _subsection(_ccapex_text(tmp_path))
    assert text.startswith("Ventilation des dossiers et des avis saisie pour 1 des 2 réunions "
                           "de la période")
    # 37,5 + 6,25 + 56,25: rounded each on its own, 100,1 %; the half goes to the first
    assert (f"{TITLES['ORIGIN']} {HEADER} Signalement de commandement de payer 6 37,5 % "
            "Autre origine 1 6,3 % Non ventilé 9 56,2 % Total 16 100,0 % Catégories sans "
            "aucun dossier sur la période, non reprises dans le tableau : Saisine d'un "
            "bailleur personne morale, Organisme payeur (CAF, MSA), Travailleur social, "
            "Ménage lui-même.") in text
    assert (f"{TITLES['STAGE']} Aucune réunion de la période n'a ventilé ses dossiers par "
            "stade de la procédure.") in text
    assert (f"{TITLES['OPINION']} {HEADER} Recours DALO 4 50,0 % Non ventilé 4 50,0 % "
            "Total 8 100,0 %") in text
    assert "Figure 2. Avis et recommandations émis par type" in text


def test_a_long_category_label_wraps_in_its_cell(tmp_path, monkeypatch):
    """The labels are pexdesk's own, but one as long as a sentence still stays in its
    column, on several lines, its count beside it."""
    long = ("Signalement transmis par l'huissier de justice à la commission après un "
            "commandement de payer visant la clause résolutoire du bail d'habitation")
    origin = ORIGIN._replace(categories=((ORIGIN.categories[0][0], long),
                                         *ORIGIN.categories[1:]))
    monkeypatch.setattr(report_data, "DIMENSIONS", (origin, *DIMENSIONS[1:]))
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE,
                                        dossiers_examined=3, opinions_issued=3),
                      breakdown={"ORIGIN": {"SIGNALEMENT_CP": 3}})
    text = _ccapex_text(tmp_path)
    assert f"{HEADER} {long} 3 100,0 % Total 3 100,0 %" in text
    lines = [line for page in page_texts(tmp_path / "bilan.pdf") for line in page.splitlines()]
    wrapped = [line for line in lines if line.strip() and line.strip() in long]
    assert len(wrapped) >= 2 and long not in lines


def test_a_base_read_before_the_breakdowns_step_has_none_to_show(tmp_path):
    """The command line reads a base without upgrading it: a base of schema 7 has no
    breakdown table, and its bilan, relevé and meetings export read no breakdown."""
    assert "CREATE TABLE meeting_breakdown" in bundled_steps()[BREAKDOWN_SINCE - 1].sql
    path = tmp_path / "version7.db"
    with closing(connect(path)) as con:
        upgrade(con, steps=bundled_steps()[:BREAKDOWN_SINCE - 1], after_step=_seed)
        mapper.insert(con, Profile(department_code="32", adil_name="ADIL du Gers",
                                   mission_start=TODAY - timedelta(days=800)))
        meeting = mapper.insert(con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE,
                                             dossiers_examined=14, opinions_issued=12))
        con.commit()
    with Base.open(path, read_only=True) as base:
        assert not breakdowns_stored(base.con)
        text = pdf_text(build_report(base.con, "activite", None, None, ("ccapex",),
                                     tmp_path / "bilan.pdf", today=TODAY))
        releve = gather_releve(base.con, meeting.id, TODAY)
        sheet = build_table(base.con, "meetings").sheet
        assert schema_version(base.con) == BREAKDOWN_SINCE - 1
    assert _subsection(text).startswith(NOT_ENTERED)
    assert releve.breakdown == {}
    values = dict(zip(sheet.headers, next(sheet.values())))
    assert (values["Origine – Non ventilé"], values["Stade – Non ventilé"],
            values["Avis – Non ventilé"], values["Avis – Aide du FSL"]) == (14, 14, 12, 0)
