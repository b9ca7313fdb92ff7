"""How a CCAPEX meeting's counts break down (shared/domain.md §5.3): the dossiers examined by
origin of the saisine and by stage of the procedure, the avis and recommandations by type.

Each breakdown is of a total the meeting already holds; it may stay partial (the secretariat's
figures do not always say), never exceed that total. These are aggregates of a session,
never a household's case (domain.md §4, §9).
"""

from __future__ import annotations

from typing import NamedTuple


class Dimension(NamedTuple):
    code: str
    label: str
    """« Par origine », as a column or a table title reads it after the total's name."""
    total: str
    """The meeting's field the breakdown divides: ``dossiers_examined`` or
    ``opinions_issued``."""
    categories: tuple[tuple[str, str], ...]
    """(code, French label), in the order of the procedure or of the usual tables."""

    def category_label(self, code: str) -> str:
        return dict(self.categories).get(code, code)


ORIGIN = Dimension("ORIGIN", "par origine de la saisine", "dossiers_examined", (
    ("SIGNALEMENT_CP", "Signalement de commandement de payer"),
    ("SAISINE_BAILLEUR_PM", "Saisine d'un bailleur personne morale"),
    ("CAF_MSA_APL", "Organisme payeur (CAF, MSA)"),
    ("TRAVAILLEUR_SOCIAL", "Travailleur social"),
    ("MENAGE", "Ménage lui-même"),
    ("AUTRE", "Autre origine"),
))

STAGE = Dimension("STAGE", "par stade de la procédure", "dossiers_examined", (
    ("PRECONTENTIEUX", "Précontentieux (impayés)"),
    ("CP", "Commandement de payer"),
    ("ASSIGNATION", "Assignation"),
    ("JUGEMENT", "Jugement d'expulsion"),
    ("CQL", "Commandement de quitter les lieux"),
    ("CFP_DEMANDE", "Concours de la force publique demandé"),
    ("CFP_ACCORDE", "Concours de la force publique accordé"),
    ("CFP_REFUSE", "Concours de la force publique refusé"),
    ("CFP_EXECUTE", "Concours de la force publique exécuté"),
))

OPINION = Dimension("OPINION", "par type", "opinions_issued", (
    ("FSL", "Aide du FSL"),
    ("PLAN_APUREMENT", "Plan d'apurement de la dette"),
    ("ACCOMPAGNEMENT", "Accompagnement social (ASLL, AVDL)"),
    ("MUTATION_RELOGEMENT", "Mutation ou relogement"),
    ("DALO", "Recours DALO"),
    ("HEBERGEMENT", "Hébergement (SIAO)"),
    ("SURENDETTEMENT", "Dossier de surendettement"),
    ("APL", "Maintien ou suspension de l'APL"),
    ("CLASSEMENT", "Classement sans suite"),
))

DIMENSIONS: tuple[Dimension, ...] = (ORIGIN, STAGE, OPINION)
DIMENSION_BY_CODE = {dimension.code: dimension for dimension in DIMENSIONS}

Breakdown = dict[str, dict[str, int]]
"""Dimension code → category code → count; a category left out counts nought."""
