"""Who sits at a CCAPEX and how (shared/domain.md §5.2): the voice an organisation has
there, the one its category usually has, and the co-presidents who chair it.

The texts give the State, the Département, the CAF, the MSA and an EPCI a voix
délibérative, the landlords, associations, ADIL, Banque de France, UDAF, CCAS and Action
Logement a voix consultative; the charte adds the maires who ask to be invited. What
a category usually has is only proposed: each meeting's record says what each organisation
had that day. The texts set no quorum, so none is derived from these voices.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Voice(StrEnum):
    DELIBERATIVE = "DELIBERATIVE"
    CONSULTATIVE = "CONSULTATIVE"
    INVITE = "INVITE"


VOICE_LABELS = {
    Voice.DELIBERATIVE: "délibérative",
    Voice.CONSULTATIVE: "consultative",
    Voice.INVITE: "invité",
}
"""As a choice of the form reads it (« voix délibérative », « invité »)."""

VOICE_GROUPS = {
    Voice.DELIBERATIVE: "Membres à voix délibérative",
    Voice.CONSULTATIVE: "Membres à voix consultative",
    Voice.INVITE: "Invités",
}
"""The heading of those present with that voice, in the relevé and the bilan."""

UNSTATED = "Voix non précisée"
"""Those present whose voice the record does not give (entered before pexdesk kept it, or
left unstated)."""

CATEGORY_VOICES: dict[str, Voice] = {
    **dict.fromkeys(("PREF", "DDETS", "DDT", "REG", "CD", "METRO", "EPCI", "CAF", "MSA"),
                    Voice.DELIBERATIVE),
    **dict.fromkeys(("BAILSOC", "BAILPRIV", "ASSO_INS", "ASSO_LOC", "ADIL", "BDF", "UDAF",
                     "CCAS", "AL"), Voice.CONSULTATIVE),
}
"""The voice a partner of that category usually has at a CCAPEX; the others (communes,
justice, commissaires de justice, SIAO…) are invited."""


def usual_voice(category_code: str) -> Voice:
    """The voice proposed for a partner of ``category_code`` ticked present."""
    return CATEGORY_VOICES.get(category_code, Voice.INVITE)


class Presence(StrEnum):
    PRESENT = "PRESENT"
    REPRESENTE = "REPRESENTE"
    ABSENT = "ABSENT"


class CoPresident(NamedTuple):
    field: str
    """The meeting's field holding its :class:`Presence`; None when not entered."""
    label: str
    short: str
    """Beside its box in the meeting's form, under « Présidence »."""
    feminine: bool
    """« la Métropole » agrees « présente », « représentée »."""

    def presence_label(self, presence: str) -> str:
        """« présent », « représentée », « absent »."""
        word = {Presence.PRESENT: "présent", Presence.REPRESENTE: "représenté",
                Presence.ABSENT: "absent"}[Presence(presence)]
        return word + "e" if self.feminine else word


CO_PRESIDENTS = (
    CoPresident("chair_state", "État (préfet)", "État", False),
    CoPresident("chair_department", "Conseil départemental", "Département", False),
    CoPresident("chair_metropolis", "Métropole", "Métropole", True),
)
"""The CCAPEX's co-presidents (décret n° 2026-83): the préfet, the président du conseil
départemental, and the président de la métropole where it runs its own FSL; each may be
represented."""
