"""Indicator catalogue seeded into a new base (shared/domain.md §7.2).

Monthly follow-up series the chargé(e) de mission keys in from the DDETS,
préfecture, CAF or the CCAPEX secretariat. The catalogue is data in the base:
a département adds its own series without a new version of pexdesk. ``synonyms`` are
other names of a series in the texts and tables it comes from (shared/domain.md §7.2),
so that an imported table naming it so is understood (matched on whole labels).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from pexdesk.core.text import fold_label


class IndicatorSpec(NamedTuple):
    code: str
    label: str
    unit: str
    periodicity: str
    source: str
    synonyms: tuple[str, ...] = ()


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("ASSIGN", "Assignations aux fins d'expulsion", "nb", "M", "Justice / EXPLOC",
                  ("Assignations",)),
    IndicatorSpec("DECISION_EXP", "Décisions de justice prononçant l'expulsion", "nb", "M", "Justice"),
    IndicatorSpec("CQL", "Commandements de quitter les lieux", "nb", "M", "Préfecture / EXPLOC"),
    IndicatorSpec("CFP_DEM", "Demandes de concours de la force publique", "nb", "M", "Préfecture",
                  ("Demandes de CFP",)),
    IndicatorSpec("CFP_ACC", "Concours de la force publique accordés", "nb", "M", "Préfecture",
                  ("Décisions accordant le CFP", "CFP accordés")),
    IndicatorSpec("CFP_EXEC", "Interventions effectives de la force publique", "nb", "M", "Préfecture"),
    IndicatorSpec("CFP_STOCK", "Stock de CFP accordés non exécutés", "nb", "M", "Préfecture"),
    IndicatorSpec("CFP_EXEC_AVEC_SOLUTION", "CFP exécutés avec proposition de relogement ou d'hébergement",
                  "nb", "M", "Préfecture / SIAO"),
    IndicatorSpec("RELOG_AVANT_CFP", "Ménages relogés avant CFP", "nb", "M", "DDETS / bailleurs"),
    IndicatorSpec("HEBERG_AVANT_CFP", "Ménages hébergés via le SIAO avant CFP", "nb", "M", "SIAO"),
    IndicatorSpec("CP_SIGNAL", "Commandements de payer signalés à la CCAPEX", "nb", "M",
                  "EXPLOC / secrétariat CCAPEX", ("CP signalés à la CCAPEX",)),
    IndicatorSpec("SAISINE_PM", "Saisines de la CCAPEX par les bailleurs personnes morales",
                  "nb", "M", "EXPLOC"),
    IndicatorSpec("APL_MAINTIEN", "APL maintenues après impayé", "nb", "M", "CAF / MSA"),
    IndicatorSpec("APL_SUSP", "APL suspendues après impayé", "nb", "M", "CAF / MSA"),
    IndicatorSpec("DSF_DEM", "DSF demandés (assignations notifiées)", "nb", "M",
                  "Opérateur DSF / DDETS", ("DSF demandés",)),
    IndicatorSpec("DSF_REAL", "DSF réalisés", "nb", "M", "Opérateur DSF / DDETS"),
    IndicatorSpec("DSF_PRESENCE", "DSF réalisés en présence du locataire", "%", "M", "Opérateur DSF"),
    IndicatorSpec("DSF_DELAI", "DSF transmis au moins 5 jours ouvrés avant l'audience", "%", "M",
                  "Opérateur DSF"),
    IndicatorSpec("FSL_MAINTIEN", "Aides FSL maintien accordées", "nb", "M", "Conseil départemental"),
    IndicatorSpec("PLANS_APUR", "Plans d'apurement et protocoles de cohésion sociale", "nb", "M",
                  "Bailleurs"),
)


class YearFigure(StrEnum):
    """How a year of an indicator's monthly values makes one figure (a charte's objective
    is set for a year)."""

    SUM = "SUM"
    """A count or an amount of the month: the months add up."""
    LAST = "LAST"
    """A stock at the end of the month (« Stock de … »): the last month known says it;
    adding twelve stocks counts the same files twelve times."""
    MEAN = "MEAN"
    """A rate (%) or a delay (days): the mean of the months; a sum means nothing."""


def year_figure(label: str, unit: str) -> YearFigure:
    """The catalogue names its stocks « Stock de … » (a département's own indicator too,
    the label being what the DDETS's tables call it)."""
    if fold_label(label).startswith("stock "):
        return YearFigure.LAST
    if unit in ("%", "j"):
        return YearFigure.MEAN
    return YearFigure.SUM
