"""Small numbers in the documents that leave the ADIL: the bilan d'activité and the point
mensuel print a sous-CCAPEX's 1 to 4 dossiers or avis « < 5 », hide (« masqué ») what the
totals they print would give it back by, keep the département's totals exact, and say
so under each table; the relevé de décisions, for the meeting's members, stays exact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reporting_helpers import pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import meetings
from pexdesk.core.services.reporting.build import build_report
from pexdesk.core.services.reporting.releve import gather_releve, render_releve

NOTE = ("Effectifs de 1 à 4 notés « < 5 » pour un territoire infra-départemental "
        "(sous-CCAPEX) : il ne doit pas permettre de reconnaître un ménage.")
HIDDEN_NOTE = ("« masqué » : effectif non publié pour qu'un « < 5 » ne puisse se déduire des "
               "totaux.")
TODAY = date(2027, 1, 5)
MEETINGS = (
    # day, kind, territory, dossiers, avis
    (date(2026, 9, 8), MeetingKind.TECHNIQUE, "", 30, 28),
    (date(2026, 9, 15), MeetingKind.SOUS_CCAPEX, "Nord", 2, 2),
    (date(2026, 10, 6), MeetingKind.TECHNIQUE, "", 40, 38),
    (date(2026, 10, 13), MeetingKind.SOUS_CCAPEX, "Sud", 3, 3),
    (date(2026, 11, 3), MeetingKind.TECHNIQUE, "", 20, 19),
    (date(2026, 11, 10), MeetingKind.SOUS_CCAPEX, "Est", 12, 11),
    (date(2026, 12, 1), MeetingKind.TECHNIQUE, "", 25, 25),
    (date(2026, 12, 8), MeetingKind.SOUS_CCAPEX, "Nord", 2, 1),
    (date(2026, 12, 9), MeetingKind.SOUS_CCAPEX, "Sud", 3, 4),
    (date(2026, 12, 10), MeetingKind.SOUS_CCAPEX, "Est", 12, 12),
)


@pytest.fixture(scope="module")
def territories(tmp_path_factory) -> Path:
    """A département whose sous-CCAPEX examine 2, 3 and 12 dossiers, beside its
    commission technique: September to November one sous-CCAPEX a month, December all
    three."""
    path = tmp_path_factory.mktemp("territories") / "base.db"
    with Base.create(path, Profile(department_code="35", adil_name="ADIL d'Ille-et-Vilaine",
                                   mission_start=date(2026, 1, 1))) as base:
        for day, kind, territory, dossiers, opinions in MEETINGS:
            meetings.save(base.con, Meeting(held_on=day, kind=kind, territory=territory,
                                            dossiers_examined=dossiers,
                                            opinions_issued=opinions))
    return path


def _built(path: Path, out: Path, kind: str, first: date, last: date | None) -> str:
    assert build_report(path, kind, first, last, None, out, today=TODAY) == out
    return pdf_text(out)


@pytest.fixture(scope="module")
def bilan(territories, tmp_path_factory) -> str:
    """September to November: each sous-CCAPEX met once, alone with the commission
    technique in its month."""
    out = tmp_path_factory.mktemp("bilan") / "bilan.pdf"
    return _built(territories, out, "activite", date(2026, 9, 1), date(2026, 11, 30))


def _section(text: str, start: str, end: str) -> str:
    return text.split(start)[-1].split(end)[0]


def test_the_bilan_s_sous_ccapex_table_reads_less_than_five_over_an_exact_ensemble(bilan):
    table = _section(bilan, "4.4 Sous-CCAPEX", "4.5 Suites à donner")
    assert "Est 1 12 11 10 novembre 2026" in table
    assert "Nord 1 < 5 < 5 15 septembre 2026" in table
    assert "Sud 1 < 5 < 5 13 octobre 2026" in table
    # 2 + 3 = 5 may be 1 + 4, 2 + 3…: the ensemble stays exact
    assert "Ensemble 3 17 16" in table
    assert f"Ensemble 3 17 16 {NOTE}" in table and HIDDEN_NOTE not in table


def test_the_bilan_s_annex_hides_what_the_month_totals_would_give_back(bilan):
    """September's total (32) less its commission technique would be Nord's 2: the
    commission's figure is hidden in the annex (the month's total, the département's,
    stays exact); October's likewise, or the département's total less the ensemble of the
    sous-CCAPEX and the other commissions would give September's back."""
    annex = _section(bilan, "B Réunions de la période", "C Sigles")
    assert "8 septembre 2026 Commission technique Présentiel masqué masqué" in annex
    assert "15 septembre 2026 Sous-CCAPEX Nord < 5 < 5" in annex
    assert "6 octobre 2026 Commission technique Présentiel masqué masqué" in annex
    assert "13 octobre 2026 Sous-CCAPEX Sud < 5 < 5" in annex
    assert "3 novembre 2026 Commission technique Présentiel 20 19" in annex
    assert "10 novembre 2026 Sous-CCAPEX Est 12 11" in annex
    assert f"{NOTE} {HIDDEN_NOTE}" in annex
    assert "sept. 2026 · 1 1 · · · 2 32 30" in bilan  # the month's figures stay exact
    assert "Dossiers examinés 107" in bilan


def test_the_point_mensuel_hides_the_commission_beside_a_lone_sous_ccapex(
        territories, tmp_path):
    text = _built(territories, tmp_path / "octobre.pdf", "mensuel", date(2026, 10, 1), None)
    listed = _section(text, "4 Réunions de la CCAPEX", "Suites à donner")
    assert "6 octobre 2026 Commission technique département masqué masqué" in listed
    assert "13 octobre 2026 Sous-CCAPEX Sud < 5 < 5" in listed
    assert f"Total 2 réunions 43 41 {NOTE} {HIDDEN_NOTE}" in listed


def test_the_point_mensuel_of_three_sous_ccapex_of_2_3_and_12(territories, tmp_path):
    """Nord and Sud making 5 together may be 1 and 4, 2 and 3…: nothing more is hidden."""
    text = _built(territories, tmp_path / "decembre.pdf", "mensuel", date(2026, 12, 1), None)
    listed = _section(text, "4 Réunions de la CCAPEX", "Suites à donner")
    assert "1er décembre 2026 Commission technique département 25 25" in listed
    assert "8 décembre 2026 Sous-CCAPEX Nord < 5 < 5" in listed
    assert "9 décembre 2026 Sous-CCAPEX Sud < 5 < 5" in listed
    assert "10 décembre 2026 Sous-CCAPEX Est 12 12" in listed
    assert f"Total 4 réunions 42 42 {NOTE}" in listed and "masqué" not in listed
    assert "elles ont examiné 42 dossiers et émis 42 avis et recommandations" in text


def test_a_month_without_a_territory_s_meeting_has_no_note(base, tmp_path):
    meetings.save(base.con, Meeting(held_on=date(2026, 10, 6), kind=MeetingKind.TECHNIQUE,
                                    dossiers_examined=3, opinions_issued=2))
    text = _built(base.path, tmp_path / "point.pdf", "mensuel", date(2026, 10, 1), None)
    assert "6 octobre 2026 Commission technique département 3 2" in text
    assert "< 5" not in text and NOTE not in text


def test_the_releve_for_the_meeting_s_members_stays_exact(territories, tmp_path):
    with Base.open(territories, read_only=True) as base:
        meeting = next(m for m in meetings.meeting_rows(base.con)
                       if m.held_on == date(2026, 9, 15))
        data = gather_releve(base.con, meeting.id, TODAY)
    text = pdf_text(render_releve(data, tmp_path / "releve.pdf"))
    assert "Dossiers examinés 2" in text
    assert "< 5" not in text and "masqué" not in text
