"""The closed lists records choose from (kinds of meeting, statuses of an action…) and
their French labels.

Apart from :mod:`pexdesk.core.domain.models` so that a module needing only these words
(the dashboard, at start-up) does not create every record class.
"""

from __future__ import annotations

from enum import StrEnum


class MeetingKind(StrEnum):
    PLENIERE = "PLENIERE"
    TECHNIQUE = "TECHNIQUE"
    SOUS_CCAPEX = "SOUS_CCAPEX"
    COPIL_CHARTE = "COPIL_CHARTE"
    GROUPE_TRAVAIL = "GROUPE_TRAVAIL"
    AUTRE = "AUTRE"


MEETING_KIND_LABELS = {
    MeetingKind.PLENIERE: "CCAPEX plénière",
    MeetingKind.TECHNIQUE: "Commission technique",
    MeetingKind.SOUS_CCAPEX: "Sous-CCAPEX",
    MeetingKind.COPIL_CHARTE: "Comité de pilotage de la charte",
    MeetingKind.GROUPE_TRAVAIL: "Groupe de travail",
    MeetingKind.AUTRE: "Autre réunion",
}


COMMISSION_KINDS = (MeetingKind.PLENIERE, MeetingKind.TECHNIQUE, MeetingKind.SOUS_CCAPEX)
"""The meetings of the CCAPEX itself, where its members sit with a voice."""


class MeetingMode(StrEnum):
    PRESENTIEL = "PRESENTIEL"
    VISIO = "VISIO"
    MIXTE = "MIXTE"


MEETING_MODE_LABELS = {
    MeetingMode.PRESENTIEL: "Présentiel",
    MeetingMode.VISIO: "Visioconférence",
    MeetingMode.MIXTE: "Mixte",
}


class ActionStatus(StrEnum):
    A_LANCER = "A_LANCER"
    EN_COURS = "EN_COURS"
    REALISEE = "REALISEE"
    ABANDONNEE = "ABANDONNEE"


ACTION_STATUS_LABELS = {
    ActionStatus.A_LANCER: "À lancer",
    ActionStatus.EN_COURS: "En cours",
    ActionStatus.REALISEE: "Réalisée",
    ActionStatus.ABANDONNEE: "Abandonnée",
}


class Origin(StrEnum):
    SAISIE = "SAISIE"
    FICHIER = "FICHIER"


NOT_CONCERNED = "NC"
"""Answer value for « non concerné »: outside every denominator, never a 3."""
