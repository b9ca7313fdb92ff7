"""« Participation aux réunions de la CCAPEX » in the « Bilan d'activité »: those present
per meeting on average by voice, over the commission meetings whose relevé states every
voice and saying over how many; the meetings each partner category attended, and with
which voice. Groupes de travail and comités are no commission meetings; no quorum is made
up. Figures equal queries of the test's own."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from reporting_helpers import pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.reference.membership import Voice
from pexdesk.core.repositories import meetings, partners
from pexdesk.core.repositories.meetings import CategoryPresence, KindPresence, Participation
from pexdesk.core.services.reporting.build import build_report, gather_report
from tests.core.older_bases import base_at_version

TODAY = date.today()
HELD = TODAY - timedelta(days=30)
D, C, I = Voice.DELIBERATIVE, Voice.CONSULTATIVE, Voice.INVITE


def _base(folder: Path) -> Base:
    return Base.create(folder / "base.db", Profile(
        department_code="32", adil_name="ADIL du Gers", officer_name="Camille Martin",
        mission_start=TODAY - timedelta(days=800)))


def _text(folder: Path) -> str:
    return pdf_text(build_report(folder / "base.db", "activite", None, None, ("ccapex",),
                                 folder / "bilan.pdf", today=TODAY))


def _partners(con) -> dict[str, int]:
    return {name: partners.save(con, Partner(name=name, category_code=code)).id
            for name, code in (("Préfecture du Gers", "PREF"), ("CAF du Gers", "CAF"),
                               ("Gers Habitat", "BAILSOC"), ("Mairie d'Auch", "COMMUNE"),
                               ("ADIL du Gers", "ADIL"))}


def _sitting(con, day: int, kind: str, voices: dict[int, str | None],
             territory: str = "") -> Meeting:
    return meetings.save(con, Meeting(held_on=HELD + timedelta(days=day), kind=kind,
                                      territory=territory), list(voices), voices=voices)


@pytest.fixture
def sittings(tmp_path) -> Path:
    """Two commissions techniques with every voice stated, a sous-CCAPEX with one voice
    unstated, a plénière without anyone entered, a groupe de travail (no commission
    meeting) and a commission before the period."""
    with _base(tmp_path) as base:
        con = base.con
        p = _partners(con)
        pref, caf, habitat, mairie, adil = p.values()
        _sitting(con, 0, MeetingKind.TECHNIQUE, {pref: D, caf: D, habitat: C, adil: C})
        _sitting(con, 7, MeetingKind.TECHNIQUE, {pref: D, caf: D, adil: C, mairie: I})
        _sitting(con, 8, MeetingKind.SOUS_CCAPEX, {caf: D, mairie: I, habitat: None}, "Nord")
        _sitting(con, 9, MeetingKind.PLENIERE, {})
        _sitting(con, 10, MeetingKind.GROUPE_TRAVAIL, {pref: D, caf: D, adil: C})
        _sitting(con, -500, MeetingKind.TECHNIQUE, {pref: D, caf: D})
    return tmp_path


def test_the_participation_counts_the_period_s_commission_meetings_only(sittings):
    with Base.open(sittings / "base.db", read_only=True) as base:
        found = gather_report(base.con, today=TODAY).ccapex.participation
    assert found == Participation(
        meetings=4,
        kinds=(KindPresence("TECHNIQUE", 2, 2, {D: 4, C: 3, I: 1}),
               KindPresence("SOUS_CCAPEX", 1, 0, {D: 0, C: 0, I: 0})),
        categories=(CategoryPresence("PREF", "Préfecture / sous-préfecture", 2, {D: 2}),
                    CategoryPresence("COMMUNE", "Commune / maire", 2, {I: 2}),
                    CategoryPresence("CAF", "CAF", 3, {D: 3}),
                    CategoryPresence("BAILSOC", "Bailleur social", 2, {C: 1, None: 1}),
                    CategoryPresence("ADIL", "ADIL", 2, {C: 2})))
    assert (found.recorded, found.voiced) == (3, 2)


def test_the_bilan_gives_the_means_over_the_voiced_meetings_and_says_over_how_many(sittings):
    text = _text(sittings)
    assert ("Participation aux réunions de la CCAPEX Présents saisis pour 3 des 4 réunions "
            "de la CCAPEX de la période (plénières, commissions techniques, sous-CCAPEX), la "
            "voix de chaque présent l'étant pour 2 d'entre elles, sur lesquelles portent les "
            "moyennes. En moyenne, 2,0 membres à voix délibérative siégeaient par réunion. "
            "Présents par réunion, en moyenne Type de réunion Réunions Voix délibérative Voix "
            "consultative Invités Commission technique 2 2,0 1,5 0,5 Ensemble 2 2,0 1,5 0,5 "
            "Réunions suivies par catégorie de partenaire Catégorie de partenaire Réunions "
            "suivies dont voix délibérative dont voix consultative dont comme invitée dont "
            "voix non précisée Préfecture / sous-préfecture 2 2 · · · Commune / maire 2 · · 2 "
            "· CAF 3 3 · · · Bailleur social 2 · 1 · 1 ADIL 2 · 2 · · Une réunion compte pour "
            "une catégorie") in text
    assert "quorum, ces chiffres décrivent la participation" in text


def test_with_every_voice_stated_there_is_no_unstated_column(tmp_path):
    with _base(tmp_path) as base:
        p = _partners(base.con)
        _sitting(base.con, 0, MeetingKind.PLENIERE, {p["CAF du Gers"]: D, p["ADIL du Gers"]: C})
    text = _text(tmp_path)
    assert ("Présents saisis pour la réunion de la CCAPEX de la période (plénières, "
            "commissions techniques, sous-CCAPEX), avec la voix de chacun. En moyenne, 1,0 "
            "membre à voix délibérative siégeait par réunion.") in text
    assert "CCAPEX plénière 1 1,0 1,0 0,0 Ensemble 1 1,0 1,0 0,0" in text
    assert "non précisée" not in text


def test_without_any_voice_stated_there_is_no_mean(tmp_path):
    with _base(tmp_path) as base:
        p = _partners(base.con)
        _sitting(base.con, 0, MeetingKind.TECHNIQUE, {p["CAF du Gers"]: None})
    text = _text(tmp_path)
    assert ("Présents saisis pour la réunion de la CCAPEX de la période (plénières, "
            "commissions techniques, sous-CCAPEX), la voix des présents n'étant pas précisée. "
            "Réunions suivies par catégorie de partenaire Catégorie de partenaire Réunions "
            "suivies dont voix délibérative dont voix consultative dont comme invitée dont voix "
            "non précisée CAF 1 · · · 1") in text
    assert "En moyenne" not in text and "Présents par réunion" not in text


def test_commission_meetings_without_anyone_entered_or_none_at_all_say_so(tmp_path):
    with _base(tmp_path) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.TECHNIQUE))
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.GROUPE_TRAVAIL))
    assert ("Participation aux réunions de la CCAPEX Présents non saisis pour la réunion de la "
            "CCAPEX de la période (plénières, commissions techniques, sous-CCAPEX).") \
        in _text(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with _base(empty) as base:
        meetings.save(base.con, Meeting(held_on=HELD, kind=MeetingKind.GROUPE_TRAVAIL))
    assert ("Participation aux réunions de la CCAPEX Aucune plénière, commission technique ni "
            "sous-CCAPEX sur la période") in _text(empty)


def test_the_demo_s_participation_equals_its_attendance(demo_as_of_today, tmp_path):
    with Base.open(demo_as_of_today, read_only=True) as base:
        data = gather_report(base.con, today=TODAY)
        period = data.period
        rows = base.con.execute(
            "SELECT m.kind, count(DISTINCT m.id), count(*), sum(a.voice = 'DELIBERATIVE') "
            "FROM meeting m JOIN meeting_attendance a ON a.meeting_id = m.id "
            "WHERE m.held_on BETWEEN ? AND ? AND m.kind IN ('PLENIERE', 'TECHNIQUE', "
            "'SOUS_CCAPEX') GROUP BY m.kind",
            (period.first.isoformat(), period.last.isoformat())).fetchall()
    found = {kind.kind: (kind.meetings, sum(kind.by_voice.values()),
                         kind.by_voice[D]) for kind in data.ccapex.participation.kinds}
    assert found == {kind: (held, present, deliberative)
                     for kind, held, present, deliberative in rows}
    assert data.ccapex.participation.voiced == data.ccapex.participation.recorded


def test_a_version_9_base_read_as_it_is_has_every_voice_unstated(tmp_path, fill_data):
    path = tmp_path / "version9.db"
    base_at_version(path, fill_data, 9)
    with Base.open(path, read_only=True) as base:
        found = gather_report(base.con, today=date(2024, 12, 31)).ccapex.participation
    assert found == Participation(
        1, (KindPresence("PLENIERE", 1, 0, {D: 0, C: 0, I: 0}),),
        (CategoryPresence("BAILSOC", "Bailleur social", 1, {None: 1}),))
