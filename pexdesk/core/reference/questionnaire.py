"""The ANIL partner questionnaire (shared/survey.md §2): the default items of a campaign.

The overall appreciation (``GLOBAL``) is not a campaign item: it is the headline
question and is stored in ``Response.overall_score``. The seven missions are the
campaign's items, each scored 1–5 or « non concerné ».
"""

from __future__ import annotations

from typing import NamedTuple


class SurveyItem(NamedTuple):
    code: str
    label: str


OVERALL = SurveyItem("GLOBAL", "Appréciation globale de la mission du chargé de mission PEX")

ANIL_ITEMS: tuple[SurveyItem, ...] = (
    SurveyItem("M_CARTO", "Identification / partage du rôle de chacun (cartographie)"),
    SurveyItem("M_DIAG", "Diagnostic de la mise en œuvre de la PEX"),
    SurveyItem("M_ANIM", "Animation des partenariats"),
    SurveyItem("M_FORMAL", "Formalisation et déploiement"),
    SurveyItem("M_SOUSCCAPEX", "Déploiement de sous-CCAPEX"),
    SurveyItem("M_FDR", "Élaboration d'une feuille de route"),
    SurveyItem("M_CHARTE", "Réécriture de la charte"),
)
