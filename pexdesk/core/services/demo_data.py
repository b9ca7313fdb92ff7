"""The invented content of the demonstration base: organisations, people, texts.

Everything here is fiction set in a real département (Gers, 32): the towns,
organisations and people do not exist, e-mail domains end in ``.invalid`` (a
reserved name that never reaches anyone), and no text mentions a household.
Dates are month offsets from the day the base is written, so the demo always
shows the last two years.
"""

from __future__ import annotations

from typing import NamedTuple

from pexdesk.core.domain.kinds import ActionStatus
from pexdesk.core.domain.models import Direction

DEPARTMENT = "32"
ADIL_NAME = "ADIL de démonstration (données fictives)"
OFFICER_NAME = "Camille Soubiran"
MAIL_DOMAIN = "demo.invalid"
PHONE_PREFIXES = ("05 62", "05 81")

NORTH = "Nord – Montbrézac"
EAST = "Est – Castelvézan"
SOUTH = "Sud – Vic-Aurèle"

CHARTER_MONTH = -13
"""The charte was signed thirteen months ago; a few partners joined later."""

# Tags
MEMBER = "Membre de droit"
TECHNICAL = "Commission technique"
DSF = "Opérateur DSF"
ALERTS = "Signalements"
REHOUSING = "Relogement"
PRIVATE = "Parc privé"
LOCAL = "Sous-CCAPEX"


class PartnerSpec(NamedTuple):
    category: str
    name: str
    domain: str
    territory: str = ""
    tags: tuple[str, ...] = ()
    charter_month: int | None = None
    notes: str = ""


PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec("PREF", "Préfecture – bureau de la prévention des expulsions", "prefecture", "",
                (MEMBER, TECHNICAL), CHARTER_MONTH,
                "Co-préside la CCAPEX ; instruit les demandes de concours de la force publique."),
    PartnerSpec("PREF", "Sous-préfecture de Castelvézan", "prefecture", EAST, (LOCAL,)),
    PartnerSpec("PREF", "Sous-préfecture de Vic-Aurèle", "prefecture", SOUTH, (LOCAL,)),
    PartnerSpec("DDETS", "DDETS – pôle logement et hébergement", "ddets", "",
                (MEMBER, TECHNICAL), CHARTER_MONTH,
                "Assure le secrétariat de la CCAPEX et finance la mission."),
    PartnerSpec("DDETS", "DDETS – service cohésion sociale et DALO", "ddets"),
    PartnerSpec("DDT", "DDT – service habitat et rénovation", "ddt"),
    PartnerSpec("REG", "DREETS – unité régionale hébergement-logement", "dreets"),
    PartnerSpec("REG", "DREAL – mission habitat", "dreal"),
    PartnerSpec("CD", "Conseil départemental – direction des solidarités", "departement", "",
                (MEMBER, TECHNICAL), CHARTER_MONTH, "Co-préside la CCAPEX ; pilote le PDALHPD."),
    PartnerSpec("CD", "Conseil départemental – service du FSL", "departement", "", (TECHNICAL,)),
    PartnerSpec("CD", "Maison départementale des solidarités de Montbrézac", "departement", NORTH,
                (LOCAL, DSF)),
    PartnerSpec("CD", "Maison départementale des solidarités de Vic-Aurèle", "departement", SOUTH,
                (LOCAL, DSF)),
    PartnerSpec("METRO", "Métropole de Valbrune – direction de l'habitat", "valbrune-metropole", "",
                (), None, "Métropole limitrophe : coordination pour les ménages relogés hors "
                          "département."),
    PartnerSpec("EPCI", "Communauté d'agglomération du Grand Montbrézac", "grand-montbrezac", NORTH,
                (LOCAL,), CHARTER_MONTH),
    PartnerSpec("EPCI", "Communauté de communes des Coteaux de Castelvézan", "coteaux-castelvezan",
                EAST, (LOCAL,), CHARTER_MONTH + 4),
    PartnerSpec("EPCI", "Communauté de communes du Val d'Aurèle", "val-aurele", SOUTH, (LOCAL,),
                CHARTER_MONTH + 7),
    PartnerSpec("EPCI", "Communauté de communes Bastide et Pradoux", "bastide-pradoux", SOUTH),
    PartnerSpec("COMMUNE", "Mairie de Montbrézac", "montbrezac", NORTH, (LOCAL,), CHARTER_MONTH),
    PartnerSpec("COMMUNE", "Mairie de Lauzignac", "lauzignac", NORTH),
    PartnerSpec("COMMUNE", "Mairie de Castelvézan", "castelvezan", EAST, (LOCAL,)),
    PartnerSpec("COMMUNE", "Mairie de Saint-Géraud-des-Prés", "saint-geraud", SOUTH),
    PartnerSpec("COMMUNE", "Mairie de Bastide-Orlane", "bastide-orlane", SOUTH),
    PartnerSpec("CCAS", "CCAS de Montbrézac", "montbrezac", NORTH, (LOCAL, DSF), CHARTER_MONTH),
    PartnerSpec("CCAS", "CCAS de Lauzignac", "lauzignac", NORTH, (LOCAL,)),
    PartnerSpec("CCAS", "CIAS des Coteaux de Castelvézan", "coteaux-castelvezan", EAST, (LOCAL,)),
    PartnerSpec("CCAS", "CCAS de Vic-Aurèle", "vic-aurele", SOUTH, (LOCAL,)),
    PartnerSpec("CAF", "Caisse d'allocations familiales – pôle aides au logement", "caf", "",
                (MEMBER, TECHNICAL, ALERTS), CHARTER_MONTH),
    PartnerSpec("MSA", "MSA – action sanitaire et sociale", "msa", "", (MEMBER, TECHNICAL),
                CHARTER_MONTH),
    PartnerSpec("BDF", "Banque de France – secrétariat de la commission de surendettement", "bdf",
                "", (TECHNICAL,), CHARTER_MONTH),
    PartnerSpec("BAILSOC", "Office public de l'habitat de Montbrézac", "oph-montbrezac", "",
                (TECHNICAL, REHOUSING), CHARTER_MONTH),
    PartnerSpec("BAILSOC", "Habitat Coteaux Solidaires (ESH)", "coteaux-solidaires", "",
                (TECHNICAL, REHOUSING), CHARTER_MONTH),
    PartnerSpec("BAILSOC", "Gascogne Logis (SA HLM)", "gascogne-logis", "", (REHOUSING,),
                CHARTER_MONTH + 2),
    PartnerSpec("BAILSOC", "SEM Habitat de Castelvézan", "sem-castelvezan", EAST, (REHOUSING,)),
    PartnerSpec("BAILPRIV", "Chambre syndicale des propriétaires de Montbrézac", "proprietaires",
                "", (PRIVATE,), CHARTER_MONTH),
    PartnerSpec("BAILPRIV", "Association des propriétaires bailleurs du Val d'Aurèle",
                "bailleurs-aurele", SOUTH, (PRIVATE,)),
    PartnerSpec("IMMO", "Chambre départementale des professionnels de l'immobilier", "immobilier",
                "", (PRIVATE,), CHARTER_MONTH + 5),
    PartnerSpec("IMMO", "Agence immobilière du Vieux Pont", "agence-vieux-pont", NORTH, (PRIVATE,)),
    PartnerSpec("IMMO", "Cabinet Bastide Gestion, administrateur de biens", "bastide-gestion", "",
                (PRIVATE,)),
    PartnerSpec("CJ", "Chambre départementale des commissaires de justice", "commissaires-justice",
                "", (ALERTS,), CHARTER_MONTH),
    PartnerSpec("CJ", "Étude de commissaires de justice des Coteaux", "etude-coteaux", EAST),
    PartnerSpec("JUSTICE", "Tribunal judiciaire – pôle de la protection", "justice", "", (),
                CHARTER_MONTH),
    PartnerSpec("JUSTICE", "Conseil départemental de l'accès au droit", "cdad", "", (),
                CHARTER_MONTH),
    PartnerSpec("AVOCATS", "Ordre des avocats du barreau de Montbrézac", "barreau-montbrezac", "",
                (), CHARTER_MONTH),
    PartnerSpec("ASSO_INS", "Association Toit et Insertion", "toit-insertion", "",
                (DSF, TECHNICAL), CHARTER_MONTH),
    PartnerSpec("ASSO_INS", "Association Passerelle Logement", "passerelle-logement", NORTH,
                (DSF,)),
    PartnerSpec("ASSO_INS", "Association Solidarités Gasconnes", "solidarites-gasconnes", SOUTH),
    PartnerSpec("ASSO_INS", "Relais Habitat Jeunes des Coteaux", "relais-habitat", EAST),
    PartnerSpec("ASSO_LOC", "Union départementale des locataires", "locataires", "", (),
                CHARTER_MONTH + 3),
    PartnerSpec("ASSO_LOC", "Amicale des locataires de la résidence des Tilleuls",
                "amicale-tilleuls", NORTH),
    PartnerSpec("UDAF", "UDAF – pôle accompagnement budgétaire", "udaf", "", (TECHNICAL,),
                CHARTER_MONTH),
    PartnerSpec("ADIL", "ADIL – service juridique", "adil", "", (TECHNICAL,), CHARTER_MONTH,
                "Structure porteuse de la mission de prévention des expulsions."),
    PartnerSpec("AL", "Action Logement Services – délégation territoriale", "action-logement", "",
                (REHOUSING,), CHARTER_MONTH),
    PartnerSpec("SIAO", "SIAO – service intégré d'accueil et d'orientation", "siao", "",
                (TECHNICAL, REHOUSING), CHARTER_MONTH),
    PartnerSpec("COMED", "Commission de médiation DALO – secrétariat", "comed", "", (REHOUSING,)),
    PartnerSpec("FSI", "Commissariat de police de Montbrézac", "police", NORTH),
    PartnerSpec("FSI", "Compagnie de gendarmerie de Vic-Aurèle", "gendarmerie", SOUTH),
    PartnerSpec("PROT_MAJ", "Service mandataire Tutelles des Coteaux", "tutelles-coteaux", "", (),
                CHARTER_MONTH + 5),
    PartnerSpec("PROT_MAJ", "Association tutélaire du Val d'Aurèle", "tutelaire-aurele", SOUTH),
    PartnerSpec("AUTRE", "Espace France Services de Lauzignac", "france-services-lauzignac", NORTH),
    PartnerSpec("AUTRE", "Association départementale des maires", "maires", "", (LOCAL,)),
)

ROLES: dict[str, tuple[str, ...]] = {
    "PREF": ("Responsable du bureau des expulsions", "Adjoint(e) au responsable du bureau",
             "Secrétaire général(e)"),
    "DDETS": ("Responsable du pôle logement-hébergement", "Secrétaire de la CCAPEX",
              "Chargé(e) de mission prévention des expulsions"),
    "DDT": ("Responsable du service habitat", "Chargé(e) d'études habitat"),
    "REG": ("Chargé(e) de mission hébergement-logement", "Responsable de l'unité habitat"),
    "CD": ("Responsable du service FSL", "Assistant(e) de service social",
           "Responsable de territoire d'action sociale"),
    "METRO": ("Responsable du service habitat", "Chargé(e) de mission logement d'abord"),
    "EPCI": ("Vice-président(e) chargé(e) de l'habitat", "Chargé(e) de mission habitat"),
    "COMMUNE": ("Adjoint(e) au maire chargé(e) du logement", "Secrétaire de mairie"),
    "CCAS": ("Responsable du CCAS", "Assistant(e) de service social", "Référent(e) logement"),
    "CAF": ("Responsable du pôle aides au logement", "Référent(e) impayés de loyer"),
    "MSA": ("Responsable de l'action sanitaire et sociale", "Gestionnaire prestations logement"),
    "BDF": ("Responsable du secrétariat de la commission", "Chargé(e) de surendettement"),
    "BAILSOC": ("Responsable du recouvrement", "Chargé(e) de précontentieux",
                "Référent(e) social(e)"),
    "BAILPRIV": ("Président(e)", "Juriste"),
    "IMMO": ("Gérant(e)", "Responsable de la gestion locative"),
    "CJ": ("Président(e) de la chambre", "Commissaire de justice"),
    "JUSTICE": ("Juge des contentieux de la protection", "Secrétaire général(e) du CDAD"),
    "AVOCATS": ("Avocat(e) référent(e) prévention des expulsions", "Membre du conseil de l'ordre"),
    "ASSO_INS": ("Responsable du service logement", "Intervenant(e) social(e)",
                 "Chargé(e) d'accompagnement ASLL"),
    "ASSO_LOC": ("Président(e)", "Bénévole référent(e)"),
    "UDAF": ("Responsable du service accompagnement budgétaire",
             "Délégué(e) aux prestations familiales"),
    "ADIL": ("Juriste", "Responsable du service juridique"),
    "AL": ("Chargé(e) de relations territoriales", "Responsable de l'accompagnement social"),
    "SIAO": ("Responsable du SIAO", "Chargé(e) d'orientation"),
    "COMED": ("Secrétaire de la commission de médiation", "Chargé(e) d'instruction DALO"),
    "FSI": ("Responsable de l'unité de police administrative", "Commandant(e) de brigade"),
    "PROT_MAJ": ("Mandataire judiciaire", "Responsable de service"),
    "AUTRE": ("Chargé(e) d'accueil", "Responsable de structure"),
}
"""Functions per partner category; « (e) » follows the gender of the contact's first name."""

FEMALE_FIRST_NAMES = (
    "Anne", "Sophie", "Claire", "Isabelle", "Nathalie", "Céline", "Émilie", "Julie", "Laure",
    "Marion", "Hélène", "Sandrine", "Aurélie", "Mathilde", "Élodie", "Agnès", "Véronique",
    "Pauline", "Chloé", "Lucie", "Sylvie", "Marie-Hélène", "Nadia", "Inès", "Fatima")
MALE_FIRST_NAMES = (
    "Thomas", "Nicolas", "Julien", "Pierre", "Laurent", "Olivier", "Sébastien", "Jérôme",
    "Mathieu", "François", "Philippe", "Guillaume", "Antoine", "Benoît", "Cédric", "Damien",
    "Frédéric", "Hugo", "Karim", "Romain", "Vincent", "Yannick", "Jean-Marc", "Mehdi", "Bruno")
LAST_NAMES = (
    "Abadie", "Barrère", "Bordes", "Caussade", "Daguzan", "Dupouy", "Espagnac", "Fourcade",
    "Labat", "Lafforgue", "Larrieu", "Laborde", "Marrast", "Pujol", "Sarrat", "Soulé", "Tachon",
    "Vignau", "Bernard", "Moreau", "Girard", "Roux", "Fournier", "Bonnet", "Mercier", "Lambert",
    "Faure", "Rousseau", "Blanc", "Guérin", "Perrin", "Morin", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Benali", "Nguyen", "Da Silva", "Haddad",
    "Castaing", "Duprat", "Sempé", "Cazaux", "Ducasse")

# Meetings ----------------------------------------------------------------------------------

MEETING_MONTHS = {
    "PLENIERE": (-22, -16, -10, -4),
    "COPIL_CHARTE": (-23, -20, -17, -14, -2),
    "AUTRE": (-12, -6),
}
"""Months of the occasional meetings; the commission technique meets every month."""

LOCAL_COMMISSIONS = ((NORTH, -16), (EAST, -11), (SOUTH, -4))
"""Each sous-CCAPEX, from its first meeting on, meets every other month."""

PLACES = {
    "TECHNIQUE": ("Préfecture, salle des commissions", "DDETS, salle du deuxième étage"),
    "PLENIERE": ("Préfecture, salle du conseil", "Hôtel du Département, salle des séances"),
    "COPIL_CHARTE": ("Hôtel du Département, salle 3", "DDETS, salle du deuxième étage"),
    "GROUPE_TRAVAIL": ("ADIL, salle de formation", "DDETS, salle du deuxième étage"),
    "AUTRE": ("Salle des fêtes de Lauzignac", "Mairie de Montbrézac, salle du conseil"),
}
LOCAL_PLACES = {
    NORTH: "Maison départementale des solidarités de Montbrézac",
    EAST: "Sous-préfecture de Castelvézan",
    SOUTH: "Maison départementale des solidarités de Vic-Aurèle",
}

SITTING_HOURS = {
    "PLENIERE": (((14, 0), (9, 30)), (150, 180)),
    "TECHNIQUE": (((9, 0), (9, 30)), (180, 210)),
    "SOUS_CCAPEX": (((14, 0), (9, 30)), (120, 150)),
    "COPIL_CHARTE": (((10, 0), (14, 30)), (120,)),
    "GROUPE_TRAVAIL": (((9, 30), (14, 0)), (90, 120)),
    "AUTRE": (((18, 0), (10, 0)), (90,)),
}
"""When each kind of meeting usually starts (hour, minute) and how long it lasts (minutes)."""

CHAIRED_IN_PERSON = {"PLENIERE": (0.7, 0.6), "COPIL_CHARTE": (0.5, 0.5),
                     "TECHNIQUE": (0.0, 0.0), "SOUS_CCAPEX": (0.0, 0.0)}
"""How often the préfet and the président du conseil départemental chair such a meeting in
person, rather than being represented; the other kinds are chaired by neither. The
métropole of the demo is a neighbour's, no co-president."""

SECRETARIATS = {"PLENIERE": "DDETS – pôle logement et hébergement",
                "TECHNIQUE": "DDETS – pôle logement et hébergement",
                "COPIL_CHARTE": "DDETS – pôle logement et hébergement",
                "GROUPE_TRAVAIL": "ADIL – service juridique"}
"""Who holds the secretariat of each kind of meeting: the State's by default (décret 2015,
art. 10); a sous-CCAPEX's is held by its host (``LOCAL_PLACES``)."""

MEETING_NOTES = {
    "TECHNIQUE": (
        "Examen des situations inscrites à l'ordre du jour ; relevé de décisions diffusé aux "
        "membres sous huit jours.",
        "Point d'étape sur les avis rendus le mois précédent et sur les saisines des bailleurs "
        "personnes morales.",
        "Plusieurs dossiers ajournés dans l'attente du diagnostic social et financier.",
        "Séance consacrée en partie à la préparation de la sortie de trêve hivernale.",
    ),
    "PLENIERE": (
        "Bilan d'activité de la commission présenté aux membres ; règlement intérieur actualisé "
        "et adopté.",
        "Présentation des indicateurs semestriels et de l'avancement de la feuille de route.",
    ),
    "SOUS_CCAPEX": (
        "Étude collégiale des situations complexes du territoire, avec les CCAS et la maison "
        "départementale des solidarités.",
        "Retour sur les orientations de la séance précédente ; le relevé ne contient aucune "
        "donnée nominative.",
    ),
    "COPIL_CHARTE": (
        "Concertation sur les engagements des partenaires à chaque étape de la procédure.",
        "Validation du projet de charte avant son passage au comité responsable du PDALHPD.",
        "Évaluation annuelle de la charte : indicateurs et tenue des engagements.",
    ),
    "AUTRE": (
        "Réunion d'information des maires et des secrétaires de mairie sur la procédure "
        "d'expulsion et le rôle de la CCAPEX.",
    ),
}

FOLLOWUPS = {
    "TECHNIQUE": ("Diffuser le relevé de décisions aux membres",
                  "Relancer les bailleurs sur les plans d'apurement proposés",
                  "Transmettre les demandes d'aide du FSL au service instructeur"),
    "PLENIERE": ("Mettre à jour le règlement intérieur",
                 "Transmettre le bilan d'activité au comité responsable du PDALHPD"),
    "SOUS_CCAPEX": ("Organiser la prochaine séance avec les CCAS du territoire",
                    "Faire remonter les situations bloquées à la commission technique"),
    "COPIL_CHARTE": ("Recueillir les observations des signataires sur le projet de charte",
                     "Préparer le tableau de suivi des engagements"),
    "GROUPE_TRAVAIL": ("Rédiger la synthèse des échanges",
                       "Proposer un calendrier de mise en œuvre"),
    "AUTRE": ("Envoyer le support de présentation aux participants",),
}

BREAKDOWN_WEIGHTS: dict[str, dict[str, int]] = {
    "ORIGIN": {"SIGNALEMENT_CP": 45, "SAISINE_BAILLEUR_PM": 30, "CAF_MSA_APL": 10,
               "TRAVAILLEUR_SOCIAL": 9, "MENAGE": 4, "AUTRE": 2},
    "STAGE": {"PRECONTENTIEUX": 10, "CP": 30, "ASSIGNATION": 28, "JUGEMENT": 12, "CQL": 10,
              "CFP_DEMANDE": 5, "CFP_ACCORDE": 4, "CFP_REFUSE": 1},
    "OPINION": {"FSL": 25, "PLAN_APUREMENT": 20, "ACCOMPAGNEMENT": 20, "MUTATION_RELOGEMENT": 10,
                "DALO": 5, "HEBERGEMENT": 5, "SURENDETTEMENT": 8, "APL": 5, "CLASSEMENT": 2},
}
"""How the demo's technical commissions and sous-CCAPEX divide their dossiers and avis."""

UNBROKEN_STAGE_SHARE = 0.2
"""The share of the demo's meetings whose secretariat gave no stage for some dossiers: the
bilan then shows « non ventilé »."""

ATTENDING_CATEGORIES = {
    "TECHNIQUE": ("PREF", "DDETS", "CD", "CAF", "MSA", "BAILSOC", "ADIL", "UDAF", "BDF", "SIAO",
                  "ASSO_INS"),
    "COPIL_CHARTE": ("PREF", "DDETS", "CD", "CAF", "BAILSOC", "BAILPRIV", "IMMO", "CJ", "JUSTICE",
                     "AVOCATS", "ADIL", "EPCI", "ASSO_LOC"),
    "AUTRE": ("COMMUNE", "EPCI", "CCAS", "ADIL", "PREF", "AUTRE"),
    "SOUS_CCAPEX": ("CD", "CAF", "ADIL", "BAILSOC"),
}
"""Who sits where; a sous-CCAPEX also gathers every partner of its territory."""


class WorkingGroup(NamedTuple):
    theme: str
    month: int
    categories: tuple[str, ...]
    notes: str


WORKING_GROUPS: tuple[WorkingGroup, ...] = (
    WorkingGroup("Diagnostic social et financier", -21,
                 ("CD", "CCAS", "ASSO_INS", "JUSTICE", "ADIL", "DDETS", "CAF"),
                 "Cartographie des opérateurs du DSF et du circuit de transmission au juge."),
    WorkingGroup("Relogement avant concours de la force publique", -19,
                 ("BAILSOC", "SIAO", "PREF", "DDETS", "AL", "CD"),
                 "Principe d'une proposition de relogement ou d'hébergement avant tout concours."),
    WorkingGroup("Bailleurs privés et professionnels de l'immobilier", -17,
                 ("BAILPRIV", "IMMO", "CJ", "ADIL", "DDETS"),
                 "Attentes des bailleurs privés : information précoce, interlocuteur unique."),
    WorkingGroup("Communes et intercommunalités", -14,
                 ("COMMUNE", "EPCI", "CCAS", "ADIL", "PREF"),
                 "Périmètre des sous-CCAPEX et rôle des CCAS dans le repérage des impayés."),
    WorkingGroup("Diagnostic social et financier", -11,
                 ("CD", "CCAS", "ASSO_INS", "JUSTICE", "ADIL", "DDETS"),
                 "Bilan du nouveau circuit : délais de transmission avant l'audience."),
    WorkingGroup("Bailleurs privés et professionnels de l'immobilier", -7,
                 ("BAILPRIV", "IMMO", "ADIL", "CAF"),
                 "Préparation du guide de l'impayé et des réunions d'information."),
    WorkingGroup("Données et indicateurs", -5,
                 ("DDETS", "PREF", "CAF", "CD", "ADIL", "JUSTICE"),
                 "Harmonisation des définitions des indicateurs mensuels transmis à la DDETS."),
    WorkingGroup("Relogement avant concours de la force publique", -1,
                 ("BAILSOC", "SIAO", "PREF", "DDETS", "AL"),
                 "Premier bilan de la commission de relogement inter-bailleurs."),
)

# Roadmap -----------------------------------------------------------------------------------


class ActionSpec(NamedTuple):
    axis: str
    title: str
    description: str
    start: int
    due: int
    status: str
    progress: int
    leads: tuple[str, ...]
    journal: tuple[str, ...] = ()
    deliverables: tuple[tuple[str, bool], ...] = ()
    commission: str = ""
    """The sous-CCAPEX territory the action sets up: its journal ends on the day of that
    commission's first séance."""


_ADIL = "ADIL – service juridique"
_DDETS = "DDETS – pôle logement et hébergement"
_PREF = "Préfecture – bureau de la prévention des expulsions"
_CD = "Conseil départemental – direction des solidarités"
_OPH = "Office public de l'habitat de Montbrézac"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("FR1_SUIVI", "Diagnostic territorial de la prévention des expulsions",
               "Rencontrer chaque partenaire et décrire le fonctionnement de la prévention "
               "dans le département.", -23, -17, ActionStatus.REALISEE, 100, (_ADIL, _DDETS),
               ("Entretiens menés avec vingt partenaires.",
                "Restitution du diagnostic au comité responsable du PDALHPD."),
               (("Rapport de diagnostic territorial", True), ("Schéma des procédures", True))),
    ActionSpec("FR1_SUIVI", "Tableau de bord mensuel des indicateurs",
               "Définir les indicateurs suivis chaque mois avec la DDETS et organiser leur "
               "collecte.", -22, -18, ActionStatus.REALISEE, 100, (_DDETS, _ADIL),
               ("Liste des indicateurs arrêtée avec la DDETS.",
                "Premier tableau de bord transmis."),
               (("Modèle de tableau de bord mensuel", True),)),
    ActionSpec("FR1_SUIVI", "Réécriture de la charte de prévention des expulsions",
               "Diagnostic, rédaction, concertation, approbation par le comité responsable du "
               "PDALHPD, signature.", -23, CHARTER_MONTH, ActionStatus.REALISEE, 100,
               (_PREF, _CD, _ADIL),
               ("Diagnostic de la charte précédente partagé avec les signataires.",
                "Rédaction du projet en ateliers.",
                "Concertation : observations de douze partenaires intégrées.",
                "Approbation par le comité responsable du PDALHPD.",
                "Signature de la nouvelle charte."),
               (("Charte signée", True), ("Annexe des engagements par partenaire", True))),
    ActionSpec("FR1_SUIVI", "Fiabiliser la remontée des données EXPLOC vers la CCAPEX",
               "Obtenir chaque mois des extractions agrégées cohérentes avec les indicateurs.",
               -10, -1, ActionStatus.EN_COURS, 40, (_PREF, _DDETS),
               ("Écarts constatés entre deux extractions, signalés au bureau des expulsions.",
                "Réunion technique avec le référent EXPLOC de la préfecture."),
               (("Note de méthode sur les extractions", False),)),
    ActionSpec("FR1_SUIVI", "Bilan annuel du plan d'actions départemental",
               "Préparer le bilan présenté à la CCAPEX plénière et transmis à la DDETS.",
               -2, 2, ActionStatus.EN_COURS, 60, (_DDETS, _ADIL),
               ("Plan du bilan validé avec la DDETS.",),
               (("Bilan annuel", False),)),
    ActionSpec("FR2_BAILSOC", "Protocole de relogement avant concours de la force publique",
               "Engager les bailleurs sociaux à proposer une solution avant toute intervention "
               "de la force publique.", -20, -12, ActionStatus.REALISEE, 100, (_OPH, _DDETS),
               ("Premier projet de protocole discuté en groupe de travail.",
                "Protocole signé par les quatre bailleurs sociaux."),
               (("Protocole inter-bailleurs signé", True),)),
    ActionSpec("FR2_BAILSOC", "Repérage précoce des impayés dans le parc social",
               "Saisine de la CCAPEX par les bailleurs au moins deux mois avant l'assignation.",
               -14, 3, ActionStatus.EN_COURS, 70, (_OPH, "Habitat Coteaux Solidaires (ESH)"),
               ("Fiche de saisine commune diffusée aux bailleurs.",
                "Premier bilan : saisines plus précoces chez deux bailleurs sur quatre.")),
    ActionSpec("FR2_BAILSOC", "Commission de relogement inter-bailleurs",
               "Une commission mensuelle pour les ménages dont le relogement est la seule issue.",
               -9, 6, ActionStatus.EN_COURS, 55,
               (_OPH, "SIAO – service intégré d'accueil et d'orientation"),
               ("Règlement de la commission rédigé.", "Première séance tenue.")),
    ActionSpec("FR2_BAILSOC", "Généralisation des protocoles de cohésion sociale",
               "Proposer systématiquement un protocole après une résiliation de bail.",
               -3, -1, ActionStatus.A_LANCER, 0, ("Gascogne Logis (SA HLM)",),
               ("Lancement reporté : les bailleurs attendent le bilan du repérage précoce.",)),
    ActionSpec("FR3_PRIVE", "Convention avec les professionnels de l'immobilier",
               "Informer les bailleurs dès le premier impayé et orienter vers l'ADIL.",
               -18, -10, ActionStatus.REALISEE, 100,
               ("Chambre départementale des professionnels de l'immobilier", _ADIL),
               ("Projet de convention soumis aux agences.", "Convention signée."),
               (("Convention signée", True),)),
    ActionSpec("FR3_PRIVE", "Réunions d'information des propriétaires bailleurs",
               "Quatre réunions par an sur la procédure, le FSL et les aides au maintien.",
               -12, 4, ActionStatus.EN_COURS, 50,
               ("Chambre syndicale des propriétaires de Montbrézac", _ADIL),
               ("Première réunion à Montbrézac : une quarantaine de participants.",
                "Deuxième réunion à Vic-Aurèle.")),
    ActionSpec("FR3_PRIVE", "Guide de l'impayé pour les bailleurs privés",
               "Un guide court : que faire au premier impayé, qui appeler, quelles aides.",
               -8, -2, ActionStatus.EN_COURS, 30, (_ADIL,),
               ("Sommaire validé en groupe de travail.",),
               (("Guide de l'impayé", False),)),
    ActionSpec("FR3_PRIVE", "Permanence juridique commune ADIL–agences immobilières",
               "Permanence mensuelle dans les locaux des agences.", -16, -6,
               ActionStatus.ABANDONNEE, 20, (_ADIL, "Agence immobilière du Vieux Pont"),
               ("Deux permanences tenues, très peu fréquentées.",
                "Action abandonnée : remplacée par les réunions d'information.")),
    ActionSpec("FR4_LOCAL", "Déploiement de la sous-CCAPEX Nord",
               "Sous-CCAPEX du territoire de Montbrézac, avec les CCAS.", -20, -16,
               ActionStatus.REALISEE, 100,
               ("Communauté d'agglomération du Grand Montbrézac", _CD),
               ("Périmètre et règlement validés.", "Première séance tenue."),
               (("Règlement intérieur de la sous-CCAPEX Nord", True),), NORTH),
    ActionSpec("FR4_LOCAL", "Déploiement de la sous-CCAPEX Est",
               "Sous-CCAPEX du territoire de Castelvézan.", -16, -12, ActionStatus.REALISEE, 100,
               ("Communauté de communes des Coteaux de Castelvézan",
                "Sous-préfecture de Castelvézan"),
               ("Présentation aux maires du territoire.", "Première séance tenue."),
               (("Règlement intérieur de la sous-CCAPEX Est", True),), EAST),
    ActionSpec("FR4_LOCAL", "Déploiement de la sous-CCAPEX Sud",
               "Sous-CCAPEX du territoire de Vic-Aurèle.", -9, 1, ActionStatus.EN_COURS, 80,
               ("Communauté de communes du Val d'Aurèle", "Sous-préfecture de Vic-Aurèle"),
               ("Accord des élus sur le périmètre.", "Première séance tenue."), (), SOUTH),
    ActionSpec("FR4_LOCAL", "Formation des élus et secrétaires de mairie",
               "Sessions courtes sur la procédure et le repérage des impayés.", -6, 5,
               ActionStatus.EN_COURS, 45, ("Association départementale des maires", _ADIL),
               ("Deux sessions organisées, une trentaine de participants.",)),
    ActionSpec("FR4_LOCAL", "Liste des maires à inviter en CCAPEX",
               "Recueillir les souhaits des maires pour l'annexe de la charte.", 1, 7,
               ActionStatus.A_LANCER, 0, (_PREF,)),
    ActionSpec("FR5_DSF", "Circuit de transmission des DSF au juge et à la CCAPEX",
               "Respecter le délai de cinq jours ouvrés avant l'audience.", -22, -14,
               ActionStatus.REALISEE, 100, (_CD, "Association Toit et Insertion"),
               ("Circuit décrit avec le tribunal et les opérateurs.", "Circuit en service."),
               (("Schéma du circuit des DSF", True),)),
    ActionSpec("FR5_DSF", "Formation des rédacteurs de DSF",
               "Appui juridique de l'ADIL aux intervenants sociaux qui rédigent les DSF.",
               -7, 2, ActionStatus.EN_COURS, 65, (_ADIL, _CD),
               ("Première session pour les travailleurs sociaux du Département.",
                "Deuxième session pour les associations opératrices."),
               (("Support de formation", True),)),
    ActionSpec("FR5_DSF", "Présence des locataires au DSF",
               "Tester une prise de contact renforcée (courrier, appel, visite).", -5, -1,
               ActionStatus.EN_COURS, 25, ("Maison départementale des solidarités de Montbrézac",),
               ("Expérimentation lancée sur le territoire Nord.",)),
)

DEALT_WITH: dict[str, tuple[str, ...]] = {
    "PLENIERE": ("FR1_SUIVI", "FR2_BAILSOC", "FR3_PRIVE", "FR4_LOCAL", "FR5_DSF"),
    "COPIL_CHARTE": ("Réécriture de la charte de prévention des expulsions",
                     "Liste des maires à inviter en CCAPEX"),
    "TECHNIQUE": ("Repérage précoce des impayés dans le parc social",
                  "Présence des locataires au DSF"),
    "Diagnostic social et financier": ("FR5_DSF",),
    "Relogement avant concours de la force publique": (
        "Protocole de relogement avant concours de la force publique",
        "Commission de relogement inter-bailleurs"),
    "Bailleurs privés et professionnels de l'immobilier": ("FR3_PRIVE",),
    "Communes et intercommunalités": ("FR4_LOCAL",),
    "Données et indicateurs": ("Tableau de bord mensuel des indicateurs",
                               "Fiabiliser la remontée des données EXPLOC vers la CCAPEX"),
}
"""The roadmap actions (by axis code or title) a meeting deals with while they are under
way, by kind of meeting or working group's theme; a sous-CCAPEX deals with the action
setting it up (``ActionSpec.commission``)."""

# Indicators --------------------------------------------------------------------------------


class Series(NamedTuple):
    """A plausible monthly series: level at the start, monthly growth, relative noise."""

    code: str
    level: float
    growth: float
    noise: float
    follows_truce: bool = False


INDICATOR_SERIES: tuple[Series, ...] = (
    Series("ASSIGN", 48, 0.006, 0.12),
    Series("DECISION_EXP", 31, 0.004, 0.15),
    Series("CQL", 22, 0.004, 0.15),
    Series("CFP_DEM", 16, 0.002, 0.18),
    Series("CFP_ACC", 11, 0.0, 0.2),
    Series("CFP_EXEC", 6, 0.01, 0.25, follows_truce=True),
    Series("CFP_STOCK", 140, -0.015, 0.03),
    Series("RELOG_AVANT_CFP", 3, 0.02, 0.3),
    Series("HEBERG_AVANT_CFP", 2, 0.01, 0.3),
    Series("CP_SIGNAL", 64, 0.006, 0.1),
    Series("APL_MAINTIEN", 41, 0.003, 0.1),
    Series("APL_SUSP", 13, -0.006, 0.15),
    Series("DSF_DEM", 46, 0.006, 0.12),
    Series("DSF_REAL", 27, 0.012, 0.12),
    Series("DSF_PRESENCE", 36, 0.008, 0.08),
    Series("FSL_MAINTIEN", 24, 0.0, 0.15),
    Series("PLANS_APUR", 17, 0.005, 0.2),
)
"""Three seeded indicators (saisines EXPLOC, CFP with a solution, DSF delay) have no
source in this département: the demo leaves them empty, as a real base would."""

NOT_AVAILABLE = "Donnée non transmise par la source à la date de saisie."

# Charte départementale ---------------------------------------------------------------------


class ObjectiveSpec(NamedTuple):
    """An objective of the demo's charte; ``year`` counts from the current year (-1: the
    last whole year of indicator values, 0: the year in progress); no ``code``: qualitative,
    without a direction."""

    label: str
    year: int
    code: str | None = None
    direction: Direction | None = None
    baseline: float | None = None
    target: float | None = None


CHARTER_NOTES = ("Charte approuvée par le comité responsable du PDALHPD ; évaluation annuelle "
                 "présentée au comité et à la CCAPEX plénière du premier trimestre.")
CHARTER_OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec("Réduire les interventions effectives de la force publique", -1, "CFP_EXEC",
                  Direction.BAISSE, 52, 48),
    ObjectiveSpec("Résorber le stock de CFP accordés non exécutés", -1, "CFP_STOCK",
                  Direction.BAISSE, 140, 130),
    ObjectiveSpec("Réaliser davantage de DSF avant l'audience", -1, "DSF_REAL",
                  Direction.HAUSSE, 320, 360),
    ObjectiveSpec("Rencontrer le locataire lors du DSF", -1, "DSF_PRESENCE",
                  Direction.HAUSSE, 36, 45),
    ObjectiveSpec("Signaler à la CCAPEX les commandements de payer", 0, "CP_SIGNAL",
                  Direction.HAUSSE, 760, 800),
    ObjectiveSpec("Mettre à jour la liste des maires invités aux sous-CCAPEX", -1),
)
"""Figures near the demo's indicator series: some objectives met, some not, one on the year
in progress (its months partly entered)."""

# Partner feedback --------------------------------------------------------------------------

CAMPAIGN_NOTES = ("Questionnaire de l'ANIL envoyé par e-mail aux partenaires de la CCAPEX, "
                  "avec une relance à trois semaines.")

OVERALL_SCORES = (5,) * 11 + (4,) * 17 + (3,) * 7 + (2,) * 3 + (1,) + (None,)
"""The overall score of each of the 40 responses (72 % of 4 or 5, as in the ANIL note);
one respondent left it blank."""

ITEM_PROFILES: dict[str, tuple[float, tuple[int, ...]]] = {
    "M_CARTO": (0.05, (0, 0, 1, 1, -1)),
    "M_DIAG": (0.08, (0, 0, 0, 1, -1)),
    "M_ANIM": (0.1, (0, 0, 0, 1, -1)),
    "M_FORMAL": (0.15, (0, 0, -1, 1, -1)),
    "M_SOUSCCAPEX": (0.45, (0, -1, 0, 1, -1)),
    "M_FDR": (0.3, (0, -1, -1, 0, 1)),
    "M_CHARTE": (0.35, (0, -1, 0, 0, -1)),
}
"""Per item: share of « non concerné », and the offsets from the overall score one is drawn
from (few partners saw a sous-CCAPEX, as in the ANIL note)."""
UNANSWERED_SHARE = 0.05

POSITIVE_COMMENTS = (
    "Très bonne animation des ateliers, avec des restitutions régulières.",
    "Partenaire très présent, réactif et à l'écoute.",
    "La cartographie des acteurs nous a permis de mieux comprendre le rôle de chacun.",
    "Le guide « impayés de loyer » est très attendu par nos adhérents.",
    "La sous-CCAPEX permet enfin d'étudier les situations bloquées au plus près du terrain.",
    "Action à maintenir dans le temps : le travail engagé commence à porter ses fruits.",
    "Un vrai « chef d'orchestre » de la prévention, enfin !",
    "Appui juridique précieux, notamment sur la procédure depuis la loi de 2023.",
    'La formation des rédacteurs de DSF a été jugée "très concrète" par nos équipes.',
    "Bonne coordination avec le SIAO pour les situations urgentes.",
    "Des échanges constructifs, des comptes rendus clairs ; merci.",
    "La charte a été réécrite avec tous les partenaires, ce qui n'était pas gagné.",
)
CRITICAL_COMMENTS = (
    "Dommage que les communes rurales aient été associées si tard.",
    "Nous attendons le bilan des actions menées avant de nous prononcer.",
    "Réunions utiles, mais trop nombreuses en fin d'année.",
    "Bien que membre de la CCAPEX, nous avons peu d'informations sur l'avancement de la mission.",
    "Le circuit des DSF est plus clair, mais les délais restent tendus avant l'audience.",
    "Nous n'avons pas été associés à la réécriture de la charte ; dommage.",
    "Plus de visibilité sur les suites données aux avis serait utile, « en temps réel » "
    "si possible.",
)
