"""File names made from user text (partner, campaign and base names): one rule for the
bilans, the exports and the backups, safe in any Windows folder."""

from __future__ import annotations

import pytest

from pexdesk.core.safety.files import MAX_NAME_LENGTH, safe_file_name


@pytest.mark.parametrize("text, name", [
    ("Bilan activité 2025", "Bilan activite 2025"),
    ("Enquête CCAPEX Hérault", "Enquete CCAPEX Herault"),
    # a sign without a letter in it is dropped, the spaces around it kept: backups are found
    # by their base's name made safe, so this rule cannot change without hiding them
    ("ADIL 34 – 2025", "ADIL 34  2025"),
    ('Bilan: "été" <2025>/\\|?*.', "Bilan_ _ete_ _2025"),
    ("../../Mairie\x00\ttab", "Mairie_tab"),
    ("CON", "_CON"),
    ("nul", "_nul"),
    ("Com1", "_Com1"),
    ("LPT9", "_LPT9"),
    ("COM0", "_COM0"),
    ("COM¹", "_COM1"),
    ("prn. ", "_prn"),
    ("CON.txt", "CON_txt"),
    ("Aux partenaires", "Aux partenaires"),
    ("COM10", "COM10"),
    ("Rapport final. . .", "Rapport final"),
    ("  Rapport  ", "Rapport"),
    ("...", "fichier"),
    ("", "fichier"),
    ("日本語", "fichier"),
    ("é" * 300, "e" * MAX_NAME_LENGTH),
    ("x" * 99 + " suite", "x" * 99),
])
def test_file_names_made_from_user_text(text, name):
    assert safe_file_name(text) == name


def test_an_empty_name_takes_the_caller_s_fallback_checked_like_any_name():
    assert safe_file_name("???", fallback="pexdesk") == "pexdesk"
    assert safe_file_name("", fallback="aux") == "_aux"
