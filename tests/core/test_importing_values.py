"""Reading one cell: scores and not-answered values (shared/survey.md §3), départements,
partner categories on whole normalised labels (shared/domain.md §6.1), dates."""

from __future__ import annotations

from datetime import date

import pytest

from pexdesk.core.domain.kinds import NOT_CONCERNED
from pexdesk.core.reference.categories import CATEGORIES
from pexdesk.core.services.importing.values import (CATEGORY_VOCABULARY, CategoryValue, Invalid,
                                                    Vocabulary, match_label, normalise_label,
                                                    parse_category, parse_date,
                                                    parse_department, parse_score, quote)

NC = NOT_CONCERNED


@pytest.mark.parametrize("text, score", [
    ("1", 1), ("5", 5), (" 4 ", 4), ("4.0", 4), ("4,0", 4), ("4 - Satisfait", 4),
    ("4 – Satisfait", 4), ("4-Satisfait", 4), ("4/5", 4), ("4 / 5", 4), ("4 sur 5", 4),
    ("3 (Ni satisfait ni insatisfait)", 3), ("5 étoiles", 5),
    ("4 - Très insatisfait", 4),  # a leading digit wins
    ("Très insatisfait", 1), ("Pas du tout satisfait", 1), ("Très mécontent", 1),
    ("Pas du tout d'accord", 1), ("Très mauvais", 1),
    ("Insatisfait", 2), ("Plutôt insatisfait", 2), ("Plutôt pas satisfait", 2),
    ("Peu satisfait", 2), ("Mécontent", 2), ("Pas d'accord", 2), ("Plutôt pas d’accord", 2),
    ("Mauvais", 2),
    ("Ni satisfait ni insatisfait", 3), ("Ni satisfait, ni insatisfait", 3),
    ("Ni satisfait(e) ni insatisfait(e)", 3), ("Moyennement satisfait", 3), ("Neutre", 3),
    ("Ni d'accord ni pas d'accord", 3), ("Moyen", 3),
    ("Satisfait", 4), ("satisfaite", 4), ("Satisfait(e)", 4), ("SATISFAITS", 4),
    ("Plutôt satisfait", 4), ("Assez satisfait", 4), ("D'accord", 4), ("Plutôt d'accord", 4),
    ("Bon", 4), ("Bonne", 4),
    ("Très satisfait", 5), ("Très satisfaite", 5), ("très  satisfait·e", 5),
    ("Tout à fait satisfait", 5), ("Pleinement satisfait", 5), ("Tout à fait d'accord", 5),
    ("Très bon", 5), ("Excellent", 5),
])
def test_scores(text, score):
    assert parse_score(text) == score


@pytest.mark.parametrize("text", [
    "Non concerné", "non concernée", "Non concerné(e)", "NON CONCERNE", "Pas concerné",
    "Non applicable", "N/A", "n/a", "Sans objet", "Sans avis", "Ne sait pas", "Ne sais pas", "NSP",
    "Ne se prononce pas", "NC"])
def test_not_concerned(text):
    assert parse_score(text) == NC


@pytest.mark.parametrize("text", ["", "   ", "Sans réponse", "Pas de réponse", "NA", "NaN",
                                  "-", "#N/A"])
def test_no_answer(text):
    assert parse_score(text) is None


@pytest.mark.parametrize("text, message", [
    ("0", "« 0 » est hors de l'échelle de 1 à 5."),
    ("6", "« 6 » est hors de l'échelle de 1 à 5."),
    ("10 - Très satisfait", "« 10 - Très satisfait » est hors de l'échelle de 1 à 5."),
    ("4.5", "« 4.5 » n'est pas une note entière de 1 à 5."),
    ("3,5", "« 3,5 » n'est pas une note entière de 1 à 5."),
    ("4/10", "« 4/10 » n'est pas une note sur 5."),
    ("4e", "« 4e » n'est pas une note de 1 à 5 reconnue."),
    ("Très bien", "« Très bien » n'est pas une note de 1 à 5 reconnue."),
    ("Oui", "« Oui » n'est pas une note de 1 à 5 reconnue."),
    ("99999999999999999999", "« 99999999999999999999 » est hors de l'échelle de 1 à 5."),
])
def test_invalid_scores(text, message):
    assert parse_score(text) == Invalid(message)


def test_quote_keeps_messages_short_and_on_one_line():
    assert quote("a\x00b\nc\td") == "« a b c d »"
    assert quote("x" * 100) == "« " + "x" * 59 + "… »"


# --- départements -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("35", "35"), ("01", "01"), ("1", "01"), ("2A", "2A"), ("2b", "2B"), ("971", "971"),
    ("974", "974"), ("976", "976"),
    ("Ille-et-Vilaine", "35"), ("ille et vilaine", "35"), ("ILLE-ET-VILAINE", "35"),
    ("Finistère", "29"), ("finistere", "29"), ("Côtes-d'Armor", "22"), ("Cotes d Armor", "22"),
    ("Corse-du-Sud", "2A"), ("Haute Corse", "2B"), ("La Réunion", "974"), ("Réunion", "974"),
    ("Guadeloupe", "971"), ("Territoire de Belfort", "90"),
    ("Ille-et-Vilaine (35)", "35"), ("Morbihan (56)", "56"), ("Corse-du-Sud (2A)", "2A"),
    ("(35)", "35"), ("35 - Ille-et-Vilaine", "35"), ("2A – Corse-du-Sud", "2A"),
])
def test_departements(text, code):
    assert parse_department(text) == code


@pytest.mark.parametrize("text", ["", "Non concerné", "Sans réponse"])
def test_blank_departement(text):
    assert parse_department(text) is None


@pytest.mark.parametrize("text, message", [
    ("Bretagne", "« Bretagne » n'est pas un département français (code INSEE, nom, ou "
                 "« Nom (code) » attendu)."),
    ("975", "« 975 » n'est pas un département français (code INSEE, nom, ou « Nom (code) » "
            "attendu)."),
    ("96", "« 96 » n'est pas un département français (code INSEE, nom, ou « Nom (code) » "
           "attendu)."),
    ("35000", "« 35000 » n'est pas un département français (code INSEE, nom, ou "
              "« Nom (code) » attendu)."),
    ("20", "« 20 » : la Corse compte deux départements, 2A et 2B."),
    ("Finistère (35)", "« Finistère (35) » : le nom et le code ne désignent pas le même "
                       "département (35 est Ille-et-Vilaine)."),
    ("Rennes (35)", "« Rennes (35) » : le nom et le code ne désignent pas le même département "
                    "(35 est Ille-et-Vilaine)."),
])
def test_invalid_departements(text, message):
    assert parse_department(text) == Invalid(message)


# --- partner categories: whole labels, never substrings ----------------------------------------

@pytest.mark.parametrize("text, code", [
    ("CD", "CD"), ("cd", "CD"), ("Conseil départemental", "CD"), ("conseil departemental", "CD"),
    ("Département", "CD"), ("CDAD", "JUSTICE"),
    ("Conseil départemental de l'accès au droit", "JUSTICE"),
    ("Bailleur social", "BAILSOC"), ("Bailleurs sociaux", "BAILSOC"), ("BAILSOC", "BAILSOC"),
    ("SA HLM", "BAILSOC"), ("S.A. HLM", "BAILSOC"), ("DDETS-PP", "DDETS"), ("DDETS PP", "DDETS"),
    ("Préfecture/sous-préfecture", "PREF"), ("Sous préfecture", "PREF"),
    ("Caisse d’allocations familiales", "CAF"), ("  caf  ", "CAF"),
    ("Huissier de justice", "CJ"), ("Magistrat(e)", "JUSTICE"), ("115", "SIAO"),
    ("Autre", "AUTRE"), ("Autre partenaire", "AUTRE"),
])
def test_categories(text, code):
    assert parse_category(text).code == code


@pytest.mark.parametrize("text", [
    "CD 35", "Conseil départemental d'Ille-et-Vilaine", "CAF 35", "Mairie de Rennes",
    "Bailleur", "CDA", "CAF, CCAS"])
def test_category_substrings_never_match(text):
    assert parse_category(text) == Invalid(f"« {text} » n'est pas une catégorie de partenaire "
                                           "connue.")


def test_generic_category_labels_get_a_default_and_a_warning():
    assert parse_category("Association") == CategoryValue(
        "ASSO_INS", "libellé générique « Association » classé en « Association d'insertion / "
                    "logement » : à vérifier.")
    assert parse_category("Collectivité").code == "COMMUNE"
    assert parse_category("Travailleur social").code == "AUTRE"
    assert parse_category("CAF").warning is None
    assert parse_category("") is None and parse_category("Sans réponse") is None


def test_every_category_label_and_synonym_matches_its_own_code():
    for category in CATEGORIES:
        for label in (category.code, category.label, *category.synonyms):
            assert match_label(label, CATEGORY_VOCABULARY) == category.code, label


def test_a_vocabulary_refuses_a_label_shared_by_two_codes():
    with pytest.raises(ValueError, match="names both"):
        Vocabulary({"A": ("Mairie",), "B": ("mairie",)})
    vocabulary = Vocabulary({"VILLE": ("Mairie", "Hôtel de ville"), "EPCI": ("Intercommunalité",)})
    assert match_label("hotel de ville", vocabulary) == "VILLE"
    assert match_label("Hôtel", vocabulary) is None
    assert match_label("", vocabulary) is None


def test_label_normalisation():
    assert normalise_label("Mise en Œuvre") == normalise_label("mise en oeuvre") == "mise en oeuvre"
    assert normalise_label(" Très   satisfait(e) ! ") == "tres satisfait !"


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, day", [
    ("2024-03-14 10:22:33", date(2024, 3, 14)), ("2024-03-14", date(2024, 3, 14)),
    ("2024-03-14T10:22:33", date(2024, 3, 14)), ("2024/03/14 10:22:33 AM UTC+1", date(2024, 3, 14)),
    ("14/03/2024 10:22:33", date(2024, 3, 14)), ("14/03/2024", date(2024, 3, 14)),
    ("4.3.2024", date(2024, 3, 4)),
    ("45366.4375", date(2024, 3, 15)), ("45366", date(2024, 3, 15)),
    ("45366,5", date(2024, 3, 15)),
])
def test_dates(text, day):
    assert parse_date(text) == day


def test_excel_serials_match_openpyxl():
    from openpyxl.utils.datetime import from_excel

    for serial in (36526, 45366.4375, 46241.5, 73050):
        assert parse_date(str(serial)) == from_excel(serial).date()


@pytest.mark.parametrize("text", ["31/02/2024", "hier", "12345", "99999", "2024-13-01", "1/2"])
def test_invalid_dates(text):
    assert parse_date(text) == Invalid(f"« {text} » n'est pas une date reconnue.")


@pytest.mark.parametrize("text", ["23-01-01", "14/03/24", "14/03/24 10:22", "1.2.03"])
def test_a_two_digit_year_is_refused_as_ambiguous(text):
    assert parse_date(text) == Invalid(
        f"« {text} » : date ambiguë (année sur deux chiffres) ; écrivez l'année en entier, "
        "par exemple 14/03/2024 ou 2024-03-14.")


def test_blank_date():
    assert parse_date("") is None
