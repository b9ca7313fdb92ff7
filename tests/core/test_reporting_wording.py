"""The activity bilan's sentences built from counts, on tiny bases: every word agrees with
0, 1 and 2 or more (French: 0 and 1 take the singular), French elides before a vowel
(« s'est », never « se est »), and the post is always « chargé(e) de mission PEX »."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from reporting_helpers import normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Action, IndicatorValue, Meeting
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import agree, format_month, plural
from pexdesk.core.repositories import indicators, meetings, roadmap
from pexdesk.core.services.reporting.build import build_report

TODAY = date.today()
HELD = TODAY - timedelta(days=20)
"""A day in the default period (the mission's last twelve months)."""


def _base(folder: Path) -> Base:
    return Base.create(folder / "base.db", Profile(
        department_code="35", adil_name="ADIL d'Ille-et-Vilaine", officer_name="Camille Martin",
        mission_start=TODAY - timedelta(days=800)))


def _text(folder: Path, sections: tuple[str, ...]) -> str:
    """The text of ``sections`` of the bilan of the base in ``folder``."""
    out = build_report(folder / "base.db", "activite", None, None, sections,
                       folder / "bilan.pdf", today=TODAY)
    return pdf_text(out)


def _bilan(folder: Path, held: list[Meeting], sections: tuple[str, ...]) -> str:
    """The text of ``sections`` of the bilan of a base holding only ``held``."""
    with _base(folder) as base:
        for meeting in held:
            meetings.save(base.con, meeting)
    return _text(folder, sections)


def _plenary(dossiers: int, opinions: int) -> Meeting:
    return Meeting(held_on=HELD, kind="PLENIERE", dossiers_examined=dossiers,
                   opinions_issued=opinions)


def _local(territory: str) -> Meeting:
    return Meeting(held_on=HELD, kind="SOUS_CCAPEX", territory=territory, dossiers_examined=2,
                   opinions_issued=1)


def test_agree_and_plural_take_the_singular_for_0_and_1():
    assert [agree(n, "s'est tenue", "se sont tenues") for n in (0, 1, 2)] == \
        ["s'est tenue", "s'est tenue", "se sont tenues"]
    assert [plural(n, "dossier") for n in (0, 1, 12)] == ["0 dossier", "1 dossier", "12 dossiers"]


def test_one_meeting_one_dossier_one_opinion(tmp_path):
    text = _bilan(tmp_path, [_plenary(1, 1)], ("synthese", "ccapex"))
    assert ("Sur la période, 1 réunion s'est tenue (1 CCAPEX plénière). Elle a examiné "
            "1 dossier et émis 1 avis ou recommandation (période précédente : 0 réunion, "
            "0 dossier, 0 avis).") in text
    assert f"Le mois le plus chargé est {format_month(HELD)} (1 dossier examiné, 1 avis)." in text
    for tile in ("1 réunion tenue", "1 dossier examiné en CCAPEX",
                 "1 avis ou recommandation émis", "0 action dans la feuille de route"):
        assert tile in text
    assert "se sont tenues" not in text and "Elles ont" not in text


def test_a_meeting_without_dossiers(tmp_path):
    text = _bilan(tmp_path, [_plenary(0, 0)], ("ccapex",))
    assert ("1 réunion s'est tenue (1 CCAPEX plénière). Elle a examiné 0 dossier et émis "
            "0 avis ou recommandation") in text


def test_two_meetings_take_the_plural(tmp_path):
    text = _bilan(tmp_path, [_plenary(1, 1), _plenary(2, 1)], ("synthese", "ccapex"))
    assert ("Sur la période, 2 réunions se sont tenues (2 CCAPEX plénières). Elles ont "
            "examiné 3 dossiers et émis 2 avis et recommandations") in text
    assert f"Le mois le plus chargé est {format_month(HELD)} (3 dossiers examinés, 2 avis)." \
        in text
    for tile in ("2 réunions tenues", "3 dossiers examinés en CCAPEX",
                 "2 avis et recommandations émis"):
        assert tile in text


def test_one_sous_ccapex_elides(tmp_path):
    text = _bilan(tmp_path, [_local("Rennes Métropole")], ("ccapex",))
    assert ("1 sous-CCAPEX territoriale s'est réunie : 1 séance sur la période (période "
            "précédente : 0 séance).") in text
    assert "se est" not in text


def test_two_sous_ccapex_take_the_plural(tmp_path):
    text = _bilan(tmp_path, [_local("Rennes Métropole"), _local("Pays de Vitré")], ("ccapex",))
    assert ("2 sous-CCAPEX territoriales se sont réunies : 2 séances sur la période") in text


@pytest.mark.parametrize("kind", ["activite", "satisfaction"])
def test_the_post_is_worded_one_way(tmp_path, kind):
    """The cover band, « Rédigé par » and the context all say « chargé(e) de mission
    PEX »; never « chargé de mission » alone (the context's history may speak of the
    « chargés de mission » created in 2021, and the satisfaction bilan quotes the
    questionnaire's own words, absent here without responses)."""
    _bilan(tmp_path, [_plenary(1, 1)], ("synthese",))
    out = build_report(tmp_path / "base.db", kind, None, None, None, tmp_path / f"{kind}.pdf",
                       today=TODAY)
    cover, *_ = page_texts(out)
    assert "PRÉVENTION DES EXPULSIONS LOCATIVES" in cover
    assert normalise(cover).count("hargé(e) de mission PEX") == 2  # band, « Rédigé par »
    assert "Chargé(e) de mission PEX" in cover
    assert not re.search(r"[Cc]hargé de mission", pdf_text(out))


def test_an_indicator_keeps_one_number_of_decimals(tmp_path):
    """A mean always has its decimal (« 40,0 » beside « 41,9 »); the monthly values of
    a series have one if any of them does (« 12,0 » beside « 12,5 »)."""
    month = TODAY.replace(day=1)
    earlier = (month - timedelta(days=1)).replace(day=1)
    year_before = month.replace(year=month.year - 1)
    with _base(tmp_path) as base:
        codes = {i.code: i.id for i in indicators.catalogue(base.con)}
        indicators.set_values(base.con, [
            IndicatorValue(indicator_id=codes[code], department_code="35", month=day, value=v)
            for code, values in (("APL_MAINTIEN", ((earlier, 12), (month, 13), (year_before, 40))),
                                 ("PLANS_APUR", ((earlier, 12), (month, 12.5))))
            for day, v in values])
    text = _text(tmp_path, ("indicateurs",))
    assert re.search(r"APL maintenues après impayé (– )*12 13 ", text)
    assert re.search(r"Plans d'apurement et protocoles de cohésion sociale (– )*12,0 12,5 ", text)
    assert re.search(r"APL maintenues après impayé \S.*? 12,5 40,0 ", text)
    assert re.search(r"Plans d'apurement et protocoles de cohésion sociale \S.*? 12,3 – ", text)


def test_no_late_action_reads_0_not_a_dash(tmp_path):
    """« – » means « donnée non disponible » in the bilan: a count of late actions is 0."""
    with _base(tmp_path) as base:
        axes = {a.code: a.id for a in roadmap.axes(base.con)}
        for axis, due in (("FR1_SUIVI", TODAY - timedelta(days=10)),
                          ("FR2_BAILSOC", TODAY + timedelta(days=100))):
            roadmap.save_action(base.con, Action(
                axis_id=axes[axis], title=f"Action {axis}", status="EN_COURS", progress=50,
                start_on=TODAY - timedelta(days=100), due_on=due), [])
    text = _text(tmp_path, ("feuille_de_route",))
    assert "Suivi mensuel du plan d'actions et des indicateurs 0 1 0 0 1 1 50 %" in text
    assert "Stratégies départementales avec les bailleurs sociaux 0 1 0 0 1 0 50 %" in text
    assert "Ensemble 0 2 0 0 2 1 50 %" in text


def test_an_empty_directory_reads_ne_compte_aucun(tmp_path):
    text = _bilan(tmp_path, [], ("partenariat",))
    assert "L'annuaire de la mission ne compte aucun partenaire actif." in text
