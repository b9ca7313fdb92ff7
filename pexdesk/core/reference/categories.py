"""Partner categories (shared/domain.md §6.1): closed list of codes, French labels and
the synonyms found in survey exports and partner directories."""

from __future__ import annotations

from typing import NamedTuple


class Category(NamedTuple):
    code: str
    label: str
    synonyms: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category("PREF", "Préfecture / sous-préfecture", (
        "Préfecture", "Sous-préfecture", "Préfecture/sous-préfecture", "Préfet",
        "Bureau des expulsions")),
    Category("DDETS", "DDETS / DDETS-PP", (
        "DDETS", "DDETS-PP", "DDCS", "DEETS", "DRIHL UD",
        "Direction départementale de l'emploi, du travail et des solidarités")),
    Category("DDT", "DDT(M)", (
        "DDT", "DDTM", "Direction départementale des territoires",
        "Direction départementale des territoires et de la mer")),
    Category("REG", "DREETS / DREAL / DIHAL", ("DREETS", "DREAL", "DIHAL", "DRIHL")),
    Category("CD", "Conseil départemental", (
        "Conseil départemental", "CD", "Département", "Conseil général",
        "Services sociaux du département")),
    Category("METRO", "Métropole", ("Métropole",)),
    Category("EPCI", "EPCI (intercommunalité)", (
        "EPCI", "Intercommunalité", "Communauté de communes", "Communauté d'agglomération",
        "Communauté urbaine", "Collectivité (EPCI)")),
    Category("COMMUNE", "Commune / maire", (
        "Commune", "Mairie", "Maire", "Ville", "Collectivité (commune)", "Collectivité")),
    Category("CCAS", "CCAS / CIAS", (
        "CCAS", "CIAS", "Centre communal d'action sociale",
        "Centre intercommunal d'action sociale")),
    Category("CAF", "CAF", ("CAF", "Caisse d'allocations familiales")),
    Category("MSA", "MSA", ("MSA", "Mutualité sociale agricole")),
    Category("BDF", "Banque de France – commission de surendettement", (
        "Banque de France", "BDF", "Commission de surendettement")),
    Category("BAILSOC", "Bailleur social", (
        "Bailleur social", "Bailleurs sociaux", "OPH", "Office public de l'habitat", "ESH",
        "Entreprise sociale pour l'habitat", "SA HLM", "Organisme HLM", "HLM", "SEM",
        "AR HLM", "Association régionale HLM")),
    Category("BAILPRIV", "Représentants des bailleurs privés", (
        "Bailleur privé", "Bailleurs privés", "Propriétaire bailleur", "UNPI",
        "Chambre des propriétaires")),
    Category("IMMO", "Professions immobilières", (
        "Agence immobilière", "Professionnel de l'immobilier", "Administrateur de biens",
        "FNAIM", "UNIS")),
    Category("CJ", "Commissaires de justice", (
        "Commissaire de justice", "Chambre des commissaires de justice", "Huissier",
        "Huissier de justice")),
    Category("JUSTICE", "Justice (tribunal, JCP, CDAD)", (
        "Magistrat", "Juge", "Tribunal judiciaire", "Tribunal",
        "Juge des contentieux de la protection", "JCP", "CDAD",
        "Conseil départemental de l'accès au droit")),
    Category("AVOCATS", "Ordre des avocats", ("Avocat", "Ordre des avocats", "Barreau")),
    Category("ASSO_INS", "Association d'insertion / logement", (
        "Association", "Association d'insertion", "Association logement",
        "Opérateur ASLL", "Opérateur AVDL")),
    Category("ASSO_LOC", "Association de locataires", (
        "Association de locataires", "CNL", "CLCV", "CSF")),
    Category("UDAF", "UDAF", ("UDAF", "Union départementale des associations familiales")),
    Category("ADIL", "ADIL", ("ADIL", "Agence départementale d'information sur le logement")),
    Category("AL", "Action Logement", ("Action Logement", "Action Logement Services")),
    Category("SIAO", "SIAO", ("SIAO", "Service intégré d'accueil et d'orientation", "115")),
    Category("COMED", "Commission de médiation DALO", (
        "COMED", "Commission de médiation", "Commission de médiation DALO")),
    Category("FSI", "Police / gendarmerie", (
        "Police", "Police nationale", "Gendarmerie", "Commissariat", "Forces de l'ordre")),
    Category("PROT_MAJ", "Protection des majeurs", (
        "Mandataire judiciaire", "MJPM", "Protection des majeurs", "Tutelle", "Curatelle")),
    Category("AUTRE", "Autre partenaire", (
        "Autre", "Autre partenaire", "Travailleur social", "État", "Services de l'État")),
)

CATEGORY_LABELS: dict[str, str] = {c.code: c.label for c in CATEGORIES}
