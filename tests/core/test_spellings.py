"""One spelling per territory: two spellings of one territory share a key, a save stores
the spelling the base already uses, and the bilan's sous-CCAPEX table groups by the key."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from reporting_helpers import pdf_text

from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Meeting, Partner
from pexdesk.core.repositories import mapper, meetings, partners, territories
from pexdesk.core.services.reporting.build import build_report
from pexdesk.core.spellings import Use, spelling_key, usual_spellings

DASHES = "-‐‑‒–—―−"
FRENCH = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ0123456789 '’"
words = st.text(alphabet=FRENCH + DASHES, max_size=30)


@given(st.text(max_size=30))
def test_the_key_of_a_key_is_itself(text):
    assert spelling_key(spelling_key(text)) == spelling_key(text)


@given(words)
def test_the_key_ignores_case(text):
    assert spelling_key(text.upper()) == spelling_key(text)


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


@given(words)
def test_the_key_ignores_accents_and_ligatures(text):
    plain = _without_accents(text).replace("œ", "oe").replace("æ", "ae")
    assert spelling_key(plain) == spelling_key(text)


@given(words, st.sampled_from(DASHES))
def test_the_key_reads_every_dash_alike(text, dash):
    assert spelling_key(text.translate(str.maketrans(dict.fromkeys(DASHES, dash)))) == \
        spelling_key(text)


@given(words, st.sampled_from(["’", "'", " ' ", "’ "]))
def test_the_key_reads_every_apostrophe_alike(text, apostrophe):
    assert spelling_key(text.replace("'", apostrophe).replace("’", apostrophe)) == \
        spelling_key(text)


@given(words, st.sampled_from([".", " ", " .", ";", "…", " -"]))
def test_the_key_ignores_spaces_and_punctuation_at_the_ends(text, end):
    assert spelling_key(f"{end}{text}{end}") == spelling_key(text)


def test_spellings_of_one_territory_share_a_key_and_others_do_not():
    assert len({spelling_key(t) for t in (
        "Nord - Montbrézac", "Nord – Montbrézac", "nord–montbrezac", " NORD  —  Montbrezac.",
        "Nord−Montbrézac", "Nord Montbrézac")}) == 1
    assert spelling_key("L’Isle-Jourdain") == spelling_key("l' isle jourdain")
    assert spelling_key("Cœur de Gascogne") == spelling_key("Coeur de Gascogne")
    assert spelling_key("Nord") != spelling_key("Nord-Est")
    assert spelling_key(" – . ") == ""


def test_the_usual_spelling_is_the_most_used_then_the_first_used():
    uses = [Use("Nord - Montbrézac", 1, "2025-01-01"), Use("Nord – Montbrézac", 2, "2025-06-01"),
            Use("Sud", 1, "2025-03-01"), Use("sud", 1, "2025-02-01"), Use(" – ", 3, "2024")]
    assert usual_spellings(uses) == {"nord montbrezac": "Nord – Montbrézac", "sud": "sud"}


def _meeting(con, territory: str, day: date = date(2025, 3, 4), **counts) -> Meeting:
    return meetings.save(con, Meeting(held_on=day, kind=MeetingKind.SOUS_CCAPEX,
                                      territory=territory, **counts))


def _stored(con, table: str, record_id: int) -> str:
    return con.execute(f"SELECT territory FROM {table} WHERE id = ?", (record_id,)).fetchone()[0]


def test_a_meeting_saved_with_another_spelling_takes_the_one_the_base_uses(con):
    _meeting(con, "Nord – Montbrézac")
    _meeting(con, "Nord – Montbrézac")
    partners.save(con, Partner(name="CCAS de Montbrézac", category_code="CCAS",
                               territory="Nord - Montbrézac"))
    typed = _meeting(con, "nord–montbrezac")
    assert typed.territory == "Nord – Montbrézac"
    assert _stored(con, "meeting", typed.id) == "Nord – Montbrézac"


def test_a_partner_takes_the_spelling_of_the_meetings(con):
    _meeting(con, "Arrondissement de Condom")
    partner = partners.save(con, Partner(name="CCAS de Condom", category_code="CCAS",
                                         territory="arrondissement de condom"))
    assert _stored(con, "partner", partner.id) == "Arrondissement de Condom"


def test_a_record_s_own_spelling_is_not_one_already_used(con):
    """Correcting the only meeting of a territory keeps the correction; another spelling
    of a new territory stays as typed."""
    meeting = _meeting(con, "nord montbrezac")
    meeting.territory = "Nord – Montbrézac"
    assert meetings.save(con, meeting).territory == "Nord – Montbrézac"
    assert _meeting(con, "Sud – Auch").territory == "Sud – Auch"


def test_the_forms_offer_one_spelling_per_territory_and_place(con):
    _meeting(con, "Nord – Montbrézac", place="Mairie de Montbrézac")
    _meeting(con, "Nord – Montbrézac", place="mairie de Montbrezac")
    _meeting(con, "Sud", place="Mairie de Montbrézac")
    mapper.insert(con, Partner(name="CCAS", category_code="CCAS", territory="nord - montbrezac"))
    assert sorted(territories.territory_spellings(con).values()) == ["Nord – Montbrézac", "Sud"]
    assert list(territories.place_spellings(con).values()) == ["Mairie de Montbrézac"]


def test_the_bilan_counts_the_variants_of_a_territory_on_one_line(base, tmp_path):
    """A base holding « Nord - Montbrézac » twice and « nord – montbrezac » once, saved
    before pexdesk took the spelling in use: one line of three meetings, figures summed."""
    for day, territory, dossiers in ((date(2026, 3, 3), "Nord - Montbrézac", 6),
                                     (date(2026, 4, 7), "Nord - Montbrézac", 7),
                                     (date(2026, 5, 5), "nord – montbrezac", 5)):
        mapper.insert(base.con, Meeting(held_on=day, kind=MeetingKind.SOUS_CCAPEX,
                                        territory=territory, dossiers_examined=dossiers,
                                        opinions_issued=dossiers))
    _meeting(base.con, "Sud", date(2026, 5, 12), dossiers_examined=8, opinions_issued=7)
    out = tmp_path / "bilan.pdf"
    build_report(base.path, "activite", date(2026, 1, 1), date(2026, 6, 30), None, out,
                 today=date(2026, 7, 1))
    table = pdf_text(out).split("4.4 Sous-CCAPEX")[-1].split("4.5 Suites à donner")[0]
    assert "2 sous-CCAPEX territoriales se sont réunies : 4 séances" in table
    assert "Nord - Montbrézac 3 18 18 3 mars 2026 5 mai 2026" in table
    assert "montbrezac" not in table
    assert "Sud 1 8 7 12 mai 2026 12 mai 2026" in table
    assert "Ensemble 4 26 25" in table


def test_two_spellings_of_a_territory_no_longer_make_small_numbers_of_its_figures(
        base, tmp_path):
    """2 and 3 dossiers under two spellings were two lines « < 5 »: the territory examined 5."""
    for day, territory, dossiers in ((date(2026, 3, 3), "Nord - Montbrézac", 2),
                                     (date(2026, 4, 7), "NORD—MONTBRÉZAC", 3)):
        mapper.insert(base.con, Meeting(held_on=day, kind=MeetingKind.SOUS_CCAPEX,
                                        territory=territory, dossiers_examined=dossiers,
                                        opinions_issued=dossiers))
    out = tmp_path / "bilan.pdf"
    build_report(base.path, "activite", date(2026, 1, 1), date(2026, 6, 30), None, out,
                 today=date(2026, 7, 1))
    table = pdf_text(out).split("4.4 Sous-CCAPEX")[-1].split("4.5 Suites à donner")[0]
    assert "1 sous-CCAPEX territoriale s'est réunie : 2 séances" in table
    assert "Montbrézac 2 5 5 3 mars 2026 7 avril 2026" in table.replace("MONTBRÉZAC",
                                                                         "Montbrézac")
    assert "< 5" not in table.split("Effectifs de 1 à 4")[0]


def _variants(con) -> None:
    """« Nord – Montbrézac » on two meetings and a partner, « Nord - Montbrézac » on one
    meeting, « nord montbrezac » on a partner; « Sud » alone."""
    for territory in ("Nord – Montbrézac", "Nord – Montbrézac", "Nord - Montbrézac", "Sud"):
        mapper.insert(con, Meeting(held_on=date(2025, 3, 4), kind=MeetingKind.SOUS_CCAPEX,
                                   territory=territory))
    for name, territory in (("CCAS", "Nord – Montbrézac"), ("CAF", "nord montbrezac")):
        mapper.insert(con, Partner(name=name, category_code="CCAS", territory=territory))


def test_the_variants_list_each_territory_spelled_several_ways_usual_first(con):
    _variants(con)
    assert territories.territory_variants(con) == [(
        territories.Spelling("Nord – Montbrézac", 2, 1),
        territories.Spelling("Nord - Montbrézac", 1, 0),
        territories.Spelling("nord montbrezac", 0, 1))]


def test_harmonising_rewrites_every_variant_to_the_spelling_kept(con):
    _variants(con)
    rewritten = territories.harmonise(con, ["Nord - Montbrézac"])
    assert {table: sorted(found.values()) for table, found in rewritten.items()} == {
        "meeting": ["Nord - Montbrézac"] * 2, "partner": ["Nord - Montbrézac"] * 2}
    assert sorted(row[0] for row in con.execute(
        "SELECT territory FROM meeting UNION ALL SELECT territory FROM partner")) == [
        "Nord - Montbrézac"] * 5 + ["Sud"]
    assert territories.territory_variants(con) == []
    assert con.execute("SELECT count(*) FROM change_log WHERE action = 'UPDATE' "
                       "AND summary LIKE '%territory%'").fetchone()[0] == 4
